// The one decision a grant never takes by itself: moving a CONFIG_MAP cluster to
// API_AND_CONFIG_MAP so access entries can be used. It cannot be undone (EKS only moves
// CONFIG_MAP → API_AND_CONFIG_MAP → API), so it runs only when the user asked for it,
// after the plan showed the warning. aws-auth keeps working alongside access entries.
import { DescribeClusterCommand, DescribeUpdateCommand, UpdateClusterConfigCommand } from '@aws-sdk/client-eks';
import type { CoreContext, RoleCredentials } from '../context.js';
import { CoreError } from '../errors.js';
import type { ContextSpec } from '../kubeconfig/contexts.js';
import type { SsoAccess } from '../check/types.js';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { awsErrorName, eksClient, isAccessDenied, stsClient } from './aws-clients.js';
import { roleFromAssumedRoleArn } from '../arn/sso-role-arn.js';
import { candidateRoles, credentialsIfAssigned, triedList } from './acting-roles.js';
import { eksError } from './access-entry.js';
import { appendAudit } from './audit-log.js';
import { requireActive, sessionRegion } from './plan.js';

const DEFAULT_WAIT_MS = 15 * 60 * 1000;
const POLL_MS = 2000;

export interface ModeChangeResult {
  /** The context with the cluster's new mode, ready for planGrant. */
  spec: ContextSpec;
  actingRole: string;
  changed: boolean;
}

/** Refuses, in words, a cluster whose Kubernetes and platform version have no access entries. */
export function requireAccessEntrySupport(spec: ContextSpec): void {
  if (spec.cluster.authenticationMode !== 'CONFIG_MAP' || spec.cluster.accessEntriesSupported) return;
  throw new CoreError('invalid-input', `cluster ${spec.cluster.name} runs Kubernetes ${spec.cluster.version} on platform version ${spec.cluster.platformVersion}, too old for access entries`, {
    hint: `Upgrade the cluster (or wait for EKS to update its platform version) first; until then grant through aws-auth: eks-sso grant --context ${spec.contextName}`,
  });
}

/** The acting role's path-less IAM ARN and the Identity Center user, from STS. */
async function whoAmI(context: CoreContext, credentials: RoleCredentials, roleName: string, region: string, signal?: AbortSignal): Promise<{ roleArn: string; sessionUser: string }> {
  const sts = stsClient(context.env, credentials, region);
  try {
    const identity = await sts.send(new GetCallerIdentityCommand({}), signal ? { abortSignal: signal } : {});
    const role = identity.Arn ? roleFromAssumedRoleArn(identity.Arn) : null;
    if (!role) throw new CoreError('aws', `STS did not name role ${roleName} as an assumed role (${identity.Arn ?? 'no ARN'})`);
    return { roleArn: role.roleArn, sessionUser: role.sessionName };
  } catch (error) {
    if (error instanceof CoreError) throw error;
    throw new CoreError('aws', `could not ask STS who role ${roleName} is (${awsErrorName(error) || String(error)})`, {
      hint: 'Check the network and try again; nothing was changed',
      retryable: true,
      cause: error,
    });
  } finally {
    sts.destroy();
  }
}

export async function enableAccessEntries(
  context: CoreContext,
  sso: SsoAccess,
  spec: ContextSpec,
  options: { signal?: AbortSignal; onProgress?: (line: string) => void; waitTimeoutMs?: number } = {},
): Promise<ModeChangeResult> {
  requireActive(spec);
  await sessionRegion(sso, spec.session);
  if (spec.cluster.authenticationMode !== 'CONFIG_MAP') return { spec, actingRole: spec.roleName, changed: false };
  requireAccessEntrySupport(spec);
  const send = options.signal ? { abortSignal: options.signal } : {};
  const tried: string[] = [];
  for (const role of await candidateRoles(sso, spec)) {
    let updated = false;
    const credentials = await credentialsIfAssigned(sso, spec, role, options.signal);
    if (!credentials) {
      tried.push(role);
      continue;
    }
    // Who makes the change, for the audit log, asked before anything changes.
    const actor = await whoAmI(context, credentials, role, spec.cluster.region, options.signal);
    const eks = eksClient(context.env, credentials, spec.cluster.region);
    try {
      options.onProgress?.(`switching ${spec.cluster.name} to API_AND_CONFIG_MAP (as ${role})`);
      const answer = await eks.send(new UpdateClusterConfigCommand({ name: spec.cluster.name, accessConfig: { authenticationMode: 'API_AND_CONFIG_MAP' } }), send);
      await appendAudit(context, {
        action: 'mode-change',
        contextName: spec.contextName,
        session: spec.session,
        sessionUser: actor.sessionUser,
        actingRole: role,
        principalArn: actor.roleArn,
        cluster: { name: spec.cluster.name, region: spec.cluster.region, accountId: spec.accountId },
        method: 'access-entry',
        changes: [],
        outcome: 'applied',
      });
      updated = true;
      const updateId = answer.update?.id;
      const deadline = context.clock.now() + (options.waitTimeoutMs ?? DEFAULT_WAIT_MS);
      for (;;) {
        await context.clock.sleep(POLL_MS, options.signal);
        const [cluster, update] = await Promise.all([
          eks.send(new DescribeClusterCommand({ name: spec.cluster.name }), send),
          updateId ? eks.send(new DescribeUpdateCommand({ name: spec.cluster.name, updateId }), send).catch(() => undefined) : Promise.resolve(undefined),
        ]);
        const status = update?.update?.status;
        if (status === 'Failed' || status === 'Cancelled') throw new CoreError('aws', `EKS reports the authentication mode update of ${spec.cluster.name} as ${status}`);
        const mode = cluster.cluster?.accessConfig?.authenticationMode;
        if (cluster.cluster?.status === 'ACTIVE' && mode === 'API_AND_CONFIG_MAP') {
          return { spec: { ...spec, cluster: { ...spec.cluster, authenticationMode: 'API_AND_CONFIG_MAP', status: 'ACTIVE' } }, actingRole: role, changed: true };
        }
        if (context.clock.now() >= deadline) {
          throw new CoreError('timeout', `cluster ${spec.cluster.name} is still ${cluster.cluster?.status ?? 'updating'} after the authentication mode change`, { hint: 'Run the grant again once it is ACTIVE', retryable: true });
        }
        options.onProgress?.(`waiting for ${spec.cluster.name} to be ACTIVE again`);
      }
    } catch (error) {
      // Once EKS accepted the change, another role must not ask again: only the wait failed.
      if (updated || !isAccessDenied(error)) throw eksError(error, `switching ${spec.cluster.name} to API_AND_CONFIG_MAP`);
      tried.push(role);
    } finally {
      eks.destroy();
    }
  }
  throw new CoreError('access-denied', `not allowed to change the authentication mode of cluster ${spec.cluster.name} (tried ${triedList(tried)})`, {
    hint: 'Ask an administrator for eks:UpdateClusterConfig, or keep granting through aws-auth',
  });
}
