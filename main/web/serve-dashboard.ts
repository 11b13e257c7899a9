// The dashboard in a browser: the app controller over the real core, behind the web bridge.
// Shared by `eks-sso ui` and `eks-sso demo`.
import type { CoreContext } from '../core/context.js';
import { AppController } from '../core/app/controller.js';
import { createCorePorts, type CorePortsOptions } from '../core/app/core-ports.js';
import { createMemoryReleaser } from '../core/app/release-memory.js';
import { startWebBridge, type WebBridge } from './server.js';
import { findRendererDir } from './renderer-dir.js';

export interface ServeDashboardOptions extends CorePortsOptions {
  context: CoreContext;
  port?: number;
  rendererDir?: string;
}

export interface ServedDashboard {
  bridge: WebBridge;
  controller: AppController;
  close(): Promise<void>;
}

export async function serveDashboard(options: ServeDashboardOptions): Promise<ServedDashboard> {
  const { context } = options;
  const rendererDir = options.rendererDir ?? findRendererDir();
  // The person is already in a browser: the dashboard links to the verification page instead
  // of launching another browser from here.
  const memory = createMemoryReleaser();
  const controller = new AppController({ ports: createCorePorts(context, options), clock: context.clock, logger: context.logger, openBrowser: null, onSettled: memory.settled });
  await controller.start();
  let bridge: WebBridge;
  try {
    bridge = await startWebBridge({
      host: controller,
      rendererDir,
      logger: context.logger,
      onIdle: memory.settled,
      ...(options.port !== undefined ? { port: options.port } : {}),
    });
  } catch (error) {
    await controller.close();
    memory.close();
    throw error;
  }
  return {
    bridge,
    controller,
    async close() {
      await bridge.close();
      await controller.close();
      memory.close();
    },
  };
}
