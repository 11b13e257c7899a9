// The network half of a check, step by step so a failure can say where it stopped:
// DNS → TCP → TLS against the cluster's own CA → anonymous GET /livez (still allowed on 1.32+,
// where anonymous /version is not). Plain node:dns/net/tls because each stage's error must be
// told apart (a name that does not resolve, a refused port, a handshake that never finishes,
// a certificate from another CA); the authenticated half goes through @kubernetes/client-node.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import tls from 'node:tls';
import https from 'node:https';

export type ProbeStage = 'dns' | 'tcp' | 'tls' | 'http';

export type ProbeOutcome =
  | { ok: true; livezStatus: number; livezBody: string; address: string }
  | { ok: false; verdict: 'unreachable' | 'tls'; stage: ProbeStage; reason: string; code?: string };

/** OpenSSL/Node verification failures: the server answered with a certificate we do not trust. */
const CERTIFICATE_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_CHAIN_TOO_LONG',
  'INVALID_CA',
  'HOSTNAME_MISMATCH',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

export function isCertificateError(code: string | undefined): boolean {
  return code !== undefined && (CERTIFICATE_CODES.has(code) || code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_'));
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

function describeNetworkError(code: string | undefined, fallback: string): string {
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ECONNRESET':
      return 'connection reset by the server';
    case 'EHOSTUNREACH':
      return 'no route to host';
    case 'ENETUNREACH':
      return 'network unreachable';
    case 'ETIMEDOUT':
      return 'connection timed out';
    case 'ENOTFOUND':
      return 'the name does not resolve';
    case 'EAI_AGAIN':
      return 'DNS lookup failed (temporary failure; offline?)';
    default:
      return code ? `${fallback} (${code})` : fallback;
  }
}

/** Races a promise against the signal, so a stage that cannot itself be cancelled (DNS) still stops. */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function timedOutAt(stage: ProbeStage, target: string): string {
  switch (stage) {
    case 'dns':
      return `DNS lookup of ${target} did not finish in time`;
    case 'tcp':
      return `no answer from ${target} (connection timed out)`;
    case 'tls':
      return `${target} accepted the connection but never completed the TLS handshake (timed out)`;
    case 'http':
      return `${target} did not answer GET /livez in time`;
  }
}

// Parsing a CA into a secure context costs more than the handshake on loopback; contexts of
// the same cluster share one. Each holds ~30 KB of native memory, so the hundred most recently
// used are kept, not one per cluster of a 1,000-cluster organisation.
const secureContexts = new Map<string, tls.SecureContext | null>();
const MAX_SECURE_CONTEXTS = 100;

function secureContextFor(certificateAuthorityData: string): tls.SecureContext | null {
  let secureContext = secureContexts.get(certificateAuthorityData);
  if (secureContext !== undefined) {
    // Most recently used last: the first key is the one to evict.
    secureContexts.delete(certificateAuthorityData);
    secureContexts.set(certificateAuthorityData, secureContext);
  } else {
    const ca = Buffer.from(certificateAuthorityData, 'base64');
    try {
      secureContext = ca.toString('latin1').includes('-----BEGIN CERTIFICATE-----') ? tls.createSecureContext({ ca }) : null;
    } catch {
      secureContext = null;
    }
    if (secureContexts.size >= MAX_SECURE_CONTEXTS) secureContexts.delete(secureContexts.keys().next().value!);
    secureContexts.set(certificateAuthorityData, secureContext);
  }
  return secureContext;
}

/** Probes `endpoint` (https://host[:port]); `signal` carries the per-check timeout. */
export async function probeEndpoint(endpoint: string, certificateAuthorityData: string, signal: AbortSignal): Promise<ProbeOutcome> {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return { ok: false, verdict: 'unreachable', stage: 'dns', reason: `the endpoint "${endpoint}" is not a URL` };
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = url.port ? Number(url.port) : 443;
  const target = `${host}:${port}`;
  const secureContext = secureContextFor(certificateAuthorityData);
  if (!secureContext) {
    return { ok: false, verdict: 'tls', stage: 'tls', reason: "the cluster's certificate authority data is not a PEM certificate" };
  }

  // Advanced from event handlers too, so TypeScript must not narrow it.
  let stage = 'dns' as ProbeStage;
  let socket: tls.TLSSocket | undefined;
  try {
    const address = isIP(host) ? host : (await untilAborted(lookup(host), signal)).address;

    stage = 'tcp';
    socket = tls.connect({ host: address, port, secureContext, ...(isIP(host) ? {} : { servername: host }), ALPNProtocols: ['http/1.1'] });
    const connecting = socket;
    await untilAborted(
      new Promise<void>((resolve, reject) => {
        connecting.once('connect', () => {
          stage = 'tls';
        });
        connecting.once('secureConnect', () => resolve());
        connecting.once('error', reject);
      }),
      signal,
    );

    stage = 'http';
    const connected = socket;
    const { status, body } = await untilAborted(
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const request = https.request(
          { host, port, path: '/livez', method: 'GET', headers: { accept: 'text/plain', connection: 'close' }, createConnection: () => connected },
          (response) => {
            let text = '';
            response.setEncoding('utf8');
            response.on('data', (chunk: string) => {
              if (text.length < 512) text += chunk;
            });
            response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text.trim() }));
            response.on('error', reject);
          },
        );
        request.on('error', reject);
        request.end();
      }),
      signal,
    );
    return { ok: true, livezStatus: status, livezBody: body.slice(0, 200), address };
  } catch (error) {
    if (signal.aborted) return { ok: false, verdict: 'unreachable', stage, reason: timedOutAt(stage, target) };
    const code = errorCode(error);
    if (isCertificateError(code)) {
      return { ok: false, verdict: 'tls', stage: 'tls', reason: `the server's certificate is not signed by the cluster's CA (${code})`, code };
    }
    const message = error instanceof Error ? error.message : String(error);
    const where = stage === 'dns' ? `cannot resolve ${host}` : stage === 'http' ? `GET https://${target}/livez failed` : `cannot connect to ${target}`;
    if (stage === 'tls') return { ok: false, verdict: 'unreachable', stage, reason: `${target} closed the connection during the TLS handshake: ${describeNetworkError(code, message)}`, ...(code ? { code } : {}) };
    return { ok: false, verdict: 'unreachable', stage, reason: `${where}: ${describeNetworkError(code, message)}`, ...(code ? { code } : {}) };
  } finally {
    socket?.destroy();
  }
}
