// From a scenario cluster to what its Kubernetes API server starts with (KubeClusterSeed, the
// contract with part 2). Clusters that say nothing get two Ready nodes, and, when their
// authentication mode reads aws-auth, an aws-auth ConfigMap that maps the node role.
import type { KubeClusterSeed, NodeSeed } from '../kube/contract.js';
import type { Directory } from '../identity/directory.js';
import type { ClusterSpec } from './schema.js';
import { iamRoleArn, ssoRoleName } from '../identity/role-names.js';

export const NODE_ROLE_NAME = 'eks-node-group-role';

function defaultNodes(cluster: ClusterSpec): NodeSeed[] {
  const zone = cluster.region;
  return [1, 2].map((index) => ({
    name: `ip-10-0-${index}-${10 + index * 7}.${zone}.compute.internal`,
    ready: true,
    kubeletVersion: `v${cluster.version}.0-eks-${index}a1b2c3`,
    instanceType: 'm6i.large',
  }));
}

export function nodeRoleMapping(accountId: string): string {
  return `- rolearn: arn:aws:iam::${accountId}:role/${NODE_ROLE_NAME}
  username: system:node:{{EC2PrivateDNSName}}
  groups:
    - system:bootstrappers
    - system:nodes
`;
}

/** `{{role:Name}}` → the permission set's role ARN without path (aws-auth's form); `{{account}}` → the account id. */
export function expandAwsAuthText(text: string, directory: Directory, accountId: string): string {
  const { startUrl } = directory.scenario.identityCenter;
  return text
    .replace(/\{\{role:([\w+=,.@-]+)\}\}/g, (_match, setName: string) => iamRoleArn(accountId, '/', ssoRoleName(startUrl, setName, accountId)))
    .replace(/\{\{account\}\}/g, accountId);
}

export function kubeSeedFor(cluster: ClusterSpec, directory: Directory): KubeClusterSeed {
  const content = cluster.kubernetes;
  let awsAuth: Record<string, string> | null;
  if (content.awsAuth === null) awsAuth = null;
  else if (content.awsAuth) awsAuth = Object.fromEntries(Object.entries(content.awsAuth).map(([key, text]) => [key, expandAwsAuthText(text, directory, cluster.account)]));
  else awsAuth = cluster.authenticationMode === 'API' ? null : { mapRoles: nodeRoleMapping(cluster.account) };
  return {
    nodes: content.nodes ?? defaultNodes(cluster),
    namespaces: content.namespaces ?? [],
    pods: (content.pods ?? []).map((pod) => ({ name: pod.name, namespace: pod.namespace, ...(pod.phase ? { phase: pod.phase } : {}) })),
    awsAuth,
    rbac: content.rbac,
  };
}
