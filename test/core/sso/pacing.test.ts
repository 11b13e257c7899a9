// The rate limiter and the retry policy, on a fake clock (no waiting in tests).
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../../main/core/context.js';
import { createRateLimiter } from '../../../main/core/sso/rate-limiter.js';
import { backoffDelay, withRetry } from '../../../main/core/sso/retry.js';
import { isReusable } from '../../../main/core/sso/registration-cache.js';

function fakeClock(): Clock & { sleeps: number[] } {
  let now = 1_000_000;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    async sleep(ms, signal) {
      if (signal?.aborted) throw signal.reason;
      sleeps.push(ms);
      now += ms;
    },
  };
}

function awsError(name: string, status: number): Error {
  return Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
}

describe('rate limiter', () => {
  it('spaces requests 1/rate apart', async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter(clock, 20);
    const start = clock.now();
    const times: number[] = [];
    for (let index = 0; index < 5; index++) {
      await limiter.take();
      times.push(clock.now() - start);
    }
    expect(times).toEqual([0, 50, 100, 150, 200]);
  });

  it('slows down after a 429 and recovers after calm', () => {
    const limiter = createRateLimiter(fakeClock(), 20);
    limiter.throttled();
    expect(limiter.rate).toBe(14);
    for (let index = 0; index < 200; index++) limiter.succeeded();
    expect(limiter.rate).toBe(20);
  });

  it('is per instance: one session being throttled does not slow another', () => {
    const clock = fakeClock();
    const first = createRateLimiter(clock, 10);
    const second = createRateLimiter(clock, 10);
    first.throttled();
    expect(second.rate).toBe(10);
  });
});

describe('retry', () => {
  it('backs off exponentially with jitter within [ceiling/2, ceiling]', () => {
    expect(backoffDelay(1, 250, 20_000, () => 0)).toBe(125);
    expect(backoffDelay(1, 250, 20_000, () => 1)).toBe(250);
    expect(backoffDelay(4, 250, 20_000, () => 1)).toBe(2000);
    expect(backoffDelay(20, 250, 20_000, () => 1)).toBe(20_000);
  });

  it('retries 429s until they pass and tells the limiter', async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter(clock, 100);
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls++;
        if (calls < 4) throw awsError('TooManyRequestsException', 429);
        return 'ok';
      },
      { clock, limiter, random: () => 1 },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(4);
    expect(clock.sleeps.filter((ms) => ms >= 250)).toEqual([250, 500, 1000]);
    expect(limiter.rate).toBeLessThan(100);
  });

  it('does not retry what will not pass (401, 403)', async () => {
    const clock = fakeClock();
    let calls = 0;
    await expect(
      withRetry(async () => {
        calls++;
        throw awsError('UnauthorizedException', 401);
      }, { clock }),
    ).rejects.toMatchObject({ name: 'UnauthorizedException' });
    expect(calls).toBe(1);
  });

  it('gives up on 5xx after 4 attempts', async () => {
    const clock = fakeClock();
    let calls = 0;
    await expect(
      withRetry(async () => {
        calls++;
        throw awsError('InternalServerException', 500);
      }, { clock }),
    ).rejects.toMatchObject({ name: 'InternalServerException' });
    expect(calls).toBe(4);
  });

  it('stops at once when cancelled', async () => {
    const clock = fakeClock();
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(withRetry(async () => 'never', { clock, limiter: createRateLimiter(clock, 1), signal: controller.signal })).rejects.toThrow('stop');
  });
});

describe('client registration reuse (the CLI rule)', () => {
  const now = Date.UTC(2026, 0, 1);
  it('reuses a device registration with at least 15 minutes left, for the device flow only', () => {
    const device = { clientId: 'a', clientSecret: 'b', expiresAt: now + 16 * 60_000 };
    expect(isReusable(device, 'device', now)).toBe(true);
    expect(isReusable(device, 'pkce', now)).toBe(false);
    expect(isReusable({ ...device, expiresAt: now + 14 * 60_000 }, 'device', now)).toBe(false);
  });

  it('reuses a PKCE registration (grantTypes with authorization_code) only for PKCE', () => {
    const pkce = { clientId: 'a', clientSecret: 'b', expiresAt: now + 86_400_000, grantTypes: ['authorization_code', 'refresh_token'] };
    expect(isReusable(pkce, 'pkce', now)).toBe(true);
    expect(isReusable(pkce, 'device', now)).toBe(false);
  });
});
