// The admin HTTP API (what the CLI-started sandbox offers instead of handle.admin), its checks
// of fault settings against the scenario schema, and auto-approval of sign-ins.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateTokenCommand, RegisterClientCommand, StartDeviceAuthorizationCommand } from '@aws-sdk/client-sso-oidc';
import { ListAccountsCommand } from '@aws-sdk/client-sso';
import { startSandbox } from '../../sandbox/index.js';
import type { SandboxHandle } from '../../sandbox/index.js';
import { oidcClient, portalClient } from './helpers/clients.js';
import { demoYaml } from './helpers/demo.js';
import { kubeRequest } from './kube/kube-request.js';

let sandbox: SandboxHandle;

beforeAll(async () => {
  sandbox = await startSandbox(demoYaml, { clusterServers: 'lazy', autoApprove: true, autoApproveDelayMs: 50 });
});
afterAll(async () => {
  await sandbox?.close();
});

async function admin(method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${sandbox.adminUrl}${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function deviceSignIn() {
  const oidc = oidcClient(sandbox);
  const client = await oidc.send(new RegisterClientCommand({ clientName: 'admin-test', clientType: 'public', scopes: ['sso:account:access'] }));
  const device = await oidc.send(new StartDeviceAuthorizationCommand({ clientId: client.clientId, clientSecret: client.clientSecret, startUrl: sandbox.startUrl }));
  const poll = () =>
    oidc.send(new CreateTokenCommand({ clientId: client.clientId, clientSecret: client.clientSecret, grantType: 'urn:ietf:params:oauth:grant-type:device_code', deviceCode: device.deviceCode }));
  return { device, poll };
}

async function pollUntilToken(poll: () => Promise<{ accessToken?: string }>, intervalMs: number): Promise<string> {
  for (let attempt = 0; attempt < 10; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    try {
      return (await poll()).accessToken ?? '';
    } catch (error) {
      if ((error as Error).name !== 'AuthorizationPendingException') throw error;
    }
  }
  throw new Error('never approved');
}

describe('admin HTTP API', () => {
  it('describes the sandbox', async () => {
    const { status, json } = await admin('GET', '/');
    expect(status).toBe(200);
    expect(json).toEqual({ startUrl: sandbox.startUrl, region: sandbox.region, env: sandbox.env });
  });

  it('auto-approves device sign-ins as the first user, then approves by code once auto-approve is off', async () => {
    const automatic = await deviceSignIn();
    const token = await pollUntilToken(automatic.poll, 1000);
    const accounts = await portalClient(sandbox).send(new ListAccountsCommand({ accessToken: token }));
    expect(accounts.accountList).toHaveLength(3);

    expect((await admin('POST', '/auto-approve', { user: false })).status).toBe(200);
    const manual = await deviceSignIn();
    const pending = await admin('GET', '/devices');
    expect(pending.json.devices).toEqual([expect.objectContaining({ userCode: manual.device.userCode, startUrl: sandbox.startUrl })]);
    expect((await admin('POST', '/devices/approve', { userCode: manual.device.userCode, user: 'bob@example.com' })).status).toBe(200);
    const bobToken = await pollUntilToken(manual.poll, 1000);
    expect((await portalClient(sandbox).send(new ListAccountsCommand({ accessToken: bobToken }))).accountList).toHaveLength(1);
    expect((await admin('POST', '/devices/approve', { userCode: manual.device.userCode })).status).toBe(404);
  });

  it('sets and clears faults', async () => {
    const set = await admin('POST', '/faults', { operation: 'ListAccounts', throttle: { rate: 1, burst: 5 }, latencyMs: 10 });
    expect(set.json.faults).toEqual({ ListAccounts: { throttle: { rate: 1, burst: 5 }, latencyMs: 10 } });
    expect((await admin('POST', '/faults', { operation: 'ListAccounts', errorRate: 2 })).status).toBe(400);
    expect((await admin('DELETE', '/faults')).json).toEqual({ ok: true });
    expect((await admin('GET', '/faults')).json).toEqual({ faults: {} });
  });

  it('refuses fault settings the scenario schema does not know, naming the key, and stores nothing', async () => {
    const typo = await admin('POST', '/faults', { operation: 'ListAccounts', latency: 200 });
    expect(typo.status).toBe(400);
    expect(typo.json.error).toMatch(/unknown fault setting "latency" \(expected latencyMs, throttle, errorRate/);
    const nested = await admin('POST', '/faults', { operation: 'ListAccounts', throttle: { rate: 1, bursts: 5 } });
    expect(nested.status).toBe(400);
    expect(nested.json.error).toContain('"throttle.bursts"');
    const wrongType = await admin('POST', '/faults', { operation: 'ListAccounts', latencyMs: '200' });
    expect(wrongType.status).toBe(400);
    expect(wrongType.json.error).toMatch(/^latencyMs: /);
    expect((await admin('POST', '/faults', { operation: 'ListAccounts', clear: 'yes' })).status).toBe(400);
    // In process too: a variable (no excess-property check) with a typo beside a real key.
    const misspelt = { latencyMs: 5, latency: 5 };
    expect(() => sandbox.admin.setFault('ListAccounts', misspelt)).toThrow(/unknown fault setting "latency"/);
    expect((await admin('GET', '/faults')).json).toEqual({ faults: {} });

    // Clearing one setting with null stays possible.
    await admin('POST', '/faults', { operation: 'ListAccounts', throttle: { rate: 1, burst: 5 }, latencyMs: 10 });
    expect((await admin('POST', '/faults', { operation: 'ListAccounts', throttle: null })).json.faults).toEqual({ ListAccounts: { throttle: null, latencyMs: 10 } });
    expect((await admin('POST', '/faults', { operation: 'ListAccounts', clear: true })).json.faults).toEqual({});
  });

  it('moves the clock and counts requests', async () => {

    expect((await admin('POST', '/clock', { offsetMs: 5000 })).json).toEqual({ offsetMs: 5000 });
    expect(sandbox.admin.clockOffset()).toBe(5000);
    await admin('POST', '/clock', { offsetMs: 0 });

    const counts = await admin('GET', '/counts');
    expect((counts.json.counts as Record<string, number>).CreateToken).toBeGreaterThanOrEqual(2);
    expect((counts.json.statuses as Record<string, number>)['RegisterClient 200']).toBeGreaterThanOrEqual(2);
    const log = await admin('GET', '/requests');
    const requests = log.json.requests as Array<Record<string, unknown>>;
    expect(requests.some((entry) => entry.operation === 'ListAccounts' && entry.user === 'demo@example.com')).toBe(true);
    // The log never carries secrets: no tokens, keys or query strings.
    expect(JSON.stringify(requests)).not.toMatch(/accessToken|secret|ASIA/);
  });

  it('makes a cluster endpoint refuse connections and answer again', async () => {
    const server = await sandbox.clusterServer('prod-api');
    if (!server) throw new Error('prod-api has no API server');
    const livez = () => kubeRequest(server, '/livez').then((response) => String(response.status), (error: NodeJS.ErrnoException) => error.code ?? 'error');
    // A change is applied just after the admin API answers; look a few times before concluding.
    const settlesOn = async (expected: string) => {
      let seen = await livez();
      for (let attempt = 0; attempt < 20 && seen !== expected; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        seen = await livez();
      }
      return seen;
    };
    expect(await livez()).toBe('200');
    expect(await admin('POST', '/clusters/endpoint-behavior', { cluster: 'prod-api', behavior: 'refuse' })).toEqual({ status: 200, json: { ok: true } });
    expect(server.behavior()).toBe('refuse');
    expect(await settlesOn('ECONNREFUSED')).toBe('ECONNREFUSED');
    expect(await admin('POST', '/clusters/endpoint-behavior', { cluster: 'prod-api', account: '111111111111', behavior: 'answer' })).toEqual({ status: 200, json: { ok: true } });
    expect(await settlesOn('200')).toBe('200');
    expect((await kubeRequest(server, '/livez')).text).toBe('ok');
  });

  it('changes token lifetimes and sessions, and refuses what it cannot do', async () => {
    expect((await admin('POST', '/token-lifetimes', { accessTokenSeconds: 900 })).json).toEqual({ accessTokenSeconds: 900, sessionSeconds: 8 * 3600 });
    expect((await admin('POST', '/sessions/expire', { user: 'nobody' })).status).toBe(400);
    expect((await admin('POST', '/sessions/revoke', { user: 'bob@example.com' })).json).toEqual({ sessions: 1 });
    expect((await admin('POST', '/clusters/endpoint-behavior', { cluster: 'dev-next', behavior: 'hang' })).status).toBe(400);
    expect((await admin('POST', '/clusters/endpoint-behavior', { cluster: 'prod-api', behavior: 'explode' })).status).toBe(400);
    const wrongType = await fetch(`${sandbox.adminUrl}/clock`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"offsetMs":1}' });
    expect(wrongType.status).toBe(415);
    expect((await admin('GET', '/nothing')).status).toBe(404);
  });
});
