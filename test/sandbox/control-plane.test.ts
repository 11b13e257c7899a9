// What part 1 gives each cluster's API server: the live EKS view of the cluster and STS
// verification of the presigned GetCallerIdentity URL inside an EKS token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox/index.js';
import type { SandboxHandle } from '../../sandbox/index.js';
import { startKubeApiServer } from '../../sandbox/kube/server.js';
import type { ClusterControlPlane } from '../../sandbox/kube/contract.js';
import { roleCredentials, signIn } from './helpers/clients.js';
import type { Credentials } from './helpers/clients.js';
import { presignedCallerIdentityUrl } from './helpers/sign.js';
import { DEMO_USER, PROD, demoYaml } from './helpers/demo.js';

let sandbox: SandboxHandle;
let credentials: Credentials;
const planes = new Map<string, ClusterControlPlane>();

beforeAll(async () => {
  sandbox = await startSandbox(demoYaml, {
    startKubeApiServer: (options) => {
      planes.set(options.controlPlane.name, options.controlPlane);
      return startKubeApiServer(options);
    },
  });
  const { accessToken } = await signIn(sandbox, DEMO_USER);
  credentials = await roleCredentials(sandbox, accessToken, PROD, 'AdministratorAccess');
});
afterAll(async () => {
  await sandbox?.close();
});

function plane(name: string): ClusterControlPlane {
  const found = planes.get(name);
  if (!found) throw new Error(`no control plane for ${name}`);
  return found;
}

describe('cluster control planes', () => {
  it('starts one API server per cluster that has an endpoint (not the CREATING one)', () => {
    expect([...planes.keys()].sort()).toEqual(['dev-hang', 'dev-shared', 'prod-api', 'prod-legacy', 'sandbox-unknown']);
    const prodApi = plane('prod-api');
    expect(prodApi).toMatchObject({ accountId: PROD, region: 'eu-west-1', kubernetesVersion: '1.31' });
    expect(prodApi.authenticationMode()).toBe('API');
    expect(prodApi.accessEntries().find((entry) => entry.principalArn.includes('AdministratorAccess'))?.policies).toEqual([
      { policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy', accessScope: { type: 'cluster' } },
    ]);
    expect(plane('prod-legacy').accessEntries()).toEqual([]);
    expect(prodApi.isSandboxStsHost(new URL(sandbox.env.AWS_ENDPOINT_URL_STS ?? '').host)).toBe(true);
    expect(prodApi.isSandboxStsHost('sts.amazonaws.com')).toBe(false);
    expect(Math.abs(prodApi.now() - Date.now())).toBeLessThan(5000);
  });

  it('verifies a presigned GetCallerIdentity bound to this cluster', async () => {
    const url = await presignedCallerIdentityUrl(sandbox.env.AWS_ENDPOINT_URL_STS ?? '', credentials, 'prod-api');
    const identity = await plane('prod-api').verifyPresignedGetCallerIdentity(url, { 'x-k8s-aws-id': 'prod-api' });
    expect(identity.account).toBe(PROD);
    expect(identity.arn).toMatch(/^arn:aws:sts::111111111111:assumed-role\/AWSReservedSSO_AdministratorAccess_[0-9a-f]{16}\/demo@example.com$/);
    expect(identity.userId).toMatch(/^AROA[A-Z2-7]{17}:demo@example.com$/);

    // The same URL replayed over HTTP, as the authenticator does, with Accept: application/json.
    const response = await fetch(url, { headers: { 'x-k8s-aws-id': 'prod-api', accept: 'application/json' } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { GetCallerIdentityResponse: { GetCallerIdentityResult: { Arn: string } } };
    expect(body.GetCallerIdentityResponse.GetCallerIdentityResult.Arn).toBe(identity.arn);
  });

  it('refuses a token for another cluster, an altered signature, an old signature and revoked credentials', async () => {
    const sts = sandbox.env.AWS_ENDPOINT_URL_STS ?? '';
    const forOther = await presignedCallerIdentityUrl(sts, credentials, 'dev-shared');
    await expect(plane('prod-api').verifyPresignedGetCallerIdentity(forOther, { 'x-k8s-aws-id': 'prod-api' })).rejects.toThrow(/SignatureDoesNotMatch/);

    const good = await presignedCallerIdentityUrl(sts, credentials, 'prod-api');
    const altered = good.replace(/X-Amz-Signature=([0-9a-f])/, (_match, first: string) => `X-Amz-Signature=${first === '0' ? '1' : '0'}`);
    await expect(plane('prod-api').verifyPresignedGetCallerIdentity(altered, { 'x-k8s-aws-id': 'prod-api' })).rejects.toThrow(/SignatureDoesNotMatch/);

    const old = await presignedCallerIdentityUrl(sts, credentials, 'prod-api', new Date(Date.now() - 16 * 60 * 1000));
    await expect(plane('prod-api').verifyPresignedGetCallerIdentity(old, { 'x-k8s-aws-id': 'prod-api' })).rejects.toThrow(/Signature expired/);

    // Within 15 minutes of the sandbox clock is fine, even if the signer's clock is behind.
    const recent = await presignedCallerIdentityUrl(sts, credentials, 'prod-api', new Date(Date.now() - 14 * 60 * 1000));
    await expect(plane('prod-api').verifyPresignedGetCallerIdentity(recent, { 'x-k8s-aws-id': 'prod-api' })).resolves.toMatchObject({ account: PROD });

    sandbox.admin.revokeSession(DEMO_USER);
    await expect(plane('prod-api').verifyPresignedGetCallerIdentity(good, { 'x-k8s-aws-id': 'prod-api' })).rejects.toThrow(/InvalidClientTokenId/);
  });

  it('changes endpoint behaviour through the admin API', async () => {
    await sandbox.admin.setEndpointBehavior('prod-api', 'refuse');
    expect((await sandbox.clusterServer('prod-api'))?.behavior()).toBe('refuse');
    await sandbox.admin.setEndpointBehavior('prod-api', 'answer');
    expect((await sandbox.clusterServer('dev-hang'))?.behavior()).toBe('hang');
    expect(await sandbox.clusterServer('dev-next')).toBeUndefined();
  });
});
