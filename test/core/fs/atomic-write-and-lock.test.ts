import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, readdir, rm, stat, writeFile, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeFileAtomic } from '../../../main/core/fs/atomic-write.js';
import { acquireLock, withLock } from '../../../main/core/fs/lock-file.js';
import { CoreError } from '../../../main/core/errors.js';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'eks-sso-fs-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('creates missing folders 0700 and the file 0600, leaving no temp file', async () => {
    const file = path.join(folder, 'a', 'b', 'token.json');
    await writeFileAtomic(file, '{"x":1}');
    expect(await readFile(file, 'utf8')).toBe('{"x":1}');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);
    expect(await readdir(path.dirname(file))).toEqual(['token.json']);
  });

  it('replaces an existing file and tightens its mode', async () => {
    const file = path.join(folder, 'config');
    await writeFile(file, 'old', { mode: 0o644 });
    await writeFileAtomic(file, 'new');
    expect(await readFile(file, 'utf8')).toBe('new');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });
});

describe('lock files', () => {
  it('serialises concurrent critical sections', async () => {
    const target = path.join(folder, 'config');
    const order: string[] = [];
    await Promise.all(
      ['a', 'b', 'c'].map((name) =>
        withLock(target, async () => {
          order.push(`${name}:in`);
          await new Promise((resolve) => setTimeout(resolve, 20));
          order.push(`${name}:out`);
        }),
      ),
    );
    for (let index = 0; index < order.length; index += 2) {
      expect(order[index]!.replace(':in', '')).toBe(order[index + 1]!.replace(':out', ''));
    }
  });

  it('times out with a clear error when the lock is held', async () => {
    const target = path.join(folder, 'config');
    const release = await acquireLock(target);
    const error = await acquireLock(target, { timeoutMs: 100 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CoreError);
    expect((error as CoreError).code).toBe('locked');
    expect((error as CoreError).hint).toContain('config.lock');
    await release();
  });

  it('takes over a lock left by a dead process, and an old empty one', async () => {
    const target = path.join(folder, 'config');
    await writeFile(`${target}.lock`, '999999999');
    const release = await acquireLock(target, { timeoutMs: 500 });
    await release();

    await writeFile(`${target}.lock`, '');
    const old = new Date(Date.now() - 60_000);
    await utimes(`${target}.lock`, old, old);
    const again = await acquireLock(target, { timeoutMs: 500, staleMs: 30_000 });
    await again();
  });
});
