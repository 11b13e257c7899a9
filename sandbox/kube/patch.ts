// The three patch types kubectl sends: JSON merge patch (RFC 7386), strategic merge patch
// (merge patch plus merging of keyed lists such as containers by name, and `$patch: delete`),
// and JSON patch (RFC 6902). Server-side apply is not served.
import { badRequest, KubeError } from './status.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (value: unknown): value is Record<string, Json> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function mergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return patch;
  const result: Record<string, Json> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key] ?? null, value);
  }
  return result;
}

/** List fields merged by a key in strategic merge patch (the Kubernetes patchMergeKey tags). */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  env: 'name',
  ports: 'containerPort',
  conditions: 'type',
  imagePullSecrets: 'name',
  tolerations: 'key',
  ownerReferences: 'uid',
};

function strategicList(field: string, target: Json | undefined, patch: Json[]): Json[] {
  const mergeKey = MERGE_KEYS[field];
  if (!mergeKey || !Array.isArray(target) || !patch.every(isObject)) return patch.filter((item) => !(isObject(item) && item.$patch !== undefined));
  const result = target.slice();
  for (const item of patch as Array<Record<string, Json>>) {
    const index = result.findIndex((existing) => isObject(existing) && existing[mergeKey] === item[mergeKey]);
    if (item.$patch === 'delete') {
      if (index >= 0) result.splice(index, 1);
      continue;
    }
    if (index >= 0) result[index] = strategicMergePatch(result[index] ?? null, item);
    else result.push(strategicMergePatch(null, item));
  }
  return result;
}

export function strategicMergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return patch;
  if (patch.$patch === 'replace') {
    const { $patch: _directive, ...rest } = patch;
    return rest;
  }
  const result: Record<string, Json> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$')) continue;
    if (value === null) delete result[key];
    else if (Array.isArray(value)) result[key] = strategicList(key, result[key], value);
    else if (isObject(value)) result[key] = strategicMergePatch(result[key] ?? null, value);
    else result[key] = value;
  }
  return result;
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw badRequest(`the json patch path "${path}" does not start with /`);
  return path.slice(1).split('/').map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function parentOf(document: Json, segments: string[]): { parent: Json; last: string } {
  let current = document;
  for (const segment of segments.slice(0, -1)) {
    if (Array.isArray(current)) current = current[Number(segment)] ?? null;
    else if (isObject(current)) current = current[segment] ?? null;
    else current = null;
    if (current === null) throw new KubeError(422, 'Invalid', `the json patch path does not exist: /${segments.join('/')}`);
  }
  return { parent: current, last: segments[segments.length - 1] ?? '' };
}

export function jsonPatch(document: Json, operations: unknown): Json {
  if (!Array.isArray(operations)) throw badRequest('a json patch must be a list of operations');
  let result: Json = structuredClone(document);
  for (const operation of operations as Array<Record<string, Json>>) {
    const op = operation.op;
    const segments = pointer(String(operation.path ?? ''));
    if (segments.length === 0) {
      if (op === 'add' || op === 'replace') result = operation.value ?? null;
      else throw badRequest(`unsupported json patch operation ${String(op)} on the root`);
      continue;
    }
    const { parent, last } = parentOf(result, segments);
    const value = operation.value ?? null;
    if (op === 'test') {
      const current = Array.isArray(parent) ? parent[Number(last)] : isObject(parent) ? parent[last] : undefined;
      if (JSON.stringify(current) !== JSON.stringify(value)) throw new KubeError(422, 'Invalid', `the json patch test at ${String(operation.path)} failed`);
    } else if (Array.isArray(parent)) {
      const index = last === '-' ? parent.length : Number(last);
      if (op === 'add') parent.splice(index, 0, value);
      else if (op === 'remove') parent.splice(index, 1);
      else if (op === 'replace') parent[index] = value;
      else throw badRequest(`unsupported json patch operation ${String(op)}`);
    } else if (isObject(parent)) {
      if (op === 'add' || op === 'replace') parent[last] = value;
      else if (op === 'remove') {
        if (!(last in parent)) throw new KubeError(422, 'Invalid', `the json patch path does not exist: ${String(operation.path)}`);
        delete parent[last];
      } else throw badRequest(`unsupported json patch operation ${String(op)}`);
    } else throw new KubeError(422, 'Invalid', `the json patch path does not exist: ${String(operation.path)}`);
  }
  return result;
}

const PATCH_TYPES = ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json'] as const;
export type PatchType = (typeof PATCH_TYPES)[number];

/** The patch type named by a Content-Type header; 415 for anything else (server-side apply included). */
export function patchTypeOf(contentType: string | undefined): PatchType {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  const known = PATCH_TYPES.find((candidate) => candidate === type);
  if (!known) throw new KubeError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${PATCH_TYPES.join(', ')}`);
  return known;
}

/** Applies a PATCH body of the given type to `document`. */
export function applyPatch(type: PatchType, document: unknown, patch: unknown): unknown {
  if (type === 'application/merge-patch+json') return mergePatch(document as Json, patch as Json);
  if (type === 'application/strategic-merge-patch+json') return strategicMergePatch(document as Json, patch as Json);
  return jsonPatch(document as Json, patch);
}
