// `eks-sso demo` (`npm run demo`): the sandbox with the demo scenario, and the dashboard
// against it, in a private folder standing in for HOME, so the person's real ~/.aws and
// ~/.kube are never touched. Sign-in is not auto-approved: the person clicks Allow on the
// sandbox's verification page, as they would on AWS's.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { Command } from '../command.js';
import { systemClock, type CoreContext } from '../../core/context.js';
import { CoreError } from '../../core/errors.js';
import { defaultSecretStore } from '../../core/secrets/file-secret-store.js';
import { cliLogger } from '../core-context.js';
import { parseOptions } from '../sso/parse-options.js';
import { serveDashboard } from '../../web/serve-dashboard.js';
import { findRendererDir } from '../../web/renderer-dir.js';
import { DEMO_SCENARIO_PATH, startSandbox } from '../../../sandbox/index.js';
import { parsePort, untilStopped } from './ui.js';

const usage = 'eks-sso demo [--web] [--port N] [--keep] [--verbose]';

/**
 * The Electron binary when its runtime is installed (the npm package downloads it on first
 * use; on machines without it the package holds no binary). Found without loading `electron`.
 */
export function electronBinary(): string | null {
  try {
    const packageDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const relative = readFileSync(path.join(packageDir, 'path.txt'), 'utf8').trim();
    const binary = path.join(packageDir, 'dist', relative);
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

/** The demo organisation, shipped beside the CLI bundle (dist/cli/scenarios/demo.yaml). */
async function readDemoScenario(): Promise<string> {
  try {
    return await readFile(DEMO_SCENARIO_PATH, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new CoreError('not-found', `no demo scenario at ${DEMO_SCENARIO_PATH}`, { hint: 'It ships beside the CLI bundle: rebuild (`npm run build`) or reinstall the app' });
    throw error;
  }
}

/** The environment of the demo: a private home, config and kubeconfig, and the sandbox's endpoints. */
export function demoEnvironment(base: NodeJS.ProcessEnv, home: string, sandboxEnv: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...base,
    HOME: home,
    USERPROFILE: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    EKS_SSO_CONFIG_DIR: path.join(home, '.config', 'eks-sso'),
    AWS_CONFIG_FILE: path.join(home, '.aws', 'config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(home, '.aws', 'credentials'),
    KUBECONFIG: path.join(home, '.kube', 'config'),
    AWS_PROFILE: '',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...sandboxEnv,
  };
}

const command: Command = {
  summary:
    'Start the sandbox (demo organisation) and the app against it, in a private folder: the desktop app where Electron runs, else (or with --web) the dashboard in a browser. Ctrl-C stops both.',
  usage,
  async run(cli) {
    const values = parseOptions(cli.argv, { port: { type: 'string' }, keep: { type: 'boolean' }, web: { type: 'boolean' } }, usage);
    const logger = cliLogger(cli.stderr, values.verbose === true);
    const scenario = await readDemoScenario();
    const home = await mkdtemp(path.join(os.tmpdir(), 'eks-sso-demo-'));
    const sandbox = await startSandbox(scenario, { autoApprove: false });
    try {
      const env = demoEnvironment(cli.env, home, sandbox.env);
      const electron = values.web ? null : electronBinary();
      if (electron) {
        // The desktop app, with the same private folder and the sandbox's endpoints.
        const appRoot = path.dirname(path.dirname(findRendererDir()));
        cli.stdout.write(`EKS SSO demo: starting the desktop app against the sandbox (start URL ${sandbox.startUrl}, region ${sandbox.region}). Ctrl-C stops it.\n`);
        const app = spawn(electron, [appRoot], { env, stdio: 'inherit' });
        cli.signal.addEventListener('abort', () => app.kill('SIGTERM'), { once: true });
        await new Promise((resolve) => app.once('exit', resolve));
        return 0;
      }
      const context: CoreContext = { clock: systemClock, env, secrets: defaultSecretStore(env), openBrowser: async () => {}, logger };
      const served = await serveDashboard({ context, port: parsePort(values.port) });
      const prefill = new URLSearchParams({ startUrl: sandbox.startUrl, region: sandbox.region });
      cli.stdout.write(
        [
          'EKS SSO demo: a stand-in AWS organisation is running on this machine.',
          '',
          `  Dashboard:  ${served.bridge.url}&${prefill}`,
          `  Start URL:  ${sandbox.startUrl}`,
          `  Region:     ${sandbox.region}`,
          `  Private home for this run: ${home}`,
          '',
          'Open the dashboard, press Sign in, then open the verification page and click Allow.',
          `kubectl works against the demo too: KUBECONFIG=${env.KUBECONFIG} kubectl get nodes`,
          'Press Ctrl-C to stop.',
          '',
        ].join('\n'),
      );
      await untilStopped(cli.signal);
      await served.close();
    } finally {
      await sandbox.close();
      if (!values.keep) await rm(home, { recursive: true, force: true });
    }
    return 0;
  },
};

export default command;
