// applyGrant: carries out a plan, records exactly what changed in the audit log (even when it
// fails half-way, so --revoke can still undo it), then re-checks the context until the grant
// shows (access entries are eventually consistent) or a timeout says what is still wrong.
import type { CoreContext, RoleCredentials } from '../context.js';
import { CoreError, type ErrorCode } from '../errors.js';
import { credentialsError, credentialsFor } from './acting-roles.js';
import type { CheckResult, SsoAccess } from '../check/types.js';
import { checkContext } from '../check/check-context.js';
import { applyAccessEntrySteps } from './access-entry.js';
import { applyAwsAuthSteps, kubeActingRole } from './aws-auth-grant.js';
import { appendAudit, type GrantChange } from './audit-log.js';
import type { ApplyOptions, GrantPlan } from './types.js';

const DEFAULT_WAIT_MS = 60_000;
/** Credential failures that are about who may use the role, or a session that ended: the check reports those itself. */
const PERMISSION_CODES = new Set<ErrorCode>(['access-denied', 'not-found', 'session-expired', 'signed-out', 'cancelled']);
const POLL_MS = 1000;

export interface ApplyResult {
  plan: GrantPlan;
  changed: boolean;
  /** The last re-check (when waiting for access). */
  check?: CheckResult;
  /** True when the re-check shows the access the grant was for. */
  reachable?: boolean;
  /**
   * Why the last re-check could not really look: the portal would not hand out the role's
   * credentials for a reason that is not a permission (throttling, network, a portal fault).
   * The check then says "unauthorized"; this is the real cause to report instead.
   */
  recheckError?: CoreError;
}

/** Does this check show the access the plan grants? */
export function showsGrant(plan: GrantPlan, result: CheckResult): boolean {
  if (plan.request.scope === 'namespace') {
    return result.status === 'ok' || (result.status === 'forbidden' && (result.namespaces ?? []).includes(plan.request.namespace ?? ''));
  }
  if (plan.request.policy === 'AmazonEKSClusterAdminPolicy') return result.status === 'ok';
  return result.status === 'ok' || result.status === 'forbidden';
}

export async function applyGrant(context: CoreContext, sso: SsoAccess, plan: GrantPlan, options: ApplyOptions = {}): Promise<ApplyResult> {
  const changes: GrantChange[] = [];
  let actingRole = plan.actingRole;
  let failure: unknown;
  if (!plan.alreadyGranted) {
    try {
      if (plan.method === 'access-entry') {
        actingRole = await applyAccessEntrySteps(context, sso, plan, changes, options);
      } else {
        const signal = options.signal ?? new AbortController().signal;
        const acting = await kubeActingRole(context, sso, plan.spec, [plan.actingRole, ...plan.fallbackRoles], plan.request.scope === 'namespace' ? plan.request.namespace : undefined, signal);
        actingRole = acting.role;
        try {
          await applyAwsAuthSteps(context, acting.kube, plan, changes, options.onProgress);
        } finally {
          await acting.kube.close();
        }
      }
    } catch (error) {
      failure = error;
    }
    if (changes.length > 0 || failure !== undefined) {
      await appendAudit(context, {
        action: 'grant',
        contextName: plan.contextName,
        session: plan.session,
        sessionUser: plan.sessionUser,
        actingRole,
        principalArn: plan.principalArn,
        cluster: { name: plan.cluster.name, region: plan.cluster.region, accountId: plan.cluster.accountId },
        method: plan.method,
        changes,
        request: { scope: plan.request.scope, ...(plan.request.namespace ? { namespace: plan.request.namespace } : {}), policy: plan.request.policy },
        outcome: failure === undefined ? 'applied' : changes.length > 0 ? 'partial' : 'failed',
        ...(failure !== undefined ? { error: failure instanceof CoreError ? failure.toLine() : String(failure) } : {}),
      });
    }
    if (failure !== undefined) throw failure;
  }
  const result: ApplyResult = { plan: { ...plan, actingRole }, changed: changes.length > 0 };
  if (options.waitForAccess === false) return result;
  options.onProgress?.('waiting for the change to take effect');
  const deadline = context.clock.now() + (options.waitTimeoutMs ?? DEFAULT_WAIT_MS);
  const hints = plan.request.namespace ? [plan.request.namespace] : [];
  // The re-check gets the role's credentials through us, so a portal failure is known by its
  // code rather than read back from the check's summary.
  let credentialFailure: CoreError | undefined;
  const credentials = async (spec: GrantPlan['spec']): Promise<RoleCredentials> => {
    credentialFailure = undefined;
    try {
      return await credentialsFor(sso, spec, spec.roleName, options.signal);
    } catch (error) {
      const failure = credentialsError(error, spec.roleName);
      if (failure instanceof CoreError && !PERMISSION_CODES.has(failure.code)) credentialFailure = failure;
      throw failure;
    }
  };
  for (;;) {
    const check = await checkContext(context, sso, plan.spec, { namespaceHints: hints, credentials, ...(options.signal ? { signal: options.signal } : {}) });
    result.check = check;
    result.reachable = showsGrant(plan, check);
    if (credentialFailure && !result.reachable) result.recheckError = credentialFailure;
    else delete result.recheckError;
    if (result.reachable || context.clock.now() >= deadline) return result;
    await context.clock.sleep(POLL_MS, options.signal);
  }
}
