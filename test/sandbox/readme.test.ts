// README.md's "Try it against the sandbox" section, held to what the sandbox does: its aws CLI
// recipe is run line by line, exactly as written, with the aws CLI v1 against the demo
// organisation, and its "Scenario files" paragraph names every field a scenario has.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startSandbox } from '../../sandbox/index.js';
import type { SandboxHandle } from '../../sandbox/index.js';
import { scenarioSchema } from '../../sandbox/scenario/schema.js';
import { repoRoot } from '../helpers/repo.js';
import { awsCliPath } from '../helpers/aws-cli.js';
import { PROD, demoYaml } from './helpers/demo.js';

const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
const section = /^## Try it against the sandbox\n([\s\S]*?)^## /m.exec(readme)?.[1] ?? '';

/** The recipe's lines, continuation lines joined, blank lines dropped. */
function recipeLines(): string[] {
  const block = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1] ?? '').find((text) => text.includes('aws sso-oidc register-client'));
  if (!block) throw new Error('README.md: no ```sh block with the aws CLI recipe under "Try it against the sandbox"');
  return block
    .replace(/\\\n\s*/g, '')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

describe('README "Scenario files"', () => {
  it('names every top-level and identityCenter field of the scenario schema', () => {
    const paragraph = /\*\*Scenario files\*\*([\s\S]*?)\n\n/.exec(section)?.[1] ?? '';
    expect(paragraph).not.toBe('');
    const fields = [...Object.keys(scenarioSchema.shape), ...Object.keys(scenarioSchema.shape.identityCenter.shape)];
    expect(fields.filter((field) => !new RegExp(`\\b${field}\\b`).test(paragraph))).toEqual([]);
  });
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

const aws = awsCliPath ?? undefined;

// Each aws invocation starts Python (a few seconds on a busy two-core machine): a generous timeout.
describe.runIf(aws !== undefined)('README aws CLI recipe, run as written', { timeout: 180_000 }, () => {
  let sandbox: SandboxHandle;
  let home: string;

  beforeAll(async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'eks-sso-readme-'));
    await mkdir(path.join(home, '.aws'), { recursive: true, mode: 0o700 });
    // Only what the README asks for: no region, no profile, no credentials file.
    await writeFile(path.join(home, '.aws', 'config'), '[default]\ncli_follow_urlparam = false\n');
    sandbox = await startSandbox(demoYaml, { clusterServers: 'lazy' });
  }, 60_000);
  afterAll(async () => {
    await sandbox?.close();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it('works line by line against the demo organisation', async () => {
    // Placeholders get what earlier lines printed; secrets go through a 0600 --cli-input-json
    // file instead of argv (the README allows them on a command line; tests do not).
    const placeholders = new Map<string, string>();
    const exported: Record<string, string> = {};
    let roleCredentials: Record<string, string> = {};
    let device: { userCode: string; verificationUriComplete: string } | undefined;
    const outputs = new Map<string, Record<string, unknown>>();
    let inputs = 0;

    const run = (args: string[]): Promise<Run> =>
      new Promise((resolve) => {
        const env = {
          PATH: process.env.PATH ?? '',
          HOME: home,
          AWS_CONFIG_FILE: path.join(home, '.aws', 'config'),
          AWS_SHARED_CREDENTIALS_FILE: path.join(home, '.aws', 'credentials'),
          ...sandbox.env,
          ...exported,
        };
        execFile(aws ?? 'aws', args, { env, timeout: 60_000 }, (error, stdout, stderr) => {
          resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
        });
      });

    const approveOnThePage = async (line: string) => {
      // A person opens the page, checks the code, picks a user and presses Allow.
      if (!device) throw new Error(`README: "${line}" comes before start-device-authorization`);
      const page = await (await fetch(device.verificationUriComplete)).text();
      expect(page).toContain(device.userCode);
      expect(page).toContain(sandbox.startUrl);
      const user = /<option value="([^"]+)"/.exec(page)?.[1] ?? '';
      const form = new URLSearchParams({ user_code: device.userCode, user, decision: 'allow' });
      const allowed = await fetch(new URL('/device', device.verificationUriComplete), { method: 'POST', body: form });
      expect(allowed.status).toBe(200);
    };

    const exportCredentials = (line: string, words: string[]) => {
      for (const assignment of words.slice(1)) {
        const name = assignment.split('=')[0] ?? '';
        const field = { AWS_ACCESS_KEY_ID: 'accessKeyId', AWS_SECRET_ACCESS_KEY: 'secretAccessKey', AWS_SESSION_TOKEN: 'sessionToken' }[name];
        const value = field ? roleCredentials[field] : undefined;
        if (!value) throw new Error(`README: "${line}" exports ${name}, which no earlier line printed`);
        exported[name] = value;
      }
    };

    const runAws = async (line: string, words: string[]) => {
      const argv: string[] = [];
      const hidden: Record<string, string> = {};
      for (let index = 1; index < words.length; index++) {
        const word = words[index] ?? '';
        const value = words[index + 1];
        if (word.startsWith('--') && value !== undefined && /^[A-Z]+$/.test(value)) {
          const known = placeholders.get(value);
          if (known === undefined) throw new Error(`README: "${line}" uses ${value}, which no earlier line printed`);
          hidden[word.slice(2).replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase())] = known;
          index++;
        } else {
          argv.push(word);
        }
      }
      if (Object.keys(hidden).length > 0) {
        const file = path.join(home, `input-${inputs++}.json`);
        await writeFile(file, JSON.stringify(hidden), { mode: 0o600 });
        argv.push('--cli-input-json', `file://${file}`);
      }
      const result = await run([...argv, '--output', 'json']);
      expect(result.code, `README line failed: ${line}\n${result.stderr}`).toBe(0);
      const output = JSON.parse(result.stdout) as Record<string, unknown>;
      const operation = `${words[1]} ${words[2]}`;
      outputs.set(operation, output);
      if (operation === 'sso-oidc register-client') {
        placeholders.set('ID', String(output.clientId));
        placeholders.set('SECRET', String(output.clientSecret));
      } else if (operation === 'sso-oidc start-device-authorization') {
        placeholders.set('CODE', String(output.deviceCode));
        device = { userCode: String(output.userCode), verificationUriComplete: String(output.verificationUriComplete) };
      } else if (operation === 'sso-oidc create-token') {
        placeholders.set('TOKEN', String(output.accessToken));
      } else if (operation === 'sso get-role-credentials') {
        roleCredentials = output.roleCredentials as Record<string, string>;
      }
    };

    // Lines that need nothing from each other run side by side (each is a Python start-up); a
    // line that uses a placeholder, a comment that is a step, and an export wait for the lines
    // before them.
    let running: Array<Promise<void>> = [];
    const settle = async () => {
      await Promise.all(running);
      running = [];
    };
    for (const line of recipeLines()) {
      if (line.startsWith('#')) {
        if (line.includes('verificationUriComplete')) {
          await settle();
          await approveOnThePage(line);
        }
        continue;
      }
      const words = line.replace(/\s+#.*$/, '').split(/\s+/);
      if (words[0] === 'export') {
        await settle();
        exportCredentials(line, words);
        continue;
      }
      expect(words[0], line).toBe('aws');
      if (words.some((word) => /^[A-Z]+$/.test(word) && !placeholders.has(word))) await settle();
      running.push(runAws(line, words));
    }
    await settle();

    // The recipe reached every service, as the demo user in the production account.
    expect(outputs.get('sso list-accounts')?.accountList).toHaveLength(3);
    expect(outputs.get('sso list-account-roles')?.roleList).toContainEqual({ roleName: 'AdministratorAccess', accountId: PROD });
    expect(outputs.get('sts get-caller-identity')).toMatchObject({ Account: PROD, Arn: expect.stringMatching(/:assumed-role\/AWSReservedSSO_AdministratorAccess_[0-9a-f]{16}\/demo@example\.com$/) });
    expect(outputs.get('eks list-clusters')?.clusters).toEqual(['prod-api']);
    expect(outputs.get('eks describe-cluster')?.cluster).toMatchObject({ name: 'prod-api', status: 'ACTIVE' });
  });
});
