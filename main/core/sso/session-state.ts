// Session state as data, for the CLI, the tray and the dashboard. "Session ends" means the
// moment no refresh can carry the sign-in further. The portal does not announce it: it is
// known once refreshing is impossible (no refresh token, refused) or comes back capped at the
// session's end; until then it is null and the session renews itself.
import type { SessionConfig } from './session-config.js';
import type { CachedToken } from './token-cache.js';

export type SessionStatus = 'signed-in' | 'expiring' | 'expired' | 'signed-out';

export interface SessionState {
  name: string;
  startUrl: string;
  region: string;
  status: SessionStatus;
  /** Epoch ms. */
  accessTokenExpiresAt: number | null;
  /** When no refresh can carry it further (epoch ms); null while a refresh still can. */
  sessionEndsAt: number | null;
  userName?: string;
  /** Why the last refresh failed, while the old token is still in use (no secret in it). */
  refreshError?: string;
}

/** Refresh happens when less than this is left (the AWS CLI's window). */
export const REFRESH_WINDOW_MS = 15 * 60 * 1000;
/** A session is "expiring" when it ends within this. */
export const EXPIRING_WINDOW_MS = 15 * 60 * 1000;

export function canRefresh(token: CachedToken, now: number): boolean {
  return Boolean(
    token.refreshToken && token.clientId && token.clientSecret && (token.registrationExpiresAt === undefined || token.registrationExpiresAt > now),
  );
}

export function computeSessionState(
  config: SessionConfig,
  token: CachedToken | null,
  now: number,
  refreshRefused: boolean,
): SessionState {
  const base = { name: config.name, startUrl: config.startUrl, region: config.region };
  if (!token) return { ...base, status: 'signed-out', accessTokenExpiresAt: null, sessionEndsAt: null };
  const refreshable = canRefresh(token, now) && !refreshRefused;
  const sessionEndsAt = refreshable ? null : token.expiresAt;
  let status: SessionStatus = 'signed-in';
  if (sessionEndsAt !== null && sessionEndsAt <= now) status = 'expired';
  else if (sessionEndsAt !== null && sessionEndsAt - now <= EXPIRING_WINDOW_MS) status = 'expiring';
  return { ...base, status, accessTokenExpiresAt: token.expiresAt, sessionEndsAt };
}
