// The web bridge's guard and protocol: token, Host and Origin checks, no CORS, the CSP header,
// schema validation of calls, and snapshots over Server-Sent Events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { AppController } from '../../main/core/app/controller.js';
import { silentLogger, systemClock } from '../../main/core/context.js';
import { startWebBridge, type WebBridge } from '../../main/web/server.js';
import { stateSnapshotSchema } from '../../main/contract.js';
import { fromWire, type WireSnapshot } from '../../main/web/wire.js';
import { inMemoryOrg } from '../core/app/in-memory-ports.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request, so Host and Origin are exactly what the test says (fetch would fix them up). */
function send(bridge: WebBridge, options: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: bridge.port, method: options.method ?? 'GET', path: options.path, headers: { host: `127.0.0.1:${bridge.port}`, ...options.headers } },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => {
          body += chunk;
          // An event stream never ends: the first frame is enough.
          if (response.headers['content-type']?.startsWith('text/event-stream') && body.includes('\n\n')) {
            response.destroy();
            resolve({ status: response.statusCode ?? 0, headers: response.headers, body });
          }
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
      },
    );
    req.on('error', reject);
    if (options.body) req.write(options.body);
    req.end();
  });
}

describe('web bridge', () => {
  let folder: string;
  let controller: AppController;
  let bridge: WebBridge;

  beforeAll(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'eks-sso-bridge-'));
    await mkdir(path.join(folder, 'assets'));
    await writeFile(path.join(folder, 'index.html'), '<!doctype html><title>dashboard</title>');
    await writeFile(path.join(folder, 'assets', 'app.js'), 'console.log(1)');
    await writeFile(path.join(os.tmpdir(), 'eks-sso-bridge-secret.txt'), 'outside');
    controller = new AppController({ ports: inMemoryOrg(() => Date.now()).ports, clock: systemClock, logger: silentLogger, openBrowser: null, snapshotDelayMs: 1 });
    await controller.start();
    bridge = await startWebBridge({ host: controller, rendererDir: folder, logger: silentLogger });
  });

  afterAll(async () => {
    await bridge?.close();
    await controller?.close();
    await rm(folder, { recursive: true, force: true });
  });

  const call = (name: string, body: unknown, headers: Record<string, string> = {}) =>
    send(bridge, {
      method: 'POST',
      path: `/api/call/${name}`,
      headers: { origin: bridge.origin, 'content-type': 'application/json', 'x-eks-sso-token': bridge.token, ...headers },
      body: JSON.stringify(body),
    });

  it('prints a loopback URL carrying a long random token', () => {
    expect(bridge.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
  });

  it('refuses the page, its assets, the event stream and calls without the token', async () => {
    for (const target of ['/', '/index.html', '/assets/app.js', '/api/events']) {
      expect((await send(bridge, { path: target })).status).toBe(401);
    }
    expect((await call('getSettings', {}, { 'x-eks-sso-token': 'wrong' })).status).toBe(401);
    const noToken = await send(bridge, { method: 'POST', path: '/api/call/getSettings', headers: { origin: bridge.origin, 'content-type': 'application/json' }, body: '{}' });
    expect(noToken.status).toBe(401);
  });

  it('serves the page with the token, sets a same-site HttpOnly cookie, and the cookie alone then works', async () => {
    const page = await send(bridge, { path: `/?token=${bridge.token}` });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>dashboard</title>');
    const cookie = String(page.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const pair = cookie.split(';')[0]!;
    expect((await send(bridge, { path: '/assets/app.js', headers: { cookie: pair } })).status).toBe(200);
  });

  it('sends the CSP and no CORS headers', async () => {
    const page = await send(bridge, { path: `/?token=${bridge.token}`, headers: { origin: bridge.origin } });
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const result = await call('getSettings', {});
    for (const answer of [page, result]) {
      expect(Object.keys(answer.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
    }
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign or missing Origin on calls', async () => {
    expect((await send(bridge, { path: `/?token=${bridge.token}`, headers: { host: `evil.example:${bridge.port}` } })).status).toBe(403);
    expect((await call('getSettings', {}, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await call('getSettings', {}, { origin: `http://127.0.0.1:${bridge.port + 1}` })).status).toBe(403);
    const noOrigin = await send(bridge, {
      method: 'POST',
      path: '/api/call/getSettings',
      headers: { 'content-type': 'application/json', 'x-eks-sso-token': bridge.token },
      body: '{}',
    });
    expect(noOrigin.status).toBe(403);
  });

  it('validates calls with the contract: bad input 400, unknown operation 404, wrong method 405', async () => {
    const bad = await call('signIn', { startUrl: 'javascript:alert(1)', region: 'eu-west-1' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const extra = await call('signOut', { session: 'acme', also: 'this' });
    expect(extra.status).toBe(400);
    expect((await call('deleteEverything', {})).status).toBe(404);
    expect((await send(bridge, { path: '/api/call/getSettings', headers: { origin: bridge.origin, 'x-eks-sso-token': bridge.token } })).status).toBe(405);
    const notJson = await send(bridge, {
      method: 'POST',
      path: '/api/call/getSettings',
      headers: { origin: bridge.origin, 'content-type': 'text/plain', 'x-eks-sso-token': bridge.token },
      body: '{}',
    });
    expect(notJson.status).toBe(415);
  });

  it('answers a valid call with the stripped output, and a failing one with the error and its hint', async () => {
    const ok = await call('getSettings', {});
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ ok: true, value: { regions: ['eu-west-1', 'us-east-1'] } });
    const failed = await call('useContext', { contextName: 'nowhere' });
    expect(JSON.parse(failed.body)).toMatchObject({ ok: false, error: { code: 'not-found', hint: expect.any(String) } });
  });

  it('streams the state as Server-Sent Events, validated by the contract', async () => {
    const events = await send(bridge, { path: '/api/events', headers: { 'x-eks-sso-token': bridge.token } });
    expect(events.status).toBe(200);
    expect(events.headers['content-type']).toMatch(/^text\/event-stream/);
    const data = events.body.split('\n').find((line) => line.startsWith('data: '));
    expect(data).toBeDefined();
    const snapshot = stateSnapshotSchema.parse(fromWire(JSON.parse(data!.slice('data: '.length)) as WireSnapshot));
    expect(snapshot.sessions).toEqual([]);
  });

  it('never serves files outside the dashboard folder', async () => {
    const escape = await send(bridge, { path: `/..%2feks-sso-bridge-secret.txt?token=${bridge.token}` });
    expect(escape.status).toBe(404);
    expect(escape.body).not.toContain('outside');
  });
});
