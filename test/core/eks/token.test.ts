import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { execCredentialJson, mintEksToken, presignGetCallerIdentity } from '../../../main/core/eks/token.js';
import type { RoleCredentials } from '../../../main/core/context.js';

interface FixtureCase {
  name: string;
  input: { accessKeyId: string; secretAccessKey: string; sessionToken: string | null; region: string; cluster: string; time: string };
  output: { kind: string; apiVersion: string; spec: object; status: { expirationTimestamp: string; token: string } };
}
const fixtures = JSON.parse(readFileSync(new URL('./fixtures/eks-get-token.json', import.meta.url), 'utf8')) as { cases: FixtureCase[] };

function credentialsOf(input: FixtureCase['input']): RoleCredentials {
  return { accessKeyId: input.accessKeyId, secretAccessKey: input.secretAccessKey, sessionToken: input.sessionToken ?? '', expiration: 0 };
}

function decodedSortedParameters(token: string): Array<[string, string]> {
  const url = new URL(Buffer.from(token.slice('k8s-aws-v1.'.length), 'base64url').toString('utf8'));
  return [...url.searchParams.entries()].sort(([a], [b]) => a.localeCompare(b));
}

describe('mintEksToken', () => {
  for (const fixture of fixtures.cases) {
    it(`prints what aws eks get-token prints (${fixture.name})`, () => {
      const minted = mintEksToken(credentialsOf(fixture.input), {
        region: fixture.input.region,
        clusterName: fixture.input.cluster,
        now: Date.parse(fixture.input.time),
      });
      expect(decodedSortedParameters(minted.token)).toEqual(decodedSortedParameters(fixture.output.status.token));
      expect(minted.token).toBe(fixture.output.status.token);
      expect(JSON.parse(execCredentialJson(minted))).toEqual(fixture.output);
    });
  }

  it('matches the aws-iam-authenticator TestGetWithSTS vector byte for byte', () => {
    const minted = mintEksToken(
      {
        accessKeyId: Buffer.from('QVNJQVIyVEc0NFY2QVMzWlpFN0M=', 'base64').toString(),
        secretAccessKey: Buffer.from('NEtENWNudEdjVm1MV1JkRjV3dk5SdXpOTDVReG1wNk9LVlk2RnovUQ==', 'base64').toString(),
        sessionToken: '',
        expiration: 0,
      },
      { region: 'us-west-2', clusterName: 'test-cluster', now: 1682640000 * 1000 },
    );
    expect(minted.token).toBe(
      'k8s-aws-v1.aHR0cHM6Ly9zdHMudXMtd2VzdC0yLmFtYXpvbmF3cy5jb20vP0FjdGlvbj1HZXRDYWxsZXJJZGVudGl0eSZWZXJzaW9uPTIwMTEtMDYtMTUmWC1BbXotQWxnb3JpdGhtPUFXUzQtSE1BQy1TSEEyNTYmWC1BbXotQ3JlZGVudGlhbD1BU0lBUjJURzQ0VjZBUzNaWkU3QyUyRjIwMjMwNDI4JTJGdXMtd2VzdC0yJTJGc3RzJTJGYXdzNF9yZXF1ZXN0JlgtQW16LURhdGU9MjAyMzA0MjhUMDAwMDAwWiZYLUFtei1FeHBpcmVzPTYwJlgtQW16LVNpZ25lZEhlYWRlcnM9aG9zdCUzQngtazhzLWF3cy1pZCZYLUFtei1TaWduYXR1cmU9ZTIxMWRiYTc3YWJhOWRjNDRiMGI2YmUzOGI4ZWFhZDA5MjU5OWM1MTU3ZjYzMTQ0NDRjNWI5ZDg1NzQ3ZjVjZQ',
    );
    expect(minted.expirationTimestamp).toBe('2023-04-28T00:14:00Z');
  });

  it('agrees with @smithy/signature-v4 for random credentials, regions, clusters and a custom endpoint', async () => {
    class Sha256 {
      private readonly hash;
      constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
        this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
      }
      update(data: string | ArrayBuffer | ArrayBufferView): void {
        this.hash.update(bytes(data));
      }
      async digest(): Promise<Uint8Array> {
        return new Uint8Array(this.hash.digest());
      }
    }
    const bytes = (data: string | ArrayBuffer | ArrayBufferView): string | Buffer =>
      typeof data === 'string' ? data : ArrayBuffer.isView(data) ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : Buffer.from(data);
    const endpoints = [undefined, 'http://127.0.0.1:41234', 'https://sts.vpce.example.com/'];
    for (let round = 0; round < 6; round += 1) {
      const credentials: RoleCredentials = {
        accessKeyId: `ASIA${randomBytes(8).toString('hex').toUpperCase()}`,
        secretAccessKey: randomBytes(30).toString('base64'),
        sessionToken: round % 2 === 0 ? `${randomBytes(40).toString('base64')}//+=` : '',
        expiration: 0,
      };
      const region = ['eu-west-1', 'us-east-1', 'ap-southeast-2'][round % 3]!;
      const clusterName = `cluster-${round}_x`;
      const now = Date.UTC(2026, 10, 29, 12, round, round * 7);
      const stsEndpoint = endpoints[round % endpoints.length];
      const ours = new URL(presignGetCallerIdentity(credentials, { region, clusterName, now, ...(stsEndpoint ? { stsEndpoint } : {}) }));
      const target = new URL(stsEndpoint ?? `https://sts.${region}.amazonaws.com/`);
      const signer = new SignatureV4({
        service: 'sts',
        region,
        sha256: Sha256,
        credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey, ...(credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {}) },
        uriEscapePath: true,
        applyChecksum: false,
      });
      const reference = await signer.presign(
        {
          method: 'GET',
          protocol: target.protocol,
          hostname: target.hostname,
          ...(target.port ? { port: Number(target.port) } : {}),
          path: target.pathname,
          query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
          headers: { host: target.host, 'x-k8s-aws-id': clusterName },
        },
        { expiresIn: 60, signingDate: new Date(now) },
      );
      expect(ours.host).toBe(target.host);
      expect(Object.fromEntries(ours.searchParams.entries())).toEqual(reference.query);
    }
  });

  it('reports the expiry 14 minutes after signing, in whole seconds', () => {
    const minted = mintEksToken(
      { accessKeyId: 'AKID', secretAccessKey: 'secret', sessionToken: 'token', expiration: 0 },
      { region: 'eu-west-1', clusterName: 'c', now: Date.UTC(2019, 9, 23, 23, 0, 0, 789) },
    );
    expect(minted.expirationTimestamp).toBe('2019-10-23T23:14:00Z');
  });
});
