// What we know about when a portal session started and ends, kept beside (never inside) the
// AWS CLI's token file, whose format stays the CLI's. Identity Center announces no session
// end: we remember when our login signed in (or, for a sign-in made by another tool, when we
// first saw a valid token for it), the longest access-token lifetime the portal gave this
// sign-in, and any end the portal revealed (a refresh capped at the end, or refused).
//
// A record belongs to one sign-in: it carries a short fingerprint of that sign-in's refresh
// token (access token for legacy sign-ins without one), so a new sign-in by any tool starts
// afresh instead of inheriting the old times. The fingerprint is 64 bits of a SHA-256 of a
// long random token: it identifies, it does not reveal.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Environment, Logger } from '../context.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { productSessionFile } from './cache-paths.js';
import type { CachedToken } from './token-cache.js';

export interface SessionTimes {
  /** Fingerprint of the sign-in this record belongs to. */
  lineage: string;
  /** Epoch ms: when our login signed in. */
  signedInAt?: number;
  /** Epoch ms: the earliest time we saw a valid token of a sign-in made by another tool. */
  firstSeenAt?: number;
  /** Epoch ms: an end the portal revealed (a capped or refused refresh). */
  serverEndsAt?: number;
  /** The longest access-token lifetime issued to this sign-in, to recognise a capped one. */
  tokenLifetimeMs?: number;
}

/** The token file keeps whole seconds: an end taken from a token is kept the same way, so the two compare equal. */
const wholeSeconds = (ms: number): number => Math.floor(ms / 1000) * 1000;

/** A refresh whose token is this much shorter than the usual one was capped (rounding slack). */
const CAP_SLACK_MS = 60 * 1000;

export function sessionTimesFile(env: Environment, session: string): string {
  return productSessionFile(env, 'session-times', session);
}

export function tokenLineage(token: Pick<CachedToken, 'accessToken' | 'refreshToken'>): string {
  return createHash('sha256')
    .update(token.refreshToken ?? token.accessToken)
    .digest('hex')
    .slice(0, 16);
}

const epoch = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined);

/** The record for this token's sign-in, or null (none, another sign-in's, or damaged: a warning, never a crash). */
export async function readSessionTimes(env: Environment, logger: Logger, session: string, token: CachedToken): Promise<SessionTimes | null> {
  const file = sessionTimesFile(env, session);
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') logger.warn(`ignoring the damaged session times file ${file}`, { file });
    return null;
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    logger.warn(`ignoring the damaged session times file ${file}`, { file });
    return null;
  }
  const record = raw as Record<string, unknown>;
  if (record.lineage !== tokenLineage(token)) return null;
  const times: SessionTimes = { lineage: record.lineage };
  const signedInAt = epoch(record.signedInAt);
  const firstSeenAt = epoch(record.firstSeenAt);
  const serverEndsAt = epoch(record.serverEndsAt);
  const tokenLifetimeMs = epoch(record.tokenLifetimeMs);
  if (signedInAt !== undefined) times.signedInAt = signedInAt;
  if (firstSeenAt !== undefined) times.firstSeenAt = firstSeenAt;
  if (serverEndsAt !== undefined) times.serverEndsAt = serverEndsAt;
  if (tokenLifetimeMs !== undefined) times.tokenLifetimeMs = tokenLifetimeMs;
  return times;
}

export async function writeSessionTimes(env: Environment, session: string, times: SessionTimes): Promise<void> {
  await writeFileAtomic(sessionTimesFile(env, session), JSON.stringify(times));
}

/**
 * Whether a freshly issued access token was cut short by the portal session's end: Identity
 * Center never issues one past the end, so a token shorter than this sign-in's usual one (or
 * one that already needs refreshing) ends with the session.
 */
export function isCappedLifetime(lifetimeMs: number, usualLifetimeMs: number | undefined, refreshWindowMs: number): boolean {
  if (lifetimeMs <= refreshWindowMs) return true;
  return usualLifetimeMs !== undefined && lifetimeMs < usualLifetimeMs - CAP_SLACK_MS;
}

/** The record our login writes: the sign-in time, and the end if the first token was already capped. */
export function signInTimes(token: CachedToken, signedInAt: number, refreshWindowMs: number): SessionTimes {
  const lifetimeMs = token.expiresAt - signedInAt;
  return {
    lineage: tokenLineage(token),
    signedInAt,
    tokenLifetimeMs: lifetimeMs,
    ...(isCappedLifetime(lifetimeMs, undefined, refreshWindowMs) ? { serverEndsAt: wholeSeconds(token.expiresAt) } : {}),
  };
}

/**
 * The record after a successful refresh: moved to the new refresh token if the portal rotated
 * it, with the end revealed when the new token was capped.
 */
export function refreshedTimes(previous: SessionTimes | null, refreshed: CachedToken, lifetimeMs: number, now: number, refreshWindowMs: number): SessionTimes {
  const capped = isCappedLifetime(lifetimeMs, previous?.tokenLifetimeMs, refreshWindowMs);
  const base: SessionTimes = previous ? { ...previous } : { lineage: '', firstSeenAt: now };
  base.lineage = tokenLineage(refreshed);
  base.tokenLifetimeMs = Math.max(previous?.tokenLifetimeMs ?? 0, lifetimeMs);
  if (capped) base.serverEndsAt = Math.min(previous?.serverEndsAt ?? Infinity, wholeSeconds(refreshed.expiresAt));
  return base;
}
