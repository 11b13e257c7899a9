// Every file the product writes goes through here: a temp file in the same folder, fsync,
// then rename over the target. Readers (kubectl, the aws CLI) see the old file or the new
// one, never a torn one, even if the writer is killed half-way.
import { mkdir, open, rename, rm, chmod } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { writeTextPieces } from './chunked-text.js';

export interface AtomicWriteOptions {
  /** File mode, default 0o600 (every file we write may hold or point at secrets). */
  mode?: number;
  /** Mode for folders created on the way, default 0o700. */
  dirMode?: number;
}

export async function writeFileAtomic(file: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const mode = options.mode ?? 0o600;
  const folder = path.dirname(file);
  await mkdir(folder, { recursive: true, mode: options.dirMode ?? 0o700 });
  const temp = path.join(folder, `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', mode);
  try {
    // Text goes out in pieces: a kubeconfig can be megabytes (see chunked-text.ts).
    if (typeof data === 'string') await writeTextPieces(handle, data);
    else await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    // open() honours the umask; make the mode exact before the file becomes visible.
    await chmod(temp, mode);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
