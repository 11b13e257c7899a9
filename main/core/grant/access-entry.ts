// Grants on API and API_AND_CONFIG_MAP clusters: an access entry (type STANDARD) for the role's
// full IAM ARN and an access policy association. Planning only reads; applying creates what the
// plan lists, reusing what already exists, and records each change for --revoke.
import {
  AssociateAccessPolicyCommand,
  CreateAccessEntryCommand,
  DeleteAccessEntryCommand,
  DescribeAccessEntryCommand,
  DescribeClusterCommand,
  DisassociateAccessPolicyCommand,
  ListAssociatedAccessPoliciesCommand,
  type AssociatedAccessPolicy,
  type EKSClient,
} from '@aws-sdk/client-eks';
import type { CoreContext } from '../context.js';
import { CoreError } from '../errors.js';
import type { ContextSpec } from '../kubeconfig/contexts.js';
import type { SsoAccess } from '../check/types.js';
import { awsErrorName, eksClient, isAccessDenied } from './aws-clients.js';
import { credentialsIfAssigned, triedList } from './acting-roles.js';
import { accessPolicyArn, policyNameOf } from './policies.js';
import type { AccessScopeRecord, GrantChange } from './audit-log.js';
import type { GrantPlan, GrantStep } from './types.js';

export interface FreshCluster {
  status: string;
  authenticationMode: string;
  version: string;
  platformVersion: string;
}

export interface AccessEntryState {
  actingRole: string;
  tried: string[];
  cluster: FreshCluster;
  entry: { type: string } | null;
  policies: AssociatedAccessPolicy[];
}

async function pages(eks: EKSClient, clusterName: string, principalArn: string, signal?: AbortSignal): Promise<AssociatedAccessPolicy[]> {
  const all: AssociatedAccessPolicy[] = [];
  let nextToken: string | undefined;
  do {
    const page = await eks.send(new ListAssociatedAccessPoliciesCommand({ clusterName, principalArn, ...(nextToken ? { nextToken } : {}) }), signal ? { abortSignal: signal } : {});
    all.push(...(page.associatedAccessPolicies ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return all;
}

/** Reads the cluster and the principal's entry with the first role allowed to. */
export async function readAccessEntryState(context: CoreContext, sso: SsoAccess, spec: ContextSpec, roles: string[], principalFull: string, signal?: AbortSignal): Promise<AccessEntryState> {
  const tried: string[] = [];
  for (const role of roles) {
    const credentials = await credentialsIfAssigned(sso, spec, role, signal);
    if (!credentials) {
      tried.push(role);
      continue;
    }
    const eks = eksClient(context.env, credentials, spec.cluster.region);
    try {
      const described = await eks.send(new DescribeClusterCommand({ name: spec.cluster.name }), signal ? { abortSignal: signal } : {});
      const cluster: FreshCluster = {
        status: described.cluster?.status ?? 'UNKNOWN',
        authenticationMode: described.cluster?.accessConfig?.authenticationMode ?? 'CONFIG_MAP',
        version: described.cluster?.version ?? spec.cluster.version,
        platformVersion: described.cluster?.platformVersion ?? spec.cluster.platformVersion,
      };
      if (cluster.authenticationMode === 'CONFIG_MAP') return { actingRole: role, tried, cluster, entry: null, policies: [] };
      let entry: { type: string } | null = null;
      try {
        const answer = await eks.send(new DescribeAccessEntryCommand({ clusterName: spec.cluster.name, principalArn: principalFull }), signal ? { abortSignal: signal } : {});
        entry = { type: answer.accessEntry?.type ?? 'STANDARD' };
      } catch (error) {
        if (awsErrorName(error) !== 'ResourceNotFoundException') throw error;
      }
      const policies = entry ? await pages(eks, spec.cluster.name, principalFull, signal) : [];
      return { actingRole: role, tried, cluster, entry, policies };
    } catch (error) {
      if (!isAccessDenied(error)) throw eksError(error, `reading cluster ${spec.cluster.name}`);
      tried.push(role);
    } finally {
      eks.destroy();
    }
  }
  throw new CoreError('access-denied', `none of your roles in account ${spec.accountName || spec.accountId} may read cluster ${spec.cluster.name} and its access entries (tried ${triedList(tried)})`, {
    hint: 'Ask an administrator for eks:DescribeCluster, eks:DescribeAccessEntry and eks:CreateAccessEntry on this cluster',
  });
}

export function eksError(error: unknown, doing: string): CoreError {
  if (error instanceof CoreError) return error;
  const name = awsErrorName(error) || 'Error';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'InvalidRequestException' && /authentication mode/i.test(message)) {
    return new CoreError('invalid-input', `EKS refused ${doing}: the cluster's authentication mode does not allow access entries`, { cause: error });
  }
  return new CoreError('aws', `EKS refused ${doing} (${name}: ${message})`, { cause: error, retryable: name === 'ThrottlingException' || name === 'ServerException' });
}

function covers(existing: AccessScopeRecord | undefined, wanted: AccessScopeRecord): boolean {
  if (!existing) return false;
  if (existing.type === 'cluster') return true;
  if (wanted.type === 'cluster') return false;
  return (wanted.namespaces ?? []).every((namespace) => existing.namespaces?.includes(namespace));
}

function scopeOf(policy: AssociatedAccessPolicy): AccessScopeRecord | undefined {
  const scope = policy.accessScope;
  if (!scope?.type) return undefined;
  return scope.type === 'cluster' ? { type: 'cluster' } : { type: 'namespace', namespaces: [...(scope.namespaces ?? [])] };
}

/** The steps that bring the principal's entry to what the request asks; none when already there. */
export function accessEntrySteps(plan: Pick<GrantPlan, 'cluster' | 'request' | 'principalArnFull'>, state: AccessEntryState): { steps: GrantStep[]; warnings: string[] } {
  const steps: GrantStep[] = [];
  const warnings: string[] = [];
  const { cluster, request, principalArnFull } = plan;
  if (state.entry && state.entry.type !== 'STANDARD') {
    throw new CoreError('invalid-input', `the access entry for ${principalArnFull} on ${cluster.name} has type ${state.entry.type}; access policies need a STANDARD entry`, {
      hint: 'Delete that entry or ask an administrator to replace it',
    });
  }
  if (!state.entry) {
    steps.push({
      description: `create an access entry (type STANDARD) for ${principalArnFull}`,
      call: 'eks:CreateAccessEntry',
      details: { clusterName: cluster.name, principalArn: principalArnFull, type: 'STANDARD' },
    });
  }
  const admin = state.policies.find((policy) => policyNameOf(policy.policyArn ?? '') === 'AmazonEKSClusterAdminPolicy' && policy.accessScope?.type === 'cluster');
  if (admin && request.policy !== 'AmazonEKSClusterAdminPolicy') {
    warnings.push('this role is already cluster admin on this cluster (AmazonEKSClusterAdminPolicy at cluster scope)');
    return { steps, warnings };
  }
  const policyArn = accessPolicyArn(request.policy, cluster.region);
  const wanted: AccessScopeRecord = request.scope === 'cluster' ? { type: 'cluster' } : { type: 'namespace', namespaces: [request.namespace ?? ''] };
  const existing = state.policies.find((policy) => policy.policyArn === policyArn || policyNameOf(policy.policyArn ?? '') === request.policy);
  const existingScope = existing ? scopeOf(existing) : undefined;
  if (covers(existingScope, wanted)) return { steps, warnings };
  // AssociateAccessPolicy replaces the scope: keep the namespaces already granted.
  const accessScope: AccessScopeRecord =
    wanted.type === 'namespace' && existingScope?.type === 'namespace' ? { type: 'namespace', namespaces: [...new Set([...(existingScope.namespaces ?? []), ...(wanted.namespaces ?? [])])] } : wanted;
  steps.push({
    description: `associate ${request.policy} at ${accessScope.type === 'cluster' ? 'cluster scope' : `namespace scope (${(accessScope.namespaces ?? []).join(', ')})`}`,
    call: 'eks:AssociateAccessPolicy',
    details: { clusterName: cluster.name, principalArn: principalArnFull, policyArn, accessScope, previousScope: existingScope ?? null },
  });
  return { steps, warnings };
}

/**
 * Runs the steps with the acting role, then the fallback roles in order when EKS says
 * AccessDenied. Every change made is pushed to `changes` as it happens, so a failure half-way
 * still leaves an exact record for --revoke.
 */
export async function applyAccessEntrySteps(
  context: CoreContext,
  sso: SsoAccess,
  plan: GrantPlan,
  changes: GrantChange[],
  options: { signal?: AbortSignal; onProgress?: (step: string) => void },
): Promise<string> {
  const roles = [plan.actingRole, ...plan.fallbackRoles];
  const tried: string[] = [];
  let next = 0;
  for (const role of roles) {
    const credentials = await credentialsIfAssigned(sso, plan.spec, role, options.signal);
    if (!credentials) {
      tried.push(role);
      continue;
    }
    const eks = eksClient(context.env, credentials, plan.cluster.region);
    try {
      for (; next < plan.steps.length; next++) {
        const step = plan.steps[next]!;
        options.onProgress?.(`${step.description} (as ${role})`);
        const change = await runStep(eks, step, options.signal);
        if (change) changes.push(change);
      }
      return role;
    } catch (error) {
      if (!isAccessDenied(error)) throw eksError(error, `${plan.steps[next]?.call ?? 'the change'} on ${plan.cluster.name}`);
      tried.push(role);
    } finally {
      eks.destroy();
    }
  }
  throw new CoreError('access-denied', `not allowed to create access entries on cluster ${plan.cluster.name} (tried ${triedList(tried)})`, {
    hint: 'Ask an administrator for eks:CreateAccessEntry and eks:AssociateAccessPolicy, or sign in with a role that has them',
  });
}

async function runStep(eks: EKSClient, step: GrantStep, signal?: AbortSignal): Promise<GrantChange | null> {
  const send = signal ? { abortSignal: signal } : {};
  const details = step.details as { clusterName: string; principalArn: string; policyArn?: string; accessScope?: AccessScopeRecord; previousScope?: AccessScopeRecord | null };
  if (step.call === 'eks:CreateAccessEntry') {
    try {
      await eks.send(new CreateAccessEntryCommand({ clusterName: details.clusterName, principalArn: details.principalArn, type: 'STANDARD' }), send);
      return { type: 'access-entry-created', principalArn: details.principalArn };
    } catch (error) {
      // Someone (or an earlier half-finished grant) created it meanwhile: reuse it, record nothing.
      if (awsErrorName(error) === 'ResourceInUseException') return null;
      throw error;
    }
  }
  if (step.call === 'eks:AssociateAccessPolicy' && details.policyArn && details.accessScope) {
    await eks.send(
      new AssociateAccessPolicyCommand({ clusterName: details.clusterName, principalArn: details.principalArn, policyArn: details.policyArn, accessScope: details.accessScope }),
      send,
    );
    return { type: 'access-policy-associated', principalArn: details.principalArn, policyArn: details.policyArn, accessScope: details.accessScope, previousScope: details.previousScope ?? null };
  }
  throw new CoreError('internal', `unknown grant step ${step.call}`);
}

function undoCall(change: GrantChange | undefined): string {
  if (change?.type === 'access-entry-created') return 'eks:DeleteAccessEntry';
  if (change?.type === 'access-policy-associated') return change.previousScope ? 'eks:AssociateAccessPolicy' : 'eks:DisassociateAccessPolicy';
  return 'the change';
}

/** The changes undoing needs to touch, newest first: an association goes with the entry the same grant created. */
export function accessEntryUndoWork(changes: GrantChange[]): GrantChange[] {
  const deletedEntries = new Set(changes.filter((change) => change.type === 'access-entry-created').map((change) => change.principalArn));
  return [...changes].reverse().filter((change) => !(change.type === 'access-policy-associated' && deletedEntries.has(change.principalArn) && change.previousScope === null));
}

/**
 * Undoes access-entry changes (newest first) with the first role allowed to. Each undone change
 * is pushed to `undone` as it happens, so a failure half-way still says what was undone.
 * Resolves the role that did it.
 */
export async function undoAccessEntryChanges(
  context: CoreContext,
  sso: SsoAccess,
  spec: ContextSpec,
  roles: string[],
  changes: GrantChange[],
  undone: string[],
  signal?: AbortSignal,
): Promise<string> {
  const work = accessEntryUndoWork(changes);
  const tried: string[] = [];
  let next = 0;
  for (const role of roles) {
    const credentials = await credentialsIfAssigned(sso, spec, role, signal);
    if (!credentials) {
      tried.push(role);
      continue;
    }
    const eks = eksClient(context.env, credentials, spec.cluster.region);
    try {
      for (; next < work.length; next++) {
        const change = work[next]!;
        const send = signal ? { abortSignal: signal } : {};
        try {
          if (change.type === 'access-entry-created') {
            await eks.send(new DeleteAccessEntryCommand({ clusterName: spec.cluster.name, principalArn: change.principalArn }), send);
            undone.push(`deleted the access entry for ${change.principalArn}`);
          } else if (change.type === 'access-policy-associated' && change.previousScope === null) {
            await eks.send(new DisassociateAccessPolicyCommand({ clusterName: spec.cluster.name, principalArn: change.principalArn, policyArn: change.policyArn }), send);
            undone.push(`disassociated ${policyNameOf(change.policyArn)}`);
          } else if (change.type === 'access-policy-associated' && change.previousScope) {
            await eks.send(new AssociateAccessPolicyCommand({ clusterName: spec.cluster.name, principalArn: change.principalArn, policyArn: change.policyArn, accessScope: change.previousScope }), send);
            undone.push(`restored the previous scope of ${policyNameOf(change.policyArn)}`);
          }
        } catch (error) {
          // Already gone: nothing left to undo for this change.
          if (awsErrorName(error) !== 'ResourceNotFoundException') throw error;
        }
      }
      return role;
    } catch (error) {
      if (!isAccessDenied(error)) throw eksError(error, `${undoCall(work[next])} while undoing the grant on ${spec.cluster.name}`);
      tried.push(role);
    } finally {
      eks.destroy();
    }
  }
  throw new CoreError('access-denied', `not allowed to delete access entries on cluster ${spec.cluster.name} (tried ${triedList(tried)})`, {
    hint: 'Ask an administrator for eks:DeleteAccessEntry and eks:DisassociateAccessPolicy',
  });
}
