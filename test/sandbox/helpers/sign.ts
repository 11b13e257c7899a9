// Hand-built signed requests, for what the SDKs will not send (malformed bodies) and for
// EKS-style presigned GetCallerIdentity URLs.
import { SignatureV4 } from '@smithy/signature-v4';
import { HttpRequest } from '@smithy/protocol-http';
import { Sha256 } from './sha256.js';
import type { Credentials } from './clients.js';

export async function signedFetch(
  endpoint: string,
  credentials: Credentials,
  input: { service: string; region: string; method: string; path: string; query?: Record<string, string>; body?: string; headers?: Record<string, string> },
): Promise<Response> {
  const url = new URL(endpoint);
  const signer = new SignatureV4({ service: input.service, region: input.region, credentials, sha256: Sha256 });
  const request = new HttpRequest({
    method: input.method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: input.path,
    ...(input.query ? { query: input.query } : {}),
    headers: { host: url.host, 'content-type': 'application/json', ...input.headers },
    ...(input.body !== undefined ? { body: input.body } : {}),
  });
  const signed = await signer.sign(request);
  const search = input.query ? `?${new URLSearchParams(input.query).toString()}` : '';
  return fetch(`${endpoint}${input.path}${search}`, { method: input.method, headers: signed.headers, ...(input.body !== undefined ? { body: input.body } : {}) });
}

/** The URL inside an EKS token: GetCallerIdentity presigned with x-k8s-aws-id, as `aws eks get-token` builds it. */
export async function presignedCallerIdentityUrl(stsEndpoint: string, credentials: Credentials, clusterName: string, signingDate?: Date, region = 'us-east-1'): Promise<string> {
  const url = new URL(stsEndpoint);
  const signer = new SignatureV4({ service: 'sts', region, credentials, sha256: Sha256 });
  const request = new HttpRequest({
    method: 'GET',
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
    headers: { host: url.host, 'x-k8s-aws-id': clusterName },
  });
  const presigned = await signer.presign(request, { expiresIn: 60, ...(signingDate ? { signingDate } : {}) });
  const query = Object.entries(presigned.query ?? {})
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
    .join('&');
  return `${url.protocol}//${url.host}/?${query}`;
}
