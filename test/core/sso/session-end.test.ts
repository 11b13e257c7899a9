// The session end against the real sandbox, which behaves like IAM Identity Center: access
// tokens are refreshed until the portal session ends, a refresh near the end returns a token
// capped at it, and after it the refresh is refused. The sandbox clock and the product's clock
// move together (admin.setClockOffset), so hours pass without sleeping.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { rm } from 'node:fs/promises';
import { startSandbox, validateScenario, type SandboxHandle } from '../../../sandbox/index.js';
import { systemClock, type Clock } from '../../../main/core/context.js';
import { defaultSettings, saveSettings } from '../../../main/core/settings.js';
import { createSso, sessionTimesFile, type Sso } from '../../../main/core/sso/index.js';
import { sandboxContext, SMALL_ORG, type TestContext } from './sandbox-context.js';
import { rejection } from '../../helpers/rejection.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const SESSION = 'acme';
const USER = 'alice@example.com';

let sandbox: SandboxHandle;
let current: TestContext;
let offset = 0;
/** The product's clock, moved with the sandbox's. */
const clock: Clock = { now: () => Date.now() + offset, sleep: systemClock.sleep };

function moveClocks(to: number): void {
  offset = to;
  sandbox.admin.setClockOffset(to);
}

beforeAll(async () => {
  sandbox = await startSandbox(validateScenario(SMALL_ORG));
});
afterAll(async () => {
  await sandbox?.close();
});
beforeEach(async () => {
  moveClocks(0);
  current = await sandboxContext(sandbox.env);
  current.context.clock = clock;
});
afterEach(async () => {
  moveClocks(0);
  await current.cleanup();
});

async function login(sso: Sso): Promise<{ before: number; after: number }> {
  const before = clock.now();
  await sso.login({
    session: SESSION,
    startUrl: sandbox.startUrl,
    region: sandbox.region,
    openBrowser: false,
    onPrompt: (prompt) => setTimeout(() => sandbox.admin.approveDevice(prompt.userCode!, USER), 20),
  });
  return { before, after: clock.now() };
}

async function state(sso: Sso) {
  const [only] = await sso.sessionStates();
  return only!;
}

describe('session end against the sandbox', () => {
  it('counts the configured duration from the sign-in, then turns expiring and expired as time passes', async () => {
    sandbox.admin.setTokenLifetimes({ accessTokenSeconds: 3600, sessionSeconds: 3 * 3600 });
    await saveSettings(current.env, { ...defaultSettings, ssoSessionHours: 3 });
    const sso = createSso(current.context);
    const { before, after } = await login(sso);

    const signedIn = await state(sso);
    expect(signedIn).toMatchObject({ status: 'signed-in', sessionEndEstimated: false });
    expect(signedIn.sessionEndsAt).toBeGreaterThanOrEqual(before + 3 * HOUR);
    expect(signedIn.sessionEndsAt).toBeLessThanOrEqual(after + 3 * HOUR);
    const end = signedIn.sessionEndsAt!;
    // A refreshed token's expiry has second precision and the portal counts from its own instant
    // of the sign-in, and the session lasts at least as long as its token: "the end has not
    // moved" means by no more than the sign-in took plus a second (not by the hours below).
    const sameEnd = (value: number | null) => value !== null && Math.abs(value - end) <= after - before + 1000;

    // Two hours later the token has been refreshed (a full hour again) and the end has not moved.
    moveClocks(2 * HOUR);
    await sso.accessToken(SESSION);
    const refreshed = await state(sso);
    expect(refreshed.status).toBe('signed-in');
    expect(sameEnd(refreshed.sessionEndsAt)).toBe(true);

    // Ten minutes before the end: expiring. The refresh now comes back capped at the portal's end.
    moveClocks(3 * HOUR - 10 * MINUTE);
    const ending = await state(sso);
    expect(ending.status).toBe('expiring');
    expect(sameEnd(ending.sessionEndsAt)).toBe(true);
    await sso.accessToken(SESSION);
    const capped = await state(sso);
    expect(capped.status).toBe('expiring');
    expect(capped.accessTokenExpiresAt).toBe(capped.sessionEndsAt);
    expect(Math.abs(capped.sessionEndsAt! - end)).toBeLessThanOrEqual(after - before + 1000);

    // Past the end: expired, and the portal refuses to go on.
    moveClocks(3 * HOUR + MINUTE);
    expect((await state(sso)).status).toBe('expired');
    expect((await rejection(sso.accessToken(SESSION))).code).toBe('session-expired');
    expect((await state(sso)).status).toBe('expired');
  });

  it('learns an end earlier than the configured duration from a refresh the portal cut short', async () => {
    // The organisation's session is 90 minutes while the setting says the default 8 hours.
    sandbox.admin.setTokenLifetimes({ accessTokenSeconds: 1800, sessionSeconds: 5400 });
    const sso = createSso(current.context);
    const { before, after } = await login(sso);
    expect((await state(sso)).sessionEndsAt).toBeGreaterThanOrEqual(before + 8 * HOUR);

    // A normal refresh (another 30 minutes) reveals nothing.
    moveClocks(20 * MINUTE);
    await sso.accessToken(SESSION);
    expect((await state(sso)).sessionEndsAt).toBeGreaterThanOrEqual(before + 8 * HOUR);

    // This one is cut to the portal's end (25 minutes instead of 30): that is the end.
    moveClocks(65 * MINUTE);
    await sso.accessToken(SESSION);
    const revealed = await state(sso);
    expect(revealed.status).toBe('signed-in');
    expect(revealed.sessionEndsAt).toBe(revealed.accessTokenExpiresAt);
    expect(revealed.sessionEndsAt).toBeGreaterThanOrEqual(before + 90 * MINUTE - 1000);
    expect(revealed.sessionEndsAt).toBeLessThanOrEqual(after + 90 * MINUTE + 1000);

    // Another process (a fresh instance) knows it too, from the product's session metadata.
    const other = createSso(current.context);
    moveClocks(80 * MINUTE);
    expect(await state(other)).toMatchObject({ status: 'expiring', sessionEndsAt: revealed.sessionEndsAt });
    moveClocks(91 * MINUTE);
    expect((await state(other)).status).toBe('expired');
  });

  it('takes the current token as the end once the portal refuses a refresh, and another process sees it', async () => {
    sandbox.admin.setTokenLifetimes({ accessTokenSeconds: 3600, sessionSeconds: 8 * 3600 });
    const sso = createSso(current.context);
    await login(sso);
    sandbox.admin.expireSession(USER);
    moveClocks(50 * MINUTE);
    await sso.accessToken(SESSION);
    const refused = await state(sso);
    expect(refused.status).toBe('expiring');
    expect(refused.sessionEndsAt).toBe(refused.accessTokenExpiresAt);
    expect(refused.refreshError).toMatch(/\S/);
    expect(await state(createSso(current.context))).toMatchObject({ status: 'expiring', sessionEndsAt: refused.sessionEndsAt });
  });

  it('estimates the end of a sign-in made by another tool from when it was first seen', async () => {
    sandbox.admin.setTokenLifetimes({ accessTokenSeconds: 3600, sessionSeconds: 8 * 3600 });
    const sso = createSso(current.context);
    await login(sso);
    // What an `aws sso login` leaves: the token file, and none of our metadata.
    await rm(sessionTimesFile(current.env, SESSION));

    const seenAt = clock.now();
    const first = await state(createSso(current.context));
    expect(first).toMatchObject({ status: 'signed-in', sessionEndEstimated: true });
    expect(first.sessionEndsAt).toBeGreaterThanOrEqual(seenAt + 8 * HOUR);
    expect(first.sessionEndsAt).toBeLessThanOrEqual(clock.now() + 8 * HOUR);

    // Seen again an hour later (after a refresh): the estimate stays anchored at the first sighting.
    moveClocks(HOUR);
    await sso.accessToken(SESSION);
    expect(await state(createSso(current.context))).toMatchObject({ sessionEndsAt: first.sessionEndsAt, sessionEndEstimated: true });
    moveClocks(8 * HOUR - 10 * MINUTE);
    expect((await state(createSso(current.context))).status).toBe('expiring');
  });
});
