// The grant's refusals against the sandbox, each one line that says what to do: a platform
// version too old for access entries, no aws-auth, an aws-auth that does not parse (never
// written), no role that may edit aws-auth, a namespace that does not exist; portal failures
// reported as themselves, not as missing permissions; and the audit log of a revoke that fails
// part way and of an authentication mode change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CoreV1Api, type V1ConfigMap } from '@kubernetes/client-node';
import { productConfigDir, type Clock } from '../../../main/core/context.js';
import { CoreError } from '../../../main/core/errors.js';
import { createSso } from '../../../main/core/sso/index.js';
import { roleCredentialsKey } from '../../../main/core/sso/role-credentials-cache.js';
import { accountsCacheFile } from '../../../main/core/sso/accounts-cache.js';
import { httpStatusOf } from '../../../main/core/check/kube-client.js';
import { applyGrant, enableAccessEntries, planGrant, readAudit, revokeGrant } from '../../../main/core/grant/index.js';
import { kubeAsRole } from '../../../main/core/grant/kube-as-role.js';
import type { ContextSpec } from '../../../main/core/kubeconfig/contexts.js';
import { signedInOrg, type SignedInOrg } from '../check/sandbox-org.js';
import { ERROR_SCENARIO } from './error-scenario.js';
import { runEksSso } from './run-cli.js';

let org: SignedInOrg;
beforeAll(async () => {
  org = await signedInOrg(ERROR_SCENARIO, { user: 'alice@example.com' });
  const settings = path.join(productConfigDir(org.test.env), 'settings.json');
  await mkdir(path.dirname(settings), { recursive: true });
  await writeFile(settings, JSON.stringify({ regions: ['us-east-1'] }));
});
afterAll(async () => {
  await org?.close();
});

const spec = (role: string, cluster: string) => org.spec('edge', role, cluster);

/** The rejection of `promise`, which must be a CoreError. */
async function refusal(promise: Promise<unknown>): Promise<CoreError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(CoreError);
  return error as CoreError;
}

/** One line a person reads, ending in what to do. */
function expectOneLineWithHint(error: CoreError): void {
  expect(error.toLine()).not.toContain('\n');
  expect(error.hint).toBeTruthy();
}

/** kube-system/aws-auth as the cluster's creator (or mapped admin) sees it; null when there is none. */
async function awsAuth(cluster: string, change?: (configMap: V1ConfigMap) => V1ConfigMap): Promise<V1ConfigMap | null> {
  const admin = spec('AdministratorAccess', cluster);
  const credentials = await org.sso.roleCredentials({ session: admin.session, accountId: admin.accountId, roleName: admin.roleName });
  const kube = await kubeAsRole(org.test.context, admin, credentials, new AbortController().signal);
  try {
    const api = kube.config.makeApiClient(CoreV1Api);
    try {
      const current = await api.readNamespacedConfigMap({ namespace: 'kube-system', name: 'aws-auth' });
      return change ? await api.replaceNamespacedConfigMap({ namespace: 'kube-system', name: 'aws-auth', body: change(current) }) : current;
    } catch (error) {
      if (httpStatusOf(error) === 404) return null;
      throw error;
    }
  } finally {
    await kube.close();
  }
}

function snapshot(configMap: V1ConfigMap | null): unknown {
  return configMap && { data: configMap.data, resourceVersion: configMap.metadata?.resourceVersion };
}

describe('a platform version too old for access entries', () => {
  it('plans through aws-auth with a warning and offers no mode change', async () => {
    const plan = await planGrant(org.test.context, org.sso, spec('ReadOnly', 'old-platform'), { scope: 'cluster' });
    expect(plan.method).toBe('aws-auth');
    expect(plan.offerModeChange).toBeUndefined();
    expect(plan.warnings).toContain('platform version 1.28 eks.5 is too old for access entries: aws-auth is the only way on this cluster');
  });

  it('refuses to switch the cluster to access entries, in the API and on the command line (dry run too)', async () => {
    const context = spec('ReadOnly', 'old-platform');
    const error = await refusal(enableAccessEntries(org.test.context, org.sso, context));
    expect(error.code).toBe('invalid-input');
    expect(error.message).toBe('cluster old-platform runs Kubernetes 1.28 on platform version eks.5, too old for access entries');
    expect(error.hint).toContain(`until then grant through aws-auth: eks-sso grant --context ${context.contextName}`);
    expectOneLineWithHint(error);
    for (const extra of [['--dry-run'], []]) {
      const run = await runEksSso(org.test.env, ['grant', '--context', context.contextName, '--enable-access-entries', ...extra]);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^eks-sso: cluster old-platform runs Kubernetes 1\.28 on platform version eks\.5, too old for access entries\. Upgrade .*\n$/);
    }
  });
});

describe('aws-auth missing or unparsable', () => {
  it('no aws-auth ConfigMap: refused in words, naming the switch to access entries, and nothing is created', async () => {
    const context = spec('ReadOnly', 'no-aws-auth');
    const error = await refusal(planGrant(org.test.context, org.sso, context, { scope: 'cluster' }));
    expect(error.code).toBe('not-found');
    expect(error.message).toBe('cluster no-aws-auth has no kube-system/aws-auth ConfigMap');
    expect(error.hint).toContain(`eks-sso grant --context ${context.contextName} --enable-access-entries`);
    expectOneLineWithHint(error);
    expect(await awsAuth('no-aws-auth')).toBeNull();
  });

  it('a mapRoles that does not parse: the plan aborts and the ConfigMap is untouched', async () => {
    const before = snapshot(await awsAuth('broken-map-roles'));
    const error = await refusal(planGrant(org.test.context, org.sso, spec('ReadOnly', 'broken-map-roles'), { scope: 'cluster' }));
    expect(error.code).toBe('corrupt-file');
    expect(error.message).toMatch(/^kube-system\/aws-auth has a mapRoles value that does not parse \(.+\)$/);
    expect(error.hint).toBe('Nothing was changed. Fix it first, e.g. kubectl edit -n kube-system configmap/aws-auth');
    expectOneLineWithHint(error);
    expect(snapshot(await awsAuth('broken-map-roles'))).toEqual(before);
  });

  it('a mapRoles that breaks between plan and apply: the apply aborts, writes nothing, and the audit log says it failed', async () => {
    const context = spec('ReadOnly', 'broken-map-roles');
    const broken = (await awsAuth('broken-map-roles'))?.data?.mapRoles ?? '';
    const valid = `- rolearn: arn:aws:iam::${context.accountId}:role/eks-node-group-role\n  username: system:node:{{EC2PrivateDNSName}}\n  groups: [system:nodes]\n`;
    await awsAuth('broken-map-roles', (configMap) => ({ ...configMap, data: { ...configMap.data, mapRoles: valid } }));
    const plan = await planGrant(org.test.context, org.sso, context, { scope: 'namespace', namespace: 'web', policy: 'AmazonEKSEditPolicy' });
    expect(plan.steps.map((step) => step.call)).toEqual(['PUT configmaps/kube-system/aws-auth', 'POST roles/web/eks-sso-edit', 'POST rolebindings/web/eks-sso-edit-readonly']);
    const before = snapshot(await awsAuth('broken-map-roles', (configMap) => ({ ...configMap, data: { ...configMap.data, mapRoles: broken } })));

    const error = await refusal(applyGrant(org.test.context, org.sso, plan, { waitForAccess: false }));
    expect(error.code).toBe('corrupt-file');
    expect(error.message).toContain('does not parse');
    expect(snapshot(await awsAuth('broken-map-roles'))).toEqual(before);
    const record = (await readAudit(org.test.env)).findLast((one) => one.contextName === context.contextName);
    expect(record).toMatchObject({ action: 'grant', outcome: 'failed', changes: [] });
    expect(record?.error).toContain('does not parse');
  });
});

describe('no role may edit aws-auth', () => {
  it('names every role tried and the command that switches to access entries', async () => {
    const context = spec('ReadOnly', 'unmapped');
    const error = await refusal(planGrant(org.test.context, org.sso, context, { scope: 'cluster' }));
    expect(error.code).toBe('access-denied');
    expect(error.message).toMatch(/^none of your roles can edit kube-system\/aws-auth on cluster unmapped \(tried roles ReadOnly, (AdministratorAccess, NoEks|NoEks, AdministratorAccess)\)$/);
    expect(error.hint).toContain(`eks-sso grant --context ${context.contextName} --enable-access-entries`);
    expectOneLineWithHint(error);
    const run = await runEksSso(org.test.env, ['grant', '--context', context.contextName]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`eks-sso grant --context ${context.contextName} --enable-access-entries`);
  });

  it('on a platform too old for access entries, says so instead of offering the switch', async () => {
    const error = await refusal(planGrant(org.test.context, org.sso, spec('ReadOnly', 'old-unmapped'), { scope: 'cluster' }));
    expect(error.code).toBe('access-denied');
    expect(error.hint).toContain('platform version 1.28 eks.5 is too old for access entries');
    expect(error.hint).not.toContain('--enable-access-entries');
    expectOneLineWithHint(error);
  });
});

describe('access entries: a namespace that does not exist', () => {
  it('is refused by the plan when a role can see the namespaces; an existing one is planned without a warning', async () => {
    const context = spec('ReadOnly', 'entries');
    const error = await refusal(planGrant(org.test.context, org.sso, context, { scope: 'namespace', namespace: 'nope' }));
    expect(error.code).toBe('not-found');
    expect(error.message).toBe('namespace nope does not exist on cluster entries');
    expectOneLineWithHint(error);
    const plan = await planGrant(org.test.context, org.sso, context, { scope: 'namespace', namespace: 'web' });
    expect(plan.method).toBe('access-entry');
    expect(plan.warnings).toEqual([]);
  });
});

describe('the AWS access portal failing is not a missing permission', () => {
  // The real Sso with retries that do not wait, so a failing portal answers in milliseconds.
  const instant: Clock = { now: () => Date.now(), sleep: async () => {} };
  const forget = (context: ContextSpec, role: string) => org.test.context.secrets.delete(roleCredentialsKey({ session: context.session, accountId: context.accountId, roleName: role }));
  const failPortal = () => org.sandbox.admin.setFault('GetRoleCredentials', { errorRate: 1 });
  const healPortal = () => org.sandbox.admin.setFault('GetRoleCredentials', null);

  it('applying through access entries: the fallback role the portal will not hand out (failing, then throttling)', async () => {
    const context = spec('ReadOnly', 'entries');
    const adminRole = spec('AdministratorAccess', 'entries').roleName;
    const plan = await planGrant(org.test.context, org.sso, context, { scope: 'cluster' });
    expect(plan.actingRole).toBe(context.roleName);
    expect(plan.fallbackRoles).toContain(adminRole);
    const cases = [
      { fault: { errorRate: 1 }, code: 'aws', message: 'could not get credentials for role AdministratorAccess: the AWS access portal had an internal error' },
      { fault: { throttle: { rate: 0.001, burst: 1 } }, code: 'throttled', message: 'could not get credentials for role AdministratorAccess: the AWS access portal is throttling requests' },
    ];
    for (const { fault, code, message } of cases) {
      const sso = createSso({ ...org.test.context, clock: instant });
      org.sandbox.admin.setFault('GetRoleCredentials', fault);
      try {
        // The throttle's one token goes to another role first.
        await forget(context, 'NoEks');
        if (fault.throttle) await sso.roleCredentials({ session: context.session, accountId: context.accountId, roleName: 'NoEks' });
        await forget(context, adminRole);
        const error = await refusal(applyGrant(org.test.context, sso, plan, { waitForAccess: false }));
        expect(error.code).toBe(code);
        expect(error.message).toBe(message);
        expect(error.message).not.toMatch(/not allowed|none of your roles/);
        expectOneLineWithHint(error);
      } finally {
        healPortal();
      }
    }
  });

  it('planning through aws-auth: the admin role the portal will not hand out', async () => {
    const context = spec('ReadOnly', 'old-platform');
    const sso = createSso({ ...org.test.context, clock: instant });
    await forget(context, spec('AdministratorAccess', 'old-platform').roleName);
    failPortal();
    try {
      const error = await refusal(planGrant(org.test.context, sso, context, { scope: 'cluster' }));
      expect(error.code).toBe('aws');
      expect(error.message).toContain('could not get credentials for role AdministratorAccess: the AWS access portal had an internal error');
      expect(error.message).not.toContain('none of your roles');
    } finally {
      healPortal();
    }
  });

  it('listing your roles fails: said so, not "not allowed" after trying the one role known', async () => {
    const context = spec('ReadOnly', 'entries');
    const sso = createSso({ ...org.test.context, clock: instant });
    const cache = accountsCacheFile(org.test.env, context.session);
    const saved = await readFile(cache);
    await rm(cache);
    org.sandbox.admin.setFault('ListAccountRoles', { errorRate: 1 });
    try {
      // Without the listing only ReadOnly was known, and the grant later failed as "not allowed".
      const error = await refusal(planGrant(org.test.context, sso, context, { scope: 'cluster' }));
      expect(error.code).toBe('aws');
      expect(error.message).toBe('could not list your roles in account edge: the AWS access portal had an internal error');
    } finally {
      org.sandbox.admin.setFault('ListAccountRoles', null);
      await writeFile(cache, saved);
    }
  });

  it('the re-check after a grant: the cause is the portal, not the grant', async () => {
    const context = spec('NoEks', 'entries');
    const plan = await planGrant(org.test.context, org.sso, context, { scope: 'cluster' });
    expect(plan.actingRole).toBe(spec('AdministratorAccess', 'entries').roleName);
    const sso = createSso({ ...org.test.context, clock: instant });
    await forget(context, context.roleName);
    failPortal();
    try {
      const applied = await applyGrant(org.test.context, sso, plan, { waitTimeoutMs: 1500 });
      expect(applied.changed).toBe(true);
      expect(applied.reachable).toBe(false);
      expect(applied.recheckError?.code).toBe('aws');
      expect(applied.recheckError?.message).toBe('could not get credentials for role NoEks: the AWS access portal had an internal error');
    } finally {
      healPortal();
    }
    // With the portal back, the same grant shows, and the re-check reports nothing.
    const again = await applyGrant(org.test.context, org.sso, await planGrant(org.test.context, org.sso, context, { scope: 'cluster' }), { waitTimeoutMs: 20_000 });
    expect(again).toMatchObject({ changed: false, reachable: true });
    expect(again.recheckError).toBeUndefined();
    await revokeGrant(org.test.context, org.sso, context);
  });
});

describe('the audit log', () => {
  it('a revoke that fails part way records what it undid, and a second revoke finishes the job', async () => {
    const context = spec('ReadOnly', 'entries');
    const namespaced = await planGrant(org.test.context, org.sso, context, { scope: 'namespace', namespace: 'web' });
    await applyGrant(org.test.context, org.sso, namespaced, { waitForAccess: false });
    const admin = await planGrant(org.test.context, org.sso, context, { scope: 'cluster' });
    await applyGrant(org.test.context, org.sso, admin, { waitForAccess: false });
    const grants = (await readAudit(org.test.env)).filter((one) => one.contextName === context.contextName && one.action === 'grant' && one.outcome === 'applied').slice(-2);
    expect(grants.map((one) => one.request?.scope)).toEqual(['namespace', 'cluster']);

    // The newest grant (cluster admin) is undone; deleting the entry of the older one fails.
    org.sandbox.admin.setFault('DeleteAccessEntry', { errorRate: 1 });
    try {
      const error = await refusal(revokeGrant(org.test.context, org.sso, context));
      expect(error.message).toMatch(/^EKS refused eks:DeleteAccessEntry while undoing the grant on entries \(ServerException: .*\)$/);
    } finally {
      org.sandbox.admin.setFault('DeleteAccessEntry', null);
    }
    const partial = (await readAudit(org.test.env)).at(-1);
    expect(partial).toMatchObject({
      action: 'revoke',
      outcome: 'partial',
      sessionUser: 'alice@example.com',
      revokes: [grants[1]!.id],
      undone: ['disassociated AmazonEKSClusterAdminPolicy'],
    });
    expect(partial?.error).toContain('eks:DeleteAccessEntry');

    const finished = await revokeGrant(org.test.context, org.sso, context);
    expect(finished.grants.map((one) => one.grantId)).toEqual([grants[0]!.id]);
    expect(finished.undone).toEqual([expect.stringContaining('deleted the access entry')]);
    expect((await readAudit(org.test.env)).at(-1)).toMatchObject({ action: 'revoke', outcome: 'applied', revokes: [grants[0]!.id] });
    expect((await revokeGrant(org.test.context, org.sso, context)).grants).toEqual([]);
  });

  it('an authentication mode change names the user and the role that made it', async () => {
    const context = spec('ReadOnly', 'switchable');
    const result = await enableAccessEntries(org.test.context, org.sso, context, { waitTimeoutMs: 60_000 });
    expect(result.changed).toBe(true);
    const record = (await readAudit(org.test.env)).findLast((one) => one.action === 'mode-change');
    expect(record).toMatchObject({ contextName: context.contextName, sessionUser: 'alice@example.com', actingRole: result.actingRole, outcome: 'applied' });
    expect(result.actingRole).toBe('AdministratorAccess');
    expect(record?.principalArn).toMatch(/^arn:aws:iam::666666666666:role\/AWSReservedSSO_AdministratorAccess_[0-9a-f]{16}$/);
  });
});
