import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, readdir, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAppSecretStore, safeStorageSecretStore, type SafeStorageLike } from '../../main/app/secret-store.js';
import { createFileSecretStore } from '../../main/core/secrets/file-secret-store.js';
import type { Logger } from '../../main/core/context.js';

/**
 * A stand-in for safeStorage that really transforms the bytes (so a test can tell ciphertext
 * from plaintext) and can rotate its key the way the OS may.
 */
function fakeSafeStorage(options: { available?: boolean; backend?: ReturnType<SafeStorageLike['getSelectedStorageBackend']> } = {}) {
  let keyVersion = 1;
  const storage: SafeStorageLike & { rotate(): void; broken: boolean } = {
    broken: false,
    rotate: () => void keyVersion++,
    isAsyncEncryptionAvailable: async () => options.available ?? true,
    getSelectedStorageBackend: () => options.backend ?? 'gnome_libsecret',
    encryptStringAsync: async (plain) => Buffer.concat([Buffer.from(`v${keyVersion}:`), Buffer.from(plain, 'utf8').map((byte) => byte ^ 0x5a)]),
    decryptStringAsync: async (data) => {
      if (storage.broken) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      const text = data.toString('latin1');
      const version = Number(text.slice(1, text.indexOf(':')));
      const body = data.subarray(text.indexOf(':') + 1).map((byte) => byte ^ 0x5a);
      return { result: Buffer.from(body).toString('utf8'), shouldReEncrypt: version !== keyVersion };
    },
  };
  return storage;
}

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, debug: () => {}, info: () => {}, warn: (message) => void lines.push(message) };
}

const SECRET = JSON.stringify({ accessKeyId: 'ASIAEXAMPLEEXAMPLE12', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG', sessionToken: 'IQoJb3JpZ2luX2VjE', expiration: 1 });

describe('the safeStorage secret store', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'eks-sso-secrets-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('keeps values encrypted in 0600 files inside a 0700 folder, and lists keys by prefix', async () => {
    const folder = path.join(root, 'app-secrets');
    const store = safeStorageSecretStore(folder, fakeSafeStorage(), recordingLogger());
    await store.set('role-credentials/acme/111122223333/AdministratorAccess', SECRET);
    await store.set('role-credentials/acme/111122223333/ReadOnly', 'second');
    await store.set('role-credentials/globex/444455556666/Admin', 'third');
    expect(await store.get('role-credentials/acme/111122223333/AdministratorAccess')).toBe(SECRET);
    expect(await store.list('role-credentials/acme/')).toEqual(['role-credentials/acme/111122223333/AdministratorAccess', 'role-credentials/acme/111122223333/ReadOnly']);

    expect((await stat(folder)).mode & 0o777).toBe(0o700);
    const files = await readdir(folder);
    expect(files).toHaveLength(3);
    for (const file of files) {
      expect((await stat(path.join(folder, file))).mode & 0o777).toBe(0o600);
      const text = await readFile(path.join(folder, file), 'utf8');
      expect(text).not.toContain('wJalrXUtnFEMI');
      expect(text).not.toContain('second');
    }
    await store.delete('role-credentials/acme/111122223333/ReadOnly');
    expect(await store.get('role-credentials/acme/111122223333/ReadOnly')).toBeNull();
    expect(await store.list('role-credentials/')).toHaveLength(2);
  });

  it('tightens a folder that exists with a looser mode', async () => {
    const folder = path.join(root, 'loose');
    await mkdir(folder, { mode: 0o755 });
    await safeStorageSecretStore(folder, fakeSafeStorage(), recordingLogger()).set('k', 'v');
    expect((await stat(folder)).mode & 0o777).toBe(0o700);
  });

  it('re-encrypts after the OS rotates its key, and treats an undecryptable value as missing', async () => {
    const folder = path.join(root, 'app-secrets');
    const safeStorage = fakeSafeStorage();
    const logger = recordingLogger();
    const store = safeStorageSecretStore(folder, safeStorage, logger);
    await store.set('key', 'value');
    const [file] = await readdir(folder);
    const before = await readFile(path.join(folder, file!), 'utf8');
    safeStorage.rotate();
    expect(await store.get('key')).toBe('value');
    expect(await readFile(path.join(folder, file!), 'utf8')).not.toBe(before);

    safeStorage.broken = true;
    expect(await store.get('key')).toBeNull();
    expect(logger.lines).toEqual(['a stored secret could not be decrypted; it will be fetched again']);
    // Corrupt or foreign files are ignored, not fatal.
    await writeFile(path.join(folder, 'junk.json'), '{not json');
    expect(await store.list('')).toEqual(['key']);
  });

  it('is chosen where the OS has a secret store', async () => {
    const logger = recordingLogger();
    const fallback = createFileSecretStore(path.join(root, 'plain'));
    const choice = await createAppSecretStore({ safeStorage: fakeSafeStorage(), platform: 'linux', folder: path.join(root, 'enc'), fallback, logger });
    expect(choice).toMatchObject({ encrypted: true, notice: null });
    await choice.store.set('k', 'v');
    expect(await fallback.get('k')).toBeNull();
    expect(logger.lines).toEqual([]);
  });

  it.each([
    ['linux', { backend: 'basic_text' as const }, 'Role credentials are kept unencrypted in files only you can read (0600) because no keyring (GNOME Keyring, KWallet) was found.'],
    ['darwin', { available: false }, 'Role credentials are kept unencrypted in files only you can read (0600) because the OS secret store is not available.'],
  ] as const)('falls back to the 0600 files with one line on %s without a secret store', async (platform, fake, line) => {
    const logger = recordingLogger();
    const fallback = createFileSecretStore(path.join(root, 'plain'));
    const choice = await createAppSecretStore({ safeStorage: fakeSafeStorage(fake), platform, folder: path.join(root, 'enc'), fallback, logger });
    expect(choice.encrypted).toBe(false);
    expect(choice.store).toBe(fallback);
    expect(choice.notice).toBe(line);
    expect(logger.lines).toEqual([line]);
  });
});
