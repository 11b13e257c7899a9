// Which of the user's roles may make a change: the context's own role first, then the other
// roles the user has in the same account, in the portal's order. Every attempt is remembered so
// a refusal can name the roles that were tried.
import type { RoleCredentials } from '../context.js';
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

export function triedList(roles: string[]): string {
  return roles.length === 1 ? `role ${roles[0]}` : `roles ${roles.join(', ')}`;
}
