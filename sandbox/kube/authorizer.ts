// Authorisation as an EKS cluster does it: system:masters first, then the EKS access policies
// of the caller's access entry (by scope), then the RBAC objects stored in the cluster. Any
// one allowing is enough; otherwise the request gets the API server's "forbidden" wording.
import type { AccessPolicyAssociation } from './contract.js';
import type { PolicyRule } from './default-roles.js';
import { ADMIN_RULES, CLUSTER_ADMIN_RULES, EDIT_RULES, VIEW_RULES } from './default-roles.js';
import type { KubeObject, ObjectStore } from './store.js';
import { findResourceType } from './resources.js';
import { isPolicyRule } from './validation.js';

export interface Subject {
  username: string;
  groups: string[];
  policies: AccessPolicyAssociation[];
}

/** The attributes the API server's request-info resolver extracts from a request. */
export type RequestAttributes =
  | { kind: 'resource'; verb: string; apiGroup: string; resource: string; subresource: string; namespace: string; name: string }
  | { kind: 'path'; verb: string; path: string };

const ACCESS_POLICY_RULES: Record<string, PolicyRule[]> = {
  AmazonEKSClusterAdminPolicy: CLUSTER_ADMIN_RULES,
  AmazonEKSAdminPolicy: ADMIN_RULES,
  AmazonEKSEditPolicy: EDIT_RULES,
  AmazonEKSViewPolicy: VIEW_RULES,
  AmazonEKSAdminViewPolicy: [{ apiGroups: ['*'], resources: ['*'], verbs: ['get', 'list', 'watch'] }],
  AmazonEKSSecretReaderPolicy: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch'] }],
};

function policyName(policyArn: string): string {
  return policyArn.slice(policyArn.lastIndexOf('/') + 1);
}

function ruleAllows(rule: PolicyRule, attributes: RequestAttributes): boolean {
  if (!rule.verbs.includes('*') && !rule.verbs.includes(attributes.verb)) return false;
  if (attributes.kind === 'path') {
    return (rule.nonResourceURLs ?? []).some((pattern) =>
      pattern === '*' || pattern === attributes.path || (pattern.endsWith('*') && attributes.path.startsWith(pattern.slice(0, -1))),
    );
  }
  const groups = rule.apiGroups ?? [];
  if (!groups.includes('*') && !groups.includes(attributes.apiGroup)) return false;
  const combined = attributes.subresource ? `${attributes.resource}/${attributes.subresource}` : attributes.resource;
  const resources = rule.resources ?? [];
  const resourceMatches = resources.some(
    (resource) => resource === '*' || resource === combined || (attributes.subresource !== '' && resource === `*/${attributes.subresource}`),
  );
  if (!resourceMatches) return false;
  const names = rule.resourceNames ?? [];
  return names.length === 0 || (attributes.name !== '' && names.includes(attributes.name));
}

function namespaceMatches(pattern: string, namespace: string): boolean {
  if (!pattern.includes('*')) return pattern === namespace;
  const expression = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return expression.test(namespace);
}

function accessPoliciesAllow(policies: AccessPolicyAssociation[], attributes: RequestAttributes): boolean {
  return policies.some((association) => {
    const rules = ACCESS_POLICY_RULES[policyName(association.policyArn)] ?? [];
    if (association.accessScope.type === 'namespace') {
      if (attributes.kind !== 'resource' || attributes.namespace === '') return false;
      const namespaces = association.accessScope.namespaces ?? [];
      if (!namespaces.some((pattern) => namespaceMatches(pattern, attributes.namespace))) return false;
    }
    return rules.some((rule) => ruleAllows(rule, attributes));
  });
}

function rulesOf(object: KubeObject | undefined): PolicyRule[] {
  const rules = object?.rules;
  // Writes are validated, but a seeded object is not: never let one break every request.
  return Array.isArray(rules) ? (rules.filter(isPolicyRule) as PolicyRule[]) : [];
}

function bindsSubject(binding: KubeObject, subject: Subject): boolean {
  const subjects = binding.subjects;
  if (!Array.isArray(subjects)) return false;
  return subjects.some((entry: { kind?: unknown; name?: unknown } | null) => {
    if (typeof entry !== 'object' || entry === null || typeof entry.name !== 'string') return false;
    return (entry.kind === 'User' && entry.name === subject.username) || (entry.kind === 'Group' && subject.groups.includes(entry.name));
  });
}

const CLUSTER_ROLES = findResourceType('rbac.authorization.k8s.io', 'v1', 'clusterroles')!;
const CLUSTER_ROLE_BINDINGS = findResourceType('rbac.authorization.k8s.io', 'v1', 'clusterrolebindings')!;
const ROLES = findResourceType('rbac.authorization.k8s.io', 'v1', 'roles')!;
const ROLE_BINDINGS = findResourceType('rbac.authorization.k8s.io', 'v1', 'rolebindings')!;

/** Rules granted to `subject` by stored RBAC: cluster-wide ones, plus those of `namespace`. */
export function rbacRulesFor(store: ObjectStore, subject: Subject, namespace: string): PolicyRule[] {
  const rules: PolicyRule[] = [];
  for (const binding of store.list(CLUSTER_ROLE_BINDINGS)) {
    if (!bindsSubject(binding, subject)) continue;
    const roleRef = binding.roleRef as { kind?: string; name?: string } | undefined;
    if (roleRef?.kind === 'ClusterRole' && roleRef.name) rules.push(...rulesOf(store.get(CLUSTER_ROLES, undefined, roleRef.name)));
  }
  if (namespace !== '') {
    for (const binding of store.list(ROLE_BINDINGS, namespace)) {
      if (!bindsSubject(binding, subject)) continue;
      const roleRef = binding.roleRef as { kind?: string; name?: string } | undefined;
      if (!roleRef?.name) continue;
      // A RoleBinding grants a role's resource rules only inside its own namespace.
      const role = roleRef.kind === 'ClusterRole' ? store.get(CLUSTER_ROLES, undefined, roleRef.name) : roleRef.kind === 'Role' ? store.get(ROLES, namespace, roleRef.name) : undefined;
      rules.push(...rulesOf(role).filter((rule) => !rule.nonResourceURLs));
    }
  }
  return rules;
}

export function isAllowed(store: ObjectStore, subject: Subject, attributes: RequestAttributes): boolean {
  if (subject.groups.includes('system:masters')) return true;
  if (accessPoliciesAllow(subject.policies, attributes)) return true;
  const namespace = attributes.kind === 'resource' ? attributes.namespace : '';
  return rbacRulesFor(store, subject, namespace).some((rule) => ruleAllows(rule, attributes));
}

/** The API server's 403 message for a denied request. */
export function forbiddenMessage(username: string, attributes: RequestAttributes): string {
  if (attributes.kind === 'path') return `forbidden: User "${username}" cannot ${attributes.verb} path "${attributes.path}"`;
  const combined = attributes.subresource ? `${attributes.resource}/${attributes.subresource}` : attributes.resource;
  const subject = attributes.name ? `${combined} "${attributes.name}"` : combined;
  const where = attributes.namespace ? `in the namespace "${attributes.namespace}"` : 'at the cluster scope';
  return `${subject} is forbidden: User "${username}" cannot ${attributes.verb} resource "${combined}" in API group "${attributes.apiGroup}" ${where}`;
}
