// Builders for ClusterInfo and CoreContext values used by the kubeconfig tests.
import type { ClusterInfo } from '../../../main/core/eks/cluster-info.js';
import { silentLogger, systemClock, type CoreContext, type Environment } from '../../../main/core/context.js';

export function clusterInfo(overrides: Partial<ClusterInfo> & Pick<ClusterInfo, 'name'>): ClusterInfo {
  const accountId = overrides.accountId ?? '111122223333';
  const region = overrides.region ?? 'eu-west-1';
  return {
    session: 'acme',
    accountId,
    accountName: 'prod',
    region,
    arn: `arn:aws:eks:${region}:${accountId}:cluster/${overrides.name}`,
    endpoint: `https://${overrides.name}.${region}.eks.example.test`,
    certificateAuthorityData: Buffer.from(`CA for ${overrides.name}`).toString('base64'),
    version: '1.31',
    platformVersion: 'eks.5',
    status: 'ACTIVE',
    authenticationMode: 'API_AND_CONFIG_MAP',
    endpointPublicAccess: true,
    endpointPrivateAccess: false,
    accessEntriesSupported: true,
    listedByRole: 'AdministratorAccess',
    ...overrides,
  };
}

export function coreContext(env: Environment): CoreContext {
  return {
    clock: systemClock,
    env,
    logger: silentLogger,
    openBrowser: async () => {
      throw new Error('tests never open a browser');
    },
    secrets: {
      get: async () => null,
      set: async () => {},
      delete: async () => {},
      list: async () => [],
    },
  };
}
