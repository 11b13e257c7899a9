// Text files read and written in pieces give back exactly the bytes, text and hash a whole-file
// read or write would, multi-byte characters across piece boundaries included.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readTextFile, sha256OfText, textPieces } from '../../../main/core/fs/chunked-text.js';
import { writeFileAtomic } from '../../../main/core/fs/atomic-write.js';

describe('chunked text files', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'eks-sso-chunked-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  // Megabytes of mixed text: ASCII, 2-, 3- and 4-byte UTF-8 (emoji are surrogate pairs in JS).
  const text = Array.from({ length: 60_000 }, (_, index) => `line ${index}: café → ok ${index % 7 === 0 ? '😀' : ''}\n`).join('');
  const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

  it('never splits a surrogate pair between pieces', () => {
    const pieces = [...textPieces('ab😀cd😀', 3)];
    expect(pieces.join('')).toBe('ab😀cd😀');
    for (const piece of pieces) expect(Buffer.from(piece, 'utf8').toString('utf8')).toBe(piece);
  });

  it('writes the same bytes as a whole-buffer write, and reads back the same text and hash', async () => {
    const file = path.join(folder, 'config');
    await writeFileAtomic(file, text);
    const bytes = await readFile(file);
    expect(bytes.equals(Buffer.from(text, 'utf8'))).toBe(true);
    const read = await readTextFile(file);
    expect(read?.text).toBe(text);
    expect(read?.sha256).toBe(sha(bytes));
    expect(sha256OfText(text)).toBe(sha(bytes));
  });

  it('reads what is there, invalid UTF-8 and all, and says null for a missing file', async () => {
    const file = path.join(folder, 'odd');
    const bytes = Buffer.concat([Buffer.from('a: '), Buffer.from([0xff, 0xfe]), Buffer.from(' é\n')]);
    await writeFile(file, bytes);
    const read = await readTextFile(file);
    expect(read?.text).toBe(bytes.toString('utf8'));
    expect(read?.sha256).toBe(sha(bytes));
    expect(await readTextFile(path.join(folder, 'missing'))).toBeNull();
  });
});
