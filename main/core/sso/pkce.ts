// The PKCE pieces of the authorization-code flow (RFC 7636), as the AWS CLI builds them.
import { createHash, randomInt, randomUUID } from 'node:crypto';

const UNRESERVED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~';

export interface PkcePair {
  verifier: string;
  challenge: string;
}

export function challengeFor(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** 64 characters from the unreserved set, and its S256 challenge (base64url, no padding). */
export function createPkcePair(): PkcePair {
  let verifier = '';
  for (let index = 0; index < 64; index++) verifier += UNRESERVED[randomInt(UNRESERVED.length)];
  return { verifier, challenge: challengeFor(verifier) };
}

export function createState(): string {
  return randomUUID();
}

/** Percent-encodes like Python's quote(safe='-_.~'): everything but unreserved characters. */
function quote(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

export interface AuthorizeUrlInput {
  oidcEndpoint: string;
  clientId: string;
  redirectUri: string;
  state: string;
  challenge: string;
  scopes: string[];
}

/** The /authorize URL; note the parameter is `scopes` (not OAuth's `scope`). */
export function authorizeUrl(input: AuthorizeUrlInput): string {
  const base = input.oidcEndpoint.replace(/\/+$/, '');
  const query = [
    ['response_type', 'code'],
    ['client_id', input.clientId],
    ['redirect_uri', input.redirectUri],
    ['state', input.state],
    ['code_challenge_method', 'S256'],
    ['scopes', input.scopes.join(' ')],
    ['code_challenge', input.challenge],
  ]
    .map(([key, value]) => `${key}=${quote(value!)}`)
    .join('&');
  return `${base}/authorize?${query}`;
}

/** The public OIDC endpoint for a region, when no AWS_ENDPOINT_URL_SSO_OIDC is set. */
export function defaultOidcEndpoint(region: string): string {
  return region.startsWith('cn-') ? `https://oidc.${region}.amazonaws.com.cn` : `https://oidc.${region}.amazonaws.com`;
}
