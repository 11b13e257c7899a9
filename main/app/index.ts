// The Electron main-process entry. Electron is imported here and nowhere in main/core; the
// rest of the shell reaches it through the ElectronModule seam.
import * as electron from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cliLogger } from '../cli/core-context.js';
import { createAppController } from '../core/app/controller.js';
import { createCorePorts } from '../core/app/core-ports.js';
import { createMemoryReleaser } from '../core/app/release-memory.js';
import { productConfigDir, systemClock, type CoreContext } from '../core/context.js';
import { serializeError } from '../core/errors.js';
import { defaultSecretStore } from '../core/secrets/file-secret-store.js';
import { appCliExec } from './cli-exec.js';
import { registerAppScheme, startShell } from './shell.js';

// This bundle lives in dist/main/; the preload and renderer bundles sit beside it in dist/.
const distDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const env = process.env;
const logger = cliLogger(process.stderr, Boolean(env.EKS_SSO_VERBOSE));

registerAppScheme(electron);
startShell(electron, {
  distDir,
  secretsDir: path.join(productConfigDir(env), 'app-secrets'),
  configDir: productConfigDir(env),
  fallbackSecrets: defaultSecretStore(env),
  logger,
  createController: ({ openBrowser, secrets, logger: shellLogger }) => {
    const context: CoreContext = { clock: systemClock, env, secrets, openBrowser, logger: shellLogger };
    // kubectl runs this app's own binary as Node for tokens, so it works while the app is closed.
    const exec = appCliExec({ execPath: process.execPath, appPath: electron.app.getAppPath(), isPackaged: electron.app.isPackaged });
    const memory = createMemoryReleaser();
    return createAppController({ ports: createCorePorts(context, { exec }), clock: systemClock, logger: shellLogger, openBrowser, onSettled: memory.settled });
  },
}).catch((error: unknown) => {
  logger.warn('the app could not start', { error: serializeError(error) });
  electron.app.exit(1);
});
