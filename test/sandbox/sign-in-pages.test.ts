// The pages a person meets: the device verification page (Allow / Deny form) and the PKCE
// /authorize page redirecting to a real loopback listener, then CreateToken with the code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { CreateTokenCommand, RegisterClientCommand, StartDeviceAuthorizationCommand } from '@aws-sdk/client-sso-oidc';
import { ListAccountsCommand } from '@aws-sdk/client-sso';
import { startSandbox } from '../../sandbox/index.js';
import type { SandboxHandle } from '../../sandbox/index.js';
import { oidcClient, portalClient } from './helpers/clients.js';
import { DEV, demoYaml } from './helpers/demo.js';

let sandbox: SandboxHandle;

beforeAll(async () => {
  sandbox = await startSandbox(demoYaml, { clusterServers: 'lazy' });
});
afterAll(async () => {
  await sandbox?.close();
});

function hiddenValue(html: string, name: string): string {
  return new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';
}

describe('device verification page', () => {
  it('shows the code and start URL, and Allow signs in the chosen user', async () => {
    const oidc = oidcClient(sandbox);
    const client = await oidc.send(new RegisterClientCommand({ clientName: 'pages', clientType: 'public', scopes: ['sso:account:access'] }));
    const device = await oidc.send(new StartDeviceAuthorizationCommand({ clientId: client.clientId, clientSecret: client.clientSecret, startUrl: sandbox.startUrl }));
    const page = await fetch(device.verificationUriComplete ?? '');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain(`id="user-code">${device.userCode}<`);
    expect(html).toContain(sandbox.startUrl);
    expect(html).toContain('value="allow"');
    expect(html).toContain('value="deny"');

    const answer = await fetch(new URL('/device', device.verificationUri).toString(), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ user_code: hiddenValue(html, 'user_code'), user: 'bob@example.com', decision: 'allow' }).toString(),
    });
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain('Request approved');
    const token = await oidc.send(
      new CreateTokenCommand({ clientId: client.clientId, clientSecret: client.clientSecret, grantType: 'urn:ietf:params:oauth:grant-type:device_code', deviceCode: device.deviceCode }),
    );
    const accounts = await portalClient(sandbox).send(new ListAccountsCommand({ accessToken: token.accessToken }));
    expect(accounts.accountList?.map((account) => account.accountId)).toEqual([DEV]);

    const again = await fetch(device.verificationUriComplete ?? '');
    expect(await again.text()).toContain('not valid');
  });

  it('Deny makes the poller see AccessDeniedException', async () => {
    const oidc = oidcClient(sandbox);
    const client = await oidc.send(new RegisterClientCommand({ clientName: 'pages', clientType: 'public' }));
    const device = await oidc.send(new StartDeviceAuthorizationCommand({ clientId: client.clientId, clientSecret: client.clientSecret, startUrl: sandbox.startUrl }));
    const answer = await fetch(new URL('/device', device.verificationUri).toString(), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ user_code: device.userCode ?? '', decision: 'deny' }).toString(),
    });
    expect(await answer.text()).toContain('Request denied');
    const error = await oidc
      .send(new CreateTokenCommand({ clientId: client.clientId, clientSecret: client.clientSecret, grantType: 'urn:ietf:params:oauth:grant-type:device_code', deviceCode: device.deviceCode }))
      .catch((caught: unknown) => caught as Error);
    expect(error).toMatchObject({ name: 'AccessDeniedException' });
  });
});

describe('authorization code with PKCE', () => {
  let listener: Server;
  let port = 0;
  const received: URLSearchParams[] = [];

  beforeAll(async () => {
    listener = createServer((request, response) => {
      received.push(new URL(request.url ?? '/', 'http://127.0.0.1').searchParams);
      response.writeHead(200, { 'content-type': 'text/plain' }).end('signed in');
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    const address = listener.address();
    port = typeof address === 'object' && address ? address.port : 0;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => listener.close(() => resolve()));
  });

  async function authorize(decision: 'allow' | 'deny', verifier: string) {
    const oidc = oidcClient(sandbox);
    const client = await oidc.send(
      new RegisterClientCommand({
        clientName: 'pkce-test',
        clientType: 'public',
        scopes: ['sso:account:access'],
        grantTypes: ['authorization_code', 'refresh_token'],
        redirectUris: ['http://127.0.0.1/oauth/callback'],
        issuerUrl: sandbox.startUrl,
      }),
    );
    const redirectUri = `http://127.0.0.1:${port}/oauth/callback`;
    const state = randomUUID();
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: client.clientId ?? '',
      redirect_uri: redirectUri,
      state,
      code_challenge_method: 'S256',
      scopes: 'sso:account:access',
      code_challenge: challenge,
    });
    const page = await fetch(`${sandbox.env.AWS_ENDPOINT_URL_SSO_OIDC}/authorize?${query}`);
    const html = await page.text();
    expect(html).toContain('pkce-test');
    received.length = 0;
    const final = await fetch(`${sandbox.env.AWS_ENDPOINT_URL_SSO_OIDC}/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ request: hiddenValue(html, 'request'), user: 'demo@example.com', decision }).toString(),
    });
    expect(await final.text()).toBe('signed in');
    const callback = received[0];
    if (!callback) throw new Error('the loopback listener got no callback');
    expect(callback.get('state')).toBe(state);
    return { oidc, client, redirectUri, callback };
  }

  it('redirects to the loopback listener with code and state, and CreateToken verifies the S256 verifier', async () => {
    const verifier = randomBytes(48).toString('base64url');
    const { oidc, client, redirectUri, callback } = await authorize('allow', verifier);
    const code = callback.get('code') ?? '';
    expect(code).toBeTruthy();
    const wrong = await oidc
      .send(new CreateTokenCommand({ clientId: client.clientId, clientSecret: client.clientSecret, grantType: 'authorization_code', code, redirectUri, codeVerifier: `${verifier}x` }))
      .catch((error: unknown) => error as Error);
    expect(wrong).toMatchObject({ name: 'InvalidGrantException' });

    const second = await authorize('allow', verifier);
    const token = await second.oidc.send(
      new CreateTokenCommand({
        clientId: second.client.clientId,
        clientSecret: second.client.clientSecret,
        grantType: 'authorization_code',
        code: second.callback.get('code') ?? '',
        redirectUri: second.redirectUri,
        codeVerifier: verifier,
      }),
    );
    expect(token.accessToken).toBeTruthy();
    expect(token.refreshToken).toBeTruthy();
    const accounts = await portalClient(sandbox).send(new ListAccountsCommand({ accessToken: token.accessToken }));
    expect(accounts.accountList).toHaveLength(3);
  });

  it('redirects with error=access_denied when denied', async () => {
    const { callback } = await authorize('deny', randomBytes(48).toString('base64url'));
    expect(callback.get('error')).toBe('access_denied');
    expect(callback.get('code')).toBeNull();
  });

  it('shows an error page, not a redirect, for an unregistered redirect URI', async () => {
    const oidc = oidcClient(sandbox);
    const client = await oidc.send(
      new RegisterClientCommand({ clientName: 'x', clientType: 'public', grantTypes: ['authorization_code'], redirectUris: ['http://127.0.0.1/oauth/callback'] }),
    );
    const query = new URLSearchParams({ response_type: 'code', client_id: client.clientId ?? '', redirect_uri: 'https://evil.example/cb', state: 's', code_challenge_method: 'S256', code_challenge: 'c' });
    const page = await fetch(`${sandbox.env.AWS_ENDPOINT_URL_SSO_OIDC}/authorize?${query}`, { redirect: 'manual' });
    expect(page.status).toBe(400);
  });

  it('signs in without a page when auto-approve is on', async () => {
    sandbox.admin.setAutoApprove('demo@example.com');
    try {
      const oidc = oidcClient(sandbox);
      const client = await oidc.send(
        new RegisterClientCommand({ clientName: 'auto', clientType: 'public', grantTypes: ['authorization_code'], redirectUris: ['http://127.0.0.1/oauth/callback'] }),
      );
      const query = new URLSearchParams({
        response_type: 'code',
        client_id: client.clientId ?? '',
        redirect_uri: `http://127.0.0.1:${port}/oauth/callback`,
        state: 'st',
        code_challenge_method: 'S256',
        code_challenge: createHash('sha256').update('v').digest('base64url'),
      });
      const response = await fetch(`${sandbox.env.AWS_ENDPOINT_URL_SSO_OIDC}/authorize?${query}`, { redirect: 'manual' });
      expect(response.status).toBe(302);
      const location = new URL(response.headers.get('location') ?? '');
      expect(location.port).toBe(String(port));
      expect(location.searchParams.get('code')).toBeTruthy();
    } finally {
      sandbox.admin.setAutoApprove(false);
    }
  });
});
