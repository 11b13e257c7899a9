// ContextSpec values for unit tests that do not need a cluster.
import type { ContextSpec } from '../../../main/core/kubeconfig/contexts.js';
import type { ClusterInfo } from '../../../main/core/eks/cluster-info.js';

export function clusterInfo(overrides: Partial<ClusterInfo> = {}): ClusterInfo {
  return {
    session: 'demo',
    accountId: '111122223333',
    accountName: 'dev',
    region: 'eu-west-1',
    name: 'alpha',
    arn: 'arn:aws:eks:eu-west-1:111122223333:cluster/alpha',
    endpoint: 'https://127.0.0.1:9',
    certificateAuthorityData: Buffer.from('-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n').toString('base64'),
    version: '1.33',
    platformVersion: 'eks.5',
    status: 'ACTIVE',
    authenticationMode: 'API',
    endpointPublicAccess: true,
    endpointPrivateAccess: false,
    accessEntriesSupported: true,
    listedByRole: 'Admin',
    ...overrides,
  };
}

export function contextSpec(contextName: string, cluster: Partial<ClusterInfo> = {}, roleName = 'Admin'): ContextSpec {
  const info = clusterInfo(cluster);
  return { contextName, session: info.session, accountId: info.accountId, accountName: info.accountName, roleName, cluster: info };
}
