// The sign-in commands end to end against the sandbox: `eks-sso login` approved through the
// sandbox's verification page in real Chromium, then the real aws CLI v1 using our token
// cache, `eks-sso profiles` editing a hand-written config, `accounts`, `status`, `logout`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startSandbox, validateScenario, type SandboxHandle } from '../../../sandbox/index.js';
import { chromiumPath, launchChromium } from '../../helpers/chromium.js';
import { SMALL_ORG } from '../../core/sso/sandbox-context.js';
import { runEksSso } from './run-cli.js';
import { awsCliPath } from '../../helpers/aws-cli.js';

const run = promisify(execFile);

const HAND_WRITTEN = `# written by hand, keep me
[default]
region = eu-central-1
cli_follow_urlparam = false

[profile personal]
aws_access_key_id = AKIDEXAMPLE
; comment in a profile
`;

let sandbox: SandboxHandle;
let home: string;
let env: NodeJS.ProcessEnv;
let configFile: string;

beforeAll(async () => {
  sandbox = await startSandbox(validateScenario(SMALL_ORG));
  home = await mkdtemp(path.join(tmpdir(), 'eks-sso-cli-'));
  configFile = path.join(home, 'aws-config');
  await writeFile(configFile, HAND_WRITTEN);
  env = {
    ...sandbox.env,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    AWS_CONFIG_FILE: configFile,
    PATH: process.env.PATH,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
});
afterAll(async () => {
  await sandbox?.close();
  await rm(home, { recursive: true, force: true });
});

describe.skipIf(!chromiumPath)('eks-sso sign-in commands', () => {
  // Chromium and the Python aws CLI start slowly on a busy machine: allow them time.
  it('signs in through the verification page in Chromium; the aws CLI then uses our cache', { timeout: 120_000 }, async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.browser.newPage();
      let approving: Promise<void> | undefined;
      const login = runEksSso(['login', '--start-url', sandbox.startUrl, '--region', sandbox.region, '--session', 'acme', '--no-browser'], env, {
        onStderr: (soFar) => {
          const url = /^\s+(http:\/\/127\.0\.0\.1:\d+\/device\?user_code=\S+)$/m.exec(soFar)?.[1];
          const code = /shows the code (\S+), then choose Allow/.exec(soFar)?.[1];
          if (!url || !code || approving) return;
          approving = (async () => {
            await page.goto(url);
            // What a careful person checks before allowing: the code and the start URL.
            expect(await page.textContent('#user-code')).toBe(code);
            expect(await page.textContent('#start-url')).toBe(sandbox.startUrl);
            await page.selectOption('#user', 'alice@example.com');
            await page.click('#allow');
            await page.waitForSelector('text=Request approved');
          })();
        },
      });
      const result = await login;
      await approving;
      expect(result.code, result.err).toBe(0);
      expect(result.err).toContain(`Signing in to ${sandbox.startUrl} (session "acme")`);
      expect(result.out).toMatch(/^Signed in to "acme" \(https:\/\/d-9067aaaaaa\.awsapps\.com\/start\); the access token is valid until /);
    } finally {
      await browser.close();
    }

    const config = await readFile(configFile, 'utf8');
    expect(config).toBe(
      `${HAND_WRITTEN}\n[sso-session acme]\nsso_start_url = ${sandbox.startUrl}\nsso_region = eu-west-1\nsso_registration_scopes = sso:account:access\n`,
    );

    const profiles = await runEksSso(['profiles', '--template', '{account}.{role}'], env);
    expect(profiles.code, profiles.err).toBe(0);
    expect(profiles.out).toMatch(/^Wrote 3 profiles to /);
    const withProfiles = await readFile(configFile, 'utf8');
    expect(withProfiles.startsWith(config)).toBe(true);
    const platformProfile = /\[profile (platform\.[^\]]*AdministratorAccess[^\]]*)\]/.exec(withProfiles)?.[1];
    expect(platformProfile).toBeDefined();
    expect(withProfiles).toContain(`[profile ${platformProfile}]\nsso_session = acme\nsso_account_id = 111111111111\nsso_role_name = `);
    // Running it again changes nothing.
    await runEksSso(['profiles', '--template', '{account}.{role}'], env);
    expect(await readFile(configFile, 'utf8')).toBe(withProfiles);

    const aws = awsCliPath;
    if (aws) {
      const { stdout } = await run(aws, ['sts', 'get-caller-identity', '--profile', platformProfile!, '--output', 'json'], { env, timeout: 60_000 });
      const identity = JSON.parse(stdout) as { Account: string; Arn: string };
      expect(identity.Account).toBe('111111111111');
      expect(identity.Arn).toMatch(/^arn:aws:sts::111111111111:assumed-role\/AWSReservedSSO_AdministratorAccess_[0-9a-f]{16}\/alice@example\.com$/);
    }
  });

  it('lists accounts, shows status without secrets, and signs out', async () => {
    const accounts = await runEksSso(['accounts', '--json', '--refresh'], env);
    expect(accounts.code, accounts.err).toBe(0);
    const listing = JSON.parse(accounts.out) as { session: string; accounts: Array<{ accountId: string; roles: string[] }> };
    expect(listing.session).toBe('acme');
    expect(listing.accounts.map((account) => [account.accountId, account.roles.length])).toEqual([
      ['222222222222', 2],
      ['111111111111', 1],
    ]);
    const table = await runEksSso(['accounts', '--refresh'], env, { isTTY: true });
    // In a terminal, one self-overwriting progress line on stderr, erased at the end.
    expect(table.err).toContain('\rListing roles of acme: 2/2 accounts (100%)');
    expect(table.err.endsWith('\r\u001b[K')).toBe(true);
    expect(accounts.err).toBe('');
    expect(table.out).toMatch(/^ACCOUNT\s+NAME\s+ROLES\n222222222222\s+payments\s+AWSReservedSSO_AdministratorAccess|^ACCOUNT\s+NAME\s+ROLES\n222222222222\s+payments\s+AdministratorAccess/);

    const tokenFile = path.join(home, '.aws', 'sso', 'cache', `${(await import('node:crypto')).createHash('sha1').update('acme').digest('hex')}.json`);
    const token = JSON.parse(await readFile(tokenFile, 'utf8')) as Record<string, string>;
    const status = await runEksSso(['status', '--json'], env);
    expect(status.code).toBe(0);
    for (const secret of [token.accessToken, token.refreshToken, token.clientSecret]) expect(status.out).not.toContain(secret);
    expect((JSON.parse(status.out) as { sessions: Array<{ name: string; status: string }> }).sessions).toEqual([expect.objectContaining({ name: 'acme', status: 'signed-in' })]);

    const logout = await runEksSso(['logout'], env);
    expect(logout.code, logout.err).toBe(0);
    expect(logout.out).toBe('Signed out of "acme".\n');
    const after = await runEksSso(['status', '--json'], env);
    expect((JSON.parse(after.out) as { sessions: Array<{ status: string }> }).sessions[0]!.status).toBe('signed-out');
    const accountsAfter = await runEksSso(['accounts', '--refresh'], env);
    expect(accountsAfter.code).toBe(1);
    expect(accountsAfter.err).toBe('eks-sso: not signed in to "acme". Sign in: eks-sso login --session acme\n');
  });
});
