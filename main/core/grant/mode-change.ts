// The one decision a grant never takes by itself: moving a CONFIG_MAP cluster to
// API_AND_CONFIG_MAP so access entries can be used. It cannot be undone (EKS only moves
// CONFIG_MAP → API_AND_CONFIG_MAP → API), so it runs only when the user asked for it,
// after the plan showed the warning. aws-auth keeps working alongside access entries.
import { randomUUID } from 'node:crypto';
import { DescribeClusterCommand, DescribeUpdateCommand, UpdateClusterConfigCommand, type EKSClient } from '@aws-sdk/client-eks';
import type { CoreContext } from '../context.js';
import { CoreError } from '../errors.js';
import type { ContextSpec } from '../kubeconfig/contexts.js';
import type { SsoAccess } from '../check/types.js';
import { eksClient, isAccessDenied } from './aws-clients.js';
import { candidateRoles, credentialsFor, triedList } from './acting-roles.js';
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

export async function enableAccessEntries(
  context: CoreContext,
  sso: SsoAccess,
  spec: ContextSpec,
  options: { signal?: AbortSignal; onProgress?: (line: string) => void; waitTimeoutMs?: number } = {},
): Promise<ModeChangeResult> {
  requireActive(spec);
  await sessionRegion(sso, spec.session);
  if (spec.cluster.authenticationMode !== 'CONFIG_MAP') return { spec, actingRole: spec.roleName, changed: false };
  if (!spec.cluster.accessEntriesSupported) {
    throw new CoreError('invalid-input', `cluster ${spec.cluster.name} runs ${spec.cluster.version} ${spec.cluster.platformVersion}, too old for access entries`, {
      hint: 'Upgrade the cluster (or wait for its platform version to be updated) first',
    });
  }
  const send = options.signal ? { abortSignal: options.signal } : {};
  const tried: string[] = [];
  for (const role of await candidateRoles(sso, spec)) {
    let eks: EKSClient;
    let updated = false;
    try {
      eks = eksClient(context.env, await credentialsFor(sso, spec, role, options.signal), spec.cluster.region);
    } catch {
      tried.push(role);
      continue;
    }
    try {
      options.onProgress?.(`switching ${spec.cluster.name} to API_AND_CONFIG_MAP (as ${role})`);
      const answer = await eks.send(new UpdateClusterConfigCommand({ name: spec.cluster.name, accessConfig: { authenticationMode: 'API_AND_CONFIG_MAP' } }), send);
      await appendAudit(context.env, {
        id: randomUUID(),
        time: new Date(context.clock.now()).toISOString(),
        action: 'mode-change',
        contextName: spec.contextName,
        session: spec.session,
        sessionUser: '',
        actingRole: role,
        principalArn: '',
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
