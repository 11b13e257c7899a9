// One cluster's objects, with the optimistic concurrency of etcd-backed Kubernetes: every
// write bumps a cluster-wide resourceVersion, and an update that carries a stale one fails.
import { randomUUID } from 'node:crypto';
import type { ResourceType } from './resources.js';
import { groupVersionOf } from './resources.js';
import { alreadyExists, conflict, notFound } from './status.js';

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  generateName?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [key: string]: unknown;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

function key(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

export class ObjectStore {
  private readonly byType = new Map<string, Map<string, KubeObject>>();
  private revision = 1;

  constructor(private readonly now: () => number) {}

  /** The latest resourceVersion handed out, for list metadata. */
  currentRevision(): string {
    return String(this.revision);
  }

  private bucket(type: ResourceType): Map<string, KubeObject> {
    let bucket = this.byType.get(type.name);
    if (!bucket) {
      bucket = new Map();
      this.byType.set(type.name, bucket);
    }
    return bucket;
  }

  get(type: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.bucket(type).get(key(type.namespaced ? namespace : undefined, name));
  }

  /** Objects of `type`, in one namespace or all of them, sorted by namespace then name. */
  list(type: ResourceType, namespace?: string): KubeObject[] {
    const items = [...this.bucket(type).values()].filter((object) => !namespace || object.metadata.namespace === namespace);
    return items.sort((a, b) =>
      (a.metadata.namespace ?? '') === (b.metadata.namespace ?? '')
        ? a.metadata.name.localeCompare(b.metadata.name)
        : (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? ''),
    );
  }

  /** Stores a new object: fills uid, resourceVersion and creationTimestamp. */
  create(type: ResourceType, object: KubeObject, dryRun = false): KubeObject {
    const bucket = this.bucket(type);
    const namespace = type.namespaced ? object.metadata.namespace : undefined;
    const id = key(namespace, object.metadata.name);
    if (bucket.has(id)) throw alreadyExists(type.name, type.group, object.metadata.name);
    const metadata: ObjectMeta = { ...object.metadata };
    if (!type.namespaced) delete metadata.namespace;
    metadata.uid = randomUUID();
    metadata.creationTimestamp = new Date(Math.floor(this.now() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
    metadata.resourceVersion = dryRun ? String(this.revision) : String(++this.revision);
    const stored: KubeObject = { ...object, apiVersion: groupVersionOf(type), kind: type.kind, metadata };
    if (!dryRun) bucket.set(id, stored);
    return stored;
  }

  /**
   * Replaces an object. A resourceVersion in the new object must equal the stored one
   * (409 Conflict otherwise); none means an unconditional update, which Kubernetes allows
   * for the kinds served here.
   */
  update(type: ResourceType, object: KubeObject, dryRun = false): KubeObject {
    const bucket = this.bucket(type);
    const namespace = type.namespaced ? object.metadata.namespace : undefined;
    const id = key(namespace, object.metadata.name);
    const current = bucket.get(id);
    if (!current) throw notFound(type.name, type.group, object.metadata.name);
    const expected = object.metadata.resourceVersion;
    if (expected !== undefined && expected !== '' && expected !== current.metadata.resourceVersion) {
      throw conflict(type.name, type.group, object.metadata.name);
    }
    const metadata: ObjectMeta = {
      ...object.metadata,
      uid: current.metadata.uid,
      creationTimestamp: current.metadata.creationTimestamp,
      resourceVersion: dryRun ? current.metadata.resourceVersion : String(++this.revision),
    };
    if (namespace) metadata.namespace = namespace;
    else delete metadata.namespace;
    const stored: KubeObject = { ...object, apiVersion: groupVersionOf(type), kind: type.kind, metadata };
    if (!dryRun) bucket.set(id, stored);
    return stored;
  }

  delete(type: ResourceType, namespace: string | undefined, name: string, dryRun = false): KubeObject {
    const bucket = this.bucket(type);
    const id = key(type.namespaced ? namespace : undefined, name);
    const current = bucket.get(id);
    if (!current) throw notFound(type.name, type.group, name);
    if (!dryRun) {
      bucket.delete(id);
      this.revision++;
    }
    return current;
  }

  /** Removes every namespaced object in `namespace` (what namespace deletion ends with). */
  deleteNamespaceContents(namespace: string): void {
    for (const bucket of this.byType.values()) {
      for (const [id, object] of bucket) if (object.metadata.namespace === namespace) bucket.delete(id);
    }
    this.revision++;
  }
}
