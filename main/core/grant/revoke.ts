// revokeGrant: undoes exactly what earlier grants for this context's role on this cluster
// changed, as the audit log recorded it, newest first, and records the revoke itself.
import { randomUUID } from 'node:crypto';
import type { CoreContext } from '../context.js';
import type { ContextSpec } from '../kubeconfig/contexts.js';
import type { SsoAccess } from '../check/types.js';
import { resolvePrincipal } from '../arn/resolve-principal.js';
import { pathlessRoleArn } from '../arn/sso-role-arn.js';
import { candidateRoles, credentialsFor } from './acting-roles.js';
import { undoAccessEntryChanges } from './access-entry.js';
import { kubeActingRole, undoAwsAuthChanges } from './aws-auth-grant.js';
import { appendAudit, outstandingGrants, readAudit } from './audit-log.js';
import { sessionRegion } from './plan.js';

export interface RevokeResult {
  changed: boolean;
  undone: string[];
}

export async function revokeGrant(context: CoreContext, sso: SsoAccess, spec: ContextSpec, options: { signal?: AbortSignal; onProgress?: (step: string) => void } = {}): Promise<RevokeResult> {
  const identityCenterRegion = await sessionRegion(sso, spec.session);
  const signal = options.signal ?? new AbortController().signal;
  const own = await credentialsFor(sso, spec, spec.roleName, signal);
  const principal = await resolvePrincipal(context, own, { accountId: spec.accountId, roleName: spec.roleName, identityCenterRegion, region: spec.cluster.region }, { signal });
  const cluster = { name: spec.cluster.name, region: spec.cluster.region, accountId: spec.accountId };
  const grants = outstandingGrants(await readAudit(context.env), cluster, principal.pathless, pathlessRoleArn).reverse();
  if (grants.length === 0) return { changed: false, undone: [] };
  const roles = await candidateRoles(sso, spec);
  const undone: string[] = [];
  let actingRole = '';
  for (const grant of grants) {
    const ordered = [grant.actingRole, ...roles.filter((role) => role !== grant.actingRole)];
    options.onProgress?.(`undoing the grant of ${grant.time} (${grant.changes.length} change${grant.changes.length === 1 ? '' : 's'})`);
    if (grant.method === 'access-entry') {
      undone.push(...(await undoAccessEntryChanges(context, sso, spec, ordered, grant.changes, signal)));
      actingRole = grant.actingRole;
    } else {
      const acting = await kubeActingRole(context, sso, spec, ordered, undefined, signal);
      actingRole = acting.role;
      try {
        undone.push(...(await undoAwsAuthChanges(context, acting.kube, spec, grant.changes)));
      } finally {
        await acting.kube.close();
      }
    }
  }
  await appendAudit(context.env, {
    id: randomUUID(),
    time: new Date(context.clock.now()).toISOString(),
    action: 'revoke',
    contextName: spec.contextName,
    session: spec.session,
    sessionUser: principal.sessionUser,
    actingRole,
    principalArn: grants[0]!.principalArn,
    cluster,
    method: grants[0]!.method,
    changes: [],
    revokes: grants.map((grant) => grant.id),
    undone,
    outcome: 'applied',
  });
  return { changed: undone.length > 0, undone };
}
