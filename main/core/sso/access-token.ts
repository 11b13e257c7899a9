// Hands out a valid access token for a session, refreshing it with the refresh token when
// less than 15 minutes remain. Callers in one process share one refresh (shared-work.ts: one
// pending promise per session, cancelled only when all its callers are); processes (app, CLI,
// exec helper) take the token file's lock and re-read the file, so a refresh another process
// just made is used rather than repeated.
// A failed refresh keeps the old token until it really expires, and says why.
import type { CoreContext } from '../context.js';
import { CoreError } from '../errors.js';
import { withLock } from '../fs/lock-file.js';
import { errorName, toCoreError } from './aws-errors.js';
import { createOidcClient, type ServerDateObserver } from './clients.js';
import type { SessionConfig } from './session-config.js';
import { SharedWork } from './shared-work.js';
import { canRefresh, REFRESH_WINDOW_MS } from './session-state.js';
import { readSessionTimes, refreshedTimes, tokenLineage, writeSessionTimes, type SessionTimes } from './session-times.js';
import { findSessionToken, writeTokenFile, type CachedToken, type TokenFileRead } from './token-cache.js';

/** A refresh that failed for a reason that passes is retried no more than once a minute. */
const RETRY_AFTER_FAILURE_MS = 60 * 1000;
/** OIDC errors after which this refresh token will never work again. */
const PERMANENT_REFRESH_ERRORS = new Set(['InvalidGrantException', 'ExpiredTokenException', 'InvalidClientException', 'UnauthorizedClientException', 'AccessDeniedException']);

export interface RefreshFailure {
  at: number;
  reason: string;
  permanent: boolean;
  /** Which refresh token failed, so a new sign-in clears the failure. */
  refreshToken: string;
}

export class AccessTokens {
  private readonly refreshes = new SharedWork<CachedToken>();
  private readonly failures = new Map<string, RefreshFailure>();
  /** Sessions whose refresh came back short: the portal session ends with that token. */
  private readonly atSessionEnd = new Map<string, string>();

  constructor(
    private readonly context: CoreContext,
    private readonly observeServerDate: ServerDateObserver,
  ) {}

  /** True when no refresh can carry this token further: refused for good, or already at the session's end. */
  refreshRefused(session: string, token: CachedToken): boolean {
    const failure = this.failures.get(session);
    if (failure?.permanent && failure.refreshToken === token.refreshToken) return true;
    return this.atSessionEnd.get(session) === token.refreshToken;
  }

  lastFailure(session: string): RefreshFailure | undefined {
    return this.failures.get(session);
  }

  forget(session: string): void {
    this.failures.delete(session);
    this.atSessionEnd.delete(session);
  }

  /**
   * What we know of this token's sign-in. A valid token of a sign-in we hold no record of
   * (another tool signed in) is noted on first sight, the start of the estimate. That is
   * written under the token file's lock, as a refresh writes both files, so a stale sighting
   * never overwrites the record of a token rotated meanwhile.
   */
  async sessionTimes(config: SessionConfig, file: string, token: CachedToken): Promise<SessionTimes | null> {
    const { env, logger, clock } = this.context;
    const times = await readSessionTimes(env, logger, config.name, token);
    const now = clock.now();
    if (times || token.expiresAt <= now) return times;
    const seen: SessionTimes = { lineage: tokenLineage(token), firstSeenAt: now };
    try {
      return await withLock(
        file,
        async () => {
          const again = await findSessionToken(env, logger, config);
          if (again.kind !== 'ok' || tokenLineage(again.token) !== seen.lineage) return seen;
          const recorded = await readSessionTimes(env, logger, config.name, again.token);
          if (recorded) return recorded;
          await writeSessionTimes(env, config.name, seen);
          return seen;
        },
        { clock },
      );
    } catch (error) {
      logger.warn(`could not record when the SSO session "${config.name}" was first seen: ${(error as Error).message}`, { session: config.name });
      return seen;
    }
  }

  async read(config: SessionConfig): Promise<TokenFileRead> {
    return findSessionToken(this.context.env, this.context.logger, config);
  }

  async token(config: SessionConfig, signal?: AbortSignal): Promise<CachedToken> {
    const read = await this.read(config);
    if (read.kind !== 'ok') throw signedOut(config, read);
    const token = read.token;
    const now = this.context.clock.now();
    if (token.expiresAt - now > REFRESH_WINDOW_MS) return token;
    if (!canRefresh(token, now) || this.refreshRefused(config.name, token)) return usableOrExpired(config, token, now, this.failures.get(config.name));
    const failure = this.failures.get(config.name);
    if (failure && now - failure.at < RETRY_AFTER_FAILURE_MS && token.expiresAt > now) return token;

    // Shared, and not under this caller's signal: one caller giving up must not fail the rest.
    return this.refreshes.run(config.name, (shared) => this.refresh(config, read.file, shared), { signal, what: `refreshing the SSO session "${config.name}"` });
  }

  private async refresh(config: SessionConfig, file: string, signal?: AbortSignal): Promise<CachedToken> {
    return withLock(
      file,
      async () => {
        // Another process may have refreshed while we waited for the lock.
        const fresh = await findSessionToken(this.context.env, this.context.logger, config);
        if (fresh.kind !== 'ok') throw signedOut(config, fresh);
        const token = fresh.token;
        const now = this.context.clock.now();
        if (token.expiresAt - now > REFRESH_WINDOW_MS) return token;
        if (!canRefresh(token, now)) return usableOrExpired(config, token, now, undefined);
        try {
          const oidc = await createOidcClient(this.context.env, config.region, this.observeServerDate);
          const response = await oidc.client.send(
            new oidc.sdk.CreateTokenCommand({
              clientId: token.clientId!,
              clientSecret: token.clientSecret!,
              grantType: 'refresh_token',
              refreshToken: token.refreshToken!,
            }),
            { abortSignal: signal },
          );
          if (!response.accessToken || !response.expiresIn) throw new Error('CreateToken returned no access token');
          const lifetimeMs = response.expiresIn * 1000;
          const refreshed: CachedToken = {
            ...token,
            accessToken: response.accessToken,
            expiresAt: this.context.clock.now() + response.expiresIn * 1000,
            // Identity Center may or may not rotate refresh tokens: keep the old one if not.
            refreshToken: response.refreshToken ?? token.refreshToken!,
          };
          await writeTokenFile(fresh.file, refreshed, fresh.extra);
          this.failures.delete(config.name);
          await this.recordTimes(config.name, async () => {
            const previous = await readSessionTimes(this.context.env, this.context.logger, config.name, token);
            return refreshedTimes(previous, refreshed, lifetimeMs, now, REFRESH_WINDOW_MS);
          });
          // A fresh token that already needs refreshing means the portal capped it at the
          // session's end: further refreshes cannot extend it, so stop asking.
          if (response.expiresIn * 1000 <= REFRESH_WINDOW_MS) this.atSessionEnd.set(config.name, refreshed.refreshToken!);
          this.context.logger.info('refreshed the SSO access token', { session: config.name });
          return refreshed;
        } catch (error) {
          if (signal?.aborted) throw toCoreError(error, { service: 'the SSO sign-in service', session: config.name, signal });
          const name = errorName(error);
          const failure: RefreshFailure = {
            at: this.context.clock.now(),
            reason: toCoreError(error, { service: 'the SSO sign-in service', session: config.name }).message,
            permanent: PERMANENT_REFRESH_ERRORS.has(name),
            refreshToken: token.refreshToken!,
          };
          this.failures.set(config.name, failure);
          // Refused for good: the session ends with the token in hand. Kept for other processes.
          if (failure.permanent) await this.recordRefusal(config.name, token);
          this.context.logger.warn(`could not refresh the SSO session "${config.name}": ${failure.reason}`, { session: config.name, error: name });
          return usableOrExpired(config, token, this.context.clock.now(), failure);
        }
      },
      { clock: this.context.clock, ...(signal ? { signal } : {}) },
    );
  }

  private recordRefusal(session: string, token: CachedToken): Promise<void> {
    return this.recordTimes(session, async () => {
      const previous = await readSessionTimes(this.context.env, this.context.logger, session, token);
      const times = previous ?? { lineage: tokenLineage(token), firstSeenAt: this.context.clock.now() };
      return { ...times, serverEndsAt: Math.min(previous?.serverEndsAt ?? Infinity, token.expiresAt) };
    });
  }

  /** Session times are a hint for the UI: failing to write them never fails a refresh. */
  private async recordTimes(session: string, update: () => Promise<SessionTimes>): Promise<void> {
    try {
      await writeSessionTimes(this.context.env, session, await update());
    } catch (error) {
      // The in-memory notes still hold for this process; only other processes miss the news.
      this.context.logger.warn(`could not record the times of the SSO session "${session}": ${(error as Error).message}`, { session });
    }
  }
}

function usableOrExpired(config: SessionConfig, token: CachedToken, now: number, failure: RefreshFailure | undefined): CachedToken {
  if (token.expiresAt > now) return token;
  const why = failure ? ` (refresh failed: ${failure.reason})` : '';
  throw new CoreError('session-expired', `the SSO session "${config.name}" has expired${why}`, {
    hint: `Sign in again: eks-sso login --session ${config.name}`,
  });
}

function signedOut(config: SessionConfig, read: TokenFileRead): CoreError {
  if (read.kind === 'corrupt') {
    return new CoreError('signed-out', `not signed in to "${config.name}": the cache file ${read.file} ${read.reason}`, {
      hint: `Sign in again: eks-sso login --session ${config.name} (the damaged file was left in place)`,
    });
  }
  return new CoreError('signed-out', `not signed in to "${config.name}"`, { hint: `Sign in: eks-sso login --session ${config.name}` });
}
