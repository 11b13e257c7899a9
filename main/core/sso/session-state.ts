// Session state as data, for the CLI, the tray and the dashboard. "Session ends" means the
// moment no refresh can carry the sign-in further. Identity Center does not announce it: the
// portal session lasts the organisation's configured duration (8 h unless changed), access
// tokens (~1 h) are refreshed until then, and then the refresh is refused. So the end is the
// earliest of what we know: the sign-in time plus the configured duration, an end the portal
// revealed (a refresh capped at it, or refused), and the token's own expiry when nothing can
// refresh it. For a sign-in made by another tool the start is the first time we saw it, and
// the result says it is an estimate.
import type { SessionConfig } from './session-config.js';
import type { SessionTimes } from './session-times.js';
import type { CachedToken } from './token-cache.js';

export type SessionStatus = 'signed-in' | 'expiring' | 'expired' | 'signed-out';

export interface SessionState {
  name: string;
  startUrl: string;
  region: string;
  status: SessionStatus;
  /** Epoch ms. */
  accessTokenExpiresAt: number | null;
  /** When no refresh can carry it further (epoch ms); null when signed out or nothing is known. */
  sessionEndsAt: number | null;
  /** True when sessionEndsAt rests on when we first saw another tool's sign-in, not on its real start. */
  sessionEndEstimated?: boolean;
  userName?: string;
  /** Why the last refresh failed, while the old token is still in use (no secret in it). */
  refreshError?: string;
}

/** Refresh happens when less than this is left (the AWS CLI's window). */
export const REFRESH_WINDOW_MS = 15 * 60 * 1000;
/** A session is "expiring" when it ends within this, unless the notification lead times say otherwise. */
export const EXPIRING_WINDOW_MS = 15 * 60 * 1000;

export interface SessionEndInputs {
  /** No refresh can carry this token further: refused for good, or already capped at the end. */
  refreshRefused: boolean;
  /** What we recorded about this token's sign-in (null: nothing, e.g. another tool's sign-in not yet seen). */
  times: SessionTimes | null;
  /** The organisation's portal session duration (settings.ssoSessionHours). */
  sessionHours: number;
  /** "Expiring" within this of the end (the largest notification lead time). */
  expiringWindowMs: number;
}

/** The expiring window for these notification lead times: the largest, or 15 minutes without any. */
export function expiringWindowMs(leadMinutes: readonly number[]): number {
  return leadMinutes.length > 0 ? Math.max(...leadMinutes) * 60_000 : EXPIRING_WINDOW_MS;
}

export function canRefresh(token: CachedToken, now: number): boolean {
  return Boolean(
    token.refreshToken && token.clientId && token.clientSecret && (token.registrationExpiresAt === undefined || token.registrationExpiresAt > now),
  );
}

export function computeSessionState(config: SessionConfig, token: CachedToken | null, now: number, inputs: SessionEndInputs): SessionState {
  const base = { name: config.name, startUrl: config.startUrl, region: config.region };
  if (!token) return { ...base, status: 'signed-out', accessTokenExpiresAt: null, sessionEndsAt: null };
  const refreshable = canRefresh(token, now) && !inputs.refreshRefused;
  const { times } = inputs;

  // Exact ends: revealed by the portal, or the token itself when nothing can renew it.
  const exact: number[] = [];
  if (times?.serverEndsAt !== undefined) exact.push(times.serverEndsAt);
  if (!refreshable) exact.push(token.expiresAt);
  const exactEnd = exact.length > 0 ? Math.min(...exact) : null;

  // The configured duration from the start. Identity Center never issues a token past the
  // session's end, so the session lasts at least as long as the current token.
  const start = times?.signedInAt ?? times?.firstSeenAt;
  const configuredEnd = start === undefined ? null : Math.max(start + inputs.sessionHours * 3_600_000, token.expiresAt);

  let sessionEndsAt: number | null = exactEnd;
  let estimated = false;
  if (configuredEnd !== null && (exactEnd === null || configuredEnd < exactEnd)) {
    sessionEndsAt = configuredEnd;
    estimated = times?.signedInAt === undefined;
  }

  let status: SessionStatus = 'signed-in';
  if ((sessionEndsAt !== null && sessionEndsAt <= now) || (!refreshable && token.expiresAt <= now)) status = 'expired';
  else if (sessionEndsAt !== null && sessionEndsAt - now <= inputs.expiringWindowMs) status = 'expiring';
  return { ...base, status, accessTokenExpiresAt: token.expiresAt, sessionEndsAt, sessionEndEstimated: estimated };
}
