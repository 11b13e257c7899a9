// The web bridge behind `eks-sso ui`: serves the built dashboard on 127.0.0.1 and carries the
// contract over HTTP (POST /api/call/<operation>) and Server-Sent Events (GET /api/events),
// with the same schema validation as the Electron IPC handlers. No CORS headers, ever.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ZodError } from 'zod';
import { isOperationName, type OperationHandlers, type StateSnapshot } from '../contract.js';
import { callOperation, checkedSnapshot } from '../core/app/dispatch.js';
import type { Logger } from '../core/context.js';
import { CONTENT_SECURITY_POLICY } from './csp.js';
import { checkRequest, cookieName, newToken } from './request-guard.js';
import { readStaticFile } from './static-files.js';
import { textPieces } from '../core/fs/chunked-text.js';
import { toWire } from './wire.js';

export interface BridgeHost {
  handlers: OperationHandlers;
  snapshot(): StateSnapshot;
  subscribe(listener: (state: StateSnapshot) => void): () => void;
}

export interface WebBridgeOptions {
  host: BridgeHost;
  rendererDir: string;
  logger: Logger;
  /** 0 (default) picks a free port. */
  port?: number;
  /** A fixed token for tests; a fresh random one per run otherwise. */
  token?: string;
  /** Called when the last open page goes away (what it cost can be given back). */
  onIdle?: () => void;
}

export interface WebBridge {
  /** The dashboard URL, token included: print it, open it, do not log it elsewhere. */
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;
const HEARTBEAT_MS = 15_000;
/** How long the state must stay unchanged, with no page open, before its frame is built ahead. */
const PREPARE_DELAY_MS = 1_000;

const COMMON_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/**
 * JSON with every non-ASCII character escaped (`→` as `\u2192`): the same value, but the page
 * decodes megabytes of pure ASCII on its fast path and parses them into one-byte strings.
 */
export function asciiJson(json: string): string {
  return json.replace(/[\u007f-\uffff]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function send(response: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8', extra: Record<string, string> = {}): void {
  response.writeHead(status, { ...COMMON_HEADERS, 'Content-Type': type, ...extra });
  response.end(body);
}

async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text.length === 0 ? {} : JSON.parse(text);
}

/** A frame as the pieces written one after another: the shared JSON is never copied per client. */
type Frame = readonly string[];

/**
 * Writes megabytes of text in pieces: one big write is one big malloc, which makes glibc keep
 * what the process frees later instead of giving it back (see core/fs/chunked-text.ts).
 * Returns false when the socket wants the caller to wait for 'drain'.
 */
function writeText(response: ServerResponse, text: string): boolean {
  let flushed = true;
  for (const piece of textPieces(text)) flushed = response.write(piece);
  return flushed;
}

/**
 * One event-stream subscriber. Each snapshot replaces the previous one, so a client that does
 * not keep up (a stalled tab, a reader that stopped reading) is sent only the latest when its
 * socket drains: memory per client stays at one snapshot, whatever the rate of change.
 */
class EventClient {
  private blocked = false;
  private pending: Frame | null = null;

  constructor(readonly response: ServerResponse) {}

  send(frame: Frame): void {
    if (this.blocked) {
      this.pending = frame;
      return;
    }
    let flushed = true;
    for (const piece of frame) flushed = writeText(this.response, piece);
    if (flushed) return;
    this.blocked = true;
    this.response.once('drain', () => {
      this.blocked = false;
      const next = this.pending;
      this.pending = null;
      if (next) this.send(next);
    });
  }

  keepAlive(): void {
    if (!this.blocked) this.response.write(': keep-alive\n\n');
  }
}

export async function startWebBridge(options: WebBridgeOptions): Promise<WebBridge> {
  const token = options.token ?? newToken();
  const clients = new Set<EventClient>();
  let port = 0;
  // The latest snapshot, its number, and its validated JSON once built: for 3,000 contexts that
  // is megabytes, built only for pages that are open (or about to be, see below).
  let latest: StateSnapshot | null = null;
  let latestId = 0;
  let latestJson: string | null = null;
  let prepareTimer: ReturnType<typeof setTimeout> | null = null;

  const jsonOf = (snapshot: StateSnapshot): string | null => {
    try {
      return asciiJson(JSON.stringify(toWire(checkedSnapshot(snapshot))));
    } catch (error) {
      // A snapshot that breaks the contract is never sent; say so without echoing its content.
      const issues = error instanceof ZodError ? error.issues.slice(0, 3).map((issue) => `${issue.path.join('.')}: ${issue.message}`) : [String(error)];
      options.logger.warn('state snapshot refused by the contract', { issues });
      return null;
    }
  };
  const currentJson = (): string | null => {
    latest ??= options.host.snapshot();
    latestJson ??= jsonOf(latest);
    return latestJson;
  };
  // The `id` lets a page that already holds this snapshot (from /api/state, or before the
  // stream reconnected) skip receiving it again.
  const currentFrame = (): Frame | null => {
    const json = currentJson();
    return json === null ? null : [`id: ${latestId}\nevent: state\ndata: `, json, '\n\n'];
  };
  const unsubscribe = options.host.subscribe((snapshot) => {
    latest = snapshot;
    latestId += 1;
    latestJson = null;
    if (clients.size > 0) {
      const frame = currentFrame();
      if (frame) for (const client of clients) client.send(frame);
      return;
    }
    // No page open: build the frame once things settle, so a page opened later gets it at once.
    if (prepareTimer) clearTimeout(prepareTimer);
    prepareTimer = setTimeout(() => {
      prepareTimer = null;
      currentJson();
    }, PREPARE_DELAY_MS);
    prepareTimer.unref();
  });

  const server: Server = createServer((request, response) => {
    void handle(request, response).catch((error) => {
      options.logger.warn('web bridge request failed', { error: error instanceof Error ? error.message : String(error) });
      if (!response.headersSent) send(response, 500, 'internal error');
      else response.end();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const isCall = url.pathname.startsWith('/api/call/');
    const verdict = checkRequest(request, url, { port, token, requireOrigin: isCall });
    if (!verdict.ok) {
      send(response, verdict.status, verdict.status === 401 ? 'This dashboard needs the link printed by `eks-sso ui`.' : 'forbidden');
      return;
    }
    if (isCall) {
      if (request.method !== 'POST') return send(response, 405, 'use POST', undefined, { Allow: 'POST' });
      if (!(request.headers['content-type'] ?? '').startsWith('application/json')) return send(response, 415, 'expected application/json');
      let input: unknown;
      try {
        input = await readJsonBody(request);
      } catch {
        return send(response, 400, JSON.stringify({ ok: false, error: { code: 'invalid-input', message: 'the request body is not JSON', retryable: false } }), 'application/json');
      }
      const name = url.pathname.slice('/api/call/'.length);
      if (!isOperationName(name)) return send(response, 404, 'unknown operation');
      const result = await callOperation(options.host.handlers, name, input);
      // Failures of the operation itself travel in the envelope; a malformed payload is a 400.
      const status = !result.ok && result.error.code === 'invalid-input' ? 400 : 200;
      return send(response, status, JSON.stringify(result), 'application/json');
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, 'method not allowed', undefined, { Allow: 'GET' });
    if (url.pathname === '/api/state') {
      // The first snapshot as a plain response: the page's Link header has the browser fetch it
      // while the scripts load, instead of after they start the event stream.
      const json = currentJson();
      if (json === null) return send(response, 503, 'the state is not available');
      response.writeHead(200, { ...COMMON_HEADERS, 'Content-Type': 'application/json', 'X-State-Id': String(latestId) });
      writeText(response, json);
      response.end();
      return;
    }
    if (url.pathname === '/api/events') {
      response.writeHead(200, { ...COMMON_HEADERS, 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive' });
      const client = new EventClient(response);
      clients.add(client);
      const held = url.searchParams.get('after') ?? request.headers['last-event-id'];
      const frame = held === String(latestId) ? null : currentFrame();
      if (frame) client.send(frame);
      request.on('close', () => {
        clients.delete(client);
        if (clients.size === 0) options.onIdle?.();
      });
      return;
    }
    const file = await readStaticFile(options.rendererDir, url.pathname);
    if (!file) return send(response, 404, 'not found');
    const extra: Record<string, string> = {};
    if (verdict.tokenFromQuery) {
      // The page's assets and event stream authenticate with this cookie: same-site only, no script access.
      extra['Set-Cookie'] = `${cookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict`;
    }
    if (file.type.startsWith('text/html')) extra.Link = '</api/state>; rel=preload; as=fetch; crossorigin';
    response.writeHead(200, { ...COMMON_HEADERS, 'Content-Type': file.type, ...extra });
    response.end(request.method === 'HEAD' ? undefined : file.body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const heartbeat = setInterval(() => {
    for (const client of clients) client.keepAlive();
  }, HEARTBEAT_MS);
  heartbeat.unref();

  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    async close() {
      clearInterval(heartbeat);
      if (prepareTimer) clearTimeout(prepareTimer);
      unsubscribe();
      for (const client of clients) client.response.end();
      clients.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
