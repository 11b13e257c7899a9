// The cluster most tests use: one principal per way of getting (or not getting) access.
import type { AccessEntryView, KubeClusterSeed } from '../../../sandbox/kube/contract.js';
import type { TestIdentity } from './control-plane-double.js';

export const ACCOUNT = '111122223333';
const POLICY = 'arn:aws:eks::aws:cluster-access-policy/';

function identity(role: string, session: string, key: string): TestIdentity {
  return { accessKeyId: `ASIA${key.padEnd(16, '0')}`, secretAccessKey: `secret-${key}`, sessionToken: `session-${key}`, arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${role}/${session}` };
}

export const ADMIN_ROLE = 'AWSReservedSSO_Admin_0123456789abcdef';
export const VIEWER_ROLE = 'AWSReservedSSO_TeamViewer_1111111111111111';
export const EDITOR_ROLE = 'AWSReservedSSO_TeamEditor_2222222222222222';
export const MASTERS_ROLE = 'AWSReservedSSO_Legacy_3333333333333333';
export const DEV_ROLE = 'AWSReservedSSO_Developer_4444444444444444';
export const UNMAPPED_ROLE = 'AWSReservedSSO_Nobody_5555555555555555';
export const NAMESPACE_ADMIN_ROLE = 'AWSReservedSSO_TeamAdmin_6666666666666666';
export const ADMIN_VIEW_ROLE = 'AWSReservedSSO_Auditor_7777777777777777';
export const CLUSTER_VIEW_ROLE = 'AWSReservedSSO_ReadOnly_8888888888888888';
export const NODE_ROLE = 'eks-node-role';

export const people = {
  admin: identity(ADMIN_ROLE, 'alice@example.com', 'ADMIN'),
  viewer: identity(VIEWER_ROLE, 'vera@example.com', 'VIEWER'),
  editor: identity(EDITOR_ROLE, 'ed@example.com', 'EDITOR'),
  masters: identity(MASTERS_ROLE, 'max@example.com', 'MASTERS'),
  developer: identity(DEV_ROLE, 'dev@example.com', 'DEV'),
  unmapped: identity(UNMAPPED_ROLE, 'nobody@example.com', 'NOBODY'),
  node: identity(NODE_ROLE, 'i-0123456789abcdef0', 'NODE'),
  namespaceAdmin: identity(NAMESPACE_ADMIN_ROLE, 'tina@example.com', 'TEAMADMIN'),
  adminViewer: identity(ADMIN_VIEW_ROLE, 'audrey@example.com', 'AUDITOR'),
  clusterViewer: identity(CLUSTER_VIEW_ROLE, 'rita@example.com', 'READONLY'),
};

const ssoArn = (role: string) => `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/us-west-2/${role}`;

export function accessEntries(): AccessEntryView[] {
  return [
    { principalArn: ssoArn(ADMIN_ROLE), kubernetesGroups: [], type: 'STANDARD', policies: [{ policyArn: `${POLICY}AmazonEKSClusterAdminPolicy`, accessScope: { type: 'cluster' } }] },
    { principalArn: ssoArn(VIEWER_ROLE), kubernetesGroups: [], type: 'STANDARD', policies: [{ policyArn: `${POLICY}AmazonEKSViewPolicy`, accessScope: { type: 'namespace', namespaces: ['team-a'] } }] },
    { principalArn: ssoArn(EDITOR_ROLE), username: 'editor:{{SessionName}}', kubernetesGroups: ['editors'], type: 'STANDARD', policies: [{ policyArn: `${POLICY}AmazonEKSEditPolicy`, accessScope: { type: 'namespace', namespaces: ['team-*'] } }] },
    { principalArn: ssoArn(NAMESPACE_ADMIN_ROLE), kubernetesGroups: [], type: 'STANDARD', policies: [{ policyArn: `${POLICY}AmazonEKSAdminPolicy`, accessScope: { type: 'namespace', namespaces: ['team-a'] } }] },
    { principalArn: ssoArn(ADMIN_VIEW_ROLE), kubernetesGroups: [], type: 'STANDARD', policies: [{ policyArn: `${POLICY}AmazonEKSAdminViewPolicy`, accessScope: { type: 'cluster' } }] },
    { principalArn: ssoArn(CLUSTER_VIEW_ROLE), kubernetesGroups: [], type: 'STANDARD', policies: [{ policyArn: `${POLICY}AmazonEKSViewPolicy`, accessScope: { type: 'cluster' } }] },
  ];
}

export const AWS_AUTH_MAP_ROLES = `- rolearn: arn:aws:iam::${ACCOUNT}:role/${NODE_ROLE}
  username: system:node:{{EC2PrivateDNSName}}
  groups:
    - system:bootstrappers
    - system:nodes
- rolearn: arn:aws:iam::${ACCOUNT}:role/${MASTERS_ROLE}
  username: legacy-admin:{{SessionName}}
  groups:
    - system:masters
- rolearn: arn:aws:iam::${ACCOUNT}:role/${DEV_ROLE}
  username: dev:{{SessionNameRaw}}
  groups:
    - developers
- rolearn: arn:aws:iam::${ACCOUNT}:role/${ADMIN_ROLE}
  username: shadowed-by-access-entry
  groups:
    - nothing-useful
`;

export function seed(): KubeClusterSeed {
  return {
    nodes: [
      { name: 'ip-10-0-1-10.us-west-2.compute.internal', ready: true, kubeletVersion: 'v1.33.1-eks-b9c6c3a' },
      { name: 'ip-10-0-2-20.us-west-2.compute.internal', ready: false },
    ],
    namespaces: ['team-a', 'team-b'],
    pods: [
      { name: 'web-7d9f8c6b5-abcde', namespace: 'team-a' },
      { name: 'worker-5c6d7e8f9-fghij', namespace: 'team-a', phase: 'Pending' },
      { name: 'api-6b7c8d9e0-klmno', namespace: 'team-b' },
    ],
    awsAuth: { mapRoles: AWS_AUTH_MAP_ROLES },
    rbac: [
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'developers-edit', namespace: 'team-b' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'developers' }],
      },
    ],
  };
}
