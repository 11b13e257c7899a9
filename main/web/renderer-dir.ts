// Where the built dashboard is: dist/renderer beside the CLI bundle (dist/cli/…), or under
// dist/ of the repository when running from source.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CoreError } from '../core/errors.js';

export function findRendererDir(from: string = path.dirname(fileURLToPath(import.meta.url))): string {
  let folder = from;
  for (let depth = 0; depth < 8; depth++) {
    const candidates = [path.join(folder, 'dist', 'renderer')];
    if (path.basename(folder) === 'dist') candidates.unshift(path.join(folder, 'renderer'));
    for (const candidate of candidates) {
      if (existsSync(path.join(candidate, 'index.html')) && existsSync(path.join(candidate, 'assets'))) return candidate;
    }
    const parent = path.dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }
  throw new CoreError('not-found', 'the built dashboard (dist/renderer) is missing', { hint: 'Run `npm run build` first' });
}
