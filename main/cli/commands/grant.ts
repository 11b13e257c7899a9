import type { Command } from '../command.js';
import { CoreError } from '../../core/errors.js';
import { createSso } from '../../core/sso/index.js';
import {
  ACCESS_POLICY_NAMES,
  applyGrant,
  enableAccessEntries,
  MODE_CHANGE_WARNING,
  planGrant,
  requireAccessEntrySupport,
  revokeGrant,
  validateSelection,
  type AccessPolicyName,
  type GrantPlan,
  type RevokeResult,
  type RevokeSelection,
} from '../../core/grant/index.js';
import { createCliCoreContext } from '../core-context.js';
import { parseOptions } from '../sso/parse-options.js';
import { loadContextSpecs } from './check.js';

const usage = 'eks-sso grant --context C [--scope cluster|namespace --namespace NS] [--policy P] [--dry-run] [--revoke] [--enable-access-entries] [--session NAME] [--json]';

function describePlan(plan: GrantPlan): string {
  const lines = [
    `Grant ${plan.request.policy} at ${plan.request.scope === 'cluster' ? 'cluster scope' : `namespace ${plan.request.namespace}`} for context ${plan.contextName}`,
    `  cluster:      ${plan.cluster.name} (account ${plan.cluster.accountId}, ${plan.cluster.region}), authentication mode ${plan.cluster.authenticationMode}`,
    `  principal:    ${plan.principalArn} (${plan.method === 'access-entry' ? 'full IAM ARN, as access entries need' : 'path-less ARN, as aws-auth needs'}${plan.principalConfirmed ? ', confirmed by iam:GetRole' : ''})`,
    `  acting role:  ${plan.actingRole}${plan.fallbackRoles.length ? ` (then ${plan.fallbackRoles.join(', ')} if refused)` : ''}`,
    `  method:       ${plan.method === 'access-entry' ? 'EKS access entry' : 'kube-system/aws-auth ConfigMap through the Kubernetes API'}`,
  ];
  if (plan.alreadyGranted) lines.push('  steps:        none: access is already in place');
  else plan.steps.forEach((step, index) => lines.push(`  ${index === 0 ? 'steps:' : '      '}        ${index + 1}. ${step.description}  [${step.call}]`));
  for (const warning of plan.warnings) lines.push(`  warning:      ${warning}`);
  if (plan.offerModeChange) {
    lines.push(`  note:         this cluster can switch to ${plan.offerModeChange.to} to use access entries instead (add --enable-access-entries). ${plan.offerModeChange.warning}`);
  }
  return `${lines.join('\n')}\n`;
}

function describeSelection(selection: RevokeSelection): string {
  const parts = [
    selection.namespace ? `in namespace ${selection.namespace}` : selection.scope ? `at ${selection.scope} scope` : '',
    selection.policy ? `of ${selection.policy}` : '',
  ].filter(Boolean);
  return parts.length ? ` ${parts.join(' ')}` : '';
}

function describeRevokePlan(contextName: string, revoked: RevokeResult): string {
  const lines = [`Would revoke for ${contextName} (nothing changed; run again without --dry-run to do it):`];
  for (const grant of revoked.grants) {
    const what = grant.request ? `${grant.request.policy} ${grant.request.scope === 'namespace' ? `in namespace ${grant.request.namespace}` : 'at cluster scope'}` : 'a grant';
    lines.push(`  ${what}, granted ${grant.time} as ${grant.actingRole} (${grant.method === 'access-entry' ? 'access entry' : 'aws-auth'}):`);
    for (const step of grant.undo) lines.push(`    - ${step}`);
  }
  return `${lines.join('\n')}\n`;
}

const command: Command = {
  summary:
    'Grant the context\'s role access to its cluster: an EKS access entry with an access policy on API clusters, an aws-auth mapping (plus Role/RoleBinding for namespace scope) on CONFIG_MAP clusters. Prints the plan first; --dry-run stops there; --revoke undoes what earlier grants created (only the matching ones with --scope/--namespace/--policy; with --dry-run it only says what it would undo).',
  usage,
  async run(cli) {
    const values = parseOptions(
      cli.argv,
      {
        context: { type: 'string' },
        session: { type: 'string' },
        scope: { type: 'string' },
        namespace: { type: 'string' },
        policy: { type: 'string' },
        'dry-run': { type: 'boolean' },
        revoke: { type: 'boolean' },
        'enable-access-entries': { type: 'boolean' },
        json: { type: 'boolean' },
      },
      usage,
    );
    if (!values.context) throw new CoreError('usage', '--context is required', { hint: `Usage: ${usage}` });
    const scope = values.scope ?? (values.namespace ? 'namespace' : 'cluster');
    if (scope !== 'cluster' && scope !== 'namespace') throw new CoreError('usage', '--scope takes cluster or namespace', { hint: `Usage: ${usage}` });
    if (values.policy !== undefined && !(ACCESS_POLICY_NAMES as readonly string[]).includes(values.policy)) {
      throw new CoreError('usage', `unknown policy "${values.policy}"`, { hint: `Use one of ${ACCESS_POLICY_NAMES.join(', ')}` });
    }
    if (values.revoke && values['enable-access-entries']) throw new CoreError('usage', '--revoke and --enable-access-entries do not go together', { hint: `Usage: ${usage}` });
    // Checked before anything is read: a revoke selection that makes no sense is a usage error.
    const selection = values.revoke
      ? validateSelection({
          ...(values.scope ? { scope } : {}),
          ...(values.namespace ? { namespace: values.namespace } : {}),
          ...(values.policy ? { policy: values.policy as AccessPolicyName } : {}),
        })
      : undefined;
    const context = createCliCoreContext(cli, { verbose: values.verbose === true });
    const sso = createSso(context);
    let [spec] = await loadContextSpecs(cli, context, sso, { contextName: values.context, ...(values.session ? { session: values.session } : {}) });
    if (!spec) throw new CoreError('not-found', `no eks-sso context named "${values.context}"`);
    const progress = (line: string) => {
      if (!values.json) cli.stderr.write(`eks-sso: ${line}\n`);
    };

    if (selection) {
      const dryRun = values['dry-run'] === true;
      const revoked = await revokeGrant(context, sso, spec, { signal: cli.signal, onProgress: progress, select: selection, dryRun });
      if (values.json) cli.stdout.write(`${JSON.stringify({ contextName: spec.contextName, ...revoked }, null, 2)}\n`);
      else if (revoked.grants.length === 0) cli.stdout.write(`Nothing to revoke: eks-sso has no outstanding grant${describeSelection(selection)} for ${spec.contextName}\n`);
      else if (dryRun) cli.stdout.write(describeRevokePlan(spec.contextName, revoked));
      else if (!revoked.changed) cli.stdout.write(`Nothing left to undo for ${spec.contextName}: what the grants created is already gone\n`);
      else cli.stdout.write(`Revoked for ${spec.contextName}:\n${revoked.undone.map((line) => `  - ${line}\n`).join('')}`);
      return 0;
    }

    if (values['enable-access-entries'] && spec.cluster.authenticationMode === 'CONFIG_MAP') {
      requireAccessEntrySupport(spec);
      if (values['dry-run']) {
        cli.stdout.write(`Would switch ${spec.cluster.name} from CONFIG_MAP to API_AND_CONFIG_MAP, then grant through an access entry. ${MODE_CHANGE_WARNING}\n`);
        return 0;
      }
      progress(MODE_CHANGE_WARNING);
      spec = (await enableAccessEntries(context, sso, spec, { signal: cli.signal, onProgress: progress })).spec;
    }
    const plan = await planGrant(context, sso, spec, { scope, ...(values.namespace ? { namespace: values.namespace } : {}), ...(values.policy ? { policy: values.policy as AccessPolicyName } : {}) }, { signal: cli.signal });
    const { spec: _spec, ...shown } = plan;
    if (values['dry-run']) {
      cli.stdout.write(values.json ? `${JSON.stringify(shown, null, 2)}\n` : describePlan(plan));
      return 0;
    }
    if (!values.json) cli.stdout.write(describePlan(plan));
    const applied = await applyGrant(context, sso, plan, { signal: cli.signal, onProgress: progress });
    if (values.json) {
      const { spec: _unused, ...appliedPlan } = applied.plan;
      cli.stdout.write(`${JSON.stringify({ plan: appliedPlan, changed: applied.changed, reachable: applied.reachable ?? null, check: applied.check ?? null }, null, 2)}\n`);
    } else if (applied.reachable) {
      cli.stdout.write(`${applied.changed ? 'Granted' : 'Already granted'}: ${spec.contextName} is ${applied.check?.status} (${applied.check?.summary})\n`);
    }
    if (applied.recheckError) {
      const cause = applied.recheckError;
      throw new CoreError(cause.code, `the grant was ${applied.changed ? 'made' : 'already in place'}, but ${spec.contextName} could not be checked: ${cause.message}`, {
        hint: cause.hint ?? `Run eks-sso check --context ${spec.contextName} again in a minute`,
        retryable: true,
      });
    }
    if (applied.check && !applied.reachable) {
      throw new CoreError('timeout', `the grant was ${applied.changed ? 'made' : 'already in place'}, but ${spec.contextName} still checks as ${applied.check.status}: ${applied.check.summary}`, {
        hint: 'EKS can take a little while; run eks-sso check --context again in a minute',
        retryable: true,
      });
    }
    return 0;
  },
};

export default command;
