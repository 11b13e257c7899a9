// The EKS bearer token, built exactly as `aws eks get-token` and aws-iam-authenticator build it:
// a presigned STS GetCallerIdentity URL bound to the cluster name through the signed header
// `x-k8s-aws-id`, base64url-encoded without padding behind `k8s-aws-v1.`.
// This runs on every kubectl call, so it loads no AWS SDK code at all: SigV4 query signing is
// a few HMACs on node:crypto, synchronous, and byte-identical to the CLI's output (the tests
// cross-check it against the fixtures, the authenticator's vector and @smithy/signature-v4).
import { createHash, createHmac } from 'node:crypto';
import type { RoleCredentials } from '../context.js';

const TOKEN_PREFIX = 'k8s-aws-v1.';
const CLUSTER_ID_HEADER = 'x-k8s-aws-id';
/** What the CLI and the authenticator put in X-Amz-Expires (STS itself honours 15 minutes). */
const URL_TIMEOUT_SECONDS = 60;
/** The CLI advertises 14 minutes so clients refresh before STS stops accepting the URL. */
const TOKEN_LIFETIME_MS = 14 * 60 * 1000;
const EMPTY_PAYLOAD_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export interface MintOptions {
  region: string;
  clusterName: string;
  /** AWS_ENDPOINT_URL_STS, when set: the sandbox or a VPC endpoint. */
  stsEndpoint?: string;
  /** Signing time in epoch milliseconds (default: now). */
  now?: number;
}

export interface EksToken {
  token: string;
  /** `%Y-%m-%dT%H:%M:%SZ`, 14 minutes after signing, as the AWS CLI prints it. */
  expirationTimestamp: string;
}

/** Regional STS, as the CLI uses for the region of the cluster. */
export function stsHost(region: string): string {
  return region.startsWith('cn-') ? `sts.${region}.amazonaws.com.cn` : `sts.${region}.amazonaws.com`;
}

function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/** `20260315T093000Z` */
function amzDate(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

function formatTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The presigned GetCallerIdentity URL (exported for tests and the reachability check). */
export function presignGetCallerIdentity(credentials: RoleCredentials, options: MintOptions): string {
  const signingTime = Math.floor((options.now ?? Date.now()) / 1000) * 1000;
  const endpoint = new URL(options.stsEndpoint ?? `https://${stsHost(options.region)}/`);
  const path = endpoint.pathname || '/';
  const date = amzDate(signingTime);
  const scope = `${date.slice(0, 8)}/${options.region}/sts/aws4_request`;
  const clusterName = options.clusterName.trim().replace(/\s+/g, ' ');

  // Insertion order is the order the AWS CLI prints, so the token is byte-identical to its own.
  const query: Array<[string, string]> = [
    ['Action', 'GetCallerIdentity'],
    ['Version', '2011-06-15'],
    ['X-Amz-Algorithm', 'AWS4-HMAC-SHA256'],
    ['X-Amz-Credential', `${credentials.accessKeyId}/${scope}`],
    ['X-Amz-Date', date],
    ['X-Amz-Expires', String(URL_TIMEOUT_SECONDS)],
    ['X-Amz-SignedHeaders', `host;${CLUSTER_ID_HEADER}`],
  ];
  if (credentials.sessionToken) query.push(['X-Amz-Security-Token', credentials.sessionToken]);
  const encoded = query.map(([key, value]) => [encodeRfc3986(key), encodeRfc3986(value)] as const);
  const canonicalQuery = [...encoded]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
  const canonicalRequest = [
    'GET',
    path.split('/').map((segment) => encodeRfc3986(decodeURIComponent(segment))).join('/'),
    canonicalQuery,
    `host:${endpoint.host}\n${CLUSTER_ID_HEADER}:${clusterName}\n`,
    `host;${CLUSTER_ID_HEADER}`,
    EMPTY_PAYLOAD_SHA256,
  ].join('\n');
  const stringToSign = ['AWS4-HMAC-SHA256', date, scope, createHash('sha256').update(canonicalRequest, 'utf8').digest('hex')].join('\n');
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, date.slice(0, 8)), options.region), 'sts'), 'aws4_request');
  const signature = createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex');
  const serialized = encoded.map(([key, value]) => `${key}=${value}`).join('&');
  return `${endpoint.protocol}//${endpoint.host}${path}?${serialized}&X-Amz-Signature=${signature}`;
}

export function mintEksToken(credentials: RoleCredentials, options: MintOptions): EksToken {
  const signingTime = options.now ?? Date.now();
  const url = presignGetCallerIdentity(credentials, { ...options, now: signingTime });
  return {
    token: TOKEN_PREFIX + Buffer.from(url, 'utf8').toString('base64url'),
    expirationTimestamp: formatTimestamp(Math.floor(signingTime / 1000) * 1000 + TOKEN_LIFETIME_MS),
  };
}

/** The ExecCredential kubectl and client-go read from the helper's stdout. */
export function execCredentialJson(token: EksToken): string {
  return JSON.stringify({
    kind: 'ExecCredential',
    apiVersion: 'client.authentication.k8s.io/v1beta1',
    spec: {},
    status: { expirationTimestamp: token.expirationTimestamp, token: token.token },
  });
}
