// Signing in: pick the session (an existing sso-session for this portal, or a new name),
// register or reuse the client, run the device or PKCE flow, then write the token where the
// AWS CLI reads it and record [sso-session NAME] in ~/.aws/config. Before the flow succeeds
// only the client registration (a cache the AWS CLI keeps too) is written, so a cancelled or
// denied sign-in leaves no token and no config behind.
import type { CoreContext } from '../context.js';
import { CoreError, isCoreError } from '../errors.js';
import { withLock } from '../fs/lock-file.js';
import { readSsoSessions, writeSsoSession } from '../aws-config/config-file.js';
import { toCoreError } from './aws-errors.js';
import { tokenFilePath } from './cache-paths.js';
import { createOidcClient } from './clients.js';
import type { ClockSkew } from './clock-skew.js';
import { runDeviceFlow, type IssuedToken } from './device-flow.js';
import type { LoginPrompt } from './login-prompt.js';
import { runPkceFlow } from './pkce-flow.js';
import { obtainRegistration } from './registration.js';
import { DEFAULT_SCOPES, defaultSessionName, parseStartUrl, sameStartUrl, validateRegion, validateSessionName, type SessionConfig } from './session-config.js';
import { checkExplicitName, chooseDefaultName } from './session-name.js';
import { REFRESH_WINDOW_MS } from './session-state.js';
import { signInTimes, writeSessionTimes } from './session-times.js';
import { writeTokenFile, type CachedToken } from './token-cache.js';

export interface LoginOptions {
  session?: string;
  startUrl: string;
  region: string;
  flow?: 'device' | 'pkce';
  openBrowser?: boolean;
  signal?: AbortSignal;
  onPrompt?: (prompt: LoginPrompt) => void;
}

export async function signIn(context: CoreContext, skew: ClockSkew, loginOptions: LoginOptions): Promise<SessionConfig> {
  // Kept exactly as typed: the AWS CLI keys its caches on the configured URL, not a normalised one.
  const typedStartUrl = loginOptions.startUrl.trim();
  parseStartUrl(typedStartUrl);
  const region = validateRegion(loginOptions.region);
  // Someone who ran `aws configure sso` already named this portal: sign in to that session,
  // so the AWS CLI and this product share one token file.
  const configured = await readSsoSessions(context.env);
  const existing = loginOptions.session
    ? configured.find((session) => session.name === loginOptions.session)
    : configured.find((session) => sameStartUrl(session.startUrl, typedStartUrl) && session.region === region);
  // A name holds one portal: an explicit one that belongs to another start URL is refused, a
  // derived default that does gets a suffix. Names already in the config for this portal are
  // the user's (or the AWS CLI's) and are used as they are.
  let name: string;
  if (loginOptions.session) {
    // Names already in the config are the user's (or the AWS CLI's): only new ones are checked.
    name = await checkExplicitName(context.env, existing ? loginOptions.session : validateSessionName(loginOptions.session), typedStartUrl);
  } else if (existing) {
    name = existing.name;
  } else {
    const chosen = await chooseDefaultName(context.env, typedStartUrl, region);
    name = chosen.name;
    if (chosen.defaultTakenBy) {
      context.logger.warn(
        `the session name "${defaultSessionName(typedStartUrl)}" is already used for ${chosen.defaultTakenBy}: signing in as "${name}" (choose a name with --session)`,
        { session: name },
      );
    }
  }
  const startUrl = !loginOptions.session && existing ? existing.startUrl : typedStartUrl;
  // The CLI keys the registration cache on the configured scopes; ask for the refresh scope regardless.
  const scopes = existing?.scopes?.includes(DEFAULT_SCOPES[0]!) ? existing.scopes : DEFAULT_SCOPES;
  const flow = loginOptions.flow ?? 'device';
  const signal = loginOptions.signal;
  const config: SessionConfig = { name, startUrl, region };
  let issued: IssuedToken;
  let registrationExpiresAt: number;
  let clientId: string;
  let clientSecret: string;
  try {
    const oidc = await createOidcClient(context.env, region, skew.observe);
    const registration = await obtainRegistration(context, oidc, { sessionName: name, startUrl, region, scopes, flow }, signal);
    const flowOptions = {
      session: name,
      startUrl,
      openBrowser: loginOptions.openBrowser ?? true,
      ...(signal ? { signal } : {}),
      ...(loginOptions.onPrompt ? { onPrompt: loginOptions.onPrompt } : {}),
    };
    issued =
      flow === 'pkce'
        ? await runPkceFlow(context, oidc, registration, { ...flowOptions, region, scopes })
        : await runDeviceFlow(context, oidc, registration, flowOptions);
    registrationExpiresAt = registration.expiresAt;
    clientId = registration.clientId;
    clientSecret = registration.clientSecret;
  } catch (error) {
    if (isCoreError(error)) throw error;
    throw toCoreError(error, { service: `the SSO sign-in service in ${region}`, session: name, ...(signal ? { signal } : {}) });
  }
  if (signal?.aborted) throw new CoreError('cancelled', 'sign-in was cancelled');
  if (skew.isSkewed()) context.logger.warn(skew.error().toLine());
  const file = tokenFilePath(context.env, name);
  const signedInAt = context.clock.now();
  const token: CachedToken = {
    startUrl,
    region,
    accessToken: issued.accessToken,
    expiresAt: signedInAt + issued.expiresIn * 1000,
    clientId,
    clientSecret,
    registrationExpiresAt,
    ...(issued.refreshToken ? { refreshToken: issued.refreshToken } : {}),
  };
  await withLock(file, () => writeTokenFile(file, token), { clock: context.clock });
  // The portal session's clock starts now: its end is reckoned from this. Without the record
  // the sign-in still works; the end is then estimated as for another tool's sign-in.
  await writeSessionTimes(context.env, name, signInTimes(token, signedInAt, REFRESH_WINDOW_MS)).catch((error: unknown) =>
    context.logger.warn(`could not record when the SSO session "${name}" signed in: ${(error as Error).message}`, { session: name }),
  );
  await writeSsoSession(context.env, { name, startUrl, region, scopes });
  context.logger.info('signed in', { session: name, flow });
  return config;
}
