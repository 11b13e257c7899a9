// The sign-in pages in real Chromium: clicking Allow on the device page approves the code, and
// on the /authorize page the form's redirect reaches the loopback listener (the CSP allows it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import { CreateTokenCommand, RegisterClientCommand, StartDeviceAuthorizationCommand } from '@aws-sdk/client-sso-oidc';
import { startSandbox } from '../../sandbox/index.js';
import type { SandboxHandle } from '../../sandbox/index.js';
import { chromiumPath, launchChromium } from '../helpers/chromium.js';
import type { LaunchedBrowser } from '../helpers/chromium.js';
import { oidcClient } from './helpers/clients.js';
import { demoYaml } from './helpers/demo.js';

describe.runIf(chromiumPath !== null)('sign-in pages in Chromium', () => {
  let sandbox: SandboxHandle;
  let browser: LaunchedBrowser;

  beforeAll(async () => {
    sandbox = await startSandbox(demoYaml, { clusterServers: 'lazy' });
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
  });

  it('approves a device code when Allow is clicked', async () => {
    const oidc = oidcClient(sandbox);
    const client = await oidc.send(new RegisterClientCommand({ clientName: 'browser', clientType: 'public', scopes: ['sso:account:access'] }));
    const device = await oidc.send(new StartDeviceAuthorizationCommand({ clientId: client.clientId, clientSecret: client.clientSecret, startUrl: sandbox.startUrl }));
    const page = await browser.browser.newPage();
    await page.goto(device.verificationUriComplete ?? '');
    expect(await page.textContent('#user-code')).toBe(device.userCode);
    expect(await page.textContent('#start-url')).toBe(sandbox.startUrl);
    await page.selectOption('#user', 'bob@example.com');
    await page.click('#allow');
    await page.waitForSelector('text=Request approved');
    const token = await oidc.send(
      new CreateTokenCommand({ clientId: client.clientId, clientSecret: client.clientSecret, grantType: 'urn:ietf:params:oauth:grant-type:device_code', deviceCode: device.deviceCode }),
    );
    expect(token.accessToken).toBeTruthy();
    await page.close();
  });

  it('follows the /authorize form to the loopback redirect with code and state', async () => {
    const received: URLSearchParams[] = [];
    const listener: Server = createServer((request, response) => {
      received.push(new URL(request.url ?? '/', 'http://127.0.0.1').searchParams);
      response.writeHead(200, { 'content-type': 'text/html' }).end('<p id="done">You can close this window.</p>');
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    const address = listener.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const oidc = oidcClient(sandbox);
      const client = await oidc.send(
        new RegisterClientCommand({ clientName: 'browser-pkce', clientType: 'public', grantTypes: ['authorization_code', 'refresh_token'], redirectUris: ['http://127.0.0.1/oauth/callback'] }),
      );
      const verifier = randomBytes(48).toString('base64url');
      const redirectUri = `http://127.0.0.1:${port}/oauth/callback`;
      const query = new URLSearchParams({
        response_type: 'code',
        client_id: client.clientId ?? '',
        redirect_uri: redirectUri,
        state: 'browser-state',
        code_challenge_method: 'S256',
        scopes: 'sso:account:access',
        code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      });
      const page = await browser.browser.newPage();
      await page.goto(`${sandbox.env.AWS_ENDPOINT_URL_SSO_OIDC}/authorize?${query}`);
      await page.click('#allow');
      await page.waitForSelector('#done');
      const callback = received[0];
      expect(callback?.get('state')).toBe('browser-state');
      const token = await oidc.send(
        new CreateTokenCommand({ clientId: client.clientId, clientSecret: client.clientSecret, grantType: 'authorization_code', code: callback?.get('code') ?? '', redirectUri, codeVerifier: verifier }),
      );
      expect(token.accessToken).toBeTruthy();
      await page.close();
    } finally {
      await new Promise<void>((resolve) => listener.close(() => resolve()));
    }
  });
});
