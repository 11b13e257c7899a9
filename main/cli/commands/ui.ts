// `eks-sso ui`: the dashboard in a browser, on 127.0.0.1 with a per-run token in the URL. For
// WSL, desktops without a tray, and the end-to-end tests.
import type { Command } from '../command.js';
import { CoreError } from '../../core/errors.js';
import { createCliCoreContext } from '../core-context.js';
import { parseOptions } from '../sso/parse-options.js';
import { serveDashboard } from '../../web/serve-dashboard.js';

const usage = 'eks-sso ui [--port N] [--check-timeout SECONDS] [--verbose]';

export function parsePort(value: string | undefined): number {
  if (value === undefined) return 0;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CoreError('usage', `--port ${value} is not a port number`, { hint: 'Use 1024-65535, or 0 for any free port' });
  return port;
}

/** Per-check deadline for reachability checks: slow VPNs need more than the default 5 s. */
export function parseCheckTimeout(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 1 || seconds > 120) throw new CoreError('usage', `--check-timeout ${value} is not a number of seconds`, { hint: 'Use 1-120' });
  return Math.round(seconds * 1000);
}

/** Resolves when the process is asked to stop (Ctrl-C). */
export function untilStopped(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

const command: Command = {
  summary: 'Serve the dashboard on 127.0.0.1 and print its URL (with a one-run token). Ctrl-C stops it.',
  usage,
  async run(cli) {
    const values = parseOptions(cli.argv, { port: { type: 'string' }, 'check-timeout': { type: 'string' } }, usage);
    const context = createCliCoreContext(cli, { verbose: values.verbose === true });
    const checkTimeoutMs = parseCheckTimeout(values['check-timeout']);
    const served = await serveDashboard({ context, port: parsePort(values.port), ...(checkTimeoutMs ? { checkTimeoutMs } : {}) });
    cli.stdout.write(`EKS SSO dashboard: ${served.bridge.url}\nOpen that link in your browser (it carries this run's access token). Press Ctrl-C to stop.\n`);
    await untilStopped(cli.signal);
    await served.close();
    return 0;
  },
};

export default command;
