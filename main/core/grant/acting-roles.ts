// Which of the user's roles may make a change: the context's own role first, then the other
// roles the user has in the same account, in the portal's order. Every attempt is remembered so
// a refusal can name the roles that were tried.
import type { RoleCredentials } from '../context.js';
import { CoreError } from '../errors.js';
import type { ContextSpec } from '../kubeconfig/contexts.js';
import type { SsoAccess } from '../check/types.js';

export async function candidateRoles(sso: SsoAccess, spec: ContextSpec): Promise<string[]> {
  let others: string[] = [];
  try {
    const listing = await sso.accounts(spec.session);
    others = [...(listing.accounts.find((account) => account.accountId === spec.accountId)?.roles ?? [])];
  } catch {
    // Without the listing only the context's own role can be tried.
  }
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
