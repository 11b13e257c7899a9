// @kubernetes/client-node (what the app itself uses to talk to clusters) reads the kubeconfig
// we write, extensions markers and exec users included.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { planContexts } from '../../../main/core/kubeconfig/contexts.js';
import { writeKubeconfig } from '../../../main/core/kubeconfig/write.js';
import { clusterInfo, coreContext } from './clusters.js';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'eks-sso-client-node-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('@kubernetes/client-node', () => {
  it('loads our contexts, clusters and exec users next to the foreign ones', async () => {
    const file = path.join(folder, 'config');
    await copyFile(new URL('./fixtures/kubeconfig-from-aws-eks-update-kubeconfig.yaml', import.meta.url), file);
    const plan = planContexts([clusterInfo({ name: 'payments' })], [{ accountId: '111122223333', accountName: 'prod', roles: ['Admin'] }], '{account}/{role}/{cluster}');
    await writeKubeconfig(coreContext({ HOME: folder }), plan, { file, execMode: 'builtin', exec: { command: '/usr/bin/node', args: ['/opt/eks-sso.js'] } });

    const config = new KubeConfig();
    config.loadFromString(await readFile(file, 'utf8'));
    expect(config.getContexts().map((context) => context.name)).toEqual(['arn:aws:eks:eu-west-1:123456789012:cluster/payments', 'web-admin', 'prod/Admin/payments']);
    expect(config.getCurrentContext()).toBe('web-admin');
    config.setCurrentContext('prod/Admin/payments');
    expect(config.getCurrentCluster()).toMatchObject({ name: 'eks-sso:arn:aws:eks:eu-west-1:111122223333:cluster/payments', server: 'https://payments.eu-west-1.eks.example.test' });
    expect(config.getCurrentUser()?.exec).toMatchObject({
      apiVersion: 'client.authentication.k8s.io/v1beta1',
      command: '/usr/bin/node',
      args: ['/opt/eks-sso.js', 'token', '--session', 'acme', '--account', '111122223333', '--role', 'Admin', '--region', 'eu-west-1', '--cluster', 'payments'],
    });
  });
});
