// Access policies and their aws-auth equivalents. On API clusters EKS evaluates the managed
// access policies; on CONFIG_MAP clusters the same intent becomes system:masters (cluster
// admin) or a Role/ClusterRole with RBAC rules that mirror the policy.
import { partitionForRegion } from '../arn/sso-role-arn.js';
import { CoreError } from '../errors.js';
import { ACCESS_POLICY_NAMES, type AccessPolicyName, type GrantRequest } from './types.js';

export function accessPolicyArn(name: AccessPolicyName, region: string): string {
  return `arn:${partitionForRegion(region)}:eks::aws:cluster-access-policy/${name}`;
}

export function policyNameOf(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

const KUBERNETES_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Validates the request and fills the default policy. */
export function normalizeRequest(request: GrantRequest): { scope: 'cluster' | 'namespace'; namespace?: string; policy: AccessPolicyName } {
  if (request.policy !== undefined && !ACCESS_POLICY_NAMES.includes(request.policy)) {
    throw new CoreError('usage', `unknown policy "${request.policy}"`, { hint: `Use one of ${ACCESS_POLICY_NAMES.join(', ')}` });
  }
  if (request.scope === 'namespace') {
    const namespace = request.namespace?.trim();
    if (!namespace) throw new CoreError('usage', 'a namespace-scoped grant needs --namespace NS');
    if (!KUBERNETES_NAME.test(namespace) || namespace.length > 63) throw new CoreError('usage', `"${namespace}" is not a valid namespace name`);
    const policy = request.policy ?? 'AmazonEKSAdminViewPolicy';
    if (policy === 'AmazonEKSClusterAdminPolicy') {
      throw new CoreError('usage', 'AmazonEKSClusterAdminPolicy is granted at cluster scope only', { hint: 'Use --scope cluster, or --policy AmazonEKSAdminViewPolicy / AmazonEKSEditPolicy for one namespace' });
    }
    return { scope: 'namespace', namespace, policy };
  }
  if (request.scope !== 'cluster') throw new CoreError('usage', `unknown scope "${String(request.scope)}"`, { hint: 'Use --scope cluster or --scope namespace' });
  return { scope: 'cluster', policy: request.policy ?? 'AmazonEKSClusterAdminPolicy' };
}

export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'update', 'patch', 'delete'];

/** RBAC rules standing in for a namespace/cluster view or edit policy on aws-auth clusters. */
export function rbacRules(policy: AccessPolicyName): PolicyRule[] {
  const view: PolicyRule[] = [
    { apiGroups: [''], resources: ['pods', 'pods/log', 'services', 'configmaps', 'endpoints', 'events', 'persistentvolumeclaims'], verbs: READ },
    { apiGroups: ['apps'], resources: ['deployments', 'replicasets', 'statefulsets', 'daemonsets'], verbs: READ },
    { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: READ },
  ];
  if (policy === 'AmazonEKSAdminViewPolicy') return [...view, { apiGroups: [''], resources: ['secrets'], verbs: READ }];
  return view.map((rule) => ({ ...rule, verbs: [...READ, ...WRITE] })).concat([{ apiGroups: [''], resources: ['secrets'], verbs: [...READ, ...WRITE] }]);
}

export function rbacFlavour(policy: AccessPolicyName): 'view' | 'edit' {
  return policy === 'AmazonEKSEditPolicy' ? 'edit' : 'view';
}
