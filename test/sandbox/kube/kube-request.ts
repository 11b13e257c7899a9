// A small HTTPS client for the tests: trusts one cluster's CA, no connection reuse, and
// returns status, content type and the parsed body.
import https from 'node:https';
import type { KubeApiServerHandle } from '../../../sandbox/kube/contract.js';

export interface KubeResponse {
  status: number;
  contentType: string;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary Kubernetes JSON
  text: string;
}

export function caOf(server: KubeApiServerHandle): string {
  return Buffer.from(server.certificateAuthorityData, 'base64').toString('utf8');
}

export function kubeRequest(
  server: KubeApiServerHandle,
  path: string,
  options: { method?: string; token?: string; body?: unknown; contentType?: string; accept?: string; headers?: Record<string, string> } = {},
): Promise<KubeResponse> {
  const url = new URL(path, server.endpoint);
  const payload = options.body === undefined ? undefined : typeof options.body === 'string' || Buffer.isBuffer(options.body) ? options.body : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const request = https.request(
      url,
      {
        method: options.method ?? 'GET',
        ca: caOf(server),
        agent: false,
        headers: {
          ...(options.token && { Authorization: `Bearer ${options.token}` }),
          ...(payload !== undefined && { 'Content-Type': options.contentType ?? 'application/json' }),
          ...(options.accept && { Accept: options.accept }),
          ...options.headers,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const contentType = String(response.headers['content-type'] ?? '');
          let body: unknown = text;
          if (contentType.startsWith('application/json')) body = JSON.parse(text);
          resolve({ status: response.statusCode ?? 0, contentType, body, text });
        });
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    if (payload !== undefined) request.write(payload);
    request.end();
  });
}
