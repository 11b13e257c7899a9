import { describe, expect, it } from 'vitest';
import { isAwsStsHost, parsePresignedToken, TokenRejected } from '../../../sandbox/kube/token.js';
import { mintToken, SANDBOX_STS_HOST } from './control-plane-double.js';
import { people } from './fixture.js';

// aws-iam-authenticator TestGetWithSTS (PROTOCOLS.md §9.1)
const VECTOR_TOKEN =
  'k8s-aws-v1.aHR0cHM6Ly9zdHMudXMtd2VzdC0yLmFtYXpvbmF3cy5jb20vP0FjdGlvbj1HZXRDYWxsZXJJZGVudGl0eSZWZXJzaW9uPTIwMTEtMDYtMTUmWC1BbXotQWxnb3JpdGhtPUFXUzQtSE1BQy1TSEEyNTYmWC1BbXotQ3JlZGVudGlhbD1BU0lBUjJURzQ0VjZBUzNaWkU3QyUyRjIwMjMwNDI4JTJGdXMtd2VzdC0yJTJGc3RzJTJGYXdzNF9yZXF1ZXN0JlgtQW16LURhdGU9MjAyMzA0MjhUMDAwMDAwWiZYLUFtei1FeHBpcmVzPTYwJlgtQW16LVNpZ25lZEhlYWRlcnM9aG9zdCUzQngtazhzLWF3cy1pZCZYLUFtei1TaWduYXR1cmU9ZTIxMWRiYTc3YWJhOWRjNDRiMGI2YmUzOGI4ZWFhZDA5MjU5OWM1MTU3ZjYzMTQ0NDRjNWI5ZDg1NzQ3ZjVjZQ';
const VECTOR_TIME = Date.UTC(2023, 3, 28);

const context = (now = VECTOR_TIME + 1000) => ({ clusterRegion: 'us-west-2', now, isSandboxStsHost: (host: string) => host === SANDBOX_STS_HOST });
const tokenFor = (url: string) => 'k8s-aws-v1.' + Buffer.from(url).toString('base64url');
const GOOD_QUERY =
  'Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=ASIAR2TG44V6AS3ZZE7C%2F20230428%2Fus-west-2%2Fsts%2Faws4_request&X-Amz-Date=20230428T000000Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host%3Bx-k8s-aws-id&X-Amz-Signature=e211dba77aba9dc44b0b6be38b8eaad092599c5157f6314444c5b9d85747f5ce';

function rejects(token: string, now?: number): string {
  try {
    parsePresignedToken(token, context(now));
  } catch (error) {
    expect(error).toBeInstanceOf(TokenRejected);
    return (error as Error).message;
  }
  throw new Error('the token was accepted');
}

describe('EKS token pre-STS checks (aws-iam-authenticator Verify)', () => {
  it('our test signer reproduces the authenticator test vector byte for byte', async () => {
    const token = await mintToken(
      {
        accessKeyId: Buffer.from('QVNJQVIyVEc0NFY2QVMzWlpFN0M=', 'base64').toString(),
        secretAccessKey: Buffer.from('NEtENWNudEdjVm1MV1JkRjV3dk5SdXpOTDVReG1wNk9LVlk2RnovUQ==', 'base64').toString(),
        arn: 'unused',
      },
      'test-cluster',
      { signedAt: new Date(VECTOR_TIME) },
    );
    expect(token).toBe(VECTOR_TOKEN);
  });

  it('accepts the vector and reports its signing time, expiry and access key', () => {
    const parsed = parsePresignedToken(VECTOR_TOKEN, context());
    expect(parsed.signedAt).toBe(VECTOR_TIME);
    expect(parsed.expiresAt).toBe(VECTOR_TIME + 15 * 60 * 1000);
    expect(parsed.accessKeyId).toBe('ASIAR2TG44V6AS3ZZE7C');
    expect(parsed.url).toBe(`https://sts.us-west-2.amazonaws.com/?${GOOD_QUERY}`);
  });

  it('refuses tokens signed more than 15 minutes before the sandbox clock', () => {
    expect(() => parsePresignedToken(VECTOR_TOKEN, context(VECTOR_TIME + 15 * 60 * 1000))).not.toThrow();
    expect(rejects(VECTOR_TOKEN, VECTOR_TIME + 15 * 60 * 1000 + 1)).toMatch(/expired/);
  });

  it.each([
    ['a wrong prefix', 'k8s-aws-v2.' + VECTOR_TOKEN.slice(11), /prefix/],
    ['padding or non-base64url characters', VECTOR_TOKEN + '==', /base64url/],
    ['a token over 4096 bytes', 'k8s-aws-v1.' + 'A'.repeat(4090), /too large/],
    ['plain http to a real STS host', tokenFor(`http://sts.us-west-2.amazonaws.com/?${GOOD_QUERY}`), /scheme/],
    ['a host that is not STS', tokenFor(`https://evil.example.com/?${GOOD_QUERY}`), /hostname/],
    ['a look-alike STS host', tokenFor(`https://sts.us-west-2.amazonaws.com.evil.example/?${GOOD_QUERY}`), /hostname/],
    ['an STS host with a port', tokenFor(`https://sts.us-west-2.amazonaws.com:8443/?${GOOD_QUERY}`), /hostname/],
    ['a path other than /', tokenFor(`https://sts.us-west-2.amazonaws.com/abc?${GOOD_QUERY}`), /path/],
    ['a parameter outside the allow-list', tokenFor(`https://sts.us-west-2.amazonaws.com/?${GOOD_QUERY}&X-Amz-Extra=1`), /non-whitelisted/],
    ['a duplicated parameter, in another case', tokenFor(`https://sts.us-west-2.amazonaws.com/?${GOOD_QUERY}&x-amz-credential=x`), /more than once/],
    ['another action', tokenFor(`https://sts.us-west-2.amazonaws.com/?${GOOD_QUERY.replace('GetCallerIdentity', 'AssumeRole')}`), /action/],
    ['x-k8s-aws-id not signed', tokenFor(`https://sts.us-west-2.amazonaws.com/?${GOOD_QUERY.replace('host%3Bx-k8s-aws-id', 'host')}`), /x-k8s-aws-id/],
    ['X-Amz-Expires above 60', tokenFor(`https://sts.us-west-2.amazonaws.com/?${GOOD_QUERY.replace('X-Amz-Expires=60', 'X-Amz-Expires=9999999')}`), /X-Amz-Expires/],
    ['X-Amz-Expires=61, one past what clients send', tokenFor(`https://sts.us-west-2.amazonaws.com/?${GOOD_QUERY.replace('X-Amz-Expires=60', 'X-Amz-Expires=61')}`), /X-Amz-Expires/],
    // The authenticator's strconv.Atoi("") fails, so a missing X-Amz-Expires is refused too.
    ['a missing X-Amz-Expires', tokenFor(`https://sts.us-west-2.amazonaws.com/?${GOOD_QUERY.replace('&X-Amz-Expires=60', '')}`), /X-Amz-Expires/],
    ['a negative X-Amz-Expires', tokenFor(`https://sts.us-west-2.amazonaws.com/?${GOOD_QUERY.replace('X-Amz-Expires=60', 'X-Amz-Expires=-1')}`), /X-Amz-Expires/],
    ['a missing X-Amz-Date', tokenFor(`https://sts.us-west-2.amazonaws.com/?${GOOD_QUERY.replace('&X-Amz-Date=20230428T000000Z', '')}`), /X-Amz-Date/],
  ])('refuses %s', (_case, token, message) => {
    expect(rejects(token)).toMatch(message);
  });

  it.each(['0', '60'])('accepts X-Amz-Expires=%s', (expires) => {
    const token = tokenFor(`https://sts.us-west-2.amazonaws.com/?${GOOD_QUERY.replace('X-Amz-Expires=60', `X-Amz-Expires=${expires}`)}`);
    expect(parsePresignedToken(token, context()).accessKeyId).toBe('ASIAR2TG44V6AS3ZZE7C');
  });

  it('accepts http only for the sandbox STS host', async () => {
    const token = await mintToken(people.admin, 'demo', { host: SANDBOX_STS_HOST, protocol: 'http:' });
    expect(parsePresignedToken(token, context(Date.now())).url.startsWith(`http://${SANDBOX_STS_HOST}/?`)).toBe(true);
  });

  it('knows the STS host names of the cluster partition', () => {
    expect(isAwsStsHost('sts.amazonaws.com', 'us-west-2')).toBe(true);
    expect(isAwsStsHost('STS.EU-WEST-1.AMAZONAWS.COM', 'us-west-2')).toBe(true);
    expect(isAwsStsHost('sts-fips.us-east-1.amazonaws.com', 'us-west-2')).toBe(true);
    expect(isAwsStsHost('sts.us-east-1.api.aws', 'us-west-2')).toBe(true);
    expect(isAwsStsHost('sts.cn-north-1.amazonaws.com.cn', 'us-west-2')).toBe(false);
    expect(isAwsStsHost('sts.cn-north-1.amazonaws.com.cn', 'cn-north-1')).toBe(true);
    expect(isAwsStsHost('sts.amazonaws.com', 'cn-north-1')).toBe(false);
    expect(isAwsStsHost('sts..amazonaws.com', 'us-west-2')).toBe(false);
    expect(isAwsStsHost('iam.amazonaws.com', 'us-west-2')).toBe(false);
  });
});
