// computeSessionState as a table: where the session end comes from (sign-in + configured
// hours, an end the portal revealed, the token itself) and the expiring / expired windows.
import { describe, expect, it } from 'vitest';
import { computeSessionState, expiringWindowMs, type SessionEndInputs } from '../../../main/core/sso/session-state.js';
import { isCappedLifetime, refreshedTimes, signInTimes, tokenLineage, type SessionTimes } from '../../../main/core/sso/session-times.js';
import type { CachedToken } from '../../../main/core/sso/token-cache.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = Date.UTC(2026, 10, 29, 9, 0, 0);
const config = { name: 'acme', startUrl: 'https://acme.awsapps.com/start', region: 'eu-west-1' };

function token(overrides: Partial<CachedToken> = {}): CachedToken {
  return {
    startUrl: config.startUrl,
    region: config.region,
    accessToken: 'access-token-value',
    expiresAt: T0 + HOUR,
    clientId: 'client',
    clientSecret: 'secret',
    registrationExpiresAt: T0 + 90 * 24 * HOUR,
    refreshToken: 'refresh-token-value',
    ...overrides,
  };
}

const lineage = tokenLineage(token());

function inputs(overrides: Partial<SessionEndInputs> = {}): SessionEndInputs {
  return { refreshRefused: false, times: null, sessionHours: 8, expiringWindowMs: 15 * MINUTE, ...overrides };
}

interface Row {
  name: string;
  now: number;
  token: CachedToken | null;
  inputs: SessionEndInputs;
  status: string;
  sessionEndsAt: number | null;
  estimated?: boolean;
}

const rows: Row[] = [
  {
    name: 'signed in now by our login: ends 8 h later',
    now: T0,
    token: token(),
    inputs: inputs({ times: { lineage, signedInAt: T0 } }),
    status: 'signed-in',
    sessionEndsAt: T0 + 8 * HOUR,
    estimated: false,
  },
  {
    name: 'a configured 12 h session',
    now: T0 + HOUR,
    token: token({ expiresAt: T0 + 2 * HOUR }),
    inputs: inputs({ times: { lineage, signedInAt: T0 }, sessionHours: 12 }),
    status: 'signed-in',
    sessionEndsAt: T0 + 12 * HOUR,
    estimated: false,
  },
  {
    name: 'a refresh capped by the portal reveals an earlier end',
    now: T0 + 5 * HOUR,
    token: token({ expiresAt: T0 + 5 * HOUR + 40 * MINUTE }),
    inputs: inputs({ times: { lineage, signedInAt: T0, serverEndsAt: T0 + 5 * HOUR + 40 * MINUTE } }),
    status: 'signed-in',
    sessionEndsAt: T0 + 5 * HOUR + 40 * MINUTE,
    estimated: false,
  },
  {
    name: 'a capped refresh within the window: expiring at that end',
    now: T0 + 7 * HOUR + 50 * MINUTE,
    token: token({ expiresAt: T0 + 8 * HOUR }),
    inputs: inputs({ times: { lineage, signedInAt: T0, serverEndsAt: T0 + 8 * HOUR }, refreshRefused: true }),
    status: 'expiring',
    sessionEndsAt: T0 + 8 * HOUR,
    estimated: false,
  },
  {
    name: 'a refused refresh: the current token is the end',
    now: T0 + 2 * HOUR,
    token: token({ expiresAt: T0 + 2 * HOUR + 10 * MINUTE }),
    inputs: inputs({ times: { lineage, signedInAt: T0 }, refreshRefused: true }),
    status: 'expiring',
    sessionEndsAt: T0 + 2 * HOUR + 10 * MINUTE,
    estimated: false,
  },
  {
    name: 'no refresh token: the token is the end',
    now: T0,
    token: token({ refreshToken: undefined, expiresAt: T0 + 8 * HOUR }),
    inputs: inputs(),
    status: 'signed-in',
    sessionEndsAt: T0 + 8 * HOUR,
    estimated: false,
  },
  {
    name: 'client registration expired: the token is the end',
    now: T0,
    token: token({ registrationExpiresAt: T0 - MINUTE, expiresAt: T0 + 10 * MINUTE }),
    inputs: inputs({ times: { lineage, signedInAt: T0 - HOUR } }),
    status: 'expiring',
    sessionEndsAt: T0 + 10 * MINUTE,
    estimated: false,
  },
  {
    name: 'signed in by another tool: estimated from when we first saw it',
    now: T0 + 3 * HOUR,
    token: token({ expiresAt: T0 + 3 * HOUR + 30 * MINUTE }),
    inputs: inputs({ times: { lineage, firstSeenAt: T0 + HOUR } }),
    status: 'signed-in',
    sessionEndsAt: T0 + 9 * HOUR,
    estimated: true,
  },
  {
    name: 'another tool’s sign-in whose end the portal revealed: exact, not estimated',
    now: T0 + 3 * HOUR,
    token: token({ expiresAt: T0 + 3 * HOUR + 20 * MINUTE }),
    inputs: inputs({ times: { lineage, firstSeenAt: T0 + HOUR, serverEndsAt: T0 + 3 * HOUR + 20 * MINUTE } }),
    status: 'signed-in',
    sessionEndsAt: T0 + 3 * HOUR + 20 * MINUTE,
    estimated: false,
  },
  {
    name: 'the session lasts at least as long as its current token (configured hours too short)',
    now: T0 + 30 * MINUTE,
    token: token({ expiresAt: T0 + 90 * MINUTE }),
    inputs: inputs({ times: { lineage, signedInAt: T0 }, sessionHours: 1 }),
    status: 'signed-in',
    sessionEndsAt: T0 + 90 * MINUTE,
    estimated: false,
  },
  {
    name: 'exactly at the expiring window',
    now: T0 + 8 * HOUR - 15 * MINUTE,
    token: token({ expiresAt: T0 + 8 * HOUR - 5 * MINUTE }),
    inputs: inputs({ times: { lineage, signedInAt: T0 } }),
    status: 'expiring',
    sessionEndsAt: T0 + 8 * HOUR,
    estimated: false,
  },
  {
    name: 'one millisecond before the window',
    now: T0 + 8 * HOUR - 15 * MINUTE - 1,
    token: token({ expiresAt: T0 + 8 * HOUR - 5 * MINUTE }),
    inputs: inputs({ times: { lineage, signedInAt: T0 } }),
    status: 'signed-in',
    sessionEndsAt: T0 + 8 * HOUR,
    estimated: false,
  },
  {
    name: 'a wider window from a 30-minute notification lead',
    now: T0 + 7 * HOUR + 31 * MINUTE,
    token: token({ expiresAt: T0 + 8 * HOUR }),
    inputs: inputs({ times: { lineage, signedInAt: T0 }, expiringWindowMs: expiringWindowMs([30, 5]) }),
    status: 'expiring',
    sessionEndsAt: T0 + 8 * HOUR,
    estimated: false,
  },
  {
    name: 'past the end: expired even though a refresh token is on file',
    now: T0 + 8 * HOUR,
    token: token({ expiresAt: T0 + 7 * HOUR + 30 * MINUTE }),
    inputs: inputs({ times: { lineage, signedInAt: T0 } }),
    status: 'expired',
    sessionEndsAt: T0 + 8 * HOUR,
    estimated: false,
  },
  {
    name: 'token expired and refresh refused: expired',
    now: T0 + 2 * HOUR,
    token: token({ expiresAt: T0 + HOUR }),
    inputs: inputs({ times: { lineage, signedInAt: T0 }, refreshRefused: true }),
    status: 'expired',
    sessionEndsAt: T0 + HOUR,
    estimated: false,
  },
  {
    name: 'token expired but refreshable, nothing known: still signed in (it renews)',
    now: T0 + 2 * HOUR,
    token: token({ expiresAt: T0 + HOUR }),
    inputs: inputs(),
    status: 'signed-in',
    sessionEndsAt: null,
    estimated: false,
  },
  { name: 'no token: signed out', now: T0, token: null, inputs: inputs(), status: 'signed-out', sessionEndsAt: null },
];

describe('computeSessionState', () => {
  it.each(rows)('$name', (row) => {
    const state = computeSessionState(config, row.token, row.now, row.inputs);
    expect(state.status).toBe(row.status);
    expect(state.sessionEndsAt).toBe(row.sessionEndsAt);
    expect(state.sessionEndEstimated).toBe(row.estimated);
    expect(state.accessTokenExpiresAt).toBe(row.token?.expiresAt ?? null);
  });

  it('takes the expiring window from the largest notification lead, 15 minutes without any', () => {
    expect(expiringWindowMs([15, 5])).toBe(15 * MINUTE);
    expect(expiringWindowMs([5, 60, 10])).toBe(60 * MINUTE);
    expect(expiringWindowMs([])).toBe(15 * MINUTE);
  });
});

describe('session times', () => {
  it('records our sign-in with its token lifetime, and a first token already capped as the end', () => {
    expect(signInTimes(token(), T0, 15 * MINUTE)).toEqual({ lineage, signedInAt: T0, tokenLifetimeMs: HOUR });
    expect(signInTimes(token({ expiresAt: T0 + 10 * MINUTE }), T0, 15 * MINUTE)).toEqual({
      lineage,
      signedInAt: T0,
      tokenLifetimeMs: 10 * MINUTE,
      serverEndsAt: T0 + 10 * MINUTE,
    });
  });

  it('recognises a capped token by a lifetime shorter than the usual one or inside the refresh window', () => {
    expect(isCappedLifetime(HOUR, HOUR, 15 * MINUTE)).toBe(false);
    expect(isCappedLifetime(HOUR - 30_000, HOUR, 15 * MINUTE)).toBe(false);
    expect(isCappedLifetime(40 * MINUTE, HOUR, 15 * MINUTE)).toBe(true);
    expect(isCappedLifetime(40 * MINUTE, undefined, 15 * MINUTE)).toBe(false);
    expect(isCappedLifetime(10 * MINUTE, undefined, 15 * MINUTE)).toBe(true);
  });

  it('after a refresh: keeps the sign-in time, follows a rotated refresh token, notes a capped end', () => {
    const previous: SessionTimes = { lineage, signedInAt: T0, tokenLifetimeMs: HOUR };
    const normal = refreshedTimes(previous, token({ expiresAt: T0 + 2 * HOUR }), HOUR, T0 + HOUR, 15 * MINUTE);
    expect(normal).toEqual({ lineage, signedInAt: T0, tokenLifetimeMs: HOUR });
    const rotated = token({ refreshToken: 'rotated-refresh-token', expiresAt: T0 + 8 * HOUR });
    const capped = refreshedTimes(previous, rotated, 25 * MINUTE, T0 + 7 * HOUR + 35 * MINUTE, 15 * MINUTE);
    expect(capped).toEqual({ lineage: tokenLineage(rotated), signedInAt: T0, tokenLifetimeMs: HOUR, serverEndsAt: T0 + 8 * HOUR });
    expect(capped.lineage).not.toBe(lineage);
    // A refresh of a sign-in we knew nothing about starts the estimate now.
    expect(refreshedTimes(null, token(), HOUR, T0 - MINUTE, 15 * MINUTE)).toEqual({ lineage, firstSeenAt: T0 - MINUTE, tokenLifetimeMs: HOUR });
  });
});
