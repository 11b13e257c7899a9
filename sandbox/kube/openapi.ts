// Just enough OpenAPI v3 for kubectl's create/apply/replace: kubectl validates manifests
// client-side unless the server says (in /openapi/v3) that the resource's PATCH accepts the
// `fieldValidation` query parameter, in which case it leaves validation to the server. The
// documents list each resource's operations with that parameter and no schemas; kubectl then
// computes apply patches from its built-in types.
import { GROUP_VERSIONS, RESOURCE_TYPES, groupVersionOf } from './resources.js';
import type { ResourceType } from './resources.js';

function pathKey(groupVersion: string): string {
  return groupVersion.includes('/') ? `apis/${groupVersion}` : `api/${groupVersion}`;
}

function hashOf(text: string): string {
  let hash = 0;
  for (const character of text) hash = (hash * 31 + character.charCodeAt(0)) >>> 0;
  return hash.toString(16).toUpperCase().padStart(8, '0');
}

/** GET /openapi/v3: where each group-version's document lives. */
export function openApiV3Root(): Record<string, unknown> {
  return {
    paths: Object.fromEntries(GROUP_VERSIONS.map((groupVersion) => [pathKey(groupVersion), { serverRelativeURL: `/openapi/v3/${pathKey(groupVersion)}?hash=${hashOf(groupVersion)}` }])),
  };
}

const QUERY = (name: string) => ({ name, in: 'query', schema: { type: 'string', uniqueItems: true } });

function operation(type: ResourceType, action: string, parameters: string[]): Record<string, unknown> {
  return {
    operationId: `${action}${type.kind}`,
    parameters: parameters.map(QUERY),
    responses: { '200': { description: 'OK' } },
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': { group: type.group, version: type.version, kind: type.kind },
  };
}

function pathsOf(type: ResourceType): Record<string, unknown> {
  const prefix = type.group ? `/apis/${type.group}/${type.version}` : `/api/${type.version}`;
  const collection = type.namespaced ? `${prefix}/namespaces/{namespace}/${type.name}` : `${prefix}/${type.name}`;
  const writeParameters = ['dryRun', 'fieldManager', 'fieldValidation', 'pretty'];
  if (type.createOnly) return { [collection.replace('/namespaces/{namespace}', '')]: { post: operation(type, 'post', writeParameters) } };
  return {
    [collection]: { get: operation(type, 'list', ['labelSelector', 'fieldSelector', 'limit', 'continue']), post: operation(type, 'post', writeParameters) },
    [`${collection}/{name}`]: {
      get: operation(type, 'get', ['pretty']),
      put: operation(type, 'put', writeParameters),
      patch: { ...operation(type, 'patch', [...writeParameters, 'force']), requestBody: { content: { 'application/merge-patch+json': {}, 'application/json-patch+json': {} } } },
      delete: operation(type, 'delete', ['dryRun', 'gracePeriodSeconds', 'propagationPolicy']),
    },
  };
}

/** GET /openapi/v3/api/v1 or /openapi/v3/apis/<group>/<version>; undefined when not served. */
export function openApiV3Document(path: string): Record<string, unknown> | undefined {
  const groupVersion = GROUP_VERSIONS.find((candidate) => path === `/openapi/v3/${pathKey(candidate)}`);
  if (!groupVersion) return undefined;
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.33.1' },
    paths: Object.assign({}, ...RESOURCE_TYPES.filter((type) => groupVersionOf(type) === groupVersion).map(pathsOf)),
    components: { schemas: {} },
  };
}
