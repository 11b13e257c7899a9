// Grants through main/core/grant: plan, apply, revoke, turned into what the dashboard shows.
import type { CoreContext } from '../context.js';
import type { Sso } from '../sso/index.js';
import type { ContextSpec } from '../kubeconfig/contexts.js';
import { applyGrant, enableAccessEntries, planGrant, revokeGrant, type GrantPlan } from '../grant/index.js';
import type { GrantOutcome, GrantRequest, PlannedGrant } from './ports.js';

export interface GrantPorts {
  plan(spec: ContextSpec, request: GrantRequest): Promise<PlannedGrant>;
  apply(spec: ContextSpec, grant: PlannedGrant, onProgress: (line: string) => void): Promise<GrantOutcome>;
  revoke(spec: ContextSpec, onProgress: (line: string) => void): Promise<GrantOutcome>;
  /** The irreversible switch to API_AND_CONFIG_MAP; resolves with the cluster's new mode. */
  enableAccessEntries(spec: ContextSpec, onProgress: (line: string) => void): Promise<{ summary: string; changed: boolean; authenticationMode: ContextSpec['cluster']['authenticationMode'] }>;
}

/** One line per API call or Kubernetes change, as the plan names it. */
function stepLine(step: GrantPlan['steps'][number]): string {
  return step.description === step.call ? step.call : `${step.call}: ${step.description}`;
}

function describeAccess(plan: GrantPlan): string {
  return plan.request.scope === 'namespace' ? `${plan.request.policy} in namespace ${plan.request.namespace}` : plan.request.policy;
}

export function createGrantPorts(context: CoreContext, sso: Sso): GrantPorts {
  return {
    async plan(spec, request) {
      const plan = await planGrant(context, sso, spec, {
        scope: request.scope,
        ...(request.namespace ? { namespace: request.namespace } : {}),
        ...(request.policy ? { policy: request.policy } : {}),
      });
      // The offer travels on its own (the dashboard shows it with its button), not as a warning.
      const warnings = [...plan.warnings];
      if (!plan.principalConfirmed) warnings.push('The principal ARN was derived, not confirmed with iam:GetRole (not allowed for this role).');
      return {
        clusterName: plan.cluster.name,
        authenticationMode: plan.cluster.authenticationMode,
        method: plan.method,
        scope: plan.request.scope,
        namespace: plan.request.namespace ?? null,
        policy: plan.request.policy,
        principalArn: plan.principalArn,
        actingRole: plan.actingRole,
        steps: plan.steps.map(stepLine),
        warnings,
        noop: plan.alreadyGranted,
        offerModeChange: plan.offerModeChange ?? null,
        plan,
      };
    },

    async apply(_spec, grant, onProgress) {
      const plan = grant.plan as GrantPlan;
      // The controller re-checks the context itself afterwards; waiting here shows progress too.
      const result = await applyGrant(context, sso, plan, { onProgress });
      const access = describeAccess(plan);
      const summary = !result.changed
        ? `Nothing changed: ${access} was already granted to ${plan.principalArn}`
        : result.reachable === false
          ? `Granted ${access} to ${plan.principalArn} as ${result.plan.actingRole}, but the context does not show it yet`
          : `Granted ${access} to ${plan.principalArn} as ${result.plan.actingRole}`;
      return { summary, undoable: result.changed };
    },

    async revoke(spec, onProgress) {
      const result = await revokeGrant(context, sso, spec, { onProgress });
      const summary = result.changed ? `Undone: ${result.undone.join('; ')}` : 'Nothing to undo: no grant made by EKS SSO is recorded for this context';
      return { summary, undoable: false };
    },

    async enableAccessEntries(spec, onProgress) {
      const result = await enableAccessEntries(context, sso, spec, { onProgress });
      const mode = result.spec.cluster.authenticationMode;
      const summary = result.changed
        ? `Switched ${spec.cluster.name} to ${mode} as ${result.actingRole}: grants now use access entries, and aws-auth keeps working`
        : `Nothing changed: ${spec.cluster.name} already uses ${mode}`;
      return { summary, changed: result.changed, authenticationMode: mode };
    },
  };
}
