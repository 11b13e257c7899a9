// One loopback HTTP server per AWS service. It reads the request, lets the service route and
// answer it, renders ServiceErrors in the service's protocol, applies faults through `gate`,
// stamps the sandbox clock in the Date header (the SDKs correct clock skew from it) and logs
// one line per request. Anything unexpected becomes the service's 5xx, never a hang.
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { SandboxClock } from '../runtime/clock.js';
import type { Faults } from '../runtime/faults.js';
import type { RequestLog } from '../runtime/request-log.js';
import { ServiceError } from '../runtime/service-error.js';
import { requestId as newRequestId } from '../identity/secrets.js';

const MAX_BODY_BYTES = 1024 * 1024;

export interface IncomingCall {
  method: string;
  /** Path as sent, still percent-encoded. */
  rawPath: string;
  /** Query string as sent, without "?". */
  rawQuery: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** host:port the client addressed. */
  host: string;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface CallContext {
  readonly requestId: string;
  /** Who is calling, for the request log; handlers fill these in once known. */
  operation: string;
  user?: string;
  account?: string;
  region?: string;
  /** Names the operation and applies its faults: latency, then throttling, then 5xx. */
  /** Applies the faults set for `operation` (and, when the request names one, its account). */
  gate(operation: string, bucketKey?: string, account?: string): Promise<void>;
}

export interface ServiceDefinition {
  /** Name used in the request log: sso-oidc, sso, sts, iam, eks. */
  name: string;
  handle(call: IncomingCall, context: CallContext): Promise<Reply>;
  renderError(error: ServiceError, requestId: string): Reply;
  throttlingError(): ServiceError;
  serverError(): ServiceError;
}

export interface ServiceServerDeps {
  clock: SandboxClock;
  faults: Faults;
  log: RequestLog;
  port?: number;
  /** Sees errors that were not ServiceErrors (sandbox bugs), before they become a 5xx. */
  onUnexpectedError?: (error: unknown) => void;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const EMPTY = Buffer.alloc(0);

function readBody(request: IncomingMessage): Promise<Buffer | null> {
  // Most calls (the portal's GETs) have no body: skip the stream machinery for them.
  if (request.headers['content-length'] === undefined && request.headers['transfer-encoding'] === undefined) {
    request.resume();
    return Promise.resolve(EMPTY);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(null);
        request.resume();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The Date header changes once a second; format it once a second. */
function httpDate(clock: SandboxClock): string {
  const second = Math.floor(clock.now() / 1000);
  if (second !== cachedDate.second) {
    cachedDate.second = second;
    cachedDate.text = new Date(second * 1000).toUTCString();
  }
  return cachedDate.text;
}
const cachedDate = { second: -1, text: '' };

export async function listenOnLoopback(server: Server, port = 0): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('server has no TCP address');
  return address.port;
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export async function startServiceServer(definition: ServiceDefinition, deps: ServiceServerDeps): Promise<RunningServer> {
  const { clock, faults, log } = deps;

  async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const started = performance.now();
    const requestId = newRequestId();
    const context: CallContext = {
      requestId,
      operation: 'Unknown',
      async gate(operation, bucketKey, account) {
        context.operation = operation;
        const latency = faults.latency(operation, account);
        if (latency > 0) await sleep(latency);
        const outcome = faults.gate(operation, bucketKey, account);
        if (outcome === 'throttled') throw definition.throttlingError();
        if (outcome === 'server-error') throw definition.serverError();
      },
    };
    let reply: Reply;
    let errorName: string | undefined;
    try {
      const body = await readBody(request);
      if (body === null) throw new ServiceError(413, 'RequestEntityTooLarge', 'Request body is too large');
      const target = request.url ?? '/';
      const question = target.indexOf('?');
      const call: IncomingCall = {
        method: request.method ?? 'GET',
        rawPath: question < 0 ? target : target.slice(0, question),
        rawQuery: question < 0 ? '' : target.slice(question + 1),
        headers: request.headers,
        body,
        host: request.headers.host ?? '',
      };
      reply = await definition.handle(call, context);
    } catch (error) {
      if (!(error instanceof ServiceError)) deps.onUnexpectedError?.(error);
      const serviceError = error instanceof ServiceError ? error : definition.serverError();
      errorName = serviceError.code;
      reply = definition.renderError(serviceError, requestId);
    }
    const headers: Record<string, string> = {
      date: httpDate(clock),
      'x-amzn-requestid': requestId,
      ...reply.headers,
    };
    const body = reply.body ?? '';
    headers['content-length'] = String(Buffer.byteLength(body));
    response.writeHead(reply.status, headers);
    response.end(body);
    log.record({
      time: new Date(clock.now()).toISOString(),
      service: definition.name,
      operation: context.operation,
      status: reply.status,
      ...(errorName ? { error: errorName } : {}),
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      ...(context.user ? { user: context.user } : {}),
      ...(context.account ? { account: context.account } : {}),
      ...(context.region ? { region: context.region } : {}),
    });
  }

  const server = createServer((request, response) => {
    answer(request, response).catch(() => {
      // The reply itself failed (client went away): nothing left to tell anyone.
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  const port = await listenOnLoopback(server, deps.port ?? 0);
  return { url: `http://127.0.0.1:${port}`, port, close: () => closeServer(server) };
}
