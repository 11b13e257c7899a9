// Grants against the sandbox: access entries on API clusters, aws-auth on a CONFIG_MAP one,
// namespace scope, idempotence, revoke, refusals, concurrent aws-auth edits, and kubectl.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { CoreV1Api } from '@kubernetes/client-node';
import { checkContext } from '../../../main/core/check/check-context.js';
import { planGrant, applyGrant, revokeGrant, readAudit } from '../../../main/core/grant/index.js';
import { parseMapRoles } from '../../../main/core/grant/aws-auth-yaml.js';
import { editAwsAuth } from '../../../main/core/grant/aws-auth-configmap.js';
import { appendMapping } from '../../../main/core/grant/aws-auth-yaml.js';
import { kubeAsRole } from '../../../main/core/grant/kube-as-role.js';
import type { ContextSpec } from '../../../main/core/kubeconfig/contexts.js';
import type { CoreContext } from '../../../main/core/context.js';
import { signedInOrg, signIn, type SignedInOrg } from '../check/sandbox-org.js';
import { KUBECTL, kubectl } from '../check/kubectl.js';
import { GRANT_SCENARIO } from './scenario.js';

let org: SignedInOrg;
beforeAll(async () => {
  org = await signedInOrg(GRANT_SCENARIO, { user: 'alice@example.com' });
});
afterAll(async () => {
  await org?.close();
});

async function awsAuthText(spec: ContextSpec): Promise<string> {
  const admin = org.spec(spec.accountName, 'AdministratorAccess', spec.cluster.name);
  const credentials = await org.sso.roleCredentials({ session: admin.session, accountId: admin.accountId, roleName: admin.roleName });
  const kube = await kubeAsRole(org.test.context, admin, credentials, new AbortController().signal);
  try {
    const configMap = await kube.config.makeApiClient(CoreV1Api).readNamespacedConfigMap({ namespace: 'kube-system', name: 'aws-auth' });
    return configMap.data?.mapRoles ?? '';
  } finally {
    await kube.close();
  }
}

/** A context whose logger counts editAwsAuth's "read it again" lines: one per 409 Conflict retried. */
function retryCounter(): { context: CoreContext; count(): number } {
  let retries = 0;
  const context: CoreContext = {
    ...org.test.context,
    logger: {
      ...org.test.context.logger,
      info(message) {
        if (message === 'aws-auth changed while we edited it; reading it again') retries++;
      },
    },
  };
  return { context, count: () => retries };
}

describe('grant through access entries (API cluster)', () => {
  it('a 401 context is ok after the grant; a second grant changes nothing; revoke restores 401', async () => {
    const spec = org.spec('modern', 'ReadOnly', 'modern');
    expect((await checkContext(org.test.context, org.sso, spec)).status).toBe('unauthorized');

    const plan = await planGrant(org.test.context, org.sso, spec, { scope: 'cluster' });
    expect(plan.method).toBe('access-entry');
    // Identity Center in us-east-1: the full ARN has the aws-reserved path and no region segment.
    expect(plan.principalArn).toMatch(/^arn:aws:iam::555555555555:role\/aws-reserved\/sso\.amazonaws\.com\/AWSReservedSSO_ReadOnly_[0-9a-f]{16}$/);
    expect(plan.principalArnPathless).toMatch(/^arn:aws:iam::555555555555:role\/AWSReservedSSO_ReadOnly_[0-9a-f]{16}$/);
    // ReadOnly may not call iam:GetRole; AdministratorAccess confirms the full ARN instead.
    expect(plan.principalConfirmed).toBe(true);
    // ReadOnly may read but not create: it is the planned acting role, AdministratorAccess the fallback.
    expect(plan.steps.map((step) => step.call)).toEqual(['eks:CreateAccessEntry', 'eks:AssociateAccessPolicy']);
    expect(plan.steps[1]?.details).toMatchObject({ accessScope: { type: 'cluster' }, policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy' });

    const progress: string[] = [];
    const applied = await applyGrant(org.test.context, org.sso, plan, { onProgress: (line) => progress.push(line), waitTimeoutMs: 20_000 });
    expect(applied.changed).toBe(true);
    expect(applied.plan.actingRole).toContain('AdministratorAccess');
    expect(applied.check?.status).toBe('ok');
    expect(applied.reachable).toBe(true);
    expect(progress.join('\n')).toContain('create an access entry');

    const again = await planGrant(org.test.context, org.sso, spec, { scope: 'cluster' });
    expect(again.alreadyGranted).toBe(true);
    expect(again.steps).toEqual([]);
    expect((await applyGrant(org.test.context, org.sso, again, { waitForAccess: false })).changed).toBe(false);

    const audit = await readAudit(org.test.env);
    const record = audit.find((one) => one.contextName === spec.contextName && one.action === 'grant');
    expect(record).toMatchObject({ sessionUser: 'alice@example.com', principalArn: plan.principalArn, method: 'access-entry', outcome: 'applied' });
    expect(record?.changes.map((change) => change.type)).toEqual(['access-entry-created', 'access-policy-associated']);

    const revoked = await revokeGrant(org.test.context, org.sso, spec);
    expect(revoked.changed).toBe(true);
    expect(revoked.undone[0]).toContain('deleted the access entry');
    expect((await checkContext(org.test.context, org.sso, spec)).status).toBe('unauthorized');
    expect((await revokeGrant(org.test.context, org.sso, spec)).changed).toBe(false);
  });

  it('namespace scope: nodes stay forbidden, pods in that namespace are listable', async () => {
    const spec = org.spec('modern', 'ReadOnly', 'modern');
    const plan = await planGrant(org.test.context, org.sso, spec, { scope: 'namespace', namespace: 'web', policy: 'AmazonEKSAdminViewPolicy' });
    expect(plan.steps[1]?.details).toMatchObject({ accessScope: { type: 'namespace', namespaces: ['web'] } });
    const applied = await applyGrant(org.test.context, org.sso, plan, { waitTimeoutMs: 20_000 });
    expect(applied.check?.status).toBe('forbidden');
    expect(applied.check?.namespaces).toContain('web');
    expect(applied.check?.namespaces).not.toContain('jobs');
    if (KUBECTL) {
      const pods = await kubectl(org.test.context, org.sso, spec, org.test.home, ['get', 'pods', '-n', 'web', '-o', 'name']);
      expect(pods.stdout.trim()).toBe('pod/web-1');
      const nodes = await kubectl(org.test.context, org.sso, spec, org.test.home, ['get', 'nodes']);
      expect(nodes.stderr).toContain('Forbidden');
    }
    // A second namespace keeps the first: AssociateAccessPolicy replaces the scope.
    const more = await planGrant(org.test.context, org.sso, spec, { scope: 'namespace', namespace: 'jobs', policy: 'AmazonEKSAdminViewPolicy' });
    expect(more.steps.map((step) => step.call)).toEqual(['eks:AssociateAccessPolicy']);
    expect(more.steps[0]?.details).toMatchObject({ accessScope: { type: 'namespace', namespaces: ['web', 'jobs'] }, previousScope: { type: 'namespace', namespaces: ['web'] } });
    await applyGrant(org.test.context, org.sso, more, { waitForAccess: false });
    await revokeGrant(org.test.context, org.sso, spec);
    expect((await checkContext(org.test.context, org.sso, spec)).status).toBe('unauthorized');
  });

  it('a namespace no role can see is planned with a warning, since EKS does not check names', async () => {
    const spec = org.spec('modern', 'ReadOnly', 'modern');
    const plan = await planGrant(org.test.context, org.sso, spec, { scope: 'namespace', namespace: 'maybe' });
    expect(plan.warnings.join('\n')).toContain('could not confirm that namespace maybe exists');
  });

  it('a role without permission, and no other role to fall back on, gets a clear refusal', async () => {
    const bob = await signIn(org.sandbox, 'bob@example.com');
    try {
      const spec = bob.spec('modern', 'ReadOnly', 'modern');
      const plan = await planGrant(bob.test.context, bob.sso, spec, { scope: 'cluster' });
      expect(plan.fallbackRoles).toEqual([]);
      expect(plan.principalConfirmed).toBe(false);
      expect(plan.warnings.join('\n')).toMatch(/full ARN not confirmed: iam:GetRole is not allowed; the full ARN is derived from the Identity Center region us-east-1/);
      const failure = applyGrant(bob.test.context, bob.sso, plan);
      await expect(failure).rejects.toMatchObject({ code: 'access-denied' });
      await expect(failure).rejects.toThrow(new RegExp(`not allowed to create access entries on cluster modern \\(tried role ${spec.roleName}\\)`));
      const audit = await readAudit(bob.test.env);
      expect(audit.at(-1)).toMatchObject({ outcome: 'failed', changes: [] });
    } finally {
      await bob.close();
      org.sandbox.admin.setAutoApprove('alice@example.com');
    }
  });

  it('a cluster that is not ACTIVE is refused', async () => {
    const spec = org.spec('modern', 'ReadOnly', 'modern');
    await expect(planGrant(org.test.context, org.sso, { ...spec, cluster: { ...spec.cluster, status: 'UPDATING' } }, { scope: 'cluster' })).rejects.toThrow(/is UPDATING, not ACTIVE/);
  });
});

describe('grant through aws-auth (CONFIG_MAP cluster)', () => {
  it('maps the path-less ARN as system:masters, keeping every other entry byte for byte; revoke restores the text', async () => {
    const spec = org.spec('legacy', 'ReadOnly', 'legacy');
    const before = await awsAuthText(spec);
    expect((await checkContext(org.test.context, org.sso, spec)).status).toBe('unauthorized');

    const plan = await planGrant(org.test.context, org.sso, spec, { scope: 'cluster' });
    expect(plan.method).toBe('aws-auth');
    expect(plan.principalArn).toBe(plan.principalArnPathless);
    expect(plan.principalArn).not.toContain('aws-reserved');
    expect(plan.actingRole).toContain('AdministratorAccess');
    expect(plan.steps).toHaveLength(1);
    expect(plan.steps[0]?.call).toBe('PUT configmaps/kube-system/aws-auth');
    expect(plan.offerModeChange).toMatchObject({ from: 'CONFIG_MAP', to: 'API_AND_CONFIG_MAP' });
    expect(plan.offerModeChange?.warning).toMatch(/cannot be undone/);

    const applied = await applyGrant(org.test.context, org.sso, plan, { waitTimeoutMs: 20_000 });
    expect(applied.check?.status).toBe('ok');
    expect(applied.check?.groups).toContain('system:masters');
    const after = await awsAuthText(spec);
    expect(after.startsWith(before)).toBe(true);
    const entries = parseMapRoles(after);
    expect(entries.slice(0, -1)).toEqual(parseMapRoles(before));
    expect(entries.at(-1)).toMatchObject({ rolearn: plan.principalArnPathless, groups: ['system:masters'] });

    const record = (await readAudit(org.test.env)).findLast((one) => one.contextName === spec.contextName);
    const change = record?.changes[0];
    expect(change?.type).toBe('aws-auth-entry-added');
    const backup = JSON.parse(await readFile(change && 'backupFile' in change ? change.backupFile : '', 'utf8')) as { data: { mapRoles: string } };
    expect(backup.data.mapRoles).toBe(before);

    expect((await planGrant(org.test.context, org.sso, spec, { scope: 'cluster' })).alreadyGranted).toBe(true);

    await revokeGrant(org.test.context, org.sso, spec);
    expect(await awsAuthText(spec)).toBe(before);
    expect((await checkContext(org.test.context, org.sso, spec)).status).toBe('unauthorized');
  });

  it('namespace scope: a mapping without groups plus a Role and RoleBinding; revoke removes all three', async () => {
    const spec = org.spec('legacy', 'Developer', 'legacy');
    const before = await awsAuthText(spec);
    const plan = await planGrant(org.test.context, org.sso, spec, { scope: 'namespace', namespace: 'billing', policy: 'AmazonEKSEditPolicy' });
    expect(plan.steps.map((step) => step.call)).toEqual(['PUT configmaps/kube-system/aws-auth', 'POST roles/billing/eks-sso-edit', expect.stringMatching(/^POST rolebindings\/billing\/eks-sso-edit-developer$/)]);
    const applied = await applyGrant(org.test.context, org.sso, plan, { waitTimeoutMs: 20_000 });
    expect(applied.check?.status).toBe('forbidden');
    expect(applied.check?.namespaces).toEqual(['billing']);
    const mapping = parseMapRoles(await awsAuthText(spec)).at(-1);
    expect(mapping).toEqual({ rolearn: plan.principalArnPathless, username: `eks-sso:${spec.roleName}` });
    const revoked = await revokeGrant(org.test.context, org.sso, spec);
    expect(revoked.undone).toHaveLength(3);
    expect(await awsAuthText(spec)).toBe(before);
    expect((await checkContext(org.test.context, org.sso, spec)).status).toBe('unauthorized');
  });

  it('revoke selections: the cluster-admin group comes off alone; the namespace grant under it is refused until then', async () => {
    const spec = org.spec('legacy', 'Developer', 'legacy');
    const before = await awsAuthText(spec);
    const namespaced = await planGrant(org.test.context, org.sso, spec, { scope: 'namespace', namespace: 'billing' });
    await applyGrant(org.test.context, org.sso, namespaced, { waitForAccess: false });
    const admin = await planGrant(org.test.context, org.sso, spec, { scope: 'cluster' });
    expect(admin.steps.map((step) => step.details.edit)).toEqual(['add-group']);
    await applyGrant(org.test.context, org.sso, admin, { waitForAccess: false });

    await expect(revokeGrant(org.test.context, org.sso, spec, { select: { namespace: 'billing' } })).rejects.toMatchObject({
      code: 'usage',
      message: expect.stringContaining('it added the aws-auth mapping the later grant uses'),
    });
    const arn = admin.principalArnPathless;
    const dry = await revokeGrant(org.test.context, org.sso, spec, { select: { scope: 'cluster' }, dryRun: true });
    expect(dry.grants.map((grant) => grant.undo)).toEqual([[`remove group system:masters from the aws-auth entry for ${arn}`]]);
    const withoutAdmin = await revokeGrant(org.test.context, org.sso, spec, { select: { scope: 'cluster' } });
    expect(withoutAdmin.undone).toEqual([`removed group system:masters from the aws-auth entry for ${arn}`]);
    const check = await checkContext(org.test.context, org.sso, spec);
    expect(check.status).toBe('forbidden');
    expect(check.namespaces).toEqual(['billing']);

    expect((await revokeGrant(org.test.context, org.sso, spec, { select: { namespace: 'billing' } })).undone).toHaveLength(3);
    expect(await awsAuthText(spec)).toBe(before);
  });

  it('a namespace that does not exist is refused before anything changes', async () => {
    const spec = org.spec('legacy', 'Developer', 'legacy');
    const before = await awsAuthText(spec);
    await expect(planGrant(org.test.context, org.sso, spec, { scope: 'namespace', namespace: 'nope' })).rejects.toThrow(/namespace nope does not exist on cluster legacy/);
    expect(await awsAuthText(spec)).toBe(before);
  });

  it('concurrent aws-auth edits lose nothing (409 Conflict → re-read and retry)', async () => {
    const admin = org.spec('legacy', 'AdministratorAccess', 'legacy');
    const before = parseMapRoles(await awsAuthText(admin));
    const credentials = await org.sso.roleCredentials({ session: admin.session, accountId: admin.accountId, roleName: admin.roleName });
    const cluster = { name: 'legacy', region: 'us-east-1', accountId: admin.accountId };
    const roles = Array.from({ length: 6 }, (_, index) => `arn:aws:iam::444444444444:role/concurrent-${index}`);
    const writers = await Promise.all(roles.map(() => kubeAsRole(org.test.context, admin, credentials, new AbortController().signal)));
    // Six writers read the same version; all but one get 409 Conflict and must re-read and retry.
    const retried = retryCounter();
    try {
      await Promise.all(roles.map((rolearn, index) => editAwsAuth(retried.context, writers[index]!, cluster, (mapRoles) => appendMapping(mapRoles, { rolearn, username: `c${index}` }))));
    } finally {
      await Promise.all(writers.map((writer) => writer.close()));
    }
    expect(retried.count()).toBeGreaterThanOrEqual(1);
    const after = parseMapRoles(await awsAuthText(admin));
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.slice(before.length).map((entry) => (entry as { rolearn: string }).rolearn).sort()).toEqual([...roles].sort());
  });

  it('two grants for two roles applied at once both land, and revoking both restores the text', async () => {
    const readOnly = org.spec('legacy', 'ReadOnly', 'legacy');
    const developer = org.spec('legacy', 'Developer', 'legacy');
    const before = await awsAuthText(readOnly);
    const plans = await Promise.all([readOnly, developer].map((spec) => planGrant(org.test.context, org.sso, spec, { scope: 'cluster' })));
    const applied = await Promise.all(plans.map((plan) => applyGrant(org.test.context, org.sso, plan, { waitTimeoutMs: 20_000 })));
    expect(applied.map((one) => [one.changed, one.check?.status])).toEqual([
      [true, 'ok'],
      [true, 'ok'],
    ]);
    const entries = parseMapRoles(await awsAuthText(readOnly));
    expect(entries.slice(0, parseMapRoles(before).length)).toEqual(parseMapRoles(before));
    for (const plan of plans) expect(entries).toContainEqual(expect.objectContaining({ rolearn: plan.principalArnPathless, groups: ['system:masters'] }));
    await revokeGrant(org.test.context, org.sso, readOnly);
    await revokeGrant(org.test.context, org.sso, developer);
    expect(await awsAuthText(readOnly)).toBe(before);
  });
});
