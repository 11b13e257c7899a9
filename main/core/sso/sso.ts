// createSso: sign-in, sessions, tokens, accounts and role credentials behind one object.
// Everything stateful that must be per session (rate limiters, pending refreshes, pending
// credential requests) lives in the instance, never in module globals.
import { rm } from 'node:fs/promises';
import type { CoreContext, RoleCredentials, RoleRef } from '../context.js';
import { CoreError } from '../errors.js';
import { loadSettings, ssoSessionHours, type Settings } from '../settings.js';
import { withLock } from '../fs/lock-file.js';
import { AccessTokens } from './access-token.js';
import { listAccountsWithRoles, type AccountsResult } from './accounts.js';
import { readAccountsCache, writeAccountsCache } from './accounts-cache.js';
import { toCoreError } from './aws-errors.js';
import { createPortalClient } from './clients.js';
import { ClockSkew } from './clock-skew.js';
import { createRateLimiter, type RateLimiter } from './rate-limiter.js';
import { fetchRoleCredentials } from './role-credentials.js';
import {
  deleteSessionRoleCredentials,
  readRoleCredentialsEntry,
  ROLE_CREDENTIALS_MARGIN_MS,
  usableRoleCredentials,
  writeCachedRoleCredentials,
} from './role-credentials-cache.js';
import type { SessionConfig } from './session-config.js';
import { discoverSessions } from './session-discovery.js';
import { computeSessionState, expiringWindowMs, REFRESH_WINDOW_MS, type SessionState } from './session-state.js';
import { sessionTimesFile } from './session-times.js';
import { SharedWork } from './shared-work.js';
import type { LoginOptions } from './sign-in.js';

export type { LoginOptions } from './sign-in.js';

export interface AccountsOptions {
  signal?: AbortSignal;
  /** Ignore the cache and list again now. */
  refresh?: boolean;
  onProgress?: (done: number, total: number) => void;
  /** A cached listing younger than this is returned as is (default 5 min). */
  maxAgeMs?: number;
  /**
   * With an older cached listing: return it at once and list again in the background
   * (default true, for the app); false waits for the new listing (the CLI).
   */
  staleWhileRefresh?: boolean;
}

export interface Sso {
  sessions(): Promise<SessionConfig[]>;
  sessionStates(): Promise<SessionState[]>;
  login(options: LoginOptions): Promise<SessionState>;
  logout(session: string): Promise<void>;
  accessToken(session: string, options?: { signal?: AbortSignal }): Promise<string>;
  accounts(session: string, options?: AccountsOptions): Promise<AccountsResult>;
  roleCredentials(ref: RoleRef, options?: { signal?: AbortSignal }): Promise<RoleCredentials>;
  /** Called with every listing written to the cache, including background refreshes. */
  onAccountsUpdated(listener: (result: AccountsResult) => void): () => void;
}

export interface SsoOptions {
  /**
   * Portal requests per second per session to start at (default 20, the throttle tools quote
   * for the portal). The limiter slows down on every 429 and speeds back up to this after calm.
   */
  portalRateLimit?: number;
  /** Parallel ListAccountRoles calls per session (default 8). */
  concurrency?: number;
}

const DEFAULT_ACCOUNTS_MAX_AGE_MS = 5 * 60 * 1000;
/** See SsoOptions.portalRateLimit. */
export const DEFAULT_PORTAL_RATE = 20;

export function createSso(context: CoreContext, options: SsoOptions = {}): Sso {
  const skew = new ClockSkew(context.clock);
  const tokens = new AccessTokens(context, skew.observe);
  const limiters = new Map<string, RateLimiter>();
  const credentialRequests = new SharedWork<RoleCredentials>();
  const listings = new SharedWork<AccountsResult>();
  /** Damaged role-credential entries already reported (see roleCredentials). */
  const damagedWarned = new Set<string>();
  const accountsListeners = new Set<(result: AccountsResult) => void>();
  const rate = options.portalRateLimit ?? DEFAULT_PORTAL_RATE;
  const concurrency = options.concurrency ?? 8;

  const limiterFor = (session: string): RateLimiter => {
    let limiter = limiters.get(session);
    if (!limiter) limiters.set(session, (limiter = createRateLimiter(context.clock, rate)));
    return limiter;
  };

  /** Turns "session expired" into "clock skew" when the clock is the real culprit. */
  const explain = (error: unknown, session: string, signal?: AbortSignal): CoreError => {
    const coreError = toCoreError(error, { service: 'the AWS access portal', session, ...(signal ? { signal } : {}) });
    if (coreError.code === 'session-expired' && skew.isSkewed()) return skew.error();
    return coreError;
  };

  const sessions = () => discoverSessions(context.env);

  async function sessionConfig(name: string): Promise<SessionConfig> {
    const found = (await sessions()).find((session) => session.name === name);
    if (!found) {
      throw new CoreError('not-found', `no SSO session named "${name}"`, {
        hint: `Sign in first: eks-sso login --start-url URL --region REGION --session ${name}`,
      });
    }
    return found;
  }

  async function stateOf(config: SessionConfig, settings: Settings): Promise<SessionState> {
    const read = await tokens.read(config);
    const token = read.kind === 'ok' ? read.token : null;
    const now = context.clock.now();
    const state = computeSessionState(config, token, now, {
      refreshRefused: token ? tokens.refreshRefused(config.name, token) : false,
      times: read.kind === 'ok' ? await tokens.sessionTimes(config, read.file, read.token) : null,
      sessionHours: ssoSessionHours(settings),
      expiringWindowMs: expiringWindowMs(settings.notificationLeadMinutes),
    });
    const failure = tokens.lastFailure(config.name);
    return token && failure && failure.refreshToken === token.refreshToken ? { ...state, refreshError: failure.reason } : state;
  }

  async function login(loginOptions: LoginOptions): Promise<SessionState> {
    // Loaded on demand: the sign-in flows bring node:http (the PKCE listener) and the OIDC
    // client, which `eks-sso status` and the exec helper never need.
    const { signIn } = await import('./sign-in.js');
    const config = await signIn(context, skew, loginOptions);
    tokens.forget(config.name);
    return stateOf(config, await loadSettings(context.env));
  }

  async function logout(session: string): Promise<void> {
    const config = await sessionConfig(session);
    const read = await tokens.read(config);
    if (read.kind === 'ok') {
      try {
        const portal = await createPortalClient(context.env, config.region, skew.observe);
        await portal.client.send(new portal.sdk.LogoutCommand({ accessToken: read.token.accessToken }));
      } catch (error) {
        // The local sign-in goes regardless; the portal session then ends on its own schedule.
        const reason = toCoreError(error, { service: 'the AWS access portal', session }).message;
        context.logger.warn(`the portal did not confirm the sign-out (${reason}); removing the local sign-in anyway`, { session });
      }
    }
    if (read.kind !== 'missing') {
      await withLock(read.file, () => rm(read.file, { force: true }), { clock: context.clock });
      // Damaged files are otherwise never deleted: say that this one was, and what was wrong.
      if (read.kind === 'corrupt') context.logger.warn(`removed the damaged SSO cache file ${read.file} (it ${read.reason})`, { session });
    }
    await deleteSessionRoleCredentials(context.secrets, session);
    await rm(sessionTimesFile(context.env, session), { force: true });
    tokens.forget(session);
    context.logger.info('signed out', { session });
  }

  async function accessToken(session: string, tokenOptions: { signal?: AbortSignal } = {}): Promise<string> {
    const config = await sessionConfig(session);
    return (await tokens.token(config, tokenOptions.signal)).accessToken;
  }

  async function listNow(session: string, accountsOptions: AccountsOptions): Promise<AccountsResult> {
    const config = await sessionConfig(session);
    const signal = accountsOptions.signal;
    // Re-read the token only when it may need a refresh, not once per request.
    let current = await tokens.token(config, signal);
    const token = async () => {
      if (current.expiresAt - context.clock.now() <= REFRESH_WINDOW_MS) current = await tokens.token(config, signal);
      return current.accessToken;
    };
    try {
      const portal = await createPortalClient(context.env, config.region, skew.observe);
      const accounts = await listAccountsWithRoles({
        portal,
        clock: context.clock,
        logger: context.logger,
        limiter: limiterFor(session),
        accessToken: token,
        session,
        concurrency,
        ...(signal ? { signal } : {}),
        ...(accountsOptions.onProgress ? { onProgress: accountsOptions.onProgress } : {}),
      });
      const result: AccountsResult = { session, accounts, fetchedAt: context.clock.now() };
      await writeAccountsCache(context.env, result);
      for (const listener of accountsListeners) listener(result);
      return result;
    } catch (error) {
      throw explain(error, session, signal);
    }
  }

  function listShared(session: string, accountsOptions: AccountsOptions): Promise<AccountsResult> {
    // Every caller hears the progress; the listing stops only when all of them have given up.
    return listings.run(session, (signal, progress) => listNow(session, { signal, onProgress: progress }), {
      signal: accountsOptions.signal,
      onProgress: accountsOptions.onProgress,
      what: `listing the accounts of "${session}"`,
    });
  }

  async function accounts(session: string, accountsOptions: AccountsOptions = {}): Promise<AccountsResult> {
    if (!accountsOptions.refresh) {
      const cached = await readAccountsCache(context.env, context.logger, session);
      if (cached) {
        const age = context.clock.now() - cached.fetchedAt;
        if (age >= 0 && age < (accountsOptions.maxAgeMs ?? DEFAULT_ACCOUNTS_MAX_AGE_MS)) return cached;
        if (accountsOptions.staleWhileRefresh ?? true) {
          listShared(session, {}).catch((error: unknown) =>
            context.logger.warn(`background refresh of the accounts of "${session}" failed: ${toCoreError(error, { service: 'the AWS access portal', session }).message}`),
          );
          return cached;
        }
      }
    }
    return listShared(session, accountsOptions);
  }

  async function roleCredentials(ref: RoleRef, credentialOptions: { signal?: AbortSignal } = {}): Promise<RoleCredentials> {
    const key = `${ref.session}\u0000${ref.accountId}\u0000${ref.roleName}`;
    const entry = await readRoleCredentialsEntry(context.secrets, ref);
    const cached = usableRoleCredentials(entry, context.clock.now());
    if (cached) return cached;
    if (entry === 'damaged' && !damagedWarned.has(key)) {
      // Once per entry: every caller until a fetch replaces it would see the same damage.
      damagedWarned.add(key);
      context.logger.warn(`ignoring the damaged cached credentials for ${ref.accountId}/${ref.roleName} of "${ref.session}"; fetching new ones`, {
        session: ref.session,
      });
    }
    return credentialRequests.run(
      key,
      async (signal) => {
        const config = await sessionConfig(ref.session);
        const token = await tokens.token(config, signal);
        try {
          const portal = await createPortalClient(context.env, config.region, skew.observe);
          const credentials = await fetchRoleCredentials(
            { context, portal, limiter: limiterFor(ref.session), accessToken: token.accessToken, signal },
            ref,
          );
          if (credentials.expiration - context.clock.now() <= ROLE_CREDENTIALS_MARGIN_MS && skew.isSkewed()) throw skew.error();
          await writeCachedRoleCredentials(context.secrets, ref, credentials);
          damagedWarned.delete(key);
          return credentials;
        } catch (error) {
          throw explain(error, ref.session, signal);
        }
      },
      { signal: credentialOptions.signal, what: `fetching credentials for ${ref.accountId}/${ref.roleName}` },
    );
  }

  return {
    sessions,
    async sessionStates() {
      // Side by side: each file read is a few thread-pool round trips, and `eks-sso status`
      // is all reads.
      const [settings, configs] = await Promise.all([loadSettings(context.env), sessions()]);
      return Promise.all(configs.map((config) => stateOf(config, settings)));
    },
    login,
    logout,
    accessToken,
    accounts,
    roleCredentials,
    onAccountsUpdated(listener) {
      accountsListeners.add(listener);
      return () => accountsListeners.delete(listener);
    },
  };
}
