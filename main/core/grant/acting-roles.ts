// Which of the user's roles may make a change: the context's own role first, then the other
// roles the user has in the same account, in the portal's order. Every attempt is remembered so
// a refusal can name the roles that were tried.
import type { RoleCredentials } from '../context.js';
import { CoreError, type ErrorCode } from '../errors.js';
import type { ContextSpec } from '../kubeconfig/contexts.js';
import type { SsoAccess } from '../check/types.js';

const PERMISSION_CODES: ReadonlySet<ErrorCode> = new Set(['access-denied', 'not-found']);

/**
 * Not allowed to list: only the context's own role can be tried. Any other failure is reported
 * as itself; trying one role and then saying "not allowed" would hide it.
 */
function listingError(spec: ContextSpec, error: { code: ErrorCode; message: string; hint?: string | undefined; retryable: boolean }, cause: unknown): CoreError | null {
  if (PERMISSION_CODES.has(error.code)) return null;
  if (cause instanceof CoreError && (error.code === 'session-expired' || error.code === 'signed-out' || error.code === 'cancelled')) return cause;
  return new CoreError(error.code, `could not list your roles in account ${spec.accountName || spec.accountId}: ${error.message}`, {
    ...(error.hint ? { hint: error.hint } : {}),
    retryable: error.retryable,
    cause,
  });
}

export async function candidateRoles(sso: SsoAccess, spec: ContextSpec): Promise<string[]> {
  let listing: Awaited<ReturnType<SsoAccess['accounts']>> | undefined;
  try {
    listing = await sso.accounts(spec.session);
  } catch (error) {
    if (!(error instanceof CoreError)) throw error;
    const failed = listingError(spec, error, error);
    if (failed) throw failed;
  }
  const account = listing?.accounts.find((one) => one.accountId === spec.accountId);
  // The listing keeps going when one account's roles fail, and says why on that account.
  const failed = account?.error ? listingError(spec, account.error, account.error) : null;
  if (failed) throw failed;
  const others = account?.roles ?? [];
  return [spec.roleName, ...others.filter((role) => role !== spec.roleName)];
}

export function credentialsFor(sso: SsoAccess, spec: ContextSpec, roleName: string, signal?: AbortSignal): Promise<RoleCredentials> {
  return sso.roleCredentials({ session: spec.session, accountId: spec.accountId, roleName }, signal ? { signal } : {});
}

/**
 * Credentials for `roleName`, or null when the portal says the user has no such role (access
 * denied, not found): then the next role is tried. Any other failure (throttling, the network,
 * the portal failing, a session that ended) is thrown as itself, naming the role: reporting it
 * as "none of your roles may…" would send the user to an administrator for a permission they
 * may well have.
 */
export async function credentialsIfAssigned(sso: SsoAccess, spec: ContextSpec, roleName: string, signal?: AbortSignal): Promise<RoleCredentials | null> {
  try {
    return await credentialsFor(sso, spec, roleName, signal);
  } catch (error) {
    if (error instanceof CoreError && (error.code === 'access-denied' || error.code === 'not-found')) return null;
    throw credentialsError(error, roleName);
  }
}

export function credentialsError(error: unknown, roleName: string): unknown {
  if (isAbort(error)) return error;
  if (!(error instanceof CoreError)) {
    return new CoreError('aws', `could not get credentials for role ${roleName} from the AWS access portal (${error instanceof Error ? error.message : String(error)})`, {
      hint: 'Try again in a moment',
      retryable: true,
      cause: error,
    });
  }
  // A session that ended says so on its own; everything else gets the role it was for.
  if (error.code === 'session-expired' || error.code === 'signed-out' || error.code === 'cancelled') return error;
  return new CoreError(error.code, `could not get credentials for role ${roleName}: ${error.message}`, {
    ...(error.hint ? { hint: error.hint } : {}),
    retryable: error.retryable,
    cause: error,
  });
}

/** Aborts travel unchanged. */
function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

export function triedList(roles: string[]): string {
  return roles.length === 1 ? `role ${roles[0]}` : `roles ${roles.join(', ')}`;
}
