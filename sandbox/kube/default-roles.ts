// The bootstrap ClusterRoles and ClusterRoleBindings every cluster has (kubernetes
// plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go), trimmed to the resources that
// matter here but with the same shape, so stored RBAC and EKS access policies share rules.

export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'];

const VIEW_CORE = [
  'configmaps', 'endpoints', 'persistentvolumeclaims', 'persistentvolumeclaims/status', 'pods', 'replicationcontrollers',
  'replicationcontrollers/scale', 'serviceaccounts', 'services', 'services/status', 'bindings', 'events', 'limitranges',
  'namespaces/status', 'pods/log', 'pods/status', 'replicationcontrollers/status', 'resourcequotas', 'resourcequotas/status',
];
const APPS = ['controllerrevisions', 'daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale', 'deployments/status', 'replicasets', 'replicasets/scale', 'replicasets/status', 'statefulsets', 'statefulsets/scale', 'statefulsets/status'];
const BATCH = ['cronjobs', 'cronjobs/status', 'jobs', 'jobs/status'];

export const VIEW_RULES: PolicyRule[] = [
  { apiGroups: [''], resources: VIEW_CORE, verbs: READ },
  { apiGroups: [''], resources: ['namespaces'], verbs: READ },
  { apiGroups: ['apps'], resources: APPS, verbs: READ },
  { apiGroups: ['batch'], resources: BATCH, verbs: READ },
  { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers', 'horizontalpodautoscalers/status'], verbs: READ },
  { apiGroups: ['networking.k8s.io'], resources: ['ingresses', 'ingresses/status', 'networkpolicies'], verbs: READ },
  { apiGroups: ['policy'], resources: ['poddisruptionbudgets', 'poddisruptionbudgets/status'], verbs: READ },
  { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: READ },
];

export const EDIT_RULES: PolicyRule[] = [
  ...VIEW_RULES,
  { apiGroups: [''], resources: ['pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy', 'secrets', 'services/proxy'], verbs: READ },
  { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['impersonate'] },
  { apiGroups: [''], resources: ['pods', 'pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy', 'pods/eviction'], verbs: WRITE },
  { apiGroups: [''], resources: ['configmaps', 'endpoints', 'events', 'persistentvolumeclaims', 'replicationcontrollers', 'replicationcontrollers/scale', 'secrets', 'serviceaccounts', 'services', 'services/proxy'], verbs: WRITE },
  { apiGroups: ['apps'], resources: APPS.filter((resource) => !resource.endsWith('/status')), verbs: WRITE },
  { apiGroups: ['batch'], resources: ['cronjobs', 'jobs'], verbs: WRITE },
  { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: WRITE },
  { apiGroups: ['networking.k8s.io'], resources: ['ingresses', 'networkpolicies'], verbs: WRITE },
  { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: WRITE },
];

export const ADMIN_RULES: PolicyRule[] = [
  ...EDIT_RULES,
  { apiGroups: ['authorization.k8s.io'], resources: ['localsubjectaccessreviews'], verbs: ['create'] },
  { apiGroups: ['rbac.authorization.k8s.io'], resources: ['rolebindings', 'roles'], verbs: [...READ, ...WRITE] },
];

export const CLUSTER_ADMIN_RULES: PolicyRule[] = [
  { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
  { nonResourceURLs: ['*'], verbs: ['*'] },
];

const BASIC_USER_RULES: PolicyRule[] = [
  { apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'], verbs: ['create'] },
  { apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'], verbs: ['create'] },
];

const DISCOVERY_RULES: PolicyRule[] = [
  { nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'], verbs: ['get'] },
];

const PUBLIC_INFO_RULES: PolicyRule[] = [{ nonResourceURLs: ['/healthz', '/livez', '/readyz', '/version', '/version/'], verbs: ['get'] }];

function clusterRole(name: string, rules: PolicyRule[]): Record<string, unknown> {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name, labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' }, annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' } },
    rules,
  };
}

function clusterRoleBinding(name: string, role: string, groups: string[]): Record<string, unknown> {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name, labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' }, annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' } },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
    subjects: groups.map((group) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: group })),
  };
}

/** The default RBAC objects, as Kubernetes JSON. */
export function defaultRbacObjects(): Array<Record<string, unknown>> {
  return [
    clusterRole('cluster-admin', CLUSTER_ADMIN_RULES),
    clusterRole('admin', ADMIN_RULES),
    clusterRole('edit', EDIT_RULES),
    clusterRole('view', VIEW_RULES),
    clusterRole('system:basic-user', BASIC_USER_RULES),
    clusterRole('system:discovery', DISCOVERY_RULES),
    clusterRole('system:public-info-viewer', PUBLIC_INFO_RULES),
    clusterRoleBinding('cluster-admin', 'cluster-admin', ['system:masters']),
    clusterRoleBinding('system:basic-user', 'system:basic-user', ['system:authenticated']),
    clusterRoleBinding('system:discovery', 'system:discovery', ['system:authenticated']),
    clusterRoleBinding('system:public-info-viewer', 'system:public-info-viewer', ['system:authenticated', 'system:unauthenticated']),
  ];
}
