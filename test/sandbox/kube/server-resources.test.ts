import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { people } from './fixture.js';
import { kubeRequest } from './kube-request.js';
import type { KubeResponse } from './kube-request.js';
import { startTestCluster } from './start-test-cluster.js';
import type { TestCluster } from './start-test-cluster.js';

let cluster: TestCluster;
let token: string;
beforeAll(async () => {
  cluster = await startTestCluster();
  token = await cluster.token(people.admin);
});
afterAll(() => cluster.server.close());

const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
const AGGREGATED_ACCEPT = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';
const call = (path: string, options: { method?: string; body?: unknown; contentType?: string; accept?: string } = {}): Promise<KubeResponse> => kubeRequest(cluster.server, path, { token, ...options });

describe('discovery', () => {
  it('serves the legacy documents', async () => {
    const api = await call('/api');
    expect(api.body).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    expect(api.body.serverAddressByClientCIDRs[0].serverAddress).toBe(cluster.server.endpoint.replace('https://', ''));
    const groups = (await call('/apis')).body;
    expect(groups.kind).toBe('APIGroupList');
    expect(groups.groups.map((group: { name: string }) => group.name)).toEqual(['rbac.authorization.k8s.io', 'authentication.k8s.io', 'authorization.k8s.io']);
    const core = (await call('/api/v1')).body;
    expect(core.kind).toBe('APIResourceList');
    const names = core.resources.map((resource: { name: string }) => resource.name);
    expect(names).toEqual(expect.arrayContaining(['nodes', 'namespaces', 'pods', 'configmaps']));
    expect(core.resources.find((resource: { name: string }) => resource.name === 'pods')).toMatchObject({ namespaced: true, kind: 'Pod', shortNames: ['po'] });
    for (const groupVersion of ['rbac.authorization.k8s.io/v1', 'authentication.k8s.io/v1', 'authorization.k8s.io/v1']) {
      const list = await call(`/apis/${groupVersion}`);
      expect(list.status, groupVersion).toBe(200);
      expect(list.body.groupVersion).toBe(groupVersion);
    }
    expect((await call('/apis/rbac.authorization.k8s.io')).body).toMatchObject({ kind: 'APIGroup', preferredVersion: { version: 'v1' } });
    expect((await call('/apis/apps/v1')).status).toBe(404);
  });

  it('serves aggregated discovery v2 when asked for it', async () => {
    const core = await call('/api', { accept: AGGREGATED_ACCEPT });
    expect(core.contentType).toBe('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
    expect(core.body.kind).toBe('APIGroupDiscoveryList');
    const nodes = core.body.items[0].versions[0].resources.find((resource: { resource: string }) => resource.resource === 'nodes');
    expect(nodes).toMatchObject({ responseKind: { group: '', version: 'v1', kind: 'Node' }, scope: 'Cluster', verbs: expect.arrayContaining(['list', 'get']) });
    const groups = await call('/apis', { accept: AGGREGATED_ACCEPT });
    expect(groups.body.items.map((item: { metadata: { name: string } }) => item.metadata.name)).toContain('rbac.authorization.k8s.io');
  });

  it('answers unknown paths with a NotFound Status', async () => {
    const response = await call('/apis/example.com/v1/widgets');
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ kind: 'Status', reason: 'NotFound', message: 'the server could not find the requested resource' });
  });
});

describe('reading', () => {
  it('lists nodes with Ready conditions and kubelet versions', async () => {
    const list = (await call('/api/v1/nodes')).body;
    expect(list.kind).toBe('NodeList');
    expect(list.metadata.resourceVersion).toMatch(/^\d+$/);
    const [ready, notReady] = list.items;
    expect(ready.status.conditions.find((condition: { type: string }) => condition.type === 'Ready').status).toBe('True');
    expect(ready.status.nodeInfo.kubeletVersion).toBe('v1.33.1-eks-b9c6c3a');
    expect(notReady.status.conditions.find((condition: { type: string }) => condition.type === 'Ready').status).not.toBe('True');
    expect(notReady.status.nodeInfo.kubeletVersion).toMatch(/^v1\.33\.\d+-eks-[0-9a-f]{7}$/);
  });

  it('answers as=Table with the columns kubectl prints', async () => {
    const nodes = await call('/api/v1/nodes', { accept: TABLE_ACCEPT });
    expect(nodes.contentType).toBe('application/json;as=Table;v=v1;g=meta.k8s.io');
    expect(nodes.body.kind).toBe('Table');
    expect(nodes.body.columnDefinitions.filter((column: { priority: number }) => column.priority === 0).map((column: { name: string }) => column.name)).toEqual(['Name', 'Status', 'Roles', 'Age', 'Version']);
    expect(nodes.body.rows.map((row: { cells: unknown[] }) => row.cells.slice(0, 3))).toEqual([
      ['ip-10-0-1-10.us-west-2.compute.internal', 'Ready', '<none>'],
      ['ip-10-0-2-20.us-west-2.compute.internal', 'NotReady', '<none>'],
    ]);
    expect(nodes.body.rows[0].object).toMatchObject({ kind: 'PartialObjectMetadata', metadata: { name: 'ip-10-0-1-10.us-west-2.compute.internal' } });

    const pods = (await call('/api/v1/namespaces/team-a/pods', { accept: TABLE_ACCEPT })).body;
    expect(pods.columnDefinitions.slice(0, 5).map((column: { name: string }) => column.name)).toEqual(['Name', 'Ready', 'Status', 'Restarts', 'Age']);
    expect(pods.rows.map((row: { cells: unknown[] }) => row.cells.slice(0, 4))).toEqual([
      ['web-7d9f8c6b5-abcde', '1/1', 'Running', '0'],
      ['worker-5c6d7e8f9-fghij', '0/1', 'ContainerCreating', '0'],
    ]);
    const one = (await call('/apis/rbac.authorization.k8s.io/v1/clusterroles/view', { accept: TABLE_ACCEPT })).body;
    expect(one.rows).toHaveLength(1);
    expect(one.rows[0].cells[0]).toBe('view');
  });

  it('lists pods of every namespace, filters by label and field, and pages with limit/continue', async () => {
    const all = (await call('/api/v1/pods')).body;
    expect(all.items.map((pod: { metadata: { namespace: string } }) => pod.metadata.namespace)).toEqual(expect.arrayContaining(['kube-system', 'team-a', 'team-b']));
    const labelled = (await call('/api/v1/pods?labelSelector=' + encodeURIComponent('app in (web,api)'))).body;
    expect(labelled.items.map((pod: { metadata: { name: string } }) => pod.metadata.name)).toEqual(['web-7d9f8c6b5-abcde', 'api-6b7c8d9e0-klmno']);
    const byName = (await call('/api/v1/namespaces/team-a/pods?fieldSelector=metadata.name%3Dweb-7d9f8c6b5-abcde')).body;
    expect(byName.items).toHaveLength(1);
    const first = (await call('/api/v1/namespaces?limit=2')).body;
    expect(first.items).toHaveLength(2);
    expect(first.metadata.continue).toBeTruthy();
    const rest = (await call(`/api/v1/namespaces?limit=100&continue=${first.metadata.continue}`)).body;
    expect([...first.items, ...rest.items].map((namespace: { metadata: { name: string } }) => namespace.metadata.name)).toEqual(['default', 'kube-node-lease', 'kube-public', 'kube-system', 'team-a', 'team-b']);
    expect(rest.metadata.continue).toBeUndefined();
  });

  it('holds aws-auth in kube-system exactly as seeded', async () => {
    const awsAuth = (await call('/api/v1/namespaces/kube-system/configmaps/aws-auth')).body;
    expect(awsAuth).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'aws-auth', namespace: 'kube-system' } });
    expect(awsAuth.data.mapRoles).toContain('rolearn: arn:aws:iam::111122223333:role/eks-node-role');
  });

  it('answers a missing object with NotFound', async () => {
    const response = await call('/api/v1/namespaces/team-a/configmaps/nope');
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ kind: 'Status', reason: 'NotFound', message: 'configmaps "nope" not found', details: { name: 'nope', kind: 'configmaps' } });
    expect((await call('/apis/rbac.authorization.k8s.io/v1/namespaces/team-a/roles/nope')).body.message).toBe('roles.rbac.authorization.k8s.io "nope" not found');
  });
});

describe('writing', () => {
  it('creates, updates with resourceVersion (409 when stale), patches and deletes a ConfigMap', async () => {
    const created = await call('/api/v1/namespaces/team-a/configmaps', { method: 'POST', body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { colour: 'blue' } } });
    expect(created.status).toBe(201);
    expect(created.body.metadata).toMatchObject({ name: 'settings', namespace: 'team-a', uid: expect.any(String), resourceVersion: expect.stringMatching(/^\d+$/) });
    expect((await call('/api/v1/namespaces/team-a/configmaps', { method: 'POST', body: { metadata: { name: 'settings' } } })).body).toMatchObject({ code: 409, reason: 'AlreadyExists' });

    const updated = await call('/api/v1/namespaces/team-a/configmaps/settings', { method: 'PUT', body: { ...created.body, data: { colour: 'green' } } });
    expect(updated.status).toBe(200);
    expect(Number(updated.body.metadata.resourceVersion)).toBeGreaterThan(Number(created.body.metadata.resourceVersion));
    const stale = await call('/api/v1/namespaces/team-a/configmaps/settings', { method: 'PUT', body: { ...created.body, data: { colour: 'red' } } });
    expect(stale.status).toBe(409);
    expect(stale.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Operation cannot be fulfilled on configmaps "settings": the object has been modified; please apply your changes to the latest version and try again',
      reason: 'Conflict',
      details: { name: 'settings', group: '', kind: 'configmaps' },
      code: 409,
    });

    const merged = await call('/api/v1/namespaces/team-a/configmaps/settings', { method: 'PATCH', contentType: 'application/merge-patch+json', body: { data: { size: 'L', colour: null } } });
    expect(merged.body.data).toEqual({ size: 'L' });
    const strategic = await call('/api/v1/namespaces/team-a/configmaps/settings', { method: 'PATCH', contentType: 'application/strategic-merge-patch+json', body: { metadata: { labels: { tier: 'web' } } } });
    expect(strategic.body.metadata.labels).toEqual({ tier: 'web' });
    const jsonPatched = await call('/api/v1/namespaces/team-a/configmaps/settings', { method: 'PATCH', contentType: 'application/json-patch+json', body: [{ op: 'add', path: '/data/shape', value: 'round' }, { op: 'remove', path: '/data/size' }] });
    expect(jsonPatched.body.data).toEqual({ shape: 'round' });
    const stalePatch = await call('/api/v1/namespaces/team-a/configmaps/settings', { method: 'PATCH', contentType: 'application/merge-patch+json', body: { metadata: { resourceVersion: created.body.metadata.resourceVersion }, data: { x: '1' } } });
    expect(stalePatch.status).toBe(409);

    const deleted = await call('/api/v1/namespaces/team-a/configmaps/settings', { method: 'DELETE' });
    expect(deleted.body).toMatchObject({ kind: 'Status', status: 'Success', details: { name: 'settings', kind: 'configmaps' } });
    expect((await call('/api/v1/namespaces/team-a/configmaps/settings')).status).toBe(404);
  });

  it('merges containers by name in a strategic merge patch of a pod', async () => {
    const patched = await call('/api/v1/namespaces/team-a/pods/web-7d9f8c6b5-abcde', {
      method: 'PATCH',
      contentType: 'application/strategic-merge-patch+json',
      body: { spec: { containers: [{ name: 'web', image: 'nginx:1.28' }, { name: 'sidecar', image: 'envoy:1' }] } },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.spec.containers.map((container: { name: string; image: string }) => `${container.name}=${container.image}`)).toEqual(['web=nginx:1.28', 'sidecar=envoy:1']);
  });

  it('creates and deletes namespaces with their contents; the system ones stay', async () => {
    const created = await call('/api/v1/namespaces', { method: 'POST', body: { metadata: { name: 'scratch' } } });
    expect(created.body).toMatchObject({ kind: 'Namespace', status: { phase: 'Active' }, metadata: { labels: { 'kubernetes.io/metadata.name': 'scratch' } } });
    expect((await call('/api/v1/namespaces/scratch/configmaps', { method: 'POST', body: { metadata: { name: 'c' } } })).status).toBe(201);
    expect((await call('/api/v1/namespaces/scratch', { method: 'DELETE' })).status).toBe(200);
    expect((await call('/api/v1/namespaces/scratch/configmaps/c')).status).toBe(404);
    const missing = await call('/api/v1/namespaces/scratch/configmaps', { method: 'POST', body: { metadata: { name: 'c' } } });
    expect(missing.body).toMatchObject({ code: 404, message: 'namespaces "scratch" not found' });
    expect((await call('/api/v1/namespaces/kube-system', { method: 'DELETE' })).status).toBe(403);
  });

  it('does not store anything on dryRun=All', async () => {
    const dry = await call('/api/v1/namespaces/team-a/configmaps?dryRun=All', { method: 'POST', body: { metadata: { name: 'dry' } } });
    expect(dry.status).toBe(201);
    expect((await call('/api/v1/namespaces/team-a/configmaps/dry')).status).toBe(404);
  });

  it('answers bad bodies with a BadRequest Status, never a crash', async () => {
    const garbage = await call('/api/v1/namespaces/team-a/configmaps', { method: 'POST', body: '{not json' });
    expect(garbage.body).toMatchObject({ kind: 'Status', code: 400, reason: 'BadRequest' });
    const mismatch = await call('/api/v1/namespaces/team-a/configmaps', { method: 'POST', body: { metadata: { name: 'x', namespace: 'team-b' } } });
    expect(mismatch.body.message).toBe('the namespace of the provided object does not match the namespace sent on the request');
    const unnamed = await call('/api/v1/namespaces/team-a/configmaps', { method: 'POST', body: { data: {} } });
    expect(unnamed.body).toMatchObject({ code: 422, reason: 'Invalid' });
    const patchType = await call('/api/v1/namespaces/team-a/configmaps/kube-root-ca.crt', { method: 'PATCH', contentType: 'application/apply-patch+yaml', body: 'x: 1' });
    expect(patchType.status).toBe(415);
    const badName = await call('/api/v1/namespaces', { method: 'POST', body: { metadata: { name: 'Team_C' } } });
    expect(badName.body).toMatchObject({ code: 422, reason: 'Invalid' });
    expect(badName.body.message).toMatch(/^Namespace "Team_C" is invalid: metadata.name: Invalid value: "Team_C": a lowercase RFC 1123 label/);
    const numbers = await call('/api/v1/namespaces/kube-system/configmaps/aws-auth', { method: 'PATCH', contentType: 'application/merge-patch+json', body: { data: { mapRoles: 42 } } });
    expect(numbers.body).toMatchObject({ code: 422, reason: 'Invalid', details: { causes: [{ field: 'data' }] } });
    const badRules = await call('/apis/rbac.authorization.k8s.io/v1/clusterroles', { method: 'POST', body: { metadata: { name: 'broken' }, rules: [1, { resources: ['pods'] }] } });
    expect(badRules.body).toMatchObject({ code: 422, details: { causes: [{ field: 'rules' }] } });
    const roleInClusterBinding = await call('/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', { method: 'POST', body: { metadata: { name: 'b' }, roleRef: { kind: 'Role', name: 'x' } } });
    expect(roleInClusterBinding.body).toMatchObject({ code: 422, details: { causes: [{ field: 'roleRef.kind' }] } });
    const huge = await call('/api/v1/namespaces/team-a/configmaps', { method: 'POST', body: { metadata: { name: 'huge' }, data: { blob: 'x'.repeat(4 * 1024 * 1024) } } });
    expect(huge.body).toMatchObject({ kind: 'Status', code: 413 });
    expect((await call('/api/v1/nodes')).status).toBe(200);
  });

  it('answers odd bodies on every write endpoint with a 4xx Status, never a 5xx', async () => {
    const bodies = ['null', '[]', '"text"', '42', '{"metadata":null}', '{"metadata":{"name":7}}', '{"spec":null}', '{"metadata":{"name":"x","labels":[1]}}'];
    const targets = [
      { method: 'POST', path: '/api/v1/namespaces/team-a/configmaps' },
      { method: 'PUT', path: '/api/v1/namespaces/team-a/configmaps/kube-root-ca.crt' },
      { method: 'PATCH', path: '/api/v1/namespaces/team-a/configmaps/kube-root-ca.crt', contentType: 'application/json-patch+json' },
      { method: 'PATCH', path: '/api/v1/namespaces/team-a/pods/web-7d9f8c6b5-abcde', contentType: 'application/strategic-merge-patch+json' },
      { method: 'POST', path: '/api/v1/namespaces' },
      { method: 'POST', path: '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings' },
      { method: 'POST', path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews' },
      { method: 'POST', path: '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews' },
      { method: 'POST', path: '/apis/authentication.k8s.io/v1/selfsubjectreviews' },
    ];
    for (const target of targets) {
      for (const body of bodies) {
        const response = await call(target.path, { method: target.method, body, ...(target.contentType && { contentType: target.contentType }) });
        expect(response.status, `${target.method} ${target.path} ${body}: ${response.text}`).toBeLessThan(500);
        if (response.status >= 400) expect(response.body.kind, `${target.method} ${target.path} ${body}`).toBe('Status');
      }
    }
  });

  it('counts requests by template and status', () => {
    const stats = cluster.server.stats();
    expect(stats.requests['GET /api/v1/nodes']).toBeGreaterThan(0);
    expect(stats.requests['PUT /api/v1/namespaces/{namespace}/configmaps/{name}']).toBeGreaterThan(0);
    expect(stats.requests['GET /api']).toBeGreaterThan(0);
    expect(stats.statuses['409']).toBeGreaterThan(0);
  });
});
