// planGrant: everything a grant would do, decided by reading only. The plan names the cluster
// and its mode, the principal in the form used (full ARN for access entries, path-less for
// aws-auth), the role that will make the change, and each API call or ConfigMap/RBAC edit.
import type { CoreContext } from '../context.js';
import { CoreError } from '../errors.js';
import type { ContextSpec } from '../kubeconfig/contexts.js';
import type { SsoAccess } from '../check/types.js';
import { confirmRoleArn, resolvePrincipal } from '../arn/resolve-principal.js';
import { pathlessRoleArn } from '../arn/sso-role-arn.js';
import { candidateRoles, credentialsError, credentialsFor, credentialsIfAssigned } from './acting-roles.js';
import { accessEntrySteps, readAccessEntryState } from './access-entry.js';
import { kubeActingRole, planAwsAuth, requireNamespace } from './aws-auth-grant.js';
import { kubeAsRole } from './kube-as-role.js';
import { normalizeRequest } from './policies.js';
import type { GrantPlan, GrantRequest, PlanOptions } from './types.js';

export const MODE_CHANGE_WARNING =
  'Switching the authentication mode to API_AND_CONFIG_MAP cannot be undone: EKS only moves CONFIG_MAP → API_AND_CONFIG_MAP → API. aws-auth keeps working alongside access entries.';

export async function sessionRegion(sso: SsoAccess, session: string): Promise<string> {
  const state = (await sso.sessionStates()).find((one) => one.name === session);
  if (!state || state.status === 'expired' || state.status === 'signed-out') {
    throw new CoreError('session-expired', `SSO session "${session}" ${state?.status === 'expired' ? 'expired' : 'is not signed in'}`, { hint: `Sign in again: eks-sso login --session ${session}` });
  }
  return state.region;
}

export function requireActive(spec: ContextSpec, status = spec.cluster.status): void {
  if (status !== 'ACTIVE') {
    throw new CoreError('invalid-input', `cluster ${spec.cluster.name} is ${status}, not ACTIVE`, { hint: 'Access can be granted once the cluster is ACTIVE again', retryable: true });
  }
}

export async function planGrant(context: CoreContext, sso: SsoAccess, spec: ContextSpec, requested: GrantRequest, options: PlanOptions = {}): Promise<GrantPlan> {
  const request = normalizeRequest(requested);
  requireActive(spec);
  const identityCenterRegion = await sessionRegion(sso, spec.session);
  const signal = options.signal ?? new AbortController().signal;
  const roles = await candidateRoles(sso, spec);
  const own = await credentialsFor(sso, spec, spec.roleName, signal).catch((error: unknown) => {
    throw credentialsError(error, spec.roleName);
  });
  let principal = await resolvePrincipal(context, own, { accountId: spec.accountId, roleName: spec.roleName, identityCenterRegion, region: spec.cluster.region }, { signal });
  // The context's role often may not read IAM; another of the user's roles may.
  for (const role of roles.slice(1)) {
    if (principal.confirmed) break;
    try {
      const confirmation = await confirmRoleArn(context, await credentialsFor(sso, spec, role, signal), principal.iamRoleName, spec.cluster.region, signal);
      if (confirmation.arn) principal = { ...principal, full: confirmation.arn, pathless: pathlessRoleArn(confirmation.arn), confirmed: true };
    } catch {
      // No credentials for that role: try the next.
    }
  }
  const warnings: string[] = [];
  if (!principal.confirmed && principal.note) warnings.push(`full ARN not confirmed: ${principal.note}`);
  const base = {
    contextName: spec.contextName,
    session: spec.session,
    request,
    principalArnFull: principal.full,
    principalArnPathless: principal.pathless,
    principalConfirmed: principal.confirmed,
    sessionUser: principal.sessionUser,
    spec,
  };

  let mode = spec.cluster.authenticationMode as string;
  if (mode !== 'CONFIG_MAP') {
    const state = await readAccessEntryState(context, sso, spec, roles, principal.full, signal);
    requireActive(spec, state.cluster.status);
    mode = state.cluster.authenticationMode;
    if (mode !== 'CONFIG_MAP') {
      const cluster = { name: spec.cluster.name, region: spec.cluster.region, accountId: spec.accountId, authenticationMode: mode };
      const { steps, warnings: more } = accessEntrySteps({ cluster, request, principalArnFull: principal.full }, state);
      warnings.push(...more);
      if (request.scope === 'namespace' && request.namespace) {
        const check = await namespaceExists(context, sso, spec, [state.actingRole, ...roles.filter((role) => role !== state.actingRole)], request.namespace, signal);
        if (check) warnings.push(check);
      }
      const fallbackRoles = roles.filter((role) => role !== state.actingRole && !state.tried.includes(role));
      return { ...base, cluster, principalArn: principal.full, actingRole: state.actingRole, fallbackRoles, method: 'access-entry', steps, alreadyGranted: steps.length === 0, warnings };
    }
  }

  const cluster = { name: spec.cluster.name, region: spec.cluster.region, accountId: spec.accountId, authenticationMode: 'CONFIG_MAP' };
  const acting = await kubeActingRole(context, sso, spec, roles, request.scope === 'namespace' ? request.namespace : undefined, signal);
  try {
    const { steps, warnings: more } = await planAwsAuth(acting.kube, { request, spec, principalArnPathless: principal.pathless });
    warnings.push(...more);
    const plan: GrantPlan = {
      ...base,
      cluster,
      principalArn: principal.pathless,
      actingRole: acting.role,
      fallbackRoles: acting.fallbacks,
      method: 'aws-auth',
      steps,
      alreadyGranted: steps.length === 0,
      warnings,
    };
    if (spec.cluster.accessEntriesSupported) plan.offerModeChange = { from: 'CONFIG_MAP', to: 'API_AND_CONFIG_MAP', warning: MODE_CHANGE_WARNING };
    else warnings.push(`platform version ${spec.cluster.version} ${spec.cluster.platformVersion} is too old for access entries: aws-auth is the only way on this cluster`);
    return plan;
  } finally {
    await acting.kube.close();
  }
}

/**
 * A warning when no role of the user can tell whether the namespace exists (EKS does not check
 * namespace names); throws when one of them sees that it does not.
 */
async function namespaceExists(context: CoreContext, sso: SsoAccess, spec: ContextSpec, roles: string[], namespace: string, signal: AbortSignal): Promise<string | null> {
  for (const role of roles) {
    const credentials = await credentialsIfAssigned(sso, spec, role, signal);
    if (!credentials) continue;
    const kube = await kubeAsRole(context, spec, credentials, signal);
    try {
      await requireNamespace(kube, namespace, spec.cluster.name);
      return null;
    } catch (error) {
      if (error instanceof CoreError && error.code === 'not-found') throw error;
    } finally {
      await kube.close();
    }
  }
  return `could not confirm that namespace ${namespace} exists (none of your roles may read it; EKS does not check namespace names)`;
}
