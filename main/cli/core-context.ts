// The CoreContext a command-line process runs with: the real clock, the process
// environment, 0600-file secrets, the desktop's URL opener, and a logger that prints
// warnings always and the rest only with --verbose (never a secret: the core passes none).
import { systemClock, type BrowserOpener, type CoreContext, type Logger } from '../core/context.js';
import { defaultSecretStore } from '../core/secrets/file-secret-store.js';
import type { CliContext } from './command.js';

function formatFields(fields: Record<string, unknown> | undefined): string {
  if (!fields) return '';
  const parts = Object.entries(fields).map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

export function cliLogger(stderr: CliContext['stderr'], verbose: boolean): Logger {
  const write = (level: string, message: string, fields?: Record<string, unknown>) => stderr.write(`eks-sso: ${level}${message}${verbose ? formatFields(fields) : ''}\n`);
  return {
    debug: (message, fields) => verbose && write('', message, fields),
    info: (message, fields) => verbose && write('', message, fields),
    warn: (message, fields) => write('warning: ', message, fields),
  };
}

/** Opens a URL with $BROWSER, or the platform's opener; the URL is one argv entry, no shell. */
export function desktopOpener(env: NodeJS.ProcessEnv): BrowserOpener {
  return async (url) => {
    // Loaded on demand: most commands never open a browser, and every start pays for a module.
    const { spawn } = await import('node:child_process');
    await new Promise<void>((resolve, reject) => {
      const [command, args] = env.BROWSER
        ? [env.BROWSER, [url]]
        : process.platform === 'darwin'
          ? ['open', [url]]
          : process.platform === 'win32'
            ? ['rundll32', ['url.dll,FileProtocolHandler', url]]
            : ['xdg-open', [url]];
      const child = spawn(command, args, { stdio: 'ignore', detached: true, env });
      child.once('error', reject);
      child.once('spawn', () => {
        child.unref();
        resolve();
      });
    });
  };
}

export function createCliCoreContext(cli: CliContext, options: { verbose?: boolean } = {}): CoreContext {
  // The SDK is bundled at a fixed version, so its warning about future releases needing
  // Node 22 is nothing a user of this CLI can act on; it would only clutter stderr.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  return {
    clock: systemClock,
    env: cli.env,
    secrets: defaultSecretStore(cli.env),
    openBrowser: desktopOpener(cli.env),
    logger: cliLogger(cli.stderr, options.verbose ?? false),
  };
}
