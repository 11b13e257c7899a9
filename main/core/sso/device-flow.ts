// The OAuth device-code flow (RFC 8628) against SSO OIDC, the way the AWS CLI runs it:
// show the code and the start URL, open the verification page, poll CreateToken at
// `interval` (+5 s per SlowDown), stop at `expiresIn`, and stop at once when cancelled.
import type { SSOOIDCClient } from '@aws-sdk/client-sso-oidc';
import type { CoreContext } from '../context.js';
import { CoreError } from '../errors.js';
import { cancelled, errorName, isAbort, isNetworkError, isServerFault, toCoreError } from './aws-errors.js';
import type { OidcSdk } from './clients.js';
import { assertOpenableUrl, type LoginPrompt } from './login-prompt.js';
import type { ClientRegistration } from './registration-cache.js';

export interface IssuedToken {
  accessToken: string;
  /** Seconds. */
  expiresIn: number;
  refreshToken?: string;
}

export interface FlowOptions {
  session: string;
  startUrl: string;
  openBrowser: boolean;
  signal?: AbortSignal;
  onPrompt?: (prompt: LoginPrompt) => void;
}

const DEFAULT_INTERVAL_S = 5;
const SLOW_DOWN_S = 5;
const DEFAULT_EXPIRES_IN_S = 600;

export async function runDeviceFlow(
  context: CoreContext,
  oidc: { sdk: OidcSdk; client: SSOOIDCClient },
  registration: ClientRegistration,
  options: FlowOptions,
): Promise<IssuedToken> {
  const { signal } = options;
  const started = await oidc.client.send(
    new oidc.sdk.StartDeviceAuthorizationCommand({
      clientId: registration.clientId,
      clientSecret: registration.clientSecret,
      startUrl: options.startUrl,
    }),
    { abortSignal: signal },
  );
  if (!started.deviceCode || !started.verificationUri) throw new Error('StartDeviceAuthorization returned no device code');
  const expiresAt = context.clock.now() + (started.expiresIn ?? DEFAULT_EXPIRES_IN_S) * 1000;
  let intervalS = started.interval && started.interval > 0 ? started.interval : DEFAULT_INTERVAL_S;
  const verificationUriComplete = started.verificationUriComplete ?? started.verificationUri;
  const prompt: LoginPrompt = {
    session: options.session,
    startUrl: options.startUrl,
    verificationUri: started.verificationUri,
    verificationUriComplete,
    expiresAt,
    ...(started.userCode ? { userCode: started.userCode } : {}),
  };
  options.onPrompt?.(prompt);
  if (options.openBrowser) {
    const url = assertOpenableUrl(verificationUriComplete);
    try {
      await context.openBrowser(url);
    } catch (error) {
      // The printed URL and code still work: say so instead of failing the sign-in.
      context.logger.warn('could not open a browser; open the URL shown above yourself', { error: error instanceof Error ? error.message : String(error) });
    }
  }

  for (;;) {
    const remaining = expiresAt - context.clock.now();
    if (remaining <= 0) throw expiredCode();
    try {
      await context.clock.sleep(Math.min(intervalS * 1000, remaining), signal);
    } catch (error) {
      if (signal?.aborted) throw cancelled('sign-in');
      throw error;
    }
    if (context.clock.now() >= expiresAt) throw expiredCode();
    try {
      const token = await oidc.client.send(
        new oidc.sdk.CreateTokenCommand({
          clientId: registration.clientId,
          clientSecret: registration.clientSecret,
          grantType: 'urn:ietf:params:oauth:grant-type:device_code',
          deviceCode: started.deviceCode,
        }),
        { abortSignal: signal },
      );
      if (!token.accessToken || !token.expiresIn) throw new Error('CreateToken returned no access token');
      return { accessToken: token.accessToken, expiresIn: token.expiresIn, ...(token.refreshToken ? { refreshToken: token.refreshToken } : {}) };
    } catch (error) {
      if (isAbort(error, signal)) throw cancelled('sign-in');
      switch (errorName(error)) {
        case 'AuthorizationPendingException':
          continue;
        case 'SlowDownException':
          intervalS += SLOW_DOWN_S;
          context.logger.debug('sign-in service asked to slow down', { intervalSeconds: intervalS });
          continue;
        case 'ExpiredTokenException':
          throw expiredCode();
        case 'AccessDeniedException':
          throw new CoreError('access-denied', 'sign-in was denied in the browser', { hint: 'Run eks-sso login again and choose Allow' });
        default:
          // A blip while waiting for the person should not throw away their sign-in.
          if (isNetworkError(error) || isServerFault(error)) {
            context.logger.debug('transient error while polling for the token', { error: errorName(error) });
            continue;
          }
          throw toCoreError(error, { service: 'the SSO sign-in service', session: options.session, signal });
      }
    }
  }
}

function expiredCode(): CoreError {
  return new CoreError('timeout', 'the sign-in code expired before it was approved', {
    hint: 'Run eks-sso login again and approve the request in the browser within 10 minutes',
  });
}
