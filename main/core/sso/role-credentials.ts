// GetRoleCredentials on demand, cached behind the SecretStore until 5 minutes before they
// expire. Concurrent callers for the same account and role share one request.
import type { SSOClient } from '@aws-sdk/client-sso';
import type { CoreContext, RoleCredentials, RoleRef } from '../context.js';
import { CoreError } from '../errors.js';
import { toCoreError } from './aws-errors.js';
import type { PortalSdk } from './clients.js';
import type { RateLimiter } from './rate-limiter.js';
import { withRetry } from './retry.js';

export interface FetchRoleCredentialsDependencies {
  context: CoreContext;
  portal: { sdk: PortalSdk; client: SSOClient };
  limiter: RateLimiter;
  accessToken: string;
  signal?: AbortSignal;
}

export async function fetchRoleCredentials(deps: FetchRoleCredentialsDependencies, ref: RoleRef): Promise<RoleCredentials> {
  const { sdk, client } = deps.portal;
  try {
    const response = await withRetry(
      () =>
        client.send(new sdk.GetRoleCredentialsCommand({ accessToken: deps.accessToken, accountId: ref.accountId, roleName: ref.roleName }), {
          abortSignal: deps.signal,
        }),
      { clock: deps.context.clock, limiter: deps.limiter, ...(deps.signal ? { signal: deps.signal } : {}) },
    );
    const credentials = response.roleCredentials;
    if (!credentials?.accessKeyId || !credentials.secretAccessKey || !credentials.sessionToken || !credentials.expiration) {
      throw new Error('GetRoleCredentials returned incomplete credentials');
    }
    return {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      sessionToken: credentials.sessionToken,
      expiration: credentials.expiration,
    };
  } catch (error) {
    const coreError = toCoreError(error, { service: 'the AWS access portal', session: ref.session, ...(deps.signal ? { signal: deps.signal } : {}) });
    if (coreError.code === 'not-found' || coreError.code === 'access-denied') {
      throw new CoreError(coreError.code, `no access to role "${ref.roleName}" in account ${ref.accountId} with session "${ref.session}"`, {
        hint: 'List the accounts and roles you can use with eks-sso accounts',
        cause: coreError.cause,
      });
    }
    throw coreError;
  }
}
