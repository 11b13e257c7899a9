// Many checks at once: endpoints that hang must not wait behind each other, each check has its
// own deadline on the injected clock, and the concurrency limit holds. Deterministic: the
// clock is moved by hand and the hanging server counts the connections it accepted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import { checkContexts } from '../../../main/core/check/check-context.js';
import type { SsoAccess } from '../../../main/core/check/types.js';
import { silentLogger, type CoreContext } from '../../../main/core/context.js';
import { makeServingCertificates } from '../../../sandbox/kube/certificates.js';
import { FakeClock, settle } from './fake-clock.js';
import { contextSpec } from './specs.js';

let server: net.Server;
let port = 0;
let accepted = 0;
const sockets = new Set<net.Socket>();
let caData = '';

beforeAll(async () => {
  caData = Buffer.from((await makeServingCertificates('hang')).caPem).toString('base64');
  // Accepts every connection and never says a word: the TLS handshake never completes.
  server = net.createServer((socket) => {
    accepted++;
    sockets.add(socket);
    // Read and ignore, so the client's close is noticed.
    socket.resume();
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as net.AddressInfo).port;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => server.close(resolve));
});

const sso: SsoAccess = {
  sessionStates: async () => [{ name: 'demo', startUrl: 'https://d-1.awsapps.com/start', region: 'eu-west-1', status: 'signed-in', accessTokenExpiresAt: null, sessionEndsAt: null }],
  roleCredentials: async () => ({ accessKeyId: 'ASIAEXAMPLEEXAMPLE00', secretAccessKey: 'secret', sessionToken: 'token', expiration: Date.now() + 3_600_000 }),
  accounts: async () => ({ session: 'demo', accounts: [], fetchedAt: 0 }),
};

function harness() {
  const clock = new FakeClock();
  const context: CoreContext = { clock, env: {}, secrets: { get: async () => null, set: async () => {}, delete: async () => {}, list: async () => [] }, openBrowser: async () => {}, logger: silentLogger };
  const specs = Array.from({ length: 20 }, (_, index) => contextSpec(`hang-${index}`, { endpoint: `https://127.0.0.1:${port}`, certificateAuthorityData: caData }));
  return { clock, context, specs };
}

async function until(condition: () => boolean): Promise<void> {
  for (let round = 0; round < 500 && !condition(); round++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
}

describe('checkContexts with hanging endpoints', () => {
  it('has all 20 in flight at once, and one timeout ends them all', async () => {
    const { clock, context, specs } = harness();
    accepted = 0;
    const done: string[] = [];
    const batch = checkContexts(context, sso, specs, { timeoutMs: 5000, onResult: (result) => done.push(result.contextName) });
    await until(() => accepted === 20);
    expect(done).toEqual([]);
    await clock.advance(4999);
    expect(done).toEqual([]);
    await clock.advance(1);
    const results = await batch;
    expect(results.map((result) => result.status)).toEqual(Array(20).fill('unreachable'));
    expect(results[0]?.summary).toContain('never completed the TLS handshake');
    await until(() => sockets.size === 0);
  });

  it('respects the concurrency limit: 20 checks, 5 at a time, take four timeouts', async () => {
    const { clock, context, specs } = harness();
    accepted = 0;
    const batch = checkContexts(context, sso, specs, { timeoutMs: 5000, concurrency: 5 });
    for (let round = 1; round <= 4; round++) {
      await until(() => accepted === round * 5);
      await settle();
      expect(accepted).toBe(round * 5);
      await clock.advance(5000);
    }
    expect((await batch).every((result) => result.status === 'unreachable')).toBe(true);
  });

  it('cancelling the batch stops every check', async () => {
    const { context, specs } = harness();
    accepted = 0;
    const controller = new AbortController();
    const batch = checkContexts(context, sso, specs, { timeoutMs: 5000, signal: controller.signal });
    await until(() => accepted === 20);
    controller.abort(new Error('stop'));
    await expect(batch).rejects.toThrow('stop');
    await until(() => sockets.size === 0);
  });
});
