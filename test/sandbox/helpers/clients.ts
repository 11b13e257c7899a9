// Real AWS SDK v3 clients pointed at a sandbox, and a signed-in session to start tests from.
import { SSOOIDCClient, RegisterClientCommand, StartDeviceAuthorizationCommand, CreateTokenCommand } from '@aws-sdk/client-sso-oidc';
import type { CreateTokenCommandOutput } from '@aws-sdk/client-sso-oidc';
import { SSOClient, GetRoleCredentialsCommand, ListAccountRolesCommand } from '@aws-sdk/client-sso';
import { STSClient } from '@aws-sdk/client-sts';
import { IAMClient } from '@aws-sdk/client-iam';
import { EKSClient } from '@aws-sdk/client-eks';
import type { SandboxHandle } from '../../../sandbox/index.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration?: Date;
}

const anonymous = { accessKeyId: 'unused', secretAccessKey: 'unused' };

/** What a client needs to reach a sandbox: a handle, or the state file of a CLI-started one. */
export type SandboxAddress = Pick<SandboxHandle, 'env' | 'region' | 'startUrl'>;

export function oidcClient(sandbox: SandboxAddress): SSOOIDCClient {
  return new SSOOIDCClient({ region: sandbox.region, endpoint: sandbox.env.AWS_ENDPOINT_URL_SSO_OIDC, credentials: anonymous, maxAttempts: 1 });
}

export function portalClient(sandbox: SandboxAddress, maxAttempts = 1): SSOClient {
  return new SSOClient({ region: sandbox.region, endpoint: sandbox.env.AWS_ENDPOINT_URL_SSO, credentials: anonymous, maxAttempts });
}

export function stsClient(sandbox: SandboxHandle, credentials: Credentials, region = 'us-east-1'): STSClient {
  return new STSClient({ region, endpoint: sandbox.env.AWS_ENDPOINT_URL_STS, credentials, maxAttempts: 1 });
}

export function iamClient(sandbox: SandboxHandle, credentials: Credentials): IAMClient {
  return new IAMClient({ region: 'us-east-1', endpoint: sandbox.env.AWS_ENDPOINT_URL_IAM, credentials, maxAttempts: 1 });
}

export function eksClient(sandbox: SandboxHandle, credentials: Credentials, region: string, maxAttempts = 1): EKSClient {
  return new EKSClient({ region, endpoint: sandbox.env.AWS_ENDPOINT_URL_EKS, credentials, maxAttempts });
}

/** Device sign-in approved through the admin API; returns the access token (and the rest). */
export async function signIn(sandbox: SandboxHandle, user?: string, scopes: string[] = ['sso:account:access']) {
  const oidc = oidcClient(sandbox);
  const client = await oidc.send(new RegisterClientCommand({ clientName: 'sandbox-test', clientType: 'public', scopes }));
  const device = await oidc.send(new StartDeviceAuthorizationCommand({ clientId: client.clientId, clientSecret: client.clientSecret, startUrl: sandbox.startUrl }));
  sandbox.admin.approveDevice(device.userCode ?? '', user);
  const token = await oidc.send(new CreateTokenCommand({ clientId: client.clientId, clientSecret: client.clientSecret, grantType: 'urn:ietf:params:oauth:grant-type:device_code', deviceCode: device.deviceCode }));
  return { client, token, accessToken: token.accessToken ?? '' };
}

/**
 * Device sign-in the way a client runs it when someone else approves (auto-approve, a person):
 * poll CreateToken every announced `interval` until the approval lands.
 */
export async function signInByPolling(sandbox: SandboxAddress): Promise<string> {
  const oidc = oidcClient(sandbox);
  const client = await oidc.send(new RegisterClientCommand({ clientName: 'sandbox-test', clientType: 'public', scopes: ['sso:account:access'] }));
  const device = await oidc.send(new StartDeviceAuthorizationCommand({ clientId: client.clientId, clientSecret: client.clientSecret, startUrl: sandbox.startUrl }));
  for (let attempt = 0; attempt < 10; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, (device.interval ?? 1) * 1000));
    let token: CreateTokenCommandOutput;
    try {
      token = await oidc.send(
        new CreateTokenCommand({ clientId: client.clientId, clientSecret: client.clientSecret, grantType: 'urn:ietf:params:oauth:grant-type:device_code', deviceCode: device.deviceCode }),
      );
    } catch (error) {
      if ((error as Error).name === 'AuthorizationPendingException') continue;
      throw error;
    }
    return token.accessToken ?? '';
  }
  throw new Error('the sign-in was never approved');
}

/** Role credentials for the named permission set in an account. */
export async function roleCredentials(sandbox: SandboxHandle, accessToken: string, accountId: string, permissionSet: string): Promise<Credentials> {
  const portal = portalClient(sandbox);
  const roles = await portal.send(new ListAccountRolesCommand({ accessToken, accountId }));
  const role = roles.roleList?.find((candidate) => candidate.roleName === permissionSet);
  if (!role?.roleName) throw new Error(`no ${permissionSet} role in ${accountId}`);
  const result = await portal.send(new GetRoleCredentialsCommand({ accessToken, accountId, roleName: role.roleName }));
  const credentials = result.roleCredentials;
  return {
    accessKeyId: credentials?.accessKeyId ?? '',
    secretAccessKey: credentials?.secretAccessKey ?? '',
    sessionToken: credentials?.sessionToken ?? '',
    expiration: new Date(credentials?.expiration ?? 0),
  };
}
