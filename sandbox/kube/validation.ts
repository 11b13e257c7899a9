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

export function validateObject(type: ResourceType, object: KubeObject): void {
  const name: unknown = object.metadata.name;
  if (typeof name !== 'string') throw invalid(type.kind, type.group, String(name), 'metadata.name', 'Invalid value: must be a string');
  const problem = nameProblem(type, name);
  if (problem) throw invalid(type.kind, type.group, name, 'metadata.name', `Invalid value: "${name}": ${problem}`);
  for (const field of ['labels', 'annotations'] as const) {
    if (!isStringMap(object.metadata[field])) throw invalid(type.kind, type.group, name, `metadata.${field}`, 'Invalid value: must be a map of strings');
  }
  if (type.name === 'configmaps') {
    for (const field of ['data', 'binaryData'] as const) {
      if (!isStringMap(object[field])) throw invalid(type.kind, type.group, name, field, 'Invalid value: must be a map of strings');
    }
  }
}
