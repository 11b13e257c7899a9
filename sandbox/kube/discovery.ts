// Discovery documents, in both forms clients use: the legacy per-group documents (/api,
// /apis, /api/v1, /apis/<group>/<version>) and the aggregated form (apidiscovery.k8s.io/v2)
// that kubectl 1.32 asks for first on /api and /apis.
import { GROUP_VERSIONS, RESOURCE_TYPES, groupVersionOf } from './resources.js';
import type { ResourceType } from './resources.js';

export const AGGREGATED_CONTENT_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

/** True when the client asks for aggregated discovery v2 (it always also accepts plain JSON). */
export function wantsAggregated(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept.split(',').some((part) => {
    const parameters = part.split(';').map((piece) => piece.trim());
    return parameters.includes('g=apidiscovery.k8s.io') && parameters.includes('v=v2') && parameters.includes('as=APIGroupDiscoveryList');
  });
}

function apiResource(type: ResourceType): Record<string, unknown> {
  return {
    name: type.name,
    singularName: type.singular,
    namespaced: type.namespaced,
    kind: type.kind,
    verbs: type.verbs,
    ...(type.shortNames && { shortNames: type.shortNames }),
    ...(type.categories && { categories: type.categories }),
    storageVersionHash: Buffer.from(`${groupVersionOf(type)}/${type.kind}`).toString('base64').slice(0, 11),
  };
}

export function coreVersions(serverAddress: string): Record<string, unknown> {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

function groupNames(): string[] {
  return [...new Set(GROUP_VERSIONS.filter((groupVersion) => groupVersion.includes('/')).map((groupVersion) => groupVersion.split('/')[0]!))];
}

export function groupList(): Record<string, unknown> {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: groupNames().map((name) => ({ name, versions: [{ groupVersion: `${name}/v1`, version: 'v1' }], preferredVersion: { groupVersion: `${name}/v1`, version: 'v1' } })),
  };
}

export function apiGroup(group: string): Record<string, unknown> | undefined {
  if (!groupNames().includes(group)) return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', name: group, versions: [{ groupVersion: `${group}/v1`, version: 'v1' }], preferredVersion: { groupVersion: `${group}/v1`, version: 'v1' } };
}

/** /api/v1 or /apis/<group>/<version>; undefined when not served. */
export function resourceList(groupVersion: string): Record<string, unknown> | undefined {
  if (!GROUP_VERSIONS.includes(groupVersion)) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion,
    resources: RESOURCE_TYPES.filter((type) => groupVersionOf(type) === groupVersion).map(apiResource),
  };
}

function discoveryResource(type: ResourceType): Record<string, unknown> {
  return {
    resource: type.name,
    responseKind: { group: type.group, version: type.version, kind: type.kind },
    scope: type.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: type.singular,
    verbs: type.verbs,
    ...(type.shortNames && { shortNames: type.shortNames }),
    ...(type.categories && { categories: type.categories }),
  };
}

/** The aggregated document: for /api only the core group, for /apis every named group. */
export function aggregatedDiscovery(core: boolean): Record<string, unknown> {
  const groups = core ? [''] : groupNames();
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: 'apidiscovery.k8s.io/v2',
    metadata: {},
    items: groups.map((group) => ({
      metadata: { name: group, creationTimestamp: null },
      versions: [
        {
          version: 'v1',
          resources: RESOURCE_TYPES.filter((type) => type.group === group).map(discoveryResource),
          freshness: 'Current',
        },
      ],
    })),
  };
}
