// `eks-sso login --no-browser` prints the URL and code and opens nothing. The "browser" here is
// a script named by $BROWSER (the opener the CLI uses) that records what it was asked to open;
// a run without --no-browser shows the recording works.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSandbox, validateScenario, type SandboxHandle } from '../../../sandbox/index.js';
import { SMALL_ORG } from '../../core/sso/sandbox-context.js';
import { runEksSso } from './run-cli.js';

let sandbox: SandboxHandle;
let home: string;
let env: NodeJS.ProcessEnv;
let opened: string;

beforeAll(async () => {
  sandbox = await startSandbox(validateScenario(SMALL_ORG), { autoApprove: 'alice@example.com', autoApproveDelayMs: 20 });
  home = await mkdtemp(path.join(tmpdir(), 'eks-sso-nobrowser-'));
  opened = path.join(home, 'opened.txt');
  const browser = path.join(home, 'browser.sh');
  await writeFile(browser, `#!/bin/sh\nprintf '%s\\n' "$1" >> '${opened}'\n`, { mode: 0o755 });
  env = { ...sandbox.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), BROWSER: browser, PATH: process.env.PATH };
});
afterAll(async () => {
  await sandbox?.close();
  await rm(home, { recursive: true, force: true });
});

async function waitForFile(file: string): Promise<string> {
  for (let waited = 0; waited < 5000; waited += 50) {
    if (existsSync(file)) return readFile(file, 'utf8');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${file} never appeared`);
}

describe('eks-sso login --no-browser', () => {
  it('prints the URL and the code and opens no browser', async () => {
    const result = await runEksSso(['login', '--start-url', sandbox.startUrl, '--region', sandbox.region, '--session', 'quiet', '--no-browser'], env);
    expect(result.code, result.err).toBe(0);
    expect(result.err).toMatch(/Open this page in a browser:\n {2}http:\/\/127\.0\.0\.1:\d+\/device\?user_code=\S+\nand check that it shows the code \S+, then choose Allow\./);
    // Give a wrongly spawned opener the time it would need to leave its mark.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(existsSync(opened)).toBe(false);
  });

  it('(control) opens the verification page through $BROWSER without it', async () => {
    const result = await runEksSso(['login', '--start-url', sandbox.startUrl, '--region', sandbox.region, '--session', 'loud'], env);
    expect(result.code, result.err).toBe(0);
    expect(await waitForFile(opened)).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/device\?user_code=\S+\n$/);
  });
});
