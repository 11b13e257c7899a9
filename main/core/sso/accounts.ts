// Lists every account and its roles: ListAccounts page by page, then ListAccountRoles per
// account with bounded concurrency, all paced by the session's rate limiter and retried on
// 429 with backoff. One account failing does not fail the list: its error is reported on it.
// An expired or revoked session (401) does stop everything: nothing else can succeed.
import type { SSOClient } from '@aws-sdk/client-sso';
import type { Clock, Logger } from '../context.js';
import { serializeError, type CoreError, type SerializedError } from '../errors.js';
import { errorName, toCoreError } from './aws-errors.js';
import type { PortalSdk } from './clients.js';
import type { RateLimiter } from './rate-limiter.js';
import { withRetry } from './retry.js';

export interface AccountRoles {
  accountId: string;
  accountName: string;
  emailAddress?: string;
  roles: string[];
  error?: SerializedError;
}

export interface AccountsResult {
  session: string;
  accounts: AccountRoles[];
  /** Epoch ms. */
  fetchedAt: number;
}

export interface ListingDependencies {
  portal: { sdk: PortalSdk; client: SSOClient };
  clock: Clock;
  logger: Logger;
  limiter: RateLimiter;
  /** Returns a valid access token (refreshing when needed). */
  accessToken: () => Promise<string>;
  session: string;
  concurrency: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

const PAGE_SIZE = 100;

function retryOptions(deps: ListingDependencies, operation: string) {
  return {
    clock: deps.clock,
    limiter: deps.limiter,
    ...(deps.signal ? { signal: deps.signal } : {}),
    onRetry: (error: unknown, attempt: number, delayMs: number) =>
      deps.logger.debug(`retrying ${operation}`, { session: deps.session, error: errorName(error), attempt, delayMs }),
  };
}

export async function listAccountsWithRoles(deps: ListingDependencies): Promise<AccountRoles[]> {
  const { sdk, client } = deps.portal;
  const service = 'the AWS access portal';
  const accounts: AccountRoles[] = [];
  let nextToken: string | undefined;
  do {
    const page = await withRetry(
      async () =>
        client.send(
          new sdk.ListAccountsCommand({ accessToken: await deps.accessToken(), maxResults: PAGE_SIZE, ...(nextToken ? { nextToken } : {}) }),
          { abortSignal: deps.signal },
        ),
      retryOptions(deps, 'ListAccounts'),
    ).catch((error: unknown) => {
      throw toCoreError(error, { service, session: deps.session, signal: deps.signal });
    });
    for (const account of page.accountList ?? []) {
      if (!account.accountId) continue;
      accounts.push({
        accountId: account.accountId,
        accountName: account.accountName ?? account.accountId,
        ...(account.emailAddress ? { emailAddress: account.emailAddress } : {}),
        roles: [],
      });
    }
    nextToken = page.nextToken || undefined;
  } while (nextToken);

  let done = 0;
  deps.onProgress?.(0, accounts.length);
  let fatal: CoreError | undefined;
  let cursor = 0;
  const worker = async () => {
    while (!fatal && cursor < accounts.length) {
      const account = accounts[cursor++]!;
      try {
        account.roles = await listRoles(deps, account.accountId);
      } catch (error) {
        const coreError = toCoreError(error, { service, session: deps.session, signal: deps.signal });
        if (coreError.code === 'session-expired' || coreError.code === 'cancelled' || coreError.code === 'signed-out') {
          fatal ??= coreError;
          return;
        }
        account.error = serializeError(coreError);
        deps.logger.warn(`could not list the roles of account ${account.accountId}: ${coreError.message}`, { session: deps.session });
      }
      done++;
      deps.onProgress?.(done, accounts.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(deps.concurrency, accounts.length)) }, worker));
  if (fatal) throw fatal;
  return accounts.sort((a, b) => a.accountName.localeCompare(b.accountName) || a.accountId.localeCompare(b.accountId));
}

async function listRoles(deps: ListingDependencies, accountId: string): Promise<string[]> {
  const { sdk, client } = deps.portal;
  const roles: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await withRetry(
      async () =>
        client.send(
          new sdk.ListAccountRolesCommand({ accessToken: await deps.accessToken(), accountId, maxResults: PAGE_SIZE, ...(nextToken ? { nextToken } : {}) }),
          { abortSignal: deps.signal },
        ),
      retryOptions(deps, 'ListAccountRoles'),
    );
    for (const role of page.roleList ?? []) if (role.roleName) roles.push(role.roleName);
    nextToken = page.nextToken || undefined;
  } while (nextToken);
  return roles.sort();
}
