// The authorization-code flow with PKCE and a loopback redirect: a listener on 127.0.0.1
// (never all interfaces) on an ephemeral port, the real port in both the /authorize URL
// and CreateToken, the state checked, a plain page for the browser, 10 minutes at most.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SSOOIDCClient } from '@aws-sdk/client-sso-oidc';
import type { CoreContext } from '../context.js';
import { CoreError } from '../errors.js';
import { cancelled, isAbort, toCoreError } from './aws-errors.js';
import { configuredEndpoint, type OidcSdk } from './clients.js';
import type { FlowOptions, IssuedToken } from './device-flow.js';
import { assertOpenableUrl, type LoginPrompt } from './login-prompt.js';
import { authorizeUrl, createPkcePair, createState, defaultOidcEndpoint } from './pkce.js';
import type { ClientRegistration } from './registration-cache.js';

const CALLBACK_PATH = '/oauth/callback';
const OVERALL_LIMIT_MS = 10 * 60 * 1000;

function page(response: ServerResponse, status: number, text: string): void {
  const body = `<!doctype html><html><head><meta charset="utf-8"><title>EKS SSO</title></head><body><p>${text}</p></body></html>`;
  response.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': "default-src 'none'",
    'cache-control': 'no-store',
  });
  response.end(body);
}

interface Callback {
  code: string;
}

export async function runPkceFlow(
  context: CoreContext,
  oidc: { sdk: OidcSdk; client: SSOOIDCClient },
  registration: ClientRegistration,
  options: FlowOptions & { region: string; scopes: string[] },
): Promise<IssuedToken> {
  const { signal } = options;
  if (signal?.aborted) throw cancelled('sign-in');
  const pair = createPkcePair();
  const state = createState();
  let settle: { resolve: (value: Callback) => void; reject: (error: unknown) => void } | undefined;
  const callback = new Promise<Callback>((resolve, reject) => (settle = { resolve, reject }));
  callback.catch(() => undefined); // rejections are read where it is awaited; never unhandled

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== CALLBACK_PATH) return page(response, 404, 'Not found.');
    const error = url.searchParams.get('error');
    if (url.searchParams.get('state') !== state) {
      // Not our request (or a forged one): refuse, and keep waiting for the real redirect.
      return page(response, 400, 'This sign-in link does not belong to the running sign-in. You can close this tab.');
    }
    if (error) {
      page(response, 200, 'Sign-in was not completed. You can close this tab.');
      settle?.reject(
        error === 'access_denied'
          ? new CoreError('access-denied', 'sign-in was denied in the browser', { hint: 'Run eks-sso login again and choose Allow' })
          : new CoreError('aws', `sign-in failed in the browser (${error})`, { hint: 'Run eks-sso login again' }),
      );
      return;
    }
    const code = url.searchParams.get('code');
    if (!code) return page(response, 400, 'The sign-in response had no code. You can close this tab.');
    page(response, 200, 'Signed in. You can close this tab.');
    settle?.resolve({ code });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const redirectUri = `http://127.0.0.1:${port}${CALLBACK_PATH}`;

  const limit = new AbortController();
  const onAbort = () => settle?.reject(cancelled('sign-in'));
  signal?.addEventListener('abort', onAbort, { once: true });
  // An abort while the listener was starting fired no event: it would otherwise go unnoticed
  // until the 10-minute limit.
  if (signal?.aborted) onAbort();
  const expiresAt = context.clock.now() + OVERALL_LIMIT_MS;
  context.clock.sleep(OVERALL_LIMIT_MS, limit.signal).then(
    () => settle?.reject(new CoreError('timeout', 'the browser sign-in was not completed within 10 minutes', { hint: 'Run eks-sso login again' })),
    () => undefined,
  );

  try {
    const url = authorizeUrl({
      oidcEndpoint: configuredEndpoint(context.env, 'SSO_OIDC') ?? defaultOidcEndpoint(options.region),
      clientId: registration.clientId,
      redirectUri,
      state,
      challenge: pair.challenge,
      scopes: options.scopes,
    });
    const prompt: LoginPrompt = { session: options.session, startUrl: options.startUrl, verificationUri: url, verificationUriComplete: url, expiresAt };
    options.onPrompt?.(prompt);
    if (options.openBrowser) {
      try {
        await context.openBrowser(assertOpenableUrl(url));
      } catch (error) {
        if (error instanceof CoreError) throw error;
        context.logger.warn('could not open a browser; open the URL shown above yourself', { error: error instanceof Error ? error.message : String(error) });
      }
    }
    const { code } = await callback;
    try {
      const token = await oidc.client.send(
        new oidc.sdk.CreateTokenCommand({
          clientId: registration.clientId,
          clientSecret: registration.clientSecret,
          grantType: 'authorization_code',
          redirectUri,
          codeVerifier: pair.verifier,
          code,
        }),
        { abortSignal: signal },
      );
      if (!token.accessToken || !token.expiresIn) throw new Error('CreateToken returned no access token');
      return { accessToken: token.accessToken, expiresIn: token.expiresIn, ...(token.refreshToken ? { refreshToken: token.refreshToken } : {}) };
    } catch (error) {
      if (isAbort(error, signal)) throw cancelled('sign-in');
      throw toCoreError(error, { service: 'the SSO sign-in service', session: options.session, signal });
    }
  } finally {
    limit.abort();
    signal?.removeEventListener('abort', onAbort);
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
