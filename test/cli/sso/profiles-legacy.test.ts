// `eks-sso profiles` for a session known only from a token file the AWS CLI wrote for a legacy
// (session-less) profile, sha1(start URL).json, with no [sso-session] in the config: the
// profiles must name the start URL, and the real aws CLI must then run with them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { startSandbox, validateScenario, type SandboxHandle } from '../../../sandbox/index.js';
import { createSso, tokenFilePath } from '../../../main/core/sso/index.js';
import { sandboxContext, SMALL_ORG, type TestContext } from '../../core/sso/sandbox-context.js';
import { runEksSso } from './run-cli.js';
import { awsCliPath } from '../../helpers/aws-cli.js';
import { createCorePorts } from '../../../main/core/app/core-ports.js';
import { loadSettings } from '../../../main/core/settings.js';

const run = promisify(execFile);
const aws = awsCliPath;

let sandbox: SandboxHandle;
let current: TestContext;

beforeAll(async () => {
  sandbox = await startSandbox(validateScenario(SMALL_ORG), { autoApprove: 'alice@example.com', autoApproveDelayMs: 20 });
  current = await sandboxContext(sandbox.env, { extraEnv: { PATH: process.env.PATH ?? '', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } });
});
afterAll(async () => {
  await sandbox?.close();
  await current?.cleanup();
});

describe('eks-sso profiles for a legacy sign-in', () => {
  beforeAll(async () => {
    // A real token from the sandbox, then laid out as `aws sso login` does for a legacy profile.
    await createSso(current.context).login({ session: 'temporary', startUrl: sandbox.startUrl, region: sandbox.region, openBrowser: false });
    await rename(tokenFilePath(current.env, 'temporary'), tokenFilePath(current.env, sandbox.startUrl));
  }, 90_000);

  it('writes sso_start_url/sso_region profiles that the aws CLI can use', { timeout: 90_000 }, async () => {
    const configFile = path.join(current.home, '.aws', 'config');
    await writeFile(configFile, '[default]\ncli_follow_urlparam = false\n');

    const result = await runEksSso(['profiles', '--template', '{account}.{role}'], current.env);
    expect(result.code, result.err).toBe(0);
    const config = await readFile(configFile, 'utf8');
    expect(config).not.toContain('sso_session');
    expect(config).toContain(
      `[profile platform.AdministratorAccess]\nsso_start_url = ${sandbox.startUrl}\nsso_region = eu-west-1\nsso_account_id = 111111111111\nsso_role_name = AdministratorAccess\nregion = eu-west-1\n`,
    );
    if (!aws) return; // skipped with a line by the shared lookup; CI=true fails there instead
    const { stdout } = await run(aws, ['sts', 'get-caller-identity', '--profile', 'platform.AdministratorAccess', '--output', 'json'], {
      env: current.env,
      timeout: 60_000,
    });
    expect((JSON.parse(stdout) as { Account: string }).Account).toBe('111111111111');
  });

  it('the app exports the same profiles for it', { timeout: 90_000 }, async () => {
    const configFile = path.join(current.home, '.aws', 'config');
    await writeFile(configFile, '[default]\ncli_follow_urlparam = false\n');
    const settings = { ...(await loadSettings(current.env)), profileTemplate: '{account}.{role}' };
    const result = await createCorePorts(current.context).exportProfiles(settings);
    expect(result.written).toContain('platform.AdministratorAccess');
    const config = await readFile(configFile, 'utf8');
    expect(config).not.toContain('sso_session');
    expect(config).toContain(`[profile platform.AdministratorAccess]\nsso_start_url = ${sandbox.startUrl}\nsso_region = eu-west-1\n`);
  });
});
