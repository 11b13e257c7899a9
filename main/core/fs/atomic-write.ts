// Every file the product writes goes through here: a temp file in the same folder, fsync,
// then rename over the target. Readers (kubectl, the aws CLI) see the old file or the new
// one, never a torn one, even if the writer is killed half-way.
import { mkdir, open, rename, rm, chmod, stat } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { writeTextPieces } from './chunked-text.js';

export interface AtomicWriteOptions {
  /** File mode, default 0o600 (every file we write may hold or point at secrets). */
  mode?: number;
  /** Mode for folders created on the way, default 0o700. */
  dirMode?: number;
  /**
   * The file holds a secret in a folder another tool may have made readable to others (the AWS
   * CLI creates ~/.aws/sso/cache 0755): make that folder 0700, if it is ours to change.
   */
  privateFolder?: boolean;
}

/** Takes group and other access off `folder` when the current user owns it; leaves others' folders alone. */
export async function tightenFolder(folder: string): Promise<void> {
  const info = await stat(folder);
  const uid = process.getuid?.();
  if (uid === undefined || info.uid !== uid || (info.mode & 0o077) === 0) return;
  await chmod(folder, info.mode & 0o700);
}

export async function writeFileAtomic(file: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const mode = options.mode ?? 0o600;
  const folder = path.dirname(file);
  await mkdir(folder, { recursive: true, mode: options.dirMode ?? 0o700 });
  if (options.privateFolder) await tightenFolder(folder);
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
