// The bridge builds a state frame (megabytes for thousands of contexts) only for pages that
// are open, or once the state has settled so that the next page gets its first frame at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AppController } from '../../main/core/app/controller.js';
import { silentLogger, systemClock } from '../../main/core/context.js';
import { asciiJson, startWebBridge, type WebBridge } from '../../main/web/server.js';
import type { StateSnapshot } from '../../main/contract.js';
import { fromWire, type WireSnapshot } from '../../main/web/wire.js';
import { inMemoryOrg } from '../core/app/in-memory-ports.js';

describe('web bridge frames', () => {
  let folder: string;
  let controller: AppController;
  let bridge: WebBridge;
  const listeners = new Set<(state: StateSnapshot) => void>();
  let revision = 0;
  /** How many times a snapshot's contexts were read, which building a frame does once. */
  let reads = 0;
  /** How many times the last open page went away. */
  let idles = 0;

  const snapshot = (): StateSnapshot => {
    const state = { ...controller.snapshot(), now: 1_000_000 + revision };
    return Object.defineProperty(state, 'contexts', {
      enumerable: true,
      get: () => {
        reads += 1;
        return [];
      },
    });
  };
  const publish = () => {
    revision += 1;
    for (const listener of listeners) listener(snapshot());
  };

  /** Opens the event stream and returns the `now` of each frame as it arrives. */
  async function openStream(query = '', headers: Record<string, string> = {}): Promise<{ next(): Promise<number>; close(): void }> {
    const abort = new AbortController();
    const response = await fetch(`${bridge.origin}/api/events${query}`, { headers: { 'x-eks-sso-token': bridge.token, ...headers }, signal: abort.signal });
    const reader = response.body!.getReader();
    let text = '';
    const next = async (): Promise<number> => {
      while (!text.includes('\n\n')) {
        const { done, value } = await reader.read();
        if (done) throw new Error(`the event stream ended after: ${text.slice(0, 200)}`);
        text += new TextDecoder().decode(value);
      }
      const end = text.indexOf('\n\n');
      const frame = text.slice(0, end);
      text = text.slice(end + 2);
      // Skip keep-alive comments.
      const lines = frame.split('\n');
      if (!lines.includes('event: state')) return next();
      return (JSON.parse(lines.find((line) => line.startsWith('data: '))!.slice(6)) as StateSnapshot).now;
    };
    return { next, close: () => abort.abort() };
  }

  beforeAll(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'eks-sso-frames-'));
    await writeFile(path.join(folder, 'index.html'), '<!doctype html><title>dashboard</title>');
    controller = new AppController({ ports: inMemoryOrg(() => Date.now()).ports, clock: systemClock, logger: silentLogger, openBrowser: null });
    await controller.start({ discover: false });
    bridge = await startWebBridge({
      host: {
        handlers: controller.handlers,
        snapshot,
        subscribe(listener) {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
      },
      rendererDir: folder,
      logger: silentLogger,
      onIdle: () => (idles += 1),
    });
  });

  afterAll(async () => {
    await bridge?.close();
    await controller?.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('builds no frame for changes nobody sees, one once they settle, and sends that one to the next page', async () => {
    for (let index = 0; index < 20; index++) publish();
    expect(reads).toBe(0);
    await expect.poll(() => reads, { timeout: 5_000 }).toBeGreaterThan(0);
    const prepared = reads;
    const stream = await openStream();
    try {
      expect(await stream.next()).toBe(1_000_000 + revision);
      expect(reads).toBe(prepared);
      // With a page open, every snapshot goes out.
      publish();
      expect(await stream.next()).toBe(1_000_000 + revision);
      expect(reads).toBe(prepared + 1);
      expect(idles).toBe(0);
    } finally {
      stream.close();
    }
    // The last page went away.
    await expect.poll(() => idles, { timeout: 5_000 }).toBe(1);
  });

  it('sends JSON as pure ASCII that parses to the same value', () => {
    const value = { detail: 'GET /livez → 200 · ok', names: ['é', '😀', 'x\u2028y', 'tab\there', '\u007f'] };
    const json = asciiJson(JSON.stringify(value));
    expect(json).toMatch(/^[\x20-\x7e]*$/);
    expect(json).toContain('\\u2192');
    expect(JSON.parse(json)).toEqual(value);
  });

  it('serves the first snapshot as plain JSON, preloaded by the page, and the stream skips it when the page holds it', async () => {
    const page = await fetch(`${bridge.origin}/?token=${bridge.token}`);
    expect(page.headers.get('link')).toBe('</api/state>; rel=preload; as=fetch; crossorigin');
    const state = await fetch(`${bridge.origin}/api/state`, { headers: { 'x-eks-sso-token': bridge.token } });
    expect(state.headers.get('content-type')).toBe('application/json');
    const id = state.headers.get('x-state-id');
    expect(fromWire((await state.json()) as WireSnapshot)).toMatchObject({ now: 1_000_000 + revision, contexts: [] });
    expect((await fetch(`${bridge.origin}/api/state`)).status).toBe(401);

    // Holding the latest: the first frame is the next change, not the same snapshot again.
    const holding = await openStream(`?after=${id}`);
    // A reconnection that says (Last-Event-ID) it holds an older one gets the latest at once.
    const behind = await openStream('', { 'last-event-id': String(Number(id) - 1) });
    try {
      expect(await behind.next()).toBe(1_000_000 + revision);
      publish();
      expect(await holding.next()).toBe(1_000_000 + revision);
      expect(await behind.next()).toBe(1_000_000 + revision);
    } finally {
      holding.close();
      behind.close();
    }
  });
});
