// The validation the API server applies to every write that matters here: object names
// (DNS labels for namespaces, DNS subdomains for most kinds, path segments for RBAC), string
// maps for labels, annotations and ConfigMap data. A failure is a 422 Invalid Status.
import type { ResourceType } from './resources.js';
import type { KubeObject } from './store.js';
import { invalid } from './status.js';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function nameProblem(type: ResourceType, name: string): string | undefined {
  if (type.group === 'rbac.authorization.k8s.io') {
    if (name === '.' || name === '..' || /[/%]/.test(name)) return 'may not be \'.\' or \'..\' and may not contain \'/\' or \'%\'';
    return undefined;
  }
  if (type.name === 'namespaces') {
    return name.length <= 63 && DNS_LABEL.test(name) ? undefined : "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
  }
  return name.length <= 253 && DNS_SUBDOMAIN.test(name) ? undefined : "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
}

function isStringMap(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'object' && !Array.isArray(value) && Object.values(value).every((entry) => typeof entry === 'string'));
}

const isStringList = (value: unknown, required = false): boolean =>
  (value === undefined && !required) || (Array.isArray(value) && value.every((entry) => typeof entry === 'string'));
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A PolicyRule as RBAC stores it: verbs required, every list made of strings. */
export function isPolicyRule(value: unknown): boolean {
  return isRecord(value) && isStringList(value.verbs, true) && ['apiGroups', 'resources', 'resourceNames', 'nonResourceURLs'].every((key) => isStringList(value[key]));
}

function validateRbac(type: ResourceType, object: KubeObject, name: string): void {
  if (type.kind === 'Role' || type.kind === 'ClusterRole') {
    const rules = object.rules;
    if (rules !== undefined && rules !== null && !(Array.isArray(rules) && rules.every(isPolicyRule))) {
      throw invalid(type.kind, type.group, name, 'rules', 'Invalid value: each rule needs verbs, and its lists must hold strings');
    }
    return;
  }
  const roleRef = object.roleRef;
  if (!isRecord(roleRef) || typeof roleRef.kind !== 'string' || typeof roleRef.name !== 'string' || (roleRef.kind !== 'Role' && roleRef.kind !== 'ClusterRole')) {
    throw invalid(type.kind, type.group, name, 'roleRef', 'Invalid value: roleRef needs kind Role or ClusterRole and a name');
  }
  if (type.kind === 'ClusterRoleBinding' && roleRef.kind !== 'ClusterRole') throw invalid(type.kind, type.group, name, 'roleRef.kind', 'Unsupported value: "Role": supported values: "ClusterRole"');
  const subjects = object.subjects;
  if (subjects !== undefined && subjects !== null && !(Array.isArray(subjects) && subjects.every((subject) => isRecord(subject) && typeof subject.kind === 'string' && typeof subject.name === 'string'))) {
    throw invalid(type.kind, type.group, name, 'subjects', 'Invalid value: each subject needs a kind and a name');
  }
}

export function validateObject(type: ResourceType, object: KubeObject): void {
  const name: unknown = object.metadata.name;
  if (typeof name !== 'string') throw invalid(type.kind, type.group, String(name), 'metadata.name', 'Invalid value: must be a string');
  const problem = nameProblem(type, name);
  if (problem) throw invalid(type.kind, type.group, name, 'metadata.name', `Invalid value: "${name}": ${problem}`);
  for (const field of ['labels', 'annotations'] as const) {
    if (!isStringMap(object.metadata[field])) throw invalid(type.kind, type.group, name, `metadata.${field}`, 'Invalid value: must be a map of strings');
  }
  if (type.group === 'rbac.authorization.k8s.io') validateRbac(type, object, name);
  if (type.name === 'configmaps') {
    for (const field of ['data', 'binaryData'] as const) {
      if (!isStringMap(object[field])) throw invalid(type.kind, type.group, name, field, 'Invalid value: must be a map of strings');
    }
  }
}
