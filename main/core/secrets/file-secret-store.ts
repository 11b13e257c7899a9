// The default SecretStore: one 0600 file per key in a 0700 folder under the product's
// config folder, written atomically. The Electron shell swaps in a safeStorage-backed store.
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { productConfigDir, type Environment, type SecretStore } from '../context.js';
import { writeFileAtomic } from '../fs/atomic-write.js';

const SUFFIX = '.secret';

// base64url keeps any key a safe, reversible file name (list() must give the keys back).
function fileName(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url') + SUFFIX;
}

function keyOf(name: string): string | null {
  if (!name.endsWith(SUFFIX) || name.startsWith('.')) return null;
  return Buffer.from(name.slice(0, -SUFFIX.length), 'base64url').toString('utf8');
}

export function secretsDir(env: Environment): string {
  return path.join(productConfigDir(env), 'secrets');
}

export function createFileSecretStore(folder: string): SecretStore {
  return {
    async get(key) {
      try {
        return await readFile(path.join(folder, fileName(key)), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    async set(key, value) {
      await writeFileAtomic(path.join(folder, fileName(key)), value, { mode: 0o600, dirMode: 0o700 });
    },
    async delete(key) {
      await rm(path.join(folder, fileName(key)), { force: true });
    },
    async list(prefix) {
      let names: string[];
      try {
        names = await readdir(folder);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
      return names.map(keyOf).filter((key): key is string => key !== null && key.startsWith(prefix)).sort();
    },
  };
}

/** The store the CLI and the exec helper use: <product config dir>/secrets. */
export function defaultSecretStore(env: Environment): SecretStore {
  return createFileSecretStore(secretsDir(env));
}
