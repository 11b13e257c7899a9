// kubectl's current-context is polled; the kubeconfig is parsed again only when it changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { cachedCurrentContextReader } from '../../../main/core/app/current-context-reader.js';

describe('cachedCurrentContextReader', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'eks-sso-current-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('reads again only when the file changed, was replaced, appeared or is another file', async () => {
    const file = path.join(folder, 'config');
    const other = path.join(folder, 'other');
    const reads: string[] = [];
    const read = cachedCurrentContextReader(
      (explicit) => explicit ?? file,
      async (explicit) => {
        reads.push(explicit ?? file);
        return { file: explicit ?? file, currentContext: `read ${reads.length}` };
      },
    );
    // Missing: read once, then remembered as missing.
    expect((await read(null)).currentContext).toBe('read 1');
    expect((await read(null)).currentContext).toBe('read 1');
    await writeFile(file, 'current-context: a\n');
    expect((await read(null)).currentContext).toBe('read 2');
    expect((await read(null)).currentContext).toBe('read 2');
    // Rewritten in place with new content (what client-go does), then replaced by a rename (what we do).
    await writeFile(file, 'current-context: bb\n');
    expect((await read(null)).currentContext).toBe('read 3');
    await writeFile(`${file}.tmp`, 'current-context: cc\n');
    await rename(`${file}.tmp`, file);
    expect((await read(null)).currentContext).toBe('read 4');
    await writeFile(other, 'current-context: x\n');
    expect((await read(other)).currentContext).toBe('read 5');
    expect((await read(null)).currentContext).toBe('read 6');
    expect(reads).toEqual([file, file, file, file, other, file]);
  });
});
