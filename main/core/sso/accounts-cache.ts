// The last accounts listing per session, with its timestamp, in the product's config folder.
// Names and ids only: nothing secret. A damaged file is a cache miss (and a warning).
import { readTextFile } from '../fs/chunked-text.js';
import type { Environment, Logger } from '../context.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import type { AccountsResult } from './accounts.js';
import { productSessionFile } from './cache-paths.js';

export function accountsCacheFile(env: Environment, session: string): string {
  return productSessionFile(env, 'accounts', session);
}

export async function readAccountsCache(env: Environment, logger: Logger, session: string): Promise<AccountsResult | null> {
  const file = accountsCacheFile(env, session);
  let raw: unknown;
  try {
    // Read in pieces: with a large organisation this cache is megabytes (fs/chunked-text.ts).
    const read = await readTextFile(file);
    if (read === null) return null;
    raw = JSON.parse(read.text);
  } catch {
    logger.warn(`ignoring the damaged accounts cache ${file}`, { file });
    return null;
  }
  const value = raw as Partial<AccountsResult> | null;
  if (!value || value.session !== session || typeof value.fetchedAt !== 'number' || !Array.isArray(value.accounts)) {
    logger.warn(`ignoring the damaged accounts cache ${file}`, { file });
    return null;
  }
  return { session, fetchedAt: value.fetchedAt, accounts: value.accounts };
}

export async function writeAccountsCache(env: Environment, result: AccountsResult): Promise<void> {
  await writeFileAtomic(accountsCacheFile(env, result.session), JSON.stringify(result));
}
