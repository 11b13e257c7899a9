// The Electron main-process entry. Electron is imported here and nowhere in main/core.
import * as electron from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerAppScheme, startShell } from './shell.js';

// This bundle lives in dist/main/; the preload and renderer bundles sit beside it in dist/.
const distDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

registerAppScheme(electron);
void startShell(electron, { distDir });
