// Requests no SDK would send: each gets the error the real service gives, promptly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox/index.js';
import type { SandboxHandle } from '../../sandbox/index.js';
import { roleCredentials, signIn } from './helpers/clients.js';
import type { Credentials } from './helpers/clients.js';
import { signedFetch } from './helpers/sign.js';
import { DEMO_USER, PROD, demoYaml } from './helpers/demo.js';

let sandbox: SandboxHandle;
let accessToken: string;
let credentials: Credentials;

beforeAll(async () => {
  sandbox = await startSandbox(demoYaml, { clusterServers: 'lazy', onUnexpectedError: (error) => console.error('sandbox bug', error) });
  accessToken = (await signIn(sandbox, DEMO_USER)).accessToken;
  credentials = await roleCredentials(sandbox, accessToken, PROD, 'AdministratorAccess');
});
afterAll(async () => {
  await sandbox?.close();
});

async function described(response: Response): Promise<{ status: number; type: string | null; body: string }> {
  return { status: response.status, type: response.headers.get('x-amzn-errortype'), body: await response.text() };
}

describe('SSO OIDC and portal', () => {
  it('answers SerializationException for a body that is not JSON', async () => {
    const response = await fetch(`${sandbox.env.AWS_ENDPOINT_URL_SSO_OIDC}/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' });
    expect(await described(response)).toMatchObject({ status: 400, type: 'SerializationException' });
  });

  it('answers InvalidRequestException with error fields for missing members', async () => {
    const response = await fetch(`${sandbox.env.AWS_ENDPOINT_URL_SSO_OIDC}/client/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"clientName":"x"}' });
    const result = await described(response);
    expect(result).toMatchObject({ status: 400, type: 'InvalidRequestException' });
    expect(JSON.parse(result.body)).toEqual({ error: 'invalid_request', error_description: 'clientType is required' });
  });

  it('answers UnsupportedGrantTypeException for an unknown grant', async () => {
    const client = (await (
      await fetch(`${sandbox.env.AWS_ENDPOINT_URL_SSO_OIDC}/client/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"clientName":"x","clientType":"public"}' })
    ).json()) as { clientId: string; clientSecret: string };
    const response = await fetch(`${sandbox.env.AWS_ENDPOINT_URL_SSO_OIDC}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...client, grantType: 'password' }),
    });
    expect(await described(response)).toMatchObject({ status: 400, type: 'UnsupportedGrantTypeException' });
  });

  it('answers InvalidRequestException for a missing account_id and 401 without a token', async () => {
    const missing = await fetch(`${sandbox.env.AWS_ENDPOINT_URL_SSO}/assignment/roles`, { headers: { 'x-amz-sso_bearer_token': accessToken } });
    expect(await described(missing)).toMatchObject({ status: 400, type: 'InvalidRequestException' });
    const anonymous = await fetch(`${sandbox.env.AWS_ENDPOINT_URL_SSO}/assignment/accounts`);
    expect(await described(anonymous)).toMatchObject({ status: 401, type: 'UnauthorizedException' });
    const badToken = await fetch(`${sandbox.env.AWS_ENDPOINT_URL_SSO}/assignment/accounts?next_token=garbage`, { headers: { 'x-amz-sso_bearer_token': accessToken } });
    expect(await described(badToken)).toMatchObject({ status: 400, type: 'InvalidRequestException' });
  });

  it('refuses bodies over 1 MB without reading them all', async () => {
    const response = await fetch(`${sandbox.env.AWS_ENDPOINT_URL_SSO_OIDC}/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(2 * 1024 * 1024) });
    expect(response.status).toBe(413);
  });
});

describe('constraint violations', () => {
  // Where a Smithy framework service would say ValidationException, these services answer with
  // the error their own models list (see sandbox/http/protocols.ts).
  it('answers the modelled error for an out-of-range page size in the portal and EKS', async () => {
    const portal = await fetch(`${sandbox.env.AWS_ENDPOINT_URL_SSO}/assignment/accounts?max_result=0`, { headers: { 'x-amz-sso_bearer_token': accessToken } });
    expect(await described(portal)).toMatchObject({ status: 400, type: 'InvalidRequestException' });
    const eks = await signedFetch(sandbox.env.AWS_ENDPOINT_URL_EKS ?? '', credentials, { service: 'eks', region: 'eu-west-1', method: 'GET', path: '/clusters', query: { maxResults: '101' } });
    expect(await described(eks)).toMatchObject({ status: 400, type: 'InvalidParameterException' });
    const oidc = await fetch(`${sandbox.env.AWS_ENDPOINT_URL_SSO_OIDC}/client/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientName: 7, clientType: 'public' }),
    });
    expect(await described(oidc)).toMatchObject({ status: 400, type: 'InvalidRequestException' });
  });
});

describe('STS and IAM', () => {
  it('answers MissingAuthenticationToken unsigned and InvalidAction for unknown actions, in XML', async () => {
    const unsigned = await fetch(`${sandbox.env.AWS_ENDPOINT_URL_STS}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    expect(unsigned.status).toBe(403);
    expect(await unsigned.text()).toContain('<Code>MissingAuthenticationToken</Code>');
    const unknown = await fetch(`${sandbox.env.AWS_ENDPOINT_URL_STS}/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=AssumeRole&Version=2011-06-15' });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('<Code>InvalidAction</Code>');
  });

  it('answers ValidationError for a GetRole without RoleName', async () => {
    const response = await signedFetch(sandbox.env.AWS_ENDPOINT_URL_IAM ?? '', credentials, {
      service: 'iam',
      region: 'us-east-1',
      method: 'POST',
      path: '/',
      body: 'Action=GetRole&Version=2010-05-08',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('<Code>ValidationError</Code>');
  });
});

describe('EKS', () => {
  const eks = () => sandbox.env.AWS_ENDPOINT_URL_EKS ?? '';

  it('answers MissingAuthenticationTokenException unsigned and IncompleteSignatureException for a garbled signature', async () => {
    expect(await described(await fetch(`${eks()}/clusters`))).toMatchObject({ status: 403, type: 'MissingAuthenticationTokenException' });
    const garbled = await fetch(`${eks()}/clusters`, { headers: { authorization: 'AWS4-HMAC-SHA256 Credential=nonsense' } });
    expect(await described(garbled)).toMatchObject({ status: 400, type: 'IncompleteSignatureException' });
  });

  it('answers SerializationException for a body that is not a JSON object', async () => {
    const response = await signedFetch(eks(), credentials, { service: 'eks', region: 'eu-west-1', method: 'POST', path: '/clusters/prod-api/access-entries', body: '[1,2]' });
    expect(await described(response)).toMatchObject({ status: 400, type: 'SerializationException' });
  });

  it('answers InvalidParameterException for a missing principalArn and for a bad percent-encoding', async () => {
    const missing = await signedFetch(eks(), credentials, { service: 'eks', region: 'eu-west-1', method: 'POST', path: '/clusters/prod-api/access-entries', body: '{}' });
    expect(await described(missing)).toMatchObject({ status: 400, type: 'InvalidParameterException' });
    const badEncoding = await signedFetch(eks(), credentials, { service: 'eks', region: 'eu-west-1', method: 'GET', path: '/clusters/prod-api/access-entries/%E0%A4%A' });
    expect(await described(badEncoding)).toMatchObject({ status: 400, type: 'InvalidParameterException' });
    const badUpdateId = await signedFetch(eks(), credentials, { service: 'eks', region: 'eu-west-1', method: 'GET', path: '/clusters/prod-api/updates/%E0%A4%A' });
    expect(await described(badUpdateId)).toMatchObject({ status: 400, type: 'InvalidParameterException' });
  });

  it('answers 404 for paths that are no operation, and a wrong service scope as a bad signature', async () => {
    const nowhere = await signedFetch(eks(), credentials, { service: 'eks', region: 'eu-west-1', method: 'GET', path: '/nowhere' });
    expect(nowhere.status).toBe(404);
    const wrongService = await signedFetch(eks(), credentials, { service: 'sts', region: 'eu-west-1', method: 'GET', path: '/clusters' });
    expect(await described(wrongService)).toMatchObject({ status: 403, type: 'InvalidSignatureException' });
  });
});
