// The dashboard and tray poll kubectl's current-context every few seconds, and the kubeconfig
// may hold thousands of entries: parsing it on every poll kept an idle app busy allocating.
// The file is read again only when it changed on disk (identity, size or times).
import { stat } from 'node:fs/promises';

export interface CurrentContext {
  file: string;
  currentContext: string | null;
}

/** What identifies this version of the file; null when it cannot tell (then nothing is cached). */
async function fingerprint(file: string): Promise<string | null> {
  try {
    const info = await stat(file, { bigint: true });
    return `${info.dev}:${info.ino}:${info.size}:${info.mtimeNs}:${info.ctimeNs}`;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : null;
  }
}

/**
 * Wraps `read` (which resolves and parses the file) with a cache keyed by the target path
 * (`pathOf`, symlinks followed by stat) and the file's fingerprint.
 */
export function cachedCurrentContextReader(pathOf: (explicit: string | null) => string, read: (explicit: string | null) => Promise<CurrentContext>) {
  let last: { path: string; fingerprint: string; value: CurrentContext } | null = null;
  return async (explicit: string | null): Promise<CurrentContext> => {
    const file = pathOf(explicit);
    const before = await fingerprint(file);
    if (before !== null && last && last.path === file && last.fingerprint === before) return last.value;
    const value = await read(explicit);
    // Changed while being read (or unreadable): keep nothing, the next poll reads it again.
    last = before !== null && (await fingerprint(file)) === before ? { path: file, fingerprint: before, value } : null;
    return value;
  };
}
