// The checks aws-iam-authenticator makes on a `k8s-aws-v1.` bearer token before it asks STS
// (pkg/token/token.go Verify). Anything that fails here is a 401 without an STS round trip.

export const TOKEN_PREFIX = 'k8s-aws-v1.';
const MAX_TOKEN_BYTES = 4096;
/** STS accepts a presigned GetCallerIdentity URL for 15 minutes after X-Amz-Date. */
export const PRESIGNED_URL_LIFETIME_MS = 15 * 60 * 1000;
/** The issue bounds X-Amz-Expires at 60 (what every client sends); the authenticator allows 900. */
const MAX_EXPIRES_SECONDS = 60;

const ALLOWED_PARAMETERS = new Set([
  'action',
  'version',
  'x-amz-algorithm',
  'x-amz-credential',
  'x-amz-date',
  'x-amz-expires',
  'x-amz-security-token',
  'x-amz-signature',
  'x-amz-signedheaders',
]);

const REGION_LABEL = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/i;

export interface PresignedToken {
  /** The presigned STS URL exactly as the client made it. */
  url: string;
  /** X-Amz-Date in epoch ms. */
  signedAt: number;
  /** When STS stops accepting it (signedAt + 15 min), epoch ms. */
  expiresAt: number;
  /** Access key id from X-Amz-Credential (for the identity's extras). */
  accessKeyId: string;
}

export class TokenRejected extends Error {
  override readonly name = 'TokenRejected';
}

/** Real STS host names the authenticator accepts for a cluster in `clusterRegion`'s partition. */
export function isAwsStsHost(host: string, clusterRegion: string): boolean {
  const lower = host.toLowerCase();
  const china = clusterRegion.startsWith('cn-');
  if (!china && lower === 'sts.amazonaws.com') return true;
  const patterns = china
    ? [/^sts\.([^.]+)\.amazonaws\.com\.cn$/]
    : [/^sts\.([^.]+)\.amazonaws\.com$/, /^sts-fips\.([^.]+)\.amazonaws\.com$/, /^sts\.([^.]+)\.api\.aws$/, /^sts-fips\.([^.]+)\.api\.aws$/];
  for (const pattern of patterns) {
    const region = pattern.exec(lower)?.[1];
    if (region !== undefined && REGION_LABEL.test(region) && region.startsWith('cn-') === china) return true;
  }
  return false;
}

function parseAmzDate(value: string): number {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) throw new TokenRejected('X-Amz-Date is not in the basic ISO 8601 form');
  const [, year, month, day, hour, minute, second] = match.map(Number) as [number, number, number, number, number, number, number];
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

export interface TokenCheckContext {
  clusterRegion: string;
  now: number;
  isSandboxStsHost(host: string): boolean;
}

/** Decodes a bearer token and applies the authenticator's pre-STS checks; throws TokenRejected. */
export function parsePresignedToken(token: string, context: TokenCheckContext): PresignedToken {
  if (Buffer.byteLength(token) > MAX_TOKEN_BYTES) throw new TokenRejected('token is too large');
  if (!token.startsWith(TOKEN_PREFIX)) throw new TokenRejected('token is missing the expected "k8s-aws-v1." prefix');
  const encoded = token.slice(TOKEN_PREFIX.length);
  if (!/^[A-Za-z0-9_-]*$/.test(encoded)) throw new TokenRejected('token is not base64url without padding');
  const text = Buffer.from(encoded, 'base64url').toString('utf8');

  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TokenRejected('token does not hold a URL');
  }
  const sandboxHost = context.isSandboxStsHost(url.host);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && sandboxHost)) {
    throw new TokenRejected(`unexpected scheme ${url.protocol}`);
  }
  if (!sandboxHost && (url.port !== '' || !isAwsStsHost(url.hostname, context.clusterRegion))) {
    throw new TokenRejected(`unexpected hostname "${url.host}" in pre-signed URL`);
  }
  if (url.pathname !== '/') throw new TokenRejected('unexpected path in pre-signed URL');
  if (url.username !== '' || url.password !== '' || url.hash !== '') throw new TokenRejected('unexpected URL parts in pre-signed URL');

  const parameters = new Map<string, string>();
  for (const [key, value] of url.searchParams) {
    const lower = key.toLowerCase();
    if (!ALLOWED_PARAMETERS.has(lower)) throw new TokenRejected(`non-whitelisted query parameter "${key}"`);
    if (parameters.has(lower)) throw new TokenRejected(`query parameter "${key}" is given more than once`);
    parameters.set(lower, value);
  }
  if (parameters.get('action') !== 'GetCallerIdentity') throw new TokenRejected('unexpected action parameter in pre-signed URL');

  const signedHeaders = (parameters.get('x-amz-signedheaders') ?? '').toLowerCase().split(';');
  if (!signedHeaders.includes('x-k8s-aws-id')) {
    throw new TokenRejected('client did not sign the x-k8s-aws-id header in the pre-signed URL');
  }

  const expires = parameters.get('x-amz-expires');
  if (expires === undefined || !/^\d+$/.test(expires)) throw new TokenRejected('X-Amz-Expires parameter is missing or not a number');
  if (Number(expires) > MAX_EXPIRES_SECONDS) throw new TokenRejected('X-Amz-Expires parameter out of range');

  const date = parameters.get('x-amz-date');
  if (date === undefined) throw new TokenRejected('X-Amz-Date parameter is missing');
  const signedAt = parseAmzDate(date);
  const expiresAt = signedAt + PRESIGNED_URL_LIFETIME_MS;
  if (context.now > expiresAt) throw new TokenRejected('token is expired (signed more than 15 minutes ago)');

  const accessKeyId = (parameters.get('x-amz-credential') ?? '').split('/')[0] ?? '';
  return { url: text, signedAt, expiresAt, accessKeyId };
}
