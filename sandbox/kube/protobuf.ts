// kubectl's typed clients (create namespace/configmap/role/rolebinding, auth whoami, auth
// can-i) send request bodies as Kubernetes protobuf, not JSON. This decodes that envelope
// ("k8s\0" + runtime.Unknown) and the few message types kubectl sends into the JSON shape
// the rest of the server uses. Field numbers are those of k8s.io/api's generated.proto.
// Responses stay JSON: such clients accept both.
import { KubeError } from './status.js';

export const PROTOBUF_CONTENT_TYPE = 'application/vnd.kubernetes.protobuf';
const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

type Field =
  | { name: string; type: 'string' | 'bytes' | 'bool' | 'int' }
  | { name: string; type: 'strings' }
  | { name: string; type: 'map' }
  | { name: string; type: 'time' }
  | { name: string; type: 'message'; schema: Schema; repeated?: boolean };
type Schema = Record<number, Field>;

const POLICY_RULE: Schema = {
  1: { name: 'verbs', type: 'strings' },
  2: { name: 'apiGroups', type: 'strings' },
  3: { name: 'resources', type: 'strings' },
  4: { name: 'resourceNames', type: 'strings' },
  5: { name: 'nonResourceURLs', type: 'strings' },
};
const OWNER_REFERENCE: Schema = {
  1: { name: 'kind', type: 'string' },
  3: { name: 'name', type: 'string' },
  4: { name: 'uid', type: 'string' },
  5: { name: 'apiVersion', type: 'string' },
  6: { name: 'controller', type: 'bool' },
  7: { name: 'blockOwnerDeletion', type: 'bool' },
};
const OBJECT_META: Schema = {
  1: { name: 'name', type: 'string' },
  2: { name: 'generateName', type: 'string' },
  3: { name: 'namespace', type: 'string' },
  5: { name: 'uid', type: 'string' },
  6: { name: 'resourceVersion', type: 'string' },
  7: { name: 'generation', type: 'int' },
  8: { name: 'creationTimestamp', type: 'time' },
  11: { name: 'labels', type: 'map' },
  12: { name: 'annotations', type: 'map' },
  13: { name: 'ownerReferences', type: 'message', schema: OWNER_REFERENCE, repeated: true },
  14: { name: 'finalizers', type: 'strings' },
};
const META = { name: 'metadata', type: 'message', schema: OBJECT_META } as const;
const SUBJECT: Schema = { 1: { name: 'kind', type: 'string' }, 2: { name: 'apiGroup', type: 'string' }, 3: { name: 'name', type: 'string' }, 4: { name: 'namespace', type: 'string' } };
const ROLE_REF: Schema = { 1: { name: 'apiGroup', type: 'string' }, 2: { name: 'kind', type: 'string' }, 3: { name: 'name', type: 'string' } };
const BINDING: Schema = { 1: META, 2: { name: 'subjects', type: 'message', schema: SUBJECT, repeated: true }, 3: { name: 'roleRef', type: 'message', schema: ROLE_REF } };
const LABEL_SELECTOR_REQUIREMENT: Schema = { 1: { name: 'key', type: 'string' }, 2: { name: 'operator', type: 'string' }, 3: { name: 'values', type: 'strings' } };
const LABEL_SELECTOR: Schema = { 1: { name: 'matchLabels', type: 'map' }, 2: { name: 'matchExpressions', type: 'message', schema: LABEL_SELECTOR_REQUIREMENT, repeated: true } };

/** Message types by "apiVersion/kind", as named in the envelope. */
const SCHEMAS: Record<string, Schema> = {
  'v1/Namespace': {
    1: META,
    2: { name: 'spec', type: 'message', schema: { 1: { name: 'finalizers', type: 'strings' } } },
  },
  'v1/ConfigMap': {
    1: META,
    2: { name: 'data', type: 'map' },
    3: { name: 'binaryData', type: 'map' },
    4: { name: 'immutable', type: 'bool' },
  },
  'rbac.authorization.k8s.io/v1/Role': { 1: META, 2: { name: 'rules', type: 'message', schema: POLICY_RULE, repeated: true } },
  'rbac.authorization.k8s.io/v1/ClusterRole': {
    1: META,
    2: { name: 'rules', type: 'message', schema: POLICY_RULE, repeated: true },
    3: { name: 'aggregationRule', type: 'message', schema: { 1: { name: 'clusterRoleSelectors', type: 'message', schema: LABEL_SELECTOR, repeated: true } } },
  },
  'rbac.authorization.k8s.io/v1/RoleBinding': BINDING,
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': BINDING,
  'authentication.k8s.io/v1/SelfSubjectReview': { 1: META },
  'authorization.k8s.io/v1/SelfSubjectAccessReview': {
    1: META,
    2: {
      name: 'spec',
      type: 'message',
      schema: {
        1: {
          name: 'resourceAttributes',
          type: 'message',
          schema: {
            1: { name: 'namespace', type: 'string' },
            2: { name: 'verb', type: 'string' },
            3: { name: 'group', type: 'string' },
            4: { name: 'version', type: 'string' },
            5: { name: 'resource', type: 'string' },
            6: { name: 'subresource', type: 'string' },
            7: { name: 'name', type: 'string' },
          },
        },
        2: { name: 'nonResourceAttributes', type: 'message', schema: { 1: { name: 'path', type: 'string' }, 2: { name: 'verb', type: 'string' } } },
      },
    },
  },
  'authorization.k8s.io/v1/SelfSubjectRulesReview': { 1: META, 2: { name: 'spec', type: 'message', schema: { 1: { name: 'namespace', type: 'string' } } } },
};

class Reader {
  private offset = 0;
  constructor(private readonly buffer: Buffer) {}

  done(): boolean {
    return this.offset >= this.buffer.length;
  }

  varint(): number {
    let result = 0;
    let multiplier = 1;
    for (;;) {
      const byte = this.buffer[this.offset++];
      if (byte === undefined) throw new Error('truncated varint');
      result += (byte & 0x7f) * multiplier;
      if ((byte & 0x80) === 0) return result;
      multiplier *= 128;
      if (multiplier > 2 ** 63) throw new Error('varint too long');
    }
  }

  bytes(): Buffer {
    const length = this.varint();
    if (this.offset + length > this.buffer.length) throw new Error('truncated field');
    const slice = this.buffer.subarray(this.offset, this.offset + length);
    this.offset += length;
    return slice;
  }

  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 1) this.offset += 8;
    else if (wireType === 2) this.bytes();
    else if (wireType === 5) this.offset += 4;
    else throw new Error(`unsupported wire type ${wireType}`);
  }
}

function decodeMessage(buffer: Buffer, schema: Schema): Record<string, unknown> {
  const reader = new Reader(buffer);
  const out: Record<string, unknown> = {};
  while (!reader.done()) {
    const tag = reader.varint();
    const fieldNumber = Math.floor(tag / 8);
    const wireType = tag & 7;
    const field = schema[fieldNumber];
    if (!field) {
      reader.skip(wireType);
      continue;
    }
    switch (field.type) {
      case 'string':
        out[field.name] = reader.bytes().toString('utf8');
        break;
      case 'bytes':
        out[field.name] = reader.bytes().toString('base64');
        break;
      case 'bool':
        out[field.name] = reader.varint() !== 0;
        break;
      case 'int':
        out[field.name] = reader.varint();
        break;
      case 'strings':
        ((out[field.name] ??= []) as string[]).push(reader.bytes().toString('utf8'));
        break;
      case 'map': {
        const entry = decodeMessage(reader.bytes(), { 1: { name: 'key', type: 'string' }, 2: { name: 'value', type: 'string' } });
        ((out[field.name] ??= {}) as Record<string, string>)[String(entry.key ?? '')] = String(entry.value ?? '');
        break;
      }
      case 'time': {
        const time = decodeMessage(reader.bytes(), { 1: { name: 'seconds', type: 'int' } });
        if (typeof time.seconds === 'number' && time.seconds > 0) out[field.name] = new Date(time.seconds * 1000).toISOString().replace('.000Z', 'Z');
        break;
      }
      case 'message': {
        const value = decodeMessage(reader.bytes(), field.schema);
        if (field.repeated) ((out[field.name] ??= []) as unknown[]).push(value);
        else out[field.name] = value;
        break;
      }
    }
  }
  return out;
}

/** Decodes a Kubernetes protobuf request body into the object's JSON form. */
export function decodeKubernetesProtobuf(body: Buffer): Record<string, unknown> {
  if (body.length < MAGIC.length || !body.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new KubeError(400, 'BadRequest', 'the body of the request is not Kubernetes protobuf');
  }
  try {
    // runtime.Unknown { typeMeta = 1 { apiVersion = 1, kind = 2 }, raw = 2, contentEncoding = 3, contentType = 4 }
    const envelope = decodeMessage(body.subarray(MAGIC.length), {
      1: { name: 'typeMeta', type: 'message', schema: { 1: { name: 'apiVersion', type: 'string' }, 2: { name: 'kind', type: 'string' } } },
      2: { name: 'raw', type: 'bytes' },
    });
    const typeMeta = (envelope.typeMeta ?? {}) as { apiVersion?: string; kind?: string };
    const key = `${typeMeta.apiVersion ?? ''}/${typeMeta.kind ?? ''}`;
    const schema = SCHEMAS[key];
    if (!schema) throw new KubeError(415, 'UnsupportedMediaType', `the sandbox cannot decode ${key} from protobuf; send JSON`);
    const object = decodeMessage(Buffer.from(String(envelope.raw ?? ''), 'base64'), schema);
    return { apiVersion: typeMeta.apiVersion, kind: typeMeta.kind, ...object };
  } catch (error) {
    if (error instanceof KubeError) throw error;
    throw new KubeError(400, 'BadRequest', `the body of the request could not be decoded: ${(error as Error).message}`);
  }
}
