// Large text files (a kubeconfig with thousands of entries is megabytes) read and written in
// small pieces. One buffer the size of the file is one big malloc; once freed, glibc raises
// its mmap threshold to that size and from then on keeps everything below it in a heap it never
// gives back, which is what a long-running app then holds at idle. Pieces of 64 KiB stay under
// the threshold and in the JS heap, where the garbage collector returns them.
import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';

const PIECE_BYTES = 64 * 1024;
/** UTF-16 units per written piece: at most 3 UTF-8 bytes each, so under 128 KiB. */
const PIECE_UNITS = 32 * 1024;

/** The text's pieces, never splitting a surrogate pair (which would encode as two U+FFFD). */
export function* textPieces(text: string, units = PIECE_UNITS): Generator<string> {
  for (let start = 0; start < text.length; ) {
    let end = Math.min(text.length, start + units);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    yield text.slice(start, end);
    start = end;
  }
}

/** SHA-256 of the text's UTF-8 bytes, without encoding it whole. */
export function sha256OfText(text: string): string {
  const hash = createHash('sha256');
  for (const piece of textPieces(text)) hash.update(piece, 'utf8');
  return hash.digest('hex');
}

/** The file as UTF-8 text with the SHA-256 of its bytes; null when it does not exist. */
export async function readTextFile(file: string): Promise<{ text: string; sha256: string } | null> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const buffer = Buffer.allocUnsafe(PIECE_BYTES);
    const decoder = new StringDecoder('utf8');
    const hash = createHash('sha256');
    const pieces: string[] = [];
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, PIECE_BYTES, null);
      if (bytesRead === 0) break;
      const bytes = buffer.subarray(0, bytesRead);
      hash.update(bytes);
      pieces.push(decoder.write(bytes));
    }
    pieces.push(decoder.end());
    return { text: pieces.join(''), sha256: hash.digest('hex') };
  } finally {
    await handle.close();
  }
}

/** Writes the text to an open file piece by piece. */
export async function writeTextPieces(handle: FileHandle, text: string): Promise<void> {
  for (const piece of textPieces(text)) await handle.write(piece, null, 'utf8');
}
