// The API resources each cluster serves: enough of core/v1 and rbac/v1 for kubectl, the
// product and @kubernetes/client-node, plus the two "who am I / can I" review endpoints.
// Discovery documents and routing are both derived from this one table.

export interface ResourceType {
  /** Plural resource name as in URLs, e.g. "pods". */
  name: string;
  singular: string;
  kind: string;
  /** API group, "" for core. */
  group: string;
  version: string;
  namespaced: boolean;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  /** Create-only virtual resources (reviews) are never stored. */
  createOnly?: boolean;
}

const STORED_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

export const RESOURCE_TYPES: ResourceType[] = [
  { name: 'namespaces', singular: 'namespace', kind: 'Namespace', group: '', version: 'v1', namespaced: false, verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'], shortNames: ['ns'] },
  { name: 'nodes', singular: 'node', kind: 'Node', group: '', version: 'v1', namespaced: false, verbs: STORED_VERBS, shortNames: ['no'] },
  { name: 'pods', singular: 'pod', kind: 'Pod', group: '', version: 'v1', namespaced: true, verbs: STORED_VERBS, shortNames: ['po'], categories: ['all'] },
  { name: 'configmaps', singular: 'configmap', kind: 'ConfigMap', group: '', version: 'v1', namespaced: true, verbs: STORED_VERBS, shortNames: ['cm'] },
  { name: 'clusterrolebindings', singular: 'clusterrolebinding', kind: 'ClusterRoleBinding', group: 'rbac.authorization.k8s.io', version: 'v1', namespaced: false, verbs: STORED_VERBS },
  { name: 'clusterroles', singular: 'clusterrole', kind: 'ClusterRole', group: 'rbac.authorization.k8s.io', version: 'v1', namespaced: false, verbs: STORED_VERBS },
  { name: 'rolebindings', singular: 'rolebinding', kind: 'RoleBinding', group: 'rbac.authorization.k8s.io', version: 'v1', namespaced: true, verbs: STORED_VERBS },
  { name: 'roles', singular: 'role', kind: 'Role', group: 'rbac.authorization.k8s.io', version: 'v1', namespaced: true, verbs: STORED_VERBS },
  { name: 'selfsubjectreviews', singular: 'selfsubjectreview', kind: 'SelfSubjectReview', group: 'authentication.k8s.io', version: 'v1', namespaced: false, verbs: ['create'], createOnly: true },
  { name: 'selfsubjectaccessreviews', singular: 'selfsubjectaccessreview', kind: 'SelfSubjectAccessReview', group: 'authorization.k8s.io', version: 'v1', namespaced: false, verbs: ['create'], createOnly: true },
  { name: 'selfsubjectrulesreviews', singular: 'selfsubjectrulesreview', kind: 'SelfSubjectRulesReview', group: 'authorization.k8s.io', version: 'v1', namespaced: false, verbs: ['create'], createOnly: true },
];

/** group/version strings in the order discovery lists them ("v1" for core). */
export const GROUP_VERSIONS = ['v1', 'rbac.authorization.k8s.io/v1', 'authentication.k8s.io/v1', 'authorization.k8s.io/v1'];

export function groupVersionOf(type: ResourceType): string {
  return type.group === '' ? type.version : `${type.group}/${type.version}`;
}

export function findResourceType(group: string, version: string, name: string): ResourceType | undefined {
  return RESOURCE_TYPES.find((type) => type.group === group && type.version === version && type.name === name);
}

export function resourceTypeByKind(apiVersion: string, kind: string): ResourceType | undefined {
  return RESOURCE_TYPES.find((type) => groupVersionOf(type) === apiVersion && type.kind === kind);
}
