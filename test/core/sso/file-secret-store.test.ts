import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createFileSecretStore } from '../../../main/core/secrets/file-secret-store.js';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'eks-sso-secrets-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('file secret store', () => {
  it('keeps each secret in a 0600 file in a 0700 folder, and lists keys by prefix', async () => {
    const store = createFileSecretStore(path.join(folder, 'secrets'));
    await store.set('sso-role-credentials/acme/111111111111/Admin', 'one');
    await store.set('sso-role-credentials/acme/222222222222/Read Only', 'two');
    await store.set('other/../../x', 'three');
    expect(await store.get('sso-role-credentials/acme/111111111111/Admin')).toBe('one');
    expect(await store.get('missing')).toBeNull();
    expect(await store.list('sso-role-credentials/acme/')).toEqual(['sso-role-credentials/acme/111111111111/Admin', 'sso-role-credentials/acme/222222222222/Read Only']);
    const files = await readdir(path.join(folder, 'secrets'));
    expect(files).toHaveLength(3);
    for (const file of files) {
      expect((await stat(path.join(folder, 'secrets', file))).mode & 0o777).toBe(0o600);
      expect(await readFile(path.join(folder, 'secrets', file), 'utf8')).toMatch(/^(one|two|three)$/);
    }
    expect((await stat(path.join(folder, 'secrets'))).mode & 0o777).toBe(0o700);
    await store.delete('other/../../x');
    expect(await store.list('other')).toEqual([]);
  });
});
