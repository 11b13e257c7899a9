// AWS Signature Version 4, checked the way AWS checks it: rebuild the canonical request from
// what arrived on the wire (header-signed or presigned), recompute the signature with the
// secret the sandbox issued, and compare. The caller maps each failure kind to the service's
// own error name.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export type SignatureFailure = 'missing' | 'malformed' | 'unknown-key' | 'bad-token' | 'expired-token' | 'signature' | 'signature-expired';

export class SignatureError extends Error {
  constructor(
    readonly kind: SignatureFailure,
    message: string,
  ) {
    super(message);
    this.name = 'SignatureError';
  }
}

export interface SignedRequest {
  method: string;
  /** The path exactly as sent, still percent-encoded. */
  rawPath: string;
  /** The query string exactly as sent, without the "?". */
  rawQuery: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer | string;
}

export interface SigningKeyLookup {
  /** The secret and session token for an access key, or undefined when the key is unknown. */
  secretFor(accessKeyId: string): { secretAccessKey: string; sessionToken?: string } | undefined;
}

export interface VerifiedSignature {
  accessKeyId: string;
  region: string;
  service: string;
  /** The request time the client signed, epoch ms. */
  signedAt: number;
  signedHeaders: string[];
}

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
/** AWS accepts signatures up to 15 minutes off its own clock, either way. */
export const SIGNATURE_WINDOW_MS = 15 * 60 * 1000;

function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

/** RFC 3986 encoding as SigV4 wants it: everything but A-Z a-z 0-9 - _ . ~ */
function encodeRfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new SignatureError('malformed', 'The request contains an invalid percent-encoding.');
  }
}

export function parseQuery(rawQuery: string): Array<[string, string]> {
  if (!rawQuery) return [];
  return rawQuery
    .split('&')
    .filter((part) => part.length > 0)
    .map((part) => {
      const equals = part.indexOf('=');
      const key = equals < 0 ? part : part.slice(0, equals);
      const value = equals < 0 ? '' : part.slice(equals + 1);
      return [safeDecode(key), safeDecode(value)];
    });
}

function canonicalQuery(pairs: Array<[string, string]>): string {
  return pairs
    .map(([key, value]) => [encodeRfc3986(key), encodeRfc3986(value)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
}

/** Non-S3 services encode the (already encoded) path once more, segment by segment. */
function canonicalPath(rawPath: string): string {
  if (!rawPath) return '/';
  return rawPath
    .split('/')
    .map((segment) => encodeRfc3986(segment))
    .join('/');
}

function headerValue(headers: SignedRequest['headers'], name: string): string | undefined {
  const value = headers[name];
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(',') : value;
}

function canonicalHeaders(headers: SignedRequest['headers'], signed: string[]): string {
  return signed.map((name) => `${name}:${(headerValue(headers, name) ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
}

function parseAmzDate(text: string): number {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!match) throw new SignatureError('malformed', `Invalid X-Amz-Date: ${text}`);
  const [, y, mo, d, h, mi, s] = match;
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
}

function signatureFor(secret: string, amzDate: string, scope: string[], canonicalRequest: string): string {
  const [date, region, service] = scope;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope.join('/'), sha256Hex(canonicalRequest)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date ?? ''), region ?? ''), service ?? ''), 'aws4_request');
  return createHmac('sha256', key).update(stringToSign).digest('hex');
}

function sameHex(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

interface Parts {
  accessKeyId: string;
  scope: string[];
  signedHeaders: string[];
  signature: string;
  amzDate: string;
  sessionToken: string | undefined;
  queryPairs: Array<[string, string]>;
  payloadHash: string;
}

function headerParts(request: SignedRequest, authorization: string): Parts {
  const match = /^AWS4-HMAC-SHA256\s+Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})\s*$/.exec(authorization);
  if (!match) throw new SignatureError('malformed', "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters.");
  const [, credential = '', signedHeaders = '', signature = ''] = match;
  const amzDate = headerValue(request.headers, 'x-amz-date');
  if (!amzDate) throw new SignatureError('malformed', "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  const declaredHash = headerValue(request.headers, 'x-amz-content-sha256');
  const [accessKeyId = '', ...scope] = credential.split('/');
  return {
    accessKeyId,
    scope,
    signedHeaders: signedHeaders.split(';'),
    signature,
    amzDate,
    sessionToken: headerValue(request.headers, 'x-amz-security-token'),
    queryPairs: parseQuery(request.rawQuery),
    payloadHash: declaredHash === 'UNSIGNED-PAYLOAD' ? declaredHash : sha256Hex(request.body),
  };
}

function queryParts(request: SignedRequest, pairs: Array<[string, string]>): Parts {
  const get = (name: string) => pairs.find(([key]) => key === name)?.[1];
  const credential = get('X-Amz-Credential');
  const signedHeaders = get('X-Amz-SignedHeaders');
  const signature = get('X-Amz-Signature');
  const amzDate = get('X-Amz-Date');
  if (get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256' || !credential || !signedHeaders || !signature || !amzDate) {
    throw new SignatureError('malformed', 'AWS query-string parameters must include X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-SignedHeaders and X-Amz-Date.');
  }
  const [accessKeyId = '', ...scope] = credential.split('/');
  return {
    accessKeyId,
    scope,
    signedHeaders: signedHeaders.split(';'),
    signature,
    amzDate,
    sessionToken: get('X-Amz-Security-Token'),
    queryPairs: pairs.filter(([key]) => key !== 'X-Amz-Signature'),
    payloadHash: request.body.length === 0 ? EMPTY_SHA256 : sha256Hex(request.body),
  };
}

/**
 * Verifies a request's SigV4 signature (Authorization header or presigned query) at sandbox
 * time `now`. Throws SignatureError with the failure kind; resolves who signed it.
 */
export function verifySignature(request: SignedRequest, keys: SigningKeyLookup, now: number, expectedService?: string): VerifiedSignature {
  const authorization = headerValue(request.headers, 'authorization');
  const pairs = authorization ? [] : parseQuery(request.rawQuery);
  const presigned = !authorization && pairs.some(([key]) => key === 'X-Amz-Signature' || key === 'X-Amz-Credential');
  if (!authorization && !presigned) throw new SignatureError('missing', 'Missing Authentication Token');
  const parts = authorization ? headerParts(request, authorization) : queryParts(request, pairs);

  if (parts.scope.length !== 4 || parts.scope[3] !== 'aws4_request' || !/^\d{8}$/.test(parts.scope[0] ?? '')) {
    throw new SignatureError('malformed', `Credential should be scoped to a valid region, service and date: ${parts.scope.join('/')}`);
  }
  if (expectedService && parts.scope[2] !== expectedService) {
    throw new SignatureError('signature', `Credential should be scoped to correct service: '${expectedService}'.`);
  }
  if (!parts.signedHeaders.includes('host')) throw new SignatureError('malformed', "'Host' must be a signed header.");
  const signedAt = parseAmzDate(parts.amzDate);
  if (parts.amzDate.slice(0, 8) !== parts.scope[0]) throw new SignatureError('signature', 'Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP.');

  const key = keys.secretFor(parts.accessKeyId);
  if (!key) throw new SignatureError('unknown-key', 'The security token included in the request is invalid.');
  if (key.sessionToken !== undefined && parts.sessionToken !== key.sessionToken) {
    throw new SignatureError('bad-token', 'The security token included in the request is invalid.');
  }

  const canonicalRequest = [
    request.method.toUpperCase(),
    canonicalPath(request.rawPath),
    canonicalQuery(parts.queryPairs),
    canonicalHeaders(request.headers, parts.signedHeaders),
    parts.signedHeaders.join(';'),
    parts.payloadHash,
  ].join('\n');
  const expected = signatureFor(key.secretAccessKey, parts.amzDate, parts.scope, canonicalRequest);
  if (!sameHex(expected, parts.signature)) {
    throw new SignatureError(
      'signature',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    );
  }
  if (Math.abs(now - signedAt) > SIGNATURE_WINDOW_MS) {
    const iso = (ms: number) => new Date(ms).toISOString().replace(/[-:]|\.\d{3}/g, '');
    throw new SignatureError('signature-expired', `Signature expired: ${parts.amzDate} is now earlier than ${iso(now - SIGNATURE_WINDOW_MS)} (${iso(now)} - 15 min.)`);
  }
  return { accessKeyId: parts.accessKeyId, region: parts.scope[1] ?? '', service: parts.scope[2] ?? '', signedAt, signedHeaders: parts.signedHeaders };
}
