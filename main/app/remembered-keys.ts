// A small set of strings kept in one JSON file in the app's config folder, so that what the
// person was already told (a notification, a notice) is not told again after a restart. Reads
// once at start; every change is written atomically in the background, one write at a time.
// A missing or unreadable file is an empty set: at worst a notification shows once more.
import { readFile } from 'node:fs/promises';
import type { Logger } from '../core/context.js';
import { serializeError } from '../core/errors.js';
import { writeFileAtomic } from '../core/fs/atomic-write.js';

const FORMAT_VERSION = 1;

export interface RememberedKeys {
  has(key: string): boolean;
  /** Adds `keys`, keeps only the keys `keep` accepts (the new ones included) and saves. */
  remember(keys: readonly string[], keep?: (key: string) => boolean): void;
  /** Drops one key and saves, if it was there. */
  forget(key: string): void;
  /** Resolves once every change so far is on disk (or its failure logged). */
  saved(): Promise<void>;
}

function parseKeys(text: string): string[] {
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== 'object' || parsed === null) return [];
  const keys = (parsed as { keys?: unknown }).keys;
  return Array.isArray(keys) ? keys.filter((key): key is string => typeof key === 'string') : [];
}

export async function loadRememberedKeys(file: string, logger: Logger): Promise<RememberedKeys> {
  const keys = new Set<string>();
  try {
    for (const key of parseKeys(await readFile(file, 'utf8'))) keys.add(key);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') logger.warn('a remembered-notifications file could not be read; starting afresh', { file, error: serializeError(error) });
  }

  let writing: Promise<void> = Promise.resolve();
  const save = () => {
    const text = JSON.stringify({ version: FORMAT_VERSION, keys: [...keys].sort() }) + '\n';
    writing = writing
      .then(() => writeFileAtomic(file, text))
      .catch((error: unknown) => logger.warn('could not remember which notifications were shown', { file, error: serializeError(error) }));
  };

  return {
    has: (key) => keys.has(key),
    remember(added, keep = () => true) {
      for (const key of added) keys.add(key);
      for (const key of [...keys]) if (!keep(key)) keys.delete(key);
      save();
    },
    forget(key) {
      if (keys.delete(key)) save();
    },
    saved: () => writing,
  };
}
