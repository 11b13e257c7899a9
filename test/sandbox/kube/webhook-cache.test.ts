// How long a cluster trusts an STS verification, and what STS throttling does to a request,
// against the whole sandbox: its STS (with the admin API's faults and clock) behind a cluster's
// API server, as kube-apiserver's token webhook cache and retries see aws-iam-authenticator.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../../sandbox/index.js';
import type { SandboxHandle } from '../../../sandbox/index.js';
import type { KubeApiServerHandle } from '../../../sandbox/kube/contract.js';
import { roleCredentials, signIn } from '../helpers/clients.js';
import type { Credentials } from '../helpers/clients.js';
import { DEMO_USER, PROD, demoYaml } from '../helpers/demo.js';
import { presignedCallerIdentityUrl } from '../helpers/sign.js';
import { kubeRequest } from './kube-request.js';

let sandbox: SandboxHandle;
let credentials: Credentials;
let server: KubeApiServerHandle;

beforeAll(async () => {
  sandbox = await startSandbox(demoYaml, { clusterServers: 'lazy' });
  const { accessToken } = await signIn(sandbox, DEMO_USER);
  credentials = await roleCredentials(sandbox, accessToken, PROD, 'AdministratorAccess');
  const found = await sandbox.clusterServer('prod-api');
  if (!found) throw new Error('prod-api has no API server');
  server = found;
});
afterAll(async () => {
  await sandbox?.close();
});
afterEach(() => {
  sandbox.admin.clearFaults();
  sandbox.admin.setClockOffset(0);
});

const STARTED = Date.now();
let minted = 0;
/** A new EKS token for prod-api: each signed a second before the last, so no two share a cache entry. */
async function token(): Promise<string> {
  minted++;
  const url = await presignedCallerIdentityUrl(sandbox.env.AWS_ENDPOINT_URL_STS ?? '', credentials, 'prod-api', new Date(STARTED - minted * 1000));
  return 'k8s-aws-v1.' + Buffer.from(url).toString('base64url');
}

const stsAnswers = (status: number) => sandbox.admin.statusCounts()[`GetCallerIdentity ${status}`] ?? 0;
const nodes = async (bearer: string) => (await kubeRequest(server, '/api/v1/nodes', { token: bearer })).status;

describe('the API server token cache (--authentication-token-webhook-cache-ttl, 2 minutes)', () => {
  it('asks STS again two minutes after a verification, though the token is good for fifteen', async () => {
    const bearer = await token();
    const before = stsAnswers(200);
    expect(await nodes(bearer)).toBe(200);
    sandbox.admin.setClockOffset(119_000);
    expect(await nodes(bearer)).toBe(200);
    expect(stsAnswers(200) - before).toBe(1);
    sandbox.admin.setClockOffset(121_000);
    expect(await nodes(bearer)).toBe(200);
    expect(stsAnswers(200) - before).toBe(2);
    // Cached from that second verification (at +121 s) for two more minutes.
    sandbox.admin.setClockOffset(230_000);
    expect(await nodes(bearer)).toBe(200);
    expect(stsAnswers(200) - before).toBe(2);
  });
});

describe('STS throttling during verification', () => {
  it('is retried as the API server retries a 429 from its webhook, and then fails as a 401 that is not cached', async () => {
    // One request's worth of tokens, then none for a long while.
    sandbox.admin.setFault('GetCallerIdentity', { throttle: { rate: 0.001, burst: 1 } });
    expect(await nodes(await token())).toBe(200);
    const throttled = stsAnswers(429);
    const bearer = await token();
    const response = await kubeRequest(server, '/api/v1/nodes', { token: bearer });
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
    expect(stsAnswers(429) - throttled).toBe(5);
    sandbox.admin.clearFaults();
    expect(await nodes(bearer)).toBe(200);
  }, 20_000);

  it('lets a request through when STS stops throttling within the retries', async () => {
    // A token a second: the first request takes it, the next one gets it on a retry.
    sandbox.admin.setFault('GetCallerIdentity', { throttle: { rate: 1, burst: 1 } });
    expect(await nodes(await token())).toBe(200);
    const throttled = stsAnswers(429);
    expect(await nodes(await token())).toBe(200);
    expect(stsAnswers(429) - throttled).toBeGreaterThanOrEqual(1);
  }, 20_000);
});
