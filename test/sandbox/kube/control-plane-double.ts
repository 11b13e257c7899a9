// A test double for part 1's ClusterControlPlane: it knows a few signing identities and
// verifies presigned GetCallerIdentity URLs by really recomputing the SigV4 signature, as
// STS would, so the server under test gets real cryptographic answers without part 1.
import { createHash, createHmac } from 'node:crypto';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AccessEntryView, AuthenticationMode, CallerIdentity, ClusterControlPlane } from '../../../sandbox/kube/contract.js';

export interface TestIdentity {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** arn:aws:sts::ACCT:assumed-role/ROLE/SESSION */
  arn: string;
}

export const STS_HOST = 'sts.us-west-2.amazonaws.com';
export const SANDBOX_STS_HOST = '127.0.0.1:4599';

/** The SHA-256/HMAC checksum SignatureV4 needs, over node:crypto. */
class Sha256 {
  private readonly hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', typeof secret === 'string' ? secret : Buffer.from(secret as ArrayBuffer));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(typeof data === 'string' ? data : ArrayBuffer.isView(data) ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : Buffer.from(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

function accountOf(arn: string): string {
  return arn.split(':')[4] ?? '';
}

function signer(identity: TestIdentity, region: string): SignatureV4 {
  return new SignatureV4({
    service: 'sts',
    region,
    sha256: Sha256,
    credentials: { accessKeyId: identity.accessKeyId, secretAccessKey: identity.secretAccessKey, ...(identity.sessionToken && { sessionToken: identity.sessionToken }) },
  });
}

/** An EKS token as `aws eks get-token` makes it: presigned GetCallerIdentity, x-k8s-aws-id signed. */
export async function mintToken(identity: TestIdentity, clusterName: string, options: { signedAt?: Date; host?: string; protocol?: string; expiresIn?: number; region?: string } = {}): Promise<string> {
  const host = options.host ?? STS_HOST;
  const [hostname, port] = host.split(':');
  const request = new HttpRequest({
    method: 'GET',
    protocol: options.protocol ?? 'https:',
    hostname: hostname!,
    ...(port && { port: Number(port) }),
    path: '/',
    query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
    headers: { host, 'x-k8s-aws-id': clusterName },
  });
  const presigned = await signer(identity, options.region ?? 'us-west-2').presign(request, {
    expiresIn: options.expiresIn ?? 60,
    signingDate: options.signedAt ?? new Date(),
  });
  const query = new URLSearchParams(presigned.query as Record<string, string>).toString();
  const url = `${options.protocol ?? 'https:'}//${host}/?${query}`;
  return 'k8s-aws-v1.' + Buffer.from(url).toString('base64url');
}

export interface ControlPlaneDouble extends ClusterControlPlane {
  mode: AuthenticationMode;
  entries: AccessEntryView[];
  clockOffsetMs: number;
  stsCalls: number;
}

export function controlPlaneDouble(options: {
  name: string;
  accountId?: string;
  region?: string;
  kubernetesVersion?: string;
  mode?: AuthenticationMode;
  entries?: AccessEntryView[];
  identities: TestIdentity[];
}): ControlPlaneDouble {
  const identities = new Map(options.identities.map((identity) => [identity.accessKeyId, identity]));
  const plane: ControlPlaneDouble = {
    name: options.name,
    accountId: options.accountId ?? '111122223333',
    region: options.region ?? 'us-west-2',
    kubernetesVersion: options.kubernetesVersion ?? '1.33',
    mode: options.mode ?? 'API_AND_CONFIG_MAP',
    entries: options.entries ?? [],
    clockOffsetMs: 0,
    stsCalls: 0,
    authenticationMode: () => plane.mode,
    accessEntries: () => plane.entries,
    isSandboxStsHost: (host) => host === SANDBOX_STS_HOST,
    now: () => Date.now() + plane.clockOffsetMs,
    async verifyPresignedGetCallerIdentity(url: string, headers: Record<string, string>): Promise<CallerIdentity> {
      plane.stsCalls++;
      const parsed = new URL(url);
      const query = Object.fromEntries(parsed.searchParams);
      const identity = identities.get((query['X-Amz-Credential'] ?? '').split('/')[0] ?? '');
      if (!identity) throw new Error('InvalidClientTokenId: The security token included in the request is invalid.');
      const amzDate = query['X-Amz-Date'] ?? '';
      const signedAt = new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13)}`);
      if (plane.now() > signedAt.getTime() + 15 * 60 * 1000) throw new Error('ExpiredToken: Signature expired');
      const region = (query['X-Amz-Credential'] ?? '').split('/')[2] ?? 'us-east-1';
      const request = new HttpRequest({
        method: 'GET',
        protocol: parsed.protocol,
        hostname: parsed.hostname,
        ...(parsed.port && { port: Number(parsed.port) }),
        path: '/',
        query: { Action: query.Action ?? '', Version: query.Version ?? '' },
        headers: { host: parsed.host, ...headers },
      });
      const expected = await signer(identity, region).presign(request, { expiresIn: Number(query['X-Amz-Expires']), signingDate: signedAt });
      if ((expected.query as Record<string, string>)['X-Amz-Signature'] !== query['X-Amz-Signature']) {
        throw new Error('SignatureDoesNotMatch: The request signature we calculated does not match the signature you provided.');
      }
      const session = identity.arn.split('/').pop() ?? '';
      return { arn: identity.arn, account: accountOf(identity.arn), userId: `AROA${identity.accessKeyId.slice(4, 17)}:${session}` };
    },
  };
  return plane;
}
