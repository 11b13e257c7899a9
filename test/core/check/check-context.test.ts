// Checks against the demo sandbox: real HTTPS API servers with EKS token authentication,
// access entries, aws-auth and RBAC, and endpoints that hang, refuse or show the wrong CA.
import { cp } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkContext, checkContexts } from '../../../main/core/check/check-context.js';
import { demoYaml } from '../../sandbox/helpers/demo.js';
import { signedInOrg, type SignedInOrg } from './sandbox-org.js';
import { sandboxContext } from '../sso/sandbox-context.js';
import { createSso } from '../../../main/core/sso/index.js';
import { closedPort } from './closed-port.js';
import { KUBECTL, kubectl, kubectlVerdict } from './kubectl.js';
import type { EndpointBehavior } from '../../../sandbox/kube/contract.js';

let org: SignedInOrg;
beforeAll(async () => {
  org = await signedInOrg(demoYaml);
});
afterAll(async () => {
  await org?.close();
});

const ADMIN = /AdministratorAccess/;
function spec(account: string, role: RegExp, cluster: string) {
  const found = org.specs.find((one) => one.accountName === account && role.test(one.roleName) && one.cluster.name === cluster);
  if (!found) throw new Error(`no context ${account} ${role} ${cluster}`);
  return found;
}

describe('checkContext against the sandbox', () => {
  it('ok: nodes, Ready nodes, server version and who we are', async () => {
    const result = await checkContext(org.test.context, org.sso, spec('platform-prod', ADMIN, 'prod-api'));
    expect(result).toMatchObject({ status: 'ok', nodes: 3, readyNodes: 3 });
    expect(result.serverVersion).toMatch(/^v1\.31\./);
    expect(result.username).toContain('assumed-role/AWSReservedSSO_AdministratorAccess_');
    expect(result.summary).toContain('3 nodes, 3 Ready');
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('ok through aws-auth system:masters on a CONFIG_MAP cluster', async () => {
    const result = await checkContext(org.test.context, org.sso, spec('platform-prod', ADMIN, 'prod-legacy'));
    expect(result.status).toBe('ok');
    expect(result.groups).toContain('system:masters');
  });

  it('unauthorized (401) for a role with no access entry and no aws-auth mapping', async () => {
    const apiMode = await checkContext(org.test.context, org.sso, spec('shared-sandbox', ADMIN, 'sandbox-unknown'));
    expect(apiMode.status).toBe('unauthorized');
    expect(apiMode.summary).toMatch(/not mapped.*401/);
    const configMap = await checkContext(org.test.context, org.sso, spec('platform-prod', /ReadOnly/, 'prod-legacy'));
    expect(configMap.status).toBe('unauthorized');
    expect(configMap.summary).toContain('no aws-auth mapping');
  });

  it('forbidden on nodes, naming the namespace a namespace-scoped policy allows', async () => {
    const result = await checkContext(org.test.context, org.sso, spec('team-a-dev', /Developer/, 'dev-shared'));
    expect(result.status).toBe('forbidden');
    expect(result.namespaces).toEqual(['team-a']);
    expect(result.summary).toContain('namespaces: team-a');
    expect(result.detail).toContain('403');
  });

  it('unreachable and private-only for an endpoint that never answers, within the timeout', async () => {
    const result = await checkContext(org.test.context, org.sso, spec('shared-sandbox', ADMIN, 'dev-hang'), { timeoutMs: 800 });
    expect(result.status).toBe('unreachable');
    expect(result.privateOnly).toBe(true);
    expect(result.summary).toMatch(/private endpoint/);
    expect(result.detail).toMatch(/TLS handshake/);
  });

  it('not-active for a cluster that DescribeCluster reports as not ACTIVE', async () => {
    const base = spec('platform-prod', ADMIN, 'prod-api');
    const result = await checkContext(org.test.context, org.sso, { ...base, cluster: { ...base.cluster, status: 'UPDATING' } });
    expect(result).toMatchObject({ status: 'not-active', summary: 'cluster is UPDATING' });
  });

  it('hang, refuse and wrong-ca are unreachable, unreachable and tls; back to ok after', async () => {
    const target = spec('team-a-dev', ADMIN, 'dev-shared');
    try {
      await org.sandbox.admin.setEndpointBehavior('dev-shared', 'hang');
      const hung = await checkContext(org.test.context, org.sso, target, { timeoutMs: 800 });
      await org.sandbox.admin.setEndpointBehavior('dev-shared', 'refuse');
      const refused = await checkContext(org.test.context, org.sso, target);
      await org.sandbox.admin.setEndpointBehavior('dev-shared', 'wrong-ca');
      const wrongCa = await checkContext(org.test.context, org.sso, target);
      expect(hung.status).toBe('unreachable');
      expect(hung.privateOnly).toBeUndefined();
      expect(refused.status).toBe('unreachable');
      expect(refused.summary).toContain('connection refused');
      expect(wrongCa.status).toBe('tls');
      expect(wrongCa.summary).toContain("not signed by the cluster's CA");
    } finally {
      await org.sandbox.admin.setEndpointBehavior('dev-shared', 'answer');
    }
    expect((await checkContext(org.test.context, org.sso, target)).status).toBe('ok');
  });

  it('checks every context in one batch, one result each, as they finish', async () => {
    const seen: string[] = [];
    // Room for a busy machine: a check that runs out of time is (rightly) unreachable, not unauthorized.
    const results = await checkContexts(org.test.context, org.sso, org.specs, { timeoutMs: 8000, onResult: (result) => seen.push(result.contextName) });
    expect(results.map((result) => result.contextName)).toEqual(org.specs.map((one) => one.contextName));
    expect(seen.sort()).toEqual(org.specs.map((one) => one.contextName).sort());
    const byCluster = (name: string) => results.filter((result) => result.contextName.endsWith(`/${name}`)).map((result) => result.status);
    expect(byCluster('dev-hang')).toEqual(['unreachable', 'unreachable']);
    expect(byCluster('sandbox-unknown')).toEqual(['unauthorized', 'unauthorized']);
  });

  it.runIf(KUBECTL !== undefined)('kubectl get nodes reaches the same verdict as the check, context by context', async () => {
    const folder = org.test.home;
    // A hanging endpoint gets a short --request-timeout: kubectl retries discovery several times.
    const cases: Array<{ label: string; target: ReturnType<typeof spec>; behavior?: EndpointBehavior; requestTimeout?: string }> = [
      { label: 'cluster admin', target: spec('platform-prod', ADMIN, 'prod-api') },
      { label: 'no access entry', target: spec('shared-sandbox', ADMIN, 'sandbox-unknown') },
      { label: 'namespace-scoped', target: spec('team-a-dev', /Developer/, 'dev-shared') },
      { label: 'endpoint hangs', target: spec('shared-sandbox', ADMIN, 'dev-hang'), requestTimeout: '500ms' },
      { label: 'endpoint refuses', target: spec('team-a-dev', ADMIN, 'dev-shared'), behavior: 'refuse' },
      { label: 'wrong CA', target: spec('team-a-dev', ADMIN, 'dev-shared'), behavior: 'wrong-ca' },
    ];
    const verdicts: Array<{ label: string; check: string; kubectl: string }> = [];
    try {
      for (const { label, target, behavior, requestTimeout } of cases) {
        if (behavior) await org.sandbox.admin.setEndpointBehavior(target.cluster.name, behavior);
        const result = await checkContext(org.test.context, org.sso, target, { timeoutMs: 1500 });
        const run = await kubectl(org.test.context, org.sso, target, folder, ['get', 'nodes', '-o', 'name'], requestTimeout ? { requestTimeout } : {});
        verdicts.push({ label, check: result.status, kubectl: kubectlVerdict(run) });
        if (behavior) await org.sandbox.admin.setEndpointBehavior(target.cluster.name, 'answer');
      }
    } finally {
      await org.sandbox.admin.setEndpointBehavior('dev-shared', 'answer');
    }
    // Every verdict is one of the expected kinds (the cases are not all alike), and both sides agree.
    expect(verdicts.map((one) => one.check)).toEqual(['ok', 'unauthorized', 'forbidden', 'unreachable', 'unreachable', 'tls']);
    expect(verdicts.map((one) => ({ label: one.label, verdict: one.kubectl }))).toEqual(verdicts.map((one) => ({ label: one.label, verdict: one.check })));
    // Where the check names a usable namespace, kubectl can list pods there.
    const developer = spec('team-a-dev', /Developer/, 'dev-shared');
    const pods = await kubectl(org.test.context, org.sso, developer, folder, ['get', 'pods', '-n', 'team-a', '-o', 'name']);
    expect(pods.code).toBe(0);
    expect(pods.stdout).toContain('pod/web-');
  });

  it('a portal that fails or cannot be reached is unreachable with the reason, not unauthorized', async () => {
    const target = spec('platform-prod', ADMIN, 'prod-api');
    // The same signed-in session (its ~/.aws copied) with no role credentials cached, so every
    // check asks the portal; `extraEnv` can point the portal somewhere else.
    async function sameSession(extraEnv: Record<string, string> = {}) {
      const copy = await sandboxContext(org.sandbox.env, { extraEnv });
      await cp(path.join(org.test.home, '.aws'), path.join(copy.home, '.aws'), { recursive: true });
      return { copy, sso: createSso(copy.context) };
    }
    const failing = await sameSession();
    try {
      org.sandbox.admin.setFault('GetRoleCredentials', { errorRate: 1 });
      const result = await checkContext(failing.copy.context, failing.sso, target);
      org.sandbox.admin.setFault('GetRoleCredentials', null);
      expect(result.status).toBe('unreachable');
      expect(result.summary).toContain('the AWS access portal had an internal error');
      expect(result.detail).toContain('GetRoleCredentials failed');
      // A real refusal from the portal stays unauthorized.
      const notAssigned = await checkContext(failing.copy.context, failing.sso, { ...target, roleName: 'NoSuchRole' });
      expect(notAssigned.status).toBe('unauthorized');
      expect(notAssigned.summary).toContain('refused credentials for role NoSuchRole');
    } finally {
      org.sandbox.admin.setFault('GetRoleCredentials', null);
      await failing.copy.cleanup();
    }
    const offline = await sameSession({ AWS_ENDPOINT_URL_SSO: `http://127.0.0.1:${await closedPort()}` });
    try {
      const refused = await checkContext(offline.copy.context, offline.sso, target);
      expect(refused.status).toBe('unreachable');
      expect(refused.summary).toMatch(/cannot reach the AWS access portal \(ECONNREFUSED\)/);
    } finally {
      await offline.copy.cleanup();
    }
  });

  it('signed-out once the SSO session is gone (last: it signs out)', async () => {
    await org.sso.logout('org');
    const result = await checkContext(org.test.context, org.sso, spec('platform-prod', ADMIN, 'prod-api'));
    expect(result.status).toBe('signed-out');
    expect(result.summary).toContain('SSO session "org"');
  });
});
