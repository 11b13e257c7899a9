// The admin API over HTTP (JSON), the same operations as SandboxAdmin, for the CLI-started
// sandbox and for anything outside the test process. Writes need Content-Type
// application/json, which a web page cannot send cross-origin without a preflight.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { closeServer, listenOnLoopback } from '../http/service-server.js';
import type { RunningServer } from '../http/service-server.js';
import type { EndpointBehavior } from '../kube/contract.js';
import type { FaultSettings } from '../runtime/faults.js';
import { AdminError } from './sandbox-admin.js';
import type { SandboxAdmin } from './sandbox-admin.js';

export interface AdminSummary {
  startUrl: string;
  region: string;
  env: Record<string, string>;
}

type Json = Record<string, unknown>;

async function readJson(request: IncomingMessage): Promise<Json> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > 64 * 1024) throw new AdminError(413, 'body too large');
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return {};
  if (!(request.headers['content-type'] ?? '').includes('application/json')) throw new AdminError(415, 'send the body as application/json');
  try {
    const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new AdminError(400, 'body must be a JSON object');
    return value as Json;
  } catch (error) {
    if (error instanceof AdminError) throw error;
    throw new AdminError(400, 'body is not valid JSON');
  }
}

function text(body: Json, name: string, required = true): string | undefined {
  const value = body[name];
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || value.length === 0) throw new AdminError(400, `${name} must be a non-empty string`);
  return value;
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(payload) });
  response.end(payload);
}

export async function startAdminServer(admin: SandboxAdmin, summary: () => AdminSummary, port = 0): Promise<RunningServer> {
  async function route(method: string, path: string, request: IncomingMessage): Promise<unknown> {
    if (method === 'GET') {
      switch (path) {
        case '/':
          return summary();
        case '/devices':
          return { devices: admin.pendingDevices() };
        case '/faults':
          return { faults: admin.faults() };
        case '/clock':
          return { offsetMs: admin.clockOffset() };
        case '/requests':
          return { requests: admin.requestLog() };
        case '/counts':
          return { counts: admin.counts(), statuses: admin.statusCounts() };
      }
    }
    if (method === 'DELETE' && path === '/faults') return admin.clearFaults(), { ok: true };
    if (method === 'DELETE' && path === '/requests') return admin.clearRequestLog(), { ok: true };
    if (method !== 'POST') throw new AdminError(404, `no admin operation at ${method} ${path}`);
    const body = await readJson(request);
    switch (path) {
      case '/devices/approve':
        admin.approveDevice(text(body, 'userCode') ?? '', text(body, 'user', false));
        return { ok: true };
      case '/devices/deny':
        admin.denyDevice(text(body, 'userCode') ?? '');
        return { ok: true };
      case '/auto-approve':
        admin.setAutoApprove(body.user === false ? false : (text(body, 'user') ?? ''));
        return { ok: true };
      case '/faults': {
        const { operation, clear, ...settings } = body;
        if (typeof operation !== 'string') throw new AdminError(400, 'operation must be a string');
        if (clear !== undefined && typeof clear !== 'boolean') throw new AdminError(400, 'clear must be true or false');
        // setFault checks the settings against the scenario's fault schema (unknown keys → 400).
        admin.setFault(operation, clear === true ? null : (settings as FaultSettings));
        return { faults: admin.faults() };
      }
      case '/clock':
        admin.setClockOffset(body.offsetMs as number);
        return { offsetMs: admin.clockOffset() };
      case '/sessions/expire':
        return { sessions: admin.expireSession(text(body, 'user') ?? '') };
      case '/sessions/revoke':
        return { sessions: admin.revokeSession(text(body, 'user') ?? '') };
      case '/token-lifetimes':
        return admin.setTokenLifetimes(body);
      case '/clusters/endpoint-behavior':
        await admin.setEndpointBehavior(text(body, 'cluster') ?? '', text(body, 'behavior') as EndpointBehavior, text(body, 'account', false));
        return { ok: true };
    }
    throw new AdminError(404, `no admin operation at ${method} ${path}`);
  }

  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    route(request.method ?? 'GET', path, request).then(
      (body) => send(response, 200, body),
      (error: unknown) => send(response, error instanceof AdminError ? error.status : 500, { error: error instanceof Error ? error.message : String(error) }),
    );
  });
  const actualPort = await listenOnLoopback(server, port);
  return { url: `http://127.0.0.1:${actualPort}`, port: actualPort, close: () => closeServer(server) };
}
