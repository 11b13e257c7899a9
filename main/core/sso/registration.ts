// RegisterClient, reusing the cached registration as the AWS CLI does (≥ 15 min left and
// registered for the same flow), so signing in again does not mint a client every time.
import type { SSOOIDCClient } from '@aws-sdk/client-sso-oidc';
import type { CoreContext } from '../context.js';
import type { OidcSdk } from './clients.js';
import { isReusable, readRegistration, registrationFilePath, writeRegistration, type ClientRegistration } from './registration-cache.js';

export const PKCE_REDIRECT_URI = 'http://127.0.0.1/oauth/callback';

export interface RegistrationRequest {
  sessionName: string;
  startUrl: string;
  region: string;
  scopes: string[];
  flow: 'device' | 'pkce';
}

export async function obtainRegistration(
  context: CoreContext,
  oidc: { sdk: OidcSdk; client: SSOOIDCClient },
  request: RegistrationRequest,
  signal?: AbortSignal,
): Promise<ClientRegistration> {
  const file = registrationFilePath(context.env, {
    startUrl: request.startUrl,
    region: request.region,
    scopes: request.scopes,
    sessionName: request.sessionName,
  });
  const cached = await readRegistration(file, context.logger);
  if (cached && isReusable(cached, request.flow, context.clock.now())) {
    context.logger.debug('reusing the cached client registration', { session: request.sessionName, flow: request.flow });
    return cached;
  }
  const pkce = request.flow === 'pkce';
  const response = await oidc.client.send(
    new oidc.sdk.RegisterClientCommand({
      clientName: `botocore-client-${request.sessionName}`,
      clientType: 'public',
      scopes: request.scopes,
      ...(pkce ? { grantTypes: ['authorization_code', 'refresh_token'], redirectUris: [PKCE_REDIRECT_URI], issuerUrl: request.startUrl } : {}),
    }),
    { abortSignal: signal },
  );
  if (!response.clientId || !response.clientSecret || !response.clientSecretExpiresAt) {
    throw new Error('RegisterClient returned no client credentials');
  }
  const registration: ClientRegistration = {
    clientId: response.clientId,
    clientSecret: response.clientSecret,
    expiresAt: response.clientSecretExpiresAt * 1000,
    scopes: request.scopes,
    ...(pkce ? { grantTypes: ['authorization_code', 'refresh_token'] } : {}),
  };
  await writeRegistration(file, registration);
  context.logger.debug('registered a new sign-in client', { session: request.sessionName, flow: request.flow });
  return registration;
}
