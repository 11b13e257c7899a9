// The everyday kubectl commands against one cluster server, with static EKS tokens (the exec
// plugin path is covered by interop-real-clients.test.ts). Several of these send protobuf
// bodies (create namespace/configmap/role/rolebinding, auth whoami, auth can-i) and need the
// OpenAPI v3 hints (create/apply -f).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { people } from './fixture.js';
import { KUBECTL, run } from './real-clients.js';
import { startTestCluster } from './start-test-cluster.js';
import type { TestCluster } from './start-test-cluster.js';

let cluster: TestCluster;
let folder: string;
let kubeconfig: string;

const kubectl = (context: 'admin' | 'viewer' | 'developer', args: string[], stdin?: string) =>
  stdin === undefined
    ? run(KUBECTL!, ['--kubeconfig', kubeconfig, '--context', context, ...args], { HOME: folder })
    : (async () => {
        const file = path.join(folder, `manifest-${Math.random().toString(36).slice(2)}.yaml`);
        await writeFile(file, stdin);
        return run(KUBECTL!, ['--kubeconfig', kubeconfig, '--context', context, ...args, '-f', file], { HOME: folder });
      })();

describe.skipIf(!KUBECTL)('kubectl commands', { timeout: 90_000 }, () => {
  beforeAll(async () => {
    cluster = await startTestCluster();
    folder = await mkdtemp(path.join(os.tmpdir(), 'eks-sso-kubectl-'));
    const users = { admin: people.admin, viewer: people.viewer, developer: people.developer } as const;
    const config = {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'demo', cluster: { server: cluster.server.endpoint, 'certificate-authority-data': cluster.server.certificateAuthorityData } }],
      users: await Promise.all(Object.entries(users).map(async ([name, identity]) => ({ name, user: { token: await cluster.token(identity) } }))),
      contexts: Object.keys(users).map((name) => ({ name, context: { cluster: 'demo', user: name } })),
      'current-context': 'admin',
    };
    kubeconfig = path.join(folder, 'kubeconfig');
    await writeFile(kubeconfig, JSON.stringify(config), { mode: 0o600 });
  });
  afterAll(async () => {
    await cluster?.server.close();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('get nodes, -o wide, and a single node as JSON', async () => {
    const nodes = await kubectl('admin', ['get', 'nodes']);
    expect(nodes.stderr).toBe('');
    expect(nodes.stdout).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\nip-10-0-1-10\.us-west-2\.compute\.internal\s+Ready\s+<none>\s+\S+\s+v1\.33\.1-eks-b9c6c3a\nip-10-0-2-20\.us-west-2\.compute\.internal\s+NotReady\s+/);
    const wide = await kubectl('admin', ['get', 'nodes', '-o', 'wide']);
    expect(wide.stdout.split('\n')[0]).toMatch(/INTERNAL-IP\s+EXTERNAL-IP\s+OS-IMAGE\s+KERNEL-VERSION\s+CONTAINER-RUNTIME$/);
    const one = JSON.parse((await kubectl('admin', ['get', 'node', 'ip-10-0-1-10.us-west-2.compute.internal', '-o', 'json'])).stdout);
    expect(one.status.nodeInfo.kubeletVersion).toBe('v1.33.1-eks-b9c6c3a');
  });

  it('get pods across namespaces and by short name', async () => {
    const all = await kubectl('admin', ['get', 'po', '-A']);
    expect(all.stdout.split('\n')[0]).toMatch(/^NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    expect(all.stdout).toMatch(/team-a\s+web-7d9f8c6b5-abcde\s+1\/1\s+Running\s+0/);
    expect(all.stdout).toMatch(/kube-system\s+coredns-/);
  });

  it('auth whoami and auth can-i (protobuf request bodies)', async () => {
    const whoami = await kubectl('viewer', ['auth', 'whoami', '-o', 'json']);
    expect(whoami.stderr).toBe('');
    expect(JSON.parse(whoami.stdout).status.userInfo.username).toBe('arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_TeamViewer_1111111111111111/vera-example.com');
    expect((await kubectl('viewer', ['auth', 'can-i', 'list', 'pods', '-n', 'team-a'])).stdout.trim()).toBe('yes');
    const denied = await kubectl('viewer', ['auth', 'can-i', 'list', 'nodes']);
    expect(denied.stdout.trim()).toBe('no');
    expect(denied.code).toBe(1);
  });

  it('create namespace, configmap, role and rolebinding (protobuf), then use the new binding', async () => {
    for (const args of [
      ['create', 'namespace', 'scratch'],
      ['create', 'configmap', 'settings', '-n', 'scratch', '--from-literal=colour=blue'],
      ['create', 'role', 'cm-reader', '-n', 'scratch', '--verb=get,list', '--resource=configmaps'],
      ['create', 'rolebinding', 'dev-reads', '-n', 'scratch', '--role=cm-reader', '--group=developers'],
    ]) {
      const result = await kubectl('admin', args);
      expect(result.stderr, args.join(' ')).toBe('');
    }
    expect((await kubectl('admin', ['get', 'cm', 'settings', '-n', 'scratch', '-o', 'jsonpath={.data.colour}'])).stdout).toBe('blue');
    const listed = await kubectl('developer', ['get', 'configmaps', '-n', 'scratch']);
    expect(listed.stdout).toMatch(/^NAME\s+DATA\s+AGE\n/);
    expect(listed.stdout).toMatch(/\nsettings\s+1\s+/);
    expect((await kubectl('developer', ['delete', 'configmap', 'settings', '-n', 'scratch'])).stderr).toContain('Error from server (Forbidden): configmaps "settings" is forbidden');
    expect((await kubectl('admin', ['delete', 'namespace', 'scratch'])).stdout).toContain('namespace "scratch" deleted');
  });

  it('apply, apply again, label, patch, replace and delete from a manifest', async () => {
    const manifest = (value: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\n  namespace: team-a\ndata:\n  value: "${value}"\n`;
    expect((await kubectl('admin', ['apply'], manifest('1'))).stdout.trim()).toBe('configmap/applied created');
    expect((await kubectl('admin', ['apply'], manifest('2'))).stdout.trim()).toBe('configmap/applied configured');
    expect((await kubectl('admin', ['label', 'configmap', 'applied', '-n', 'team-a', 'tier=web'])).stdout.trim()).toBe('configmap/applied labeled');
    expect((await kubectl('admin', ['patch', 'configmap', 'applied', '-n', 'team-a', '--type=json', '-p', '[{"op":"add","path":"/data/extra","value":"x"}]'])).stdout.trim()).toBe('configmap/applied patched');
    const stored = JSON.parse((await kubectl('admin', ['get', 'configmap', 'applied', '-n', 'team-a', '-o', 'json'])).stdout);
    expect(stored.data).toEqual({ value: '2', extra: 'x' });
    expect(stored.metadata.labels).toEqual({ tier: 'web' });
    expect(stored.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).toContain('"value":"2"');
    expect((await kubectl('admin', ['create'], manifest('3'))).stderr).toContain('Error from server (AlreadyExists)');
    expect((await kubectl('admin', ['replace'], manifest('3'))).stdout.trim()).toBe('configmap/applied replaced');
    expect((await kubectl('admin', ['delete'], manifest('3'))).stdout.trim()).toBe('configmap "applied" deleted');
  });

  it('run puts a pod on a Ready node', async () => {
    expect((await kubectl('admin', ['run', 'nginx', '--image=nginx:1.27', '-n', 'team-b'])).stdout.trim()).toBe('pod/nginx created');
    const pods = await kubectl('admin', ['get', 'pod', 'nginx', '-n', 'team-b', '-o', 'wide']);
    expect(pods.stdout).toMatch(/\nnginx\s+1\/1\s+Running\s+0\s+\S+\s+10\.\S+\s+ip-10-0-1-10\.us-west-2\.compute\.internal/);
    expect((await kubectl('admin', ['delete', 'pod', 'nginx', '-n', 'team-b'])).stdout.trim()).toBe('pod "nginx" deleted');
  });

  it('impersonation: allowed to the cluster admin, who then has only the impersonated rights', async () => {
    const asDeveloper = await kubectl('admin', ['get', 'pods', '-n', 'team-b', '--as=someone', '--as-group=developers']);
    expect(asDeveloper.stdout).toContain('api-6b7c8d9e0-klmno');
    const denied = await kubectl('admin', ['get', 'nodes', '--as=someone', '--as-group=developers']);
    expect(denied.stderr).toContain('nodes is forbidden: User "someone" cannot list resource "nodes"');
    const notAllowed = await kubectl('viewer', ['get', 'pods', '-n', 'team-a', '--as=someone']);
    expect(notAllowed.stderr).toContain('users "someone" is forbidden: User "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_TeamViewer_1111111111111111/vera-example.com" cannot impersonate resource "users" in API group "" at the cluster scope');
  });

  it('logs and version', async () => {
    expect((await kubectl('admin', ['logs', 'web-7d9f8c6b5-abcde', '-n', 'team-a'])).stdout).toContain('web: started');
    const version = JSON.parse((await kubectl('admin', ['version', '-o', 'json'])).stdout);
    expect(version.serverVersion.gitVersion).toMatch(/^v1\.33\.\d+-eks-/);
  });
});
