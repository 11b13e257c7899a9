// DescribeCluster's `cluster` structure and the access-entry shapes, as the EKS model names them.
// Timestamps are epoch seconds (rest-json's default).
import { createHash } from 'node:crypto';
import type { AccessEntryRecord, ClusterState, ClusterUpdate, PolicyAssociation } from './cluster-state.js';

export interface ClusterEndpoint {
  endpoint: string;
  certificateAuthorityData: string;
}

const seconds = (ms: number) => ms / 1000;
const hex = (seed: string, length: number) => createHash('sha256').update(seed).digest('hex').slice(0, length);

export function clusterView(cluster: ClusterState, endpoint: ClusterEndpoint | undefined): Record<string, unknown> {
  const { spec } = cluster;
  return {
    name: spec.name,
    arn: cluster.arn,
    createdAt: seconds(cluster.createdAt),
    version: spec.version,
    ...(endpoint ? { endpoint: endpoint.endpoint } : {}),
    roleArn: `arn:aws:iam::${spec.account}:role/eks-cluster-role`,
    resourcesVpcConfig: {
      subnetIds: [`subnet-${hex(`${cluster.arn}a`, 17)}`, `subnet-${hex(`${cluster.arn}b`, 17)}`],
      securityGroupIds: [],
      clusterSecurityGroupId: `sg-${hex(`${cluster.arn}sg`, 17)}`,
      vpcId: `vpc-${hex(`${spec.account}${spec.region}`, 17)}`,
      endpointPublicAccess: spec.endpointPublicAccess,
      endpointPrivateAccess: spec.endpointPrivateAccess,
      publicAccessCidrs: spec.endpointPublicAccess ? spec.publicAccessCidrs : [],
    },
    kubernetesNetworkConfig: { serviceIpv4Cidr: '10.100.0.0/16', ipFamily: 'ipv4' },
    logging: { clusterLogging: [{ types: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'], enabled: false }] },
    identity: { oidc: { issuer: `https://oidc.eks.${spec.region}.amazonaws.com/id/${cluster.id}` } },
    status: cluster.status,
    ...(endpoint ? { certificateAuthority: { data: endpoint.certificateAuthorityData } } : {}),
    platformVersion: spec.platformVersion ?? 'eks.20',
    tags: spec.tags,
    accessConfig: { authenticationMode: cluster.authenticationMode },
    health: { issues: [] },
    upgradePolicy: { supportMode: 'STANDARD' },
  };
}

export function accessEntryView(cluster: ClusterState, record: AccessEntryRecord): Record<string, unknown> {
  return {
    clusterName: cluster.name,
    principalArn: record.principalArn,
    kubernetesGroups: record.kubernetesGroups,
    accessEntryArn: record.accessEntryArn,
    createdAt: seconds(record.createdAt),
    modifiedAt: seconds(record.modifiedAt),
    tags: record.tags,
    username: record.username,
    type: record.type,
  };
}

export function associationView(association: PolicyAssociation): Record<string, unknown> {
  return {
    policyArn: association.policyArn,
    accessScope: { type: association.accessScope.type, ...(association.accessScope.type === 'namespace' ? { namespaces: association.accessScope.namespaces ?? [] } : {}) },
    associatedAt: seconds(association.associatedAt),
    modifiedAt: seconds(association.modifiedAt),
  };
}

export function updateView(update: ClusterUpdate): Record<string, unknown> {
  return { id: update.id, status: update.status, type: update.type, params: update.params, createdAt: seconds(update.createdAt), errors: [] };
}
