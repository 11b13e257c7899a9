// Remembers what our last run left in a kubeconfig: the file's SHA-256 and a digest of the
// entries it was asked to hold. When both still match, nothing can have changed and the run
// skips parsing (the `yaml` parse is by far the slowest step on a large file: the tray and
// `eks-sso kubeconfig` re-run this often). Any edit to the file changes the hash.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { productConfigDir, type Environment } from '../context.js';
import { writeFileAtomic } from '../fs/atomic-write.js';

export interface LastWrite {
  file: string;
  sha256: string;
  digest: string;
}

/**
 * Of what a run was asked to write. Hashed entry by entry: one JSON text of the whole plan is
 * megabytes, built, encoded and dropped on every run, no-change runs included.
 */
export function planDigest(values: readonly unknown[]): string {
  const hash = createHash('sha256');
  for (const value of values) hash.update(`${JSON.stringify(value)}\n`);
  return hash.digest('hex');
}

function stateFile(env: Environment, file: string): string {
  return path.join(productConfigDir(env), 'kubeconfig', `${createHash('sha1').update(file, 'utf8').digest('hex')}.json`);
}

export async function readLastWrite(env: Environment, file: string): Promise<LastWrite | null> {
  try {
    const value = JSON.parse(await readFile(stateFile(env, file), 'utf8')) as Partial<LastWrite>;
    return value.file === file && typeof value.sha256 === 'string' && typeof value.digest === 'string' ? { file, sha256: value.sha256, digest: value.digest } : null;
  } catch {
    return null;
  }
}

export async function recordLastWrite(env: Environment, state: LastWrite): Promise<void> {
  // Only a hint: failing to record it costs a parse next time, nothing else.
  await writeFileAtomic(stateFile(env, state.file), JSON.stringify(state)).catch(() => {});
}
