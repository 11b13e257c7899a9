// SSO OIDC and the portal through the real SDK v3 clients.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateTokenCommand, RegisterClientCommand, StartDeviceAuthorizationCommand } from '@aws-sdk/client-sso-oidc';
import { GetRoleCredentialsCommand, ListAccountRolesCommand, ListAccountsCommand, LogoutCommand, paginateListAccountRoles } from '@aws-sdk/client-sso';
import { startSandbox } from '../../sandbox/index.js';
import type { SandboxHandle } from '../../sandbox/index.js';
import { oidcClient, portalClient, signIn } from './helpers/clients.js';
import { DEMO_USER, DEV, PROD, SHARED, demoYaml } from './helpers/demo.js';

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
let sandbox: SandboxHandle;

beforeAll(async () => {
  sandbox = await startSandbox(demoYaml, { clusterServers: 'lazy' });
});
afterAll(async () => {
  await sandbox?.close();
});

async function errorName(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as Error).name;
  }
  return 'no error';
}

describe('SSO OIDC device flow', () => {
  it('registers, starts, is pending, slows down, then issues tokens once approved', async () => {
    const oidc = oidcClient(sandbox);
    const client = await oidc.send(new RegisterClientCommand({ clientName: 'test', clientType: 'public', scopes: ['sso:account:access'] }));
    expect(client.clientId).toBeTruthy();
    expect(client.clientSecretExpiresAt).toBeGreaterThan(Date.now() / 1000 + 80 * 86400);
    const device = await oidc.send(new StartDeviceAuthorizationCommand({ clientId: client.clientId, clientSecret: client.clientSecret, startUrl: sandbox.startUrl }));
    expect(device.userCode).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
    expect(device.verificationUriComplete).toContain(encodeURIComponent(device.userCode ?? ''));
    expect(device.expiresIn).toBe(600);
    const poll = () => oidc.send(new CreateTokenCommand({ clientId: client.clientId, clientSecret: client.clientSecret, grantType: DEVICE_GRANT, deviceCode: device.deviceCode }));
    expect(await errorName(poll())).toBe('AuthorizationPendingException');
    expect(await errorName(poll())).toBe('SlowDownException');
    sandbox.admin.approveDevice(device.userCode ?? '', DEMO_USER);
    const token = await poll();
    expect(token.tokenType).toBe('Bearer');
    expect(token.expiresIn).toBe(3600);
    expect(token.refreshToken).toBeTruthy();
    expect(await errorName(poll())).toBe('InvalidGrantException');

    const refreshed = await oidc.send(new CreateTokenCommand({ clientId: client.clientId, clientSecret: client.clientSecret, grantType: 'refresh_token', refreshToken: token.refreshToken }));
    expect(refreshed.accessToken).not.toBe(token.accessToken);
    const accounts = await portalClient(sandbox).send(new ListAccountsCommand({ accessToken: refreshed.accessToken }));
    expect(accounts.accountList?.map((account) => account.accountId)).toEqual([PROD, DEV, SHARED]);
  });

  it('answers AccessDeniedException when denied and InvalidClientException for a wrong secret', async () => {
    const oidc = oidcClient(sandbox);
    const client = await oidc.send(new RegisterClientCommand({ clientName: 'test', clientType: 'public' }));
    const device = await oidc.send(new StartDeviceAuthorizationCommand({ clientId: client.clientId, clientSecret: client.clientSecret, startUrl: sandbox.startUrl }));
    sandbox.admin.denyDevice(device.userCode ?? '');
    const error = await oidc
      .send(new CreateTokenCommand({ clientId: client.clientId, clientSecret: client.clientSecret, grantType: DEVICE_GRANT, deviceCode: device.deviceCode }))
      .catch((caught: unknown) => caught as { name: string; error?: string; $metadata: { httpStatusCode?: number } });
    expect(error).toMatchObject({ name: 'AccessDeniedException', error: 'access_denied', $metadata: { httpStatusCode: 400 } });
    const wrong = await oidc
      .send(new StartDeviceAuthorizationCommand({ clientId: client.clientId, clientSecret: 'not-the-secret', startUrl: sandbox.startUrl }))
      .catch((caught: unknown) => caught as { name: string; $metadata: { httpStatusCode?: number } });
    expect(wrong).toMatchObject({ name: 'InvalidClientException', $metadata: { httpStatusCode: 401 } });
  });

  it('answers ExpiredTokenException once the device code has expired', async () => {
    const oidc = oidcClient(sandbox);
    const client = await oidc.send(new RegisterClientCommand({ clientName: 'test', clientType: 'public' }));
    const device = await oidc.send(new StartDeviceAuthorizationCommand({ clientId: client.clientId, clientSecret: client.clientSecret, startUrl: sandbox.startUrl }));
    sandbox.admin.setClockOffset(11 * 60 * 1000);
    try {
      expect(await errorName(oidc.send(new CreateTokenCommand({ clientId: client.clientId, clientSecret: client.clientSecret, grantType: DEVICE_GRANT, deviceCode: device.deviceCode })))).toBe(
        'ExpiredTokenException',
      );
    } finally {
      sandbox.admin.setClockOffset(0);
    }
  });

  it('gives a scope-less (legacy) registration no refresh token', async () => {
    const { token } = await signIn(sandbox, DEMO_USER, []);
    expect(token.refreshToken).toBeUndefined();
    expect(token.expiresIn).toBe(8 * 3600);
  });
});

describe('SSO portal', () => {
  it('lists accounts and roles with pagination and issues credentials that expire with the permission set', async () => {
    const { accessToken } = await signIn(sandbox, DEMO_USER);
    const portal = portalClient(sandbox);
    const firstPage = await portal.send(new ListAccountsCommand({ accessToken, maxResults: 2 }));
    expect(firstPage.accountList).toHaveLength(2);
    expect(firstPage.nextToken).toBeTruthy();
    const secondPage = await portal.send(new ListAccountsCommand({ accessToken, maxResults: 2, nextToken: firstPage.nextToken }));
    expect(secondPage.accountList?.map((account) => account.accountName)).toEqual(['shared-sandbox']);
    expect(secondPage.nextToken).toBeUndefined();

    const roleNames: string[] = [];
    for await (const page of paginateListAccountRoles({ client: portal, pageSize: 1 }, { accessToken, accountId: PROD })) {
      roleNames.push(...(page.roleList ?? []).map((role) => role.roleName ?? ''));
    }
    expect(roleNames).toHaveLength(2);
    // Permission-set names: only IAM and STS show the provisioned AWSReservedSSO_<name>_<suffix> role.
    expect(roleNames).toEqual(['AdministratorAccess', 'ReadOnly']);

    const before = Date.now();
    const credentials = await portal.send(new GetRoleCredentialsCommand({ accessToken, accountId: PROD, roleName: roleNames[0] }));
    expect(credentials.roleCredentials?.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    const expiration = credentials.roleCredentials?.expiration ?? 0;
    expect(expiration).toBeGreaterThanOrEqual(before + 4 * 3600_000 - 1000);
    expect(expiration).toBeLessThanOrEqual(Date.now() + 4 * 3600_000 + 1000);

    expect(await errorName(portal.send(new GetRoleCredentialsCommand({ accessToken, accountId: DEV, roleName: 'NotAssignedToThisUser' })))).toBe('ForbiddenException');
    expect(await errorName(portal.send(new ListAccountRolesCommand({ accessToken, accountId: PROD, maxResults: 500 })))).toBe('InvalidRequestException');
  });

  it('answers 401 UnauthorizedException for unknown, logged-out, expired and revoked tokens', async () => {
    const portal = portalClient(sandbox);
    const status = async (accessToken: string) => {
      try {
        await portal.send(new ListAccountsCommand({ accessToken }));
        return 'ok';
      } catch (error) {
        return `${(error as Error).name} ${(error as { $metadata: { httpStatusCode?: number } }).$metadata.httpStatusCode}`;
      }
    };
    expect(await status('not-a-token')).toBe('UnauthorizedException 401');

    const loggedOut = await signIn(sandbox, DEMO_USER);
    await portal.send(new LogoutCommand({ accessToken: loggedOut.accessToken }));
    expect(await status(loggedOut.accessToken)).toBe('UnauthorizedException 401');

    const bob = await signIn(sandbox, 'bob@example.com');
    expect(await status(bob.accessToken)).toBe('ok');
    expect(sandbox.admin.expireSession('bob@example.com')).toBeGreaterThan(0);
    expect(await status(bob.accessToken)).toBe('UnauthorizedException 401');
    const refresh = oidcClient(sandbox).send(
      new CreateTokenCommand({ clientId: bob.client.clientId, clientSecret: bob.client.clientSecret, grantType: 'refresh_token', refreshToken: bob.token.refreshToken }),
    );
    expect(await errorName(refresh)).toBe('InvalidGrantException');

    const again = await signIn(sandbox, 'bob@example.com');
    sandbox.admin.revokeSession('bob@example.com');
    expect(await status(again.accessToken)).toBe('UnauthorizedException 401');
  });
});
