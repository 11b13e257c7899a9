// The files in ~/.aws/sso/cache: a folder the AWS CLI left 0755 is made 0700 when a token goes
// in; a damaged token file is removed on sign-out only with a word about it.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chmod, mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startSandbox, validateScenario, type SandboxHandle } from '../../../sandbox/index.js';
import { createSso, tokenFilePath } from '../../../main/core/sso/index.js';
import { sandboxContext, SMALL_ORG, type TestContext } from './sandbox-context.js';

let sandbox: SandboxHandle;
let current: TestContext;

beforeAll(async () => {
  sandbox = await startSandbox(validateScenario(SMALL_ORG), { autoApprove: 'alice@example.com', autoApproveDelayMs: 20 });
});
afterAll(async () => {
  await sandbox?.close();
});
beforeEach(async () => {
  current = await sandboxContext(sandbox.env);
});
afterEach(async () => {
  await current.cleanup();
});

const signIn = () => createSso(current.context).login({ session: 'org', startUrl: sandbox.startUrl, region: sandbox.region, openBrowser: false });

describe('the SSO cache folder', () => {
  it('is tightened from 0755 (as the AWS CLI makes it) to 0700 when a token is written there', async () => {
    const cacheDir = path.join(current.home, '.aws', 'sso', 'cache');
    await mkdir(cacheDir, { recursive: true });
    await chmod(cacheDir, 0o755);
    await signIn();
    expect((await stat(cacheDir)).mode & 0o777).toBe(0o700);
    expect((await stat(tokenFilePath(current.env, 'org'))).mode & 0o777).toBe(0o600);
  });
});

describe('eks-sso logout with a damaged token file', () => {
  it('removes it and says so', async () => {
    await signIn();
    const file = tokenFilePath(current.env, 'org');
    await writeFile(file, '{"accessToken": "trunc');
    const sso = createSso(current.context);
    await sso.logout('org');
    expect(await readdir(path.dirname(file))).not.toContain(path.basename(file));
    expect(current.warnings).toContain(`removed the damaged SSO cache file ${file} (it is not valid JSON)`);
    expect((await sso.sessionStates())[0]!.status).toBe('signed-out');
  });
});
