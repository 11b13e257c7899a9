import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_ROLE, NAMESPACE_ADMIN_ROLE, people } from './fixture.js';
import { kubeRequest } from './kube-request.js';
import { startTestCluster } from './start-test-cluster.js';
import type { TestCluster } from './start-test-cluster.js';

let cluster: TestCluster;
const tokens: Record<keyof typeof people, string> = {} as Record<keyof typeof people, string>;
beforeAll(async () => {
  cluster = await startTestCluster();
  for (const [name, identity] of Object.entries(people)) tokens[name as keyof typeof people] = await cluster.token(identity);
});
afterAll(() => cluster.server.close());

const status = async (who: keyof typeof people, path: string, options: { method?: string; body?: unknown; contentType?: string } = {}) =>
  (await kubeRequest(cluster.server, path, { token: tokens[who], ...options })).status;

const ssar = async (who: keyof typeof people, resourceAttributes: Record<string, string>) => {
  const response = await kubeRequest(cluster.server, '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
    token: tokens[who],
    method: 'POST',
    body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes } },
  });
  expect(response.status).toBe(201);
  return response.body.status.allowed as boolean;
};

describe('EKS access policies', () => {
  it('AmazonEKSClusterAdminPolicy allows everything', async () => {
    expect(await status('admin', '/api/v1/nodes')).toBe(200);
    expect(await status('admin', '/apis/rbac.authorization.k8s.io/v1/clusterroles')).toBe(200);
    expect(await status('admin', '/api/v1/namespaces/kube-system/configmaps/aws-auth')).toBe(200);
  });

  it('a namespace-scoped view policy reads its namespace and nothing else, with the API server wording', async () => {
    expect(await status('viewer', '/api/v1/namespaces/team-a/pods')).toBe(200);
    expect(await status('viewer', '/api/v1/namespaces/team-a/pods/web-7d9f8c6b5-abcde')).toBe(200);
    expect(await status('viewer', '/api/v1/namespaces/team-a')).toBe(200);
    const nodes = await kubeRequest(cluster.server, '/api/v1/nodes', { token: tokens.viewer });
    expect(nodes.status).toBe(403);
    expect(nodes.body).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'Forbidden',
      code: 403,
      message: `nodes is forbidden: User "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_TeamViewer_1111111111111111/vera-example.com" cannot list resource "nodes" in API group "" at the cluster scope`,
      details: { kind: 'nodes', group: '' },
    });
    const otherNamespace = await kubeRequest(cluster.server, '/api/v1/namespaces/team-b/pods', { token: tokens.viewer });
    expect(otherNamespace.body.message).toMatch(/pods is forbidden: User ".*" cannot list resource "pods" in API group "" in the namespace "team-b"$/);
    expect(await status('viewer', '/api/v1/pods')).toBe(403);
    expect(await status('viewer', '/api/v1/namespaces/team-a/configmaps', { method: 'POST', body: { metadata: { name: 'x' } } })).toBe(403);
    expect(await status('viewer', '/apis/rbac.authorization.k8s.io/v1/namespaces/team-a/roles')).toBe(403);
  });

  it('an edit policy on team-* writes workloads there but not RBAC', async () => {
    expect(await status('editor', '/api/v1/namespaces/team-b/configmaps', { method: 'POST', body: { metadata: { name: 'editor-made' }, data: { a: '1' } } })).toBe(201);
    expect(await status('editor', '/api/v1/namespaces/default/configmaps')).toBe(403);
    expect(await status('editor', '/apis/rbac.authorization.k8s.io/v1/namespaces/team-b/roles', { method: 'POST', body: { metadata: { name: 'r' }, rules: [] } })).toBe(403);
    const denied = await kubeRequest(cluster.server, '/api/v1/namespaces/kube-system/configmaps/aws-auth', { token: tokens.editor });
    expect(denied.body.message).toBe('configmaps "aws-auth" is forbidden: User "editor:ed-example.com" cannot get resource "configmaps" in API group "" in the namespace "kube-system"');
  });
});

describe('EKS access policies: admin, admin-view and cluster-scoped view', () => {
  const RBAC = '/apis/rbac.authorization.k8s.io/v1';

  it('AmazonEKSAdminPolicy on team-a manages roles and rolebindings there, and nothing cluster-wide', async () => {
    const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'team-empty' }, rules: [] };
    const binding = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'team-empty' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'team-empty' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'team-a-people' }],
    };
    expect(await status('namespaceAdmin', `${RBAC}/namespaces/team-a/roles`, { method: 'POST', body: role })).toBe(201);
    expect(await status('namespaceAdmin', `${RBAC}/namespaces/team-a/rolebindings`, { method: 'POST', body: binding })).toBe(201);
    expect(await status('namespaceAdmin', `${RBAC}/namespaces/team-a/rolebindings`)).toBe(200);
    expect(await status('namespaceAdmin', `${RBAC}/namespaces/team-a/rolebindings/team-empty`, { method: 'DELETE' })).toBe(200);
    expect(await status('namespaceAdmin', `${RBAC}/namespaces/team-a/roles/team-empty`, { method: 'DELETE' })).toBe(200);
    expect(await status('namespaceAdmin', '/api/v1/namespaces/team-a/configmaps', { method: 'POST', body: { metadata: { name: 'admin-made' } } })).toBe(201);
    expect(await status('namespaceAdmin', `${RBAC}/namespaces/team-b/roles`, { method: 'POST', body: role })).toBe(403);
    const nodes = await kubeRequest(cluster.server, '/api/v1/nodes', { token: tokens.namespaceAdmin });
    expect(nodes.status).toBe(403);
    expect(nodes.body.message).toBe(
      `nodes is forbidden: User "arn:aws:sts::111122223333:assumed-role/${NAMESPACE_ADMIN_ROLE}/tina-example.com" cannot list resource "nodes" in API group "" at the cluster scope`,
    );
    const clusterRole = await kubeRequest(cluster.server, `${RBAC}/clusterroles`, {
      token: tokens.namespaceAdmin,
      method: 'POST',
      body: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'nope' }, rules: [] },
    });
    expect(clusterRole.status).toBe(403);
    expect(clusterRole.body.message).toMatch(/cannot create resource "clusterroles" in API group "rbac.authorization.k8s.io" at the cluster scope$/);
    expect(await ssar('namespaceAdmin', { verb: 'get', resource: 'secrets', namespace: 'team-a' })).toBe(true);
    expect(await ssar('namespaceAdmin', { verb: 'delete', resource: 'namespaces', name: 'team-a' })).toBe(false);
  });

  it('AmazonEKSAdminViewPolicy on the cluster reads everything, secrets and nodes included, and changes nothing', async () => {
    expect(await status('adminViewer', '/api/v1/nodes')).toBe(200);
    expect(await status('adminViewer', '/api/v1/nodes/ip-10-0-1-10.us-west-2.compute.internal')).toBe(200);
    expect(await status('adminViewer', '/api/v1/pods')).toBe(200);
    expect(await status('adminViewer', '/api/v1/namespaces/team-b/pods/api-6b7c8d9e0-klmno')).toBe(200);
    expect(await status('adminViewer', '/api/v1/namespaces/kube-system/configmaps/aws-auth')).toBe(200);
    expect(await status('adminViewer', `${RBAC}/clusterroles`)).toBe(200);
    expect(await ssar('adminViewer', { verb: 'list', resource: 'secrets', namespace: 'kube-system' })).toBe(true);
    expect(await ssar('adminViewer', { verb: 'watch', resource: 'deployments', group: 'apps', namespace: 'team-b' })).toBe(true);
    expect(await status('adminViewer', '/api/v1/namespaces/team-a/configmaps', { method: 'POST', body: { metadata: { name: 'x' } } })).toBe(403);
    expect(await status('adminViewer', '/api/v1/namespaces/team-a/pods/web-7d9f8c6b5-abcde', { method: 'DELETE' })).toBe(403);
    expect(await status('adminViewer', '/api/v1/nodes/ip-10-0-1-10.us-west-2.compute.internal', { method: 'DELETE' })).toBe(403);
    expect(await status('adminViewer', `${RBAC}/clusterroles`, { method: 'POST', body: { metadata: { name: 'x' }, rules: [] } })).toBe(403);
    expect(await ssar('adminViewer', { verb: 'update', resource: 'configmaps', namespace: 'team-a' })).toBe(false);
  });

  it('AmazonEKSViewPolicy on the cluster reads workloads in every namespace, but not nodes or secrets', async () => {
    expect(await status('clusterViewer', '/api/v1/pods')).toBe(200);
    expect(await status('clusterViewer', '/api/v1/namespaces/team-b/pods')).toBe(200);
    expect(await status('clusterViewer', '/api/v1/namespaces')).toBe(200);
    const nodes = await kubeRequest(cluster.server, '/api/v1/nodes', { token: tokens.clusterViewer });
    expect(nodes.status).toBe(403);
    expect(nodes.body.message).toMatch(/^nodes is forbidden: User ".*\/rita-example.com" cannot list resource "nodes" in API group "" at the cluster scope$/);
    expect(await ssar('clusterViewer', { verb: 'get', resource: 'secrets', namespace: 'team-a' })).toBe(false);
    expect(await status('clusterViewer', '/api/v1/namespaces/team-b/configmaps', { method: 'POST', body: { metadata: { name: 'x' } } })).toBe(403);
  });
});

describe('stored RBAC', () => {
  it('system:masters from aws-auth can do anything', async () => {
    expect(await status('masters', '/api/v1/nodes')).toBe(200);
    expect(await status('masters', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings')).toBe(200);
  });

  it('a RoleBinding to a group grants the ClusterRole inside its namespace only', async () => {
    expect(await status('developer', '/api/v1/namespaces/team-b/pods')).toBe(200);
    expect(await status('developer', '/api/v1/namespaces/team-a/pods')).toBe(403);
    expect(await status('developer', '/api/v1/nodes')).toBe(403);
  });

  it('a ClusterRoleBinding created through the API takes effect on the next request', async () => {
    expect(await status('developer', '/api/v1/nodes')).toBe(403);
    const created = await status('admin', '/apis/rbac.authorization.k8s.io/v1/clusterroles', {
      method: 'POST',
      body: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'node-reader' }, rules: [{ apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list'] }] },
    });
    expect(created).toBe(201);
    const bound = await status('admin', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
      method: 'POST',
      body: { metadata: { name: 'developers-read-nodes' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'node-reader' }, subjects: [{ kind: 'User', name: 'dev:dev@example.com' }] },
    });
    expect(bound).toBe(201);
    expect(await status('developer', '/api/v1/nodes')).toBe(200);
    expect(await status('developer', '/api/v1/nodes/ip-10-0-1-10.us-west-2.compute.internal', { method: 'DELETE' })).toBe(403);
    expect(await status('admin', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/developers-read-nodes', { method: 'DELETE' })).toBe(200);
    expect(await status('developer', '/api/v1/nodes')).toBe(403);
  });

  it('every authenticated user gets discovery, /version and the self reviews, and nothing more', async () => {
    expect(await status('node', '/api')).toBe(200);
    expect(await status('node', '/apis')).toBe(200);
    expect(await status('node', '/version')).toBe(200);
    expect(await status('node', '/api/v1/namespaces/default/configmaps')).toBe(403);
    const review = await kubeRequest(cluster.server, '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
      token: tokens.node,
      method: 'POST',
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
    });
    expect(review.status).toBe(201);
    expect(review.body.status.userInfo).toMatchObject({ username: 'system:node:i-0123456789abcdef0', groups: ['system:bootstrappers', 'system:nodes', 'system:authenticated'] });
  });
});

describe('review endpoints', () => {
  it('SelfSubjectReview tells an access entry user who they are', async () => {
    const review = await kubeRequest(cluster.server, '/apis/authentication.k8s.io/v1/selfsubjectreviews', { token: tokens.admin, method: 'POST', body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } });
    expect(review.body).toMatchObject({
      kind: 'SelfSubjectReview',
      apiVersion: 'authentication.k8s.io/v1',
      status: {
        userInfo: {
          username: `arn:aws:sts::111122223333:assumed-role/${ADMIN_ROLE}/alice-example.com`,
          uid: expect.stringMatching(/^aws-iam-authenticator:111122223333:AROA[A-Z0-9]+$/),
          groups: ['system:authenticated'],
          extra: { canonicalArn: [`arn:aws:iam::111122223333:role/${ADMIN_ROLE}`], sessionName: ['alice@example.com'] },
        },
      },
    });
  });

  it('SelfSubjectAccessReview reflects access policies and RBAC', async () => {
    expect(await ssar('admin', { verb: 'delete', resource: 'nodes' })).toBe(true);
    expect(await ssar('viewer', { verb: 'list', resource: 'pods', namespace: 'team-a' })).toBe(true);
    expect(await ssar('viewer', { verb: 'list', resource: 'pods', namespace: 'team-b' })).toBe(false);
    expect(await ssar('viewer', { verb: 'list', resource: 'nodes' })).toBe(false);
    expect(await ssar('developer', { verb: 'create', resource: 'configmaps', namespace: 'team-b' })).toBe(true);
    expect(await ssar('developer', { verb: 'create', resource: 'roles', group: 'rbac.authorization.k8s.io', namespace: 'team-b' })).toBe(false);
    expect(await ssar('masters', { verb: 'escalate', resource: 'clusterroles', group: 'rbac.authorization.k8s.io' })).toBe(true);
  });

  it('SelfSubjectAccessReview without attributes is a 400 Status', async () => {
    const response = await kubeRequest(cluster.server, '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', { token: tokens.admin, method: 'POST', body: { spec: {} } });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ kind: 'Status', reason: 'BadRequest', code: 400 });
  });

  it('SelfSubjectRulesReview lists the RBAC rules of a namespace', async () => {
    const response = await kubeRequest(cluster.server, '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', { token: tokens.developer, method: 'POST', body: { spec: { namespace: 'team-b' } } });
    expect(response.status).toBe(201);
    const rules = response.body.status.resourceRules as Array<{ resources: string[]; verbs: string[] }>;
    expect(rules.some((rule) => rule.resources.includes('configmaps') && rule.verbs.includes('create'))).toBe(true);
    expect(rules.some((rule) => rule.resources.includes('selfsubjectreviews'))).toBe(true);
  });
});
