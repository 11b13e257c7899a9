// Failures that need no sandbox: a damaged token file, an unreachable portal.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { createSso } from '../../../main/core/sso/index.js';
import { tokenFilePath, ssoCacheDir } from '../../../main/core/sso/cache-paths.js';
import { sandboxContext, type TestContext } from './sandbox-context.js';
import path from 'node:path';
import { rejection } from '../../helpers/rejection.js';

let current: TestContext;
beforeEach(async () => {
  current = await sandboxContext({ AWS_ENDPOINT_URL_SSO: 'http://127.0.0.1:9', AWS_ENDPOINT_URL_SSO_OIDC: 'http://127.0.0.1:9' });
  await mkdir(path.join(current.home, '.aws'), { recursive: true });
  await writeFile(path.join(current.home, '.aws', 'config'), '[sso-session acme]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = eu-west-1\n');
});
afterEach(async () => {
  await current.cleanup();
});

describe('without a usable sign-in or network', () => {
  it('treats a damaged token file as signed out, says which file, and leaves it in place', async () => {
    const file = tokenFilePath(current.context.env, 'acme');
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, '{"accessToken": "x", "expiresAt": "next tuesday"}');
    const sso = createSso(current.context);
    const error = await rejection(sso.accessToken('acme'));
    expect(error.code).toBe('signed-out');
    expect(error.toLine()).toBe(`not signed in to "acme": the cache file ${file} has no readable expiresAt. Sign in again: eks-sso login --session acme (the damaged file was left in place)`);
    expect(current.warnings).toContain(`ignoring the SSO cache file ${file}: it has no readable expiresAt`);
    expect(await readdir(ssoCacheDir(current.context.env))).toEqual([path.basename(file)]);
    expect((await sso.sessionStates())[0]).toMatchObject({ name: 'acme', status: 'signed-out' });
  });

  it('says the network is down when the portal cannot be reached', async () => {
    const file = tokenFilePath(current.context.env, 'acme');
    await mkdir(path.dirname(file), { recursive: true });
    const expiresAt = new Date(Date.now() + 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    await writeFile(file, JSON.stringify({ startUrl: 'https://acme.awsapps.com/start', region: 'eu-west-1', accessToken: 'token', expiresAt }));
    const error = await rejection(createSso(current.context).accounts('acme', { refresh: true }));
    expect(error.code).toBe('network');
    expect(error.retryable).toBe(true);
    expect(error.toLine()).toBe('cannot reach the AWS access portal (ECONNREFUSED). Check your network connection, VPN or proxy, then try again');
  });

  it('names an unknown session and how to create it', async () => {
    const error = await rejection(createSso(current.context).accessToken('nope'));
    expect(error.code).toBe('not-found');
    expect(error.hint).toBe('Sign in first: eks-sso login --start-url URL --region REGION --session nope');
  });
});
