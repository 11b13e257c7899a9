// Who may talk to the web bridge: only a page this process served, on 127.0.0.1, holding the
// per-run token. Host is checked against DNS rebinding, Origin against cross-site requests,
// and the token (URL once, then a same-site cookie or a header) against everything else local.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_HEADER = 'x-eks-sso-token';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

export function cookieName(port: number): string {
  // Cookies are not isolated by port: name it after the port so two runs never mix.
  return `eks_sso_${port}`;
}

export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

function sameToken(candidate: string | null | undefined, token: string): boolean {
  if (!candidate) return false;
  const a = Buffer.from(candidate);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return null;
}

export type Verdict = { ok: true; tokenFromQuery: boolean } | { ok: false; status: 401 | 403; reason: string };

/** Checks Host, Origin and the token of one request. */
export function checkRequest(request: IncomingMessage, url: URL, options: { port: number; token: string; requireOrigin: boolean }): Verdict {
  const host = request.headers.host ?? '';
  if (!allowedHosts(options.port).has(host)) return { ok: false, status: 403, reason: 'unexpected Host header' };
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== `http://${host}`) return { ok: false, status: 403, reason: 'cross-origin request' };
  if (options.requireOrigin && origin === undefined) return { ok: false, status: 403, reason: 'missing Origin header' };
  const fromQuery = url.searchParams.get('token');
  const header = request.headers[TOKEN_HEADER];
  const fromHeader = Array.isArray(header) ? header[0] : header;
  const fromCookie = cookieValue(request.headers.cookie, cookieName(options.port));
  if (sameToken(fromQuery, options.token)) return { ok: true, tokenFromQuery: true };
  if (sameToken(fromHeader, options.token) || sameToken(fromCookie, options.token)) return { ok: true, tokenFromQuery: false };
  return { ok: false, status: 401, reason: 'missing or wrong token' };
}
