import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, for tests that look at built output or config files. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const distDir = path.join(repoRoot, 'dist');
