// The app's SecretStore: role credentials encrypted with Electron's safeStorage (Keychain,
// DPAPI, libsecret/KWallet), one 0600 file per key in a 0700 folder, written atomically.
// Where the OS has no secret store (Linux without a keyring: safeStorage then uses a
// hard-coded key, "basic_text") encryption would only pretend, so the app falls back to the
// core's 0600 files — the store the CLI uses — and says so in one line.
import { createHash } from 'node:crypto';
import { chmod, mkdir, readFile, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { SafeStorage } from 'electron';
import type { Logger, SecretStore } from '../core/context.js';
import { writeFileAtomic } from '../core/fs/atomic-write.js';

export type SafeStorageLike = Pick<SafeStorage, 'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'>;

interface StoredEntry {
  /** The key in clear — names of sessions, accounts and roles, never a secret — so list() needs no decryption. */
  key: string;
  /** base64 of what safeStorage.encryptStringAsync returned. */
  encrypted: string;
}

function fileName(key: string): string {
  // Hashed: a key can be longer than a file name may be, and hold any character.
  return `${createHash('sha256').update(key).digest('hex')}.json`;
}

function isStoredEntry(value: unknown): value is StoredEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  return typeof entry.key === 'string' && typeof entry.encrypted === 'string';
}

async function readEntry(file: string): Promise<StoredEntry | null> {
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    return isStoredEntry(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

export function safeStorageSecretStore(folder: string, safeStorage: SafeStorageLike, logger: Logger): SecretStore {
  let folderReady: Promise<void> | null = null;
  const ensureFolder = () =>
    (folderReady ??= (async () => {
      await mkdir(folder, { recursive: true, mode: 0o700 });
      // mkdir leaves an existing folder's mode alone: tighten it.
      await chmod(folder, 0o700);
    })());

  async function write(key: string, value: string): Promise<void> {
    await ensureFolder();
    const entry: StoredEntry = { key, encrypted: (await safeStorage.encryptStringAsync(value)).toString('base64') };
    await writeFileAtomic(path.join(folder, fileName(key)), JSON.stringify(entry) + '\n', { mode: 0o600, dirMode: 0o700 });
  }

  return {
    async get(key) {
      const entry = await readEntry(path.join(folder, fileName(key)));
      if (!entry || entry.key !== key) return null;
      try {
        const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(Buffer.from(entry.encrypted, 'base64'));
        if (shouldReEncrypt) await write(key, result);
        return result;
      } catch {
        // A reset keychain or a copied profile: the value is lost and the caller fetches a new one.
        logger.warn('a stored secret could not be decrypted; it will be fetched again');
        return null;
      }
    },
    set: write,
    async delete(key) {
      await rm(path.join(folder, fileName(key)), { force: true });
    },
    async list(prefix) {
      let names: string[];
      try {
        names = await readdir(folder);
      } catch {
        return [];
      }
      const keys: string[] = [];
      for (const name of names) {
        if (name.startsWith('.') || !name.endsWith('.json')) continue;
        const entry = await readEntry(path.join(folder, name));
        if (entry && entry.key.startsWith(prefix)) keys.push(entry.key);
      }
      return keys.sort();
    },
  };
}

export interface AppSecretStore {
  store: SecretStore;
  encrypted: boolean;
  /** The one line logged when secrets cannot be encrypted, null when they are. */
  notice: string | null;
}

/** Call after app 'ready': safeStorage cannot tell before then. */
export async function createAppSecretStore(options: {
  safeStorage: SafeStorageLike;
  platform: NodeJS.Platform;
  /** Folder for the encrypted files. */
  folder: string;
  /** The core's 0600-file store, used where nothing can encrypt. */
  fallback: SecretStore;
  logger: Logger;
}): Promise<AppSecretStore> {
  const { safeStorage, platform, folder, fallback, logger } = options;
  // A failure to ask counts as "not available": the fallback is always safe to use.
  const available = await safeStorage.isAsyncEncryptionAvailable().catch(() => false);
  const backend = platform === 'linux' && available ? safeStorage.getSelectedStorageBackend() : null;
  if (available && backend !== 'basic_text') {
    return { store: safeStorageSecretStore(folder, safeStorage, logger), encrypted: true, notice: null };
  }
  const why = backend === 'basic_text' ? 'no keyring (GNOME Keyring, KWallet) was found' : 'the OS secret store is not available';
  const notice = `Role credentials are kept unencrypted in files only you can read (0600) because ${why}.`;
  logger.warn(notice);
  return { store: fallback, encrypted: false, notice };
}
