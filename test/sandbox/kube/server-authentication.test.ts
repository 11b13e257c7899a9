import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintToken } from './control-plane-double.js';
import { people } from './fixture.js';
import { kubeRequest } from './kube-request.js';
import { startTestCluster } from './start-test-cluster.js';
import type { TestCluster } from './start-test-cluster.js';

let cluster: TestCluster;
let oldCluster: TestCluster;
beforeAll(async () => {
  [cluster, oldCluster] = await Promise.all([startTestCluster(), startTestCluster({ name: 'legacy', kubernetesVersion: '1.31' })]);
});
afterAll(async () => {
  await Promise.all([cluster.server.close(), oldCluster.server.close()]);
});

const UNAUTHORIZED = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 };

function tamperSignature(token: string): string {
  const url = Buffer.from(token.slice('k8s-aws-v1.'.length), 'base64url').toString();
  const altered = url.replace(/X-Amz-Signature=([0-9a-f])/, (_match, first: string) => `X-Amz-Signature=${first === '0' ? '1' : '0'}`);
  expect(altered).not.toBe(url);
  return 'k8s-aws-v1.' + Buffer.from(altered).toString('base64url');
}

describe('anonymous requests', () => {
  it.each(['/livez', '/readyz', '/healthz', '/livez/ping'])('%s answers ok without credentials', async (path) => {
    const response = await kubeRequest(cluster.server, path);
    expect(response.status).toBe(200);
    expect(response.text).toBe('ok');
  });

  it('refuses anonymous /version from Kubernetes 1.32 on, but not before', async () => {
    const refused = await kubeRequest(cluster.server, '/version');
    expect(refused.status).toBe(401);
    expect(refused.body).toEqual(UNAUTHORIZED);
    const allowed = await kubeRequest(oldCluster.server, '/version');
    expect(allowed.status).toBe(200);
    expect(allowed.body.gitVersion).toMatch(/^v1\.31\.\d+-eks-[0-9a-f]{7}$/);
  });

  it('gives anonymous users of old clusters 403, not 401, for resources', async () => {
    const response = await kubeRequest(oldCluster.server, '/api/v1/nodes');
    expect(response.status).toBe(403);
    expect(response.body.message).toBe('nodes is forbidden: User "system:anonymous" cannot list resource "nodes" in API group "" at the cluster scope');
    expect((await kubeRequest(cluster.server, '/api/v1/nodes')).status).toBe(401);
  });
});

describe('EKS bearer tokens', () => {
  it('authenticates an access entry principal and serves /version', async () => {
    const response = await kubeRequest(cluster.server, '/version', { token: await cluster.token(people.admin) });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ major: '1', minor: '33+' });
    expect(response.body.gitVersion).toMatch(/^v1\.33\.\d+-eks-[0-9a-f]{7}$/);
  });

  it('refuses a token whose signature was altered', async () => {
    const response = await kubeRequest(cluster.server, '/api/v1/nodes', { token: tamperSignature(await cluster.token(people.admin)) });
    expect(response.status).toBe(401);
    expect(response.body).toEqual(UNAUTHORIZED);
  });

  it('refuses a token minted for another cluster name', async () => {
    const response = await kubeRequest(cluster.server, '/api/v1/nodes', { token: await mintToken(people.admin, 'some-other-cluster') });
    expect(response.status).toBe(401);
  });

  it('refuses a token signed more than 15 minutes ago, and accepts one signed 14 minutes ago', async () => {
    const stale = await mintToken(people.admin, 'demo', { signedAt: new Date(Date.now() - 16 * 60 * 1000) });
    expect((await kubeRequest(cluster.server, '/api/v1/nodes', { token: stale })).status).toBe(401);
    const recent = await mintToken(people.admin, 'demo', { signedAt: new Date(Date.now() - 14 * 60 * 1000) });
    expect((await kubeRequest(cluster.server, '/api/v1/nodes', { token: recent })).status).toBe(200);
  });

  it('refuses an unmapped principal with 401, whatever it asks for', async () => {
    const token = await cluster.token(people.unmapped);
    for (const path of ['/api/v1/nodes', '/version', '/apis/authentication.k8s.io/v1/selfsubjectreviews']) {
      const response = await kubeRequest(cluster.server, path, { token, method: path.includes('selfsubject') ? 'POST' : 'GET', body: path.includes('selfsubject') ? {} : undefined });
      expect(response.status, path).toBe(401);
    }
  });

  it('refuses malformed Authorization headers and unknown credentials', async () => {
    expect((await kubeRequest(cluster.server, '/api/v1/nodes', { headers: { Authorization: 'Basic YTpi' } })).status).toBe(401);
    expect((await kubeRequest(cluster.server, '/api/v1/nodes', { token: 'k8s-aws-v1.bm90IGEgdXJs' })).status).toBe(401);
    const stranger = await mintToken({ ...people.admin, accessKeyId: 'ASIASTRANGER0000000' }, 'demo');
    expect((await kubeRequest(cluster.server, '/api/v1/nodes', { token: stranger })).status).toBe(401);
  });

  it('answers a token that fails with 401 even on /livez, as the API server does', async () => {
    expect((await kubeRequest(cluster.server, '/livez', { token: 'k8s-aws-v1.garbage' })).status).toBe(401);
  });

  it('asks STS once per token and then serves from the cache, but never past the token expiry', async () => {
    const token = await mintToken(people.admin, 'demo', { signedAt: new Date(Date.now() - 60_000) });
    const before = cluster.plane.stsCalls;
    await Promise.all(Array.from({ length: 5 }, () => kubeRequest(cluster.server, '/api/v1/nodes', { token })));
    for (let index = 0; index < 5; index++) expect((await kubeRequest(cluster.server, '/api/v1/nodes', { token })).status).toBe(200);
    expect(cluster.plane.stsCalls - before).toBe(1);
    // Fifteen minutes after signing, the cached verification no longer counts.
    cluster.plane.clockOffsetMs = 15 * 60 * 1000;
    try {
      expect((await kubeRequest(cluster.server, '/api/v1/nodes', { token })).status).toBe(401);
    } finally {
      cluster.plane.clockOffsetMs = 0;
    }
  });

  it('maps the principal again on each request, so removing its access entry takes effect at once', async () => {
    const token = await cluster.token(people.viewer);
    expect((await kubeRequest(cluster.server, '/api/v1/namespaces/team-a/pods', { token })).status).toBe(200);
    const saved = cluster.plane.entries;
    cluster.plane.entries = saved.filter((entry) => !entry.principalArn.includes('TeamViewer'));
    try {
      expect((await kubeRequest(cluster.server, '/api/v1/namespaces/team-a/pods', { token })).status).toBe(401);
    } finally {
      cluster.plane.entries = saved;
    }
  });

  it('follows the authentication mode: aws-auth users are unknown in API mode', async () => {
    const token = await cluster.token(people.masters);
    expect((await kubeRequest(cluster.server, '/api/v1/nodes', { token })).status).toBe(200);
    cluster.plane.mode = 'API';
    try {
      expect((await kubeRequest(cluster.server, '/api/v1/nodes', { token })).status).toBe(401);
    } finally {
      cluster.plane.mode = 'API_AND_CONFIG_MAP';
    }
  });
});

describe('aws-auth as a live ConfigMap', () => {
  it('authenticates a role as soon as it is added to mapRoles through the API, and loses everyone when the YAML breaks', async () => {
    const admin = await cluster.token(people.admin);
    const unmapped = await cluster.token(people.unmapped);
    const developer = await cluster.token(people.developer);
    expect((await kubeRequest(cluster.server, '/api/v1/namespaces/team-b/pods', { token: unmapped })).status).toBe(401);

    const current = (await kubeRequest(cluster.server, '/api/v1/namespaces/kube-system/configmaps/aws-auth', { token: admin })).body;
    const original = current.data.mapRoles as string;
    const added = `${original}- rolearn: ${people.unmapped.arn.replace(':sts:', ':iam:').replace('assumed-role', 'role').replace(/\/[^/]+$/, '')}\n  username: newcomer\n  groups: [developers]\n`;
    const put = await kubeRequest(cluster.server, '/api/v1/namespaces/kube-system/configmaps/aws-auth', { token: admin, method: 'PUT', body: { ...current, data: { mapRoles: added } } });
    expect(put.status).toBe(200);
    expect((await kubeRequest(cluster.server, '/api/v1/namespaces/team-b/pods', { token: unmapped })).status).toBe(200);

    const broken = await kubeRequest(cluster.server, '/api/v1/namespaces/kube-system/configmaps/aws-auth', {
      token: admin,
      method: 'PATCH',
      contentType: 'application/merge-patch+json',
      body: { data: { mapRoles: `${added}  - : [unbalanced` } },
    });
    expect(broken.status).toBe(200);
    expect((await kubeRequest(cluster.server, '/api/v1/namespaces/team-b/pods', { token: unmapped })).status).toBe(401);
    expect((await kubeRequest(cluster.server, '/api/v1/namespaces/team-b/pods', { token: developer })).status).toBe(401);
    // The access entry user is not affected by aws-auth and can repair it.
    const repaired = await kubeRequest(cluster.server, '/api/v1/namespaces/kube-system/configmaps/aws-auth', {
      token: admin,
      method: 'PATCH',
      contentType: 'application/merge-patch+json',
      body: { data: { mapRoles: original } },
    });
    expect(repaired.status).toBe(200);
    expect((await kubeRequest(cluster.server, '/api/v1/namespaces/team-b/pods', { token: developer })).status).toBe(200);
  });
});
