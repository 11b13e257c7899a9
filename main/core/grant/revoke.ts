// revokeGrant: undoes exactly what earlier grants for this context's role on this cluster
// changed, as the audit log recorded it, newest first, and records the revoke itself — also
// when it fails part way, so the log says what was undone and the rest can be undone later.
// A selection (scope, namespace, policy) undoes only the matching grants, and is refused when
// undoing them alone would also take away a later grant that builds on them.
import type { CoreContext } from '../context.js';
import { CoreError } from '../errors.js';
import type { ContextSpec } from '../kubeconfig/contexts.js';
import type { SsoAccess } from '../check/types.js';
import { resolvePrincipal } from '../arn/resolve-principal.js';
import { pathlessRoleArn } from '../arn/sso-role-arn.js';
import { candidateRoles, credentialsError, credentialsFor } from './acting-roles.js';
import { accessEntryUndoWork, undoAccessEntryChanges } from './access-entry.js';
import { kubeActingRole, undoAwsAuthChanges } from './aws-auth-grant.js';
import { appendAudit, outstandingGrants, readAudit, type AccessScopeRecord, type AuditRecord, type GrantChange } from './audit-log.js';
import { sessionRegion } from './plan.js';
import { policyNameOf } from './policies.js';
import { ACCESS_POLICY_NAMES, type AccessPolicyName } from './types.js';

/** Which grants to undo; every field left out matches anything. */
export interface RevokeSelection {
  scope?: 'cluster' | 'namespace';
  namespace?: string;
  policy?: AccessPolicyName;
}

export interface RevokeOptions {
  signal?: AbortSignal;
  onProgress?: (step: string) => void;
  select?: RevokeSelection;
  /** Say what would be undone, change nothing. */
  dryRun?: boolean;
}

/** One outstanding grant a revoke undoes (or would undo), and the changes that takes. */
export interface RevokeTarget {
  grantId: string;
  time: string;
  method: 'access-entry' | 'aws-auth';
  actingRole: string;
  request?: { scope: 'cluster' | 'namespace'; namespace?: string; policy: string };
  undo: string[];
}

export interface RevokeResult {
  changed: boolean;
  undone: string[];
  /** The grants selected, newest first: undone, or with dryRun the ones that would be. */
  grants: RevokeTarget[];
  dryRun: boolean;
}

function scopeText(scope: AccessScopeRecord): string {
  return scope.type === 'cluster' ? 'cluster scope' : `namespace scope (${(scope.namespaces ?? []).join(', ')})`;
}

/** What undoing one grant's changes does, in the order it does it. */
export function describeUndo(record: Pick<AuditRecord, 'method' | 'changes'>): string[] {
  const work: GrantChange[] = record.method === 'access-entry' ? accessEntryUndoWork(record.changes) : [...record.changes].reverse();
  return work.map((change) => {
    switch (change.type) {
      case 'access-entry-created':
        return `delete the access entry for ${change.principalArn} (and every policy associated with it)`;
      case 'access-policy-associated':
        return change.previousScope ? `put ${policyNameOf(change.policyArn)} back to ${scopeText(change.previousScope)}` : `disassociate ${policyNameOf(change.policyArn)} (${scopeText(change.accessScope)})`;
      case 'aws-auth-entry-added':
        return `remove the aws-auth mapRoles entry for ${change.rolearn}`;
      case 'aws-auth-group-added':
        return `remove group ${change.group} from the aws-auth entry for ${change.rolearn}`;
      case 'kube-object-created':
        return `delete ${change.kind} ${change.namespace ? `${change.namespace}/` : ''}${change.name}${change.kind === 'Role' || change.kind === 'ClusterRole' ? ' (kept if another binding still uses it)' : ''}`;
    }
    return '';
  });
}

function describeGrant(record: AuditRecord): string {
  const request = record.request;
  if (!request) return `the grant of ${record.time}`;
  return `the ${request.policy} grant ${request.scope === 'namespace' ? `in namespace ${request.namespace}` : 'at cluster scope'} of ${record.time}`;
}

export function validateSelection(select: RevokeSelection): RevokeSelection {
  if (select.policy !== undefined && !ACCESS_POLICY_NAMES.includes(select.policy)) {
    throw new CoreError('usage', `unknown policy "${select.policy}"`, { hint: `Use one of ${ACCESS_POLICY_NAMES.join(', ')}` });
  }
  if (select.namespace !== undefined && select.scope === 'cluster') {
    throw new CoreError('usage', '--namespace selects namespace-scoped grants, not --scope cluster ones', { hint: 'Leave out one of them' });
  }
  return select.namespace !== undefined ? { ...select, scope: 'namespace' } : select;
}

function matches(record: AuditRecord, select: RevokeSelection): boolean {
  if (select.scope === undefined && select.namespace === undefined && select.policy === undefined) return true;
  const request = record.request;
  // A grant recorded without its request cannot be told apart: only a full revoke takes it.
  if (!request) return false;
  if (select.scope !== undefined && request.scope !== select.scope) return false;
  if (select.namespace !== undefined && request.namespace !== select.namespace) return false;
  if (select.policy !== undefined && request.policy !== select.policy) return false;
  return true;
}

/** Why undoing `earlier` alone would also take away `later` (made after it, not selected), or null. */
function buildsOn(later: AuditRecord, earlier: AuditRecord): string | null {
  if (earlier.changes.some((change) => change.type === 'access-entry-created')) return 'it created the access entry the later grant uses';
  if (earlier.changes.some((change) => change.type === 'aws-auth-entry-added')) return 'it added the aws-auth mapping the later grant uses';
  const policies = new Set(earlier.changes.flatMap((change) => (change.type === 'access-policy-associated' ? [change.policyArn] : [])));
  const shared = later.changes.find((change) => change.type === 'access-policy-associated' && policies.has(change.policyArn));
  if (shared && shared.type === 'access-policy-associated') return `both set the scope of ${policyNameOf(shared.policyArn)}`;
  return null;
}

/** The grants to undo (oldest first), or a usage error when the selection cannot be undone alone. */
function selectGrants(outstanding: AuditRecord[], select: RevokeSelection, contextName: string): AuditRecord[] {
  const selected = outstanding.filter((record) => matches(record, select));
  for (const [index, earlier] of outstanding.entries()) {
    if (!selected.includes(earlier)) continue;
    for (const later of outstanding.slice(index + 1)) {
      if (selected.includes(later)) continue;
      const why = buildsOn(later, earlier);
      if (why) {
        throw new CoreError('usage', `revoking only ${describeGrant(earlier)} would also take away ${describeGrant(later)}: ${why}`, {
          hint: `Revoke the later grant first, or every grant with eks-sso grant --context ${contextName} --revoke`,
        });
      }
    }
  }
  return selected;
}

function target(record: AuditRecord): RevokeTarget {
  return {
    grantId: record.id,
    time: record.time,
    method: record.method,
    actingRole: record.actingRole,
    ...(record.request ? { request: record.request } : {}),
    undo: describeUndo(record),
  };
}

export async function revokeGrant(context: CoreContext, sso: SsoAccess, spec: ContextSpec, options: RevokeOptions = {}): Promise<RevokeResult> {
  const select = validateSelection(options.select ?? {});
  const identityCenterRegion = await sessionRegion(sso, spec.session);
  const signal = options.signal ?? new AbortController().signal;
  const own = await credentialsFor(sso, spec, spec.roleName, signal).catch((error: unknown) => {
    throw credentialsError(error, spec.roleName);
  });
  const principal = await resolvePrincipal(context, own, { accountId: spec.accountId, roleName: spec.roleName, identityCenterRegion, region: spec.cluster.region }, { signal });
  const cluster = { name: spec.cluster.name, region: spec.cluster.region, accountId: spec.accountId };
  const outstanding = outstandingGrants(await readAudit(context.env), cluster, principal.pathless, pathlessRoleArn);
  const grants = selectGrants(outstanding, select, spec.contextName).reverse();
  const targets = grants.map(target);
  if (grants.length === 0 || options.dryRun) return { changed: false, undone: [], grants: targets, dryRun: options.dryRun === true };

  const roles = await candidateRoles(sso, spec);
  const undone: string[] = [];
  const revoked: string[] = [];
  let actingRole = grants[0]!.actingRole;
  let failure: unknown;
  try {
    for (const grant of grants) {
      const ordered = [grant.actingRole, ...roles.filter((role) => role !== grant.actingRole)];
      options.onProgress?.(`undoing ${describeGrant(grant)} (${grant.changes.length} change${grant.changes.length === 1 ? '' : 's'})`);
      if (grant.method === 'access-entry') {
        // Named before the attempt, so the record of a failure says which role it started with.
        actingRole = grant.actingRole;
        actingRole = await undoAccessEntryChanges(context, sso, spec, ordered, grant.changes, undone, signal);
      } else {
        const acting = await kubeActingRole(context, sso, spec, ordered, undefined, signal);
        actingRole = acting.role;
        try {
          await undoAwsAuthChanges(context, acting.kube, spec, grant.changes, undone);
        } finally {
          await acting.kube.close();
        }
      }
      revoked.push(grant.id);
    }
  } catch (error) {
    failure = error;
    throw error;
  } finally {
    // Written whatever happened: a grant only partly undone is not listed in `revokes`, so it
    // stays outstanding and a later revoke finishes it (undoing is safe to repeat).
    await appendAudit(context, {
      action: 'revoke',
      contextName: spec.contextName,
      session: spec.session,
      sessionUser: principal.sessionUser,
      actingRole,
      principalArn: grants[0]!.principalArn,
      cluster,
      method: grants[0]!.method,
      changes: [],
      revokes: revoked,
      undone,
      outcome: failure === undefined ? 'applied' : undone.length > 0 || revoked.length > 0 ? 'partial' : 'failed',
      ...(failure !== undefined ? { error: failure instanceof CoreError ? failure.toLine() : String(failure) } : {}),
    });
  }
  return { changed: undone.length > 0, undone, grants: targets, dryRun: false };
}
