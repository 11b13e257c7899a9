// Reading request bodies: size-limited, JSON or the Kubernetes protobuf that kubectl's typed
// clients send, always ending as a JSON object or a 4xx Status.
import type { IncomingMessage } from 'node:http';
import { PROTOBUF_CONTENT_TYPE, decodeKubernetesProtobuf } from './protobuf.js';
import type { KubeObject, ObjectMeta } from './store.js';
import { KubeError, badRequest } from './status.js';

const MAX_BODY_BYTES = 3 * 1024 * 1024;

export function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Past the limit keep draining (so the 413 Status can still be sent) but stop keeping.
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => {
      if (size > MAX_BODY_BYTES) reject(new KubeError(413, 'RequestEntityTooLarge', 'the request body is too large'));
      else resolve(Buffer.concat(chunks));
    });
    request.on('error', reject);
  });
}

export function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw badRequest(`the body of the request could not be decoded: ${(error as Error).message}`);
  }
}

/** A request body as JSON, decoding the protobuf that kubectl's typed clients send. */
export async function readObjectBody(request: IncomingMessage): Promise<unknown> {
  const body = await readBody(request);
  const contentType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (contentType === PROTOBUF_CONTENT_TYPE) return decodeKubernetesProtobuf(body);
  return parseJson(body);
}

export function asObject(value: unknown, what: string): KubeObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badRequest(`${what} must be a JSON object`);
  const object = value as KubeObject;
  if (typeof object.metadata !== 'object' || object.metadata === null || Array.isArray(object.metadata)) {
    (object as { metadata: ObjectMeta }).metadata = { name: '' };
  }
  return object;
}
