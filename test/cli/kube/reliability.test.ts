// One kubeconfig, many writers: eks-sso kubeconfig, eks-sso use and kubectl config set-context
// running at once lose no entry (kubectl honours `<file>.lock`, so do we), and a writer killed
// with SIGKILL in the middle of a write leaves the old file or the new one, never a torn one.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { spawn } from 'node:child_process';
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parse, stringify } from 'yaml';
import { DEMO_SCENARIO_PATH, startSandbox, type SandboxHandle } from '../../../sandbox/index.js';
import { cliPath, eksSso, ensureCli, kubectl, kubectlPath, signIn, temporaryHome } from './kube-env.js';

// Real processes (node, kubectl, aws) on a shared 2-core machine: allow for slow starts.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

const FIXTURE = new URL('../../core/kubeconfig/fixtures/kubeconfig-from-aws-eks-update-kubeconfig.yaml', import.meta.url);
const REGIONS = ['--regions', 'eu-west-1,us-east-1'];
/** Contexts per `eks-sso kubeconfig` run of the demo organisation (see interop.test.ts). */
const OURS_PER_RUN = 10;

let sandbox: SandboxHandle;
let home: string;
let env: NodeJS.ProcessEnv;
let kubeconfig: string;

interface Named {
  name: string;
}
interface Parsed {
  clusters: Named[];
  contexts: Named[];
  users: Named[];
  'current-context': string;
}

beforeAll(async () => {
  ensureCli();
  sandbox = await startSandbox(await readFile(DEMO_SCENARIO_PATH, 'utf8'));
  ({ home, env } = await temporaryHome(sandbox));
  kubeconfig = env.KUBECONFIG!;
  await mkdir(path.dirname(kubeconfig), { recursive: true });
  await signIn(sandbox, env, 'demo', 'demo@example.com');
  // Warm the accounts and clusters caches: the runs below then work from them.
  const warm = await eksSso(['kubeconfig', ...REGIONS, '--file', path.join(home, 'warm-up')], env);
  expect(warm.code).toBe(0);
}, 120_000);
afterAll(async () => {
  await sandbox?.close();
  if (home) await rm(home, { recursive: true, force: true });
});

/** Lock files and temp files: nothing of the kind may stay behind. */
function leftovers(names: string[]): string[] {
  return names.filter((name) => name.endsWith('.lock') || name.endsWith('.tmp'));
}

/** kubectl fails at once when the lock is held (client-go does not wait): retry like a script would. */
async function kubectlUntilDone(args: string[]): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const result = await kubectl(args, env);
    if (result.code === 0) return;
    if (!/\.lock: file exists/.test(result.stderr)) throw new Error(`kubectl ${args.join(' ')}: ${result.stderr}`);
    await sleep(150 + Math.random() * 350);
  }
  throw new Error(`kubectl ${args.join(' ')} never got the lock`);
}

describe.skipIf(!kubectlPath)('concurrent writers', () => {
  it('20 processes (eks-sso kubeconfig, eks-sso use, kubectl set-context) lose no entry', async () => {
    await copyFile(FIXTURE, kubeconfig);
    const first = await eksSso(['kubeconfig', ...REGIONS], env);
    expect(first.code).toBe(0);
    const ours = (parse(await readFile(kubeconfig, 'utf8')) as Parsed).contexts.map((entry) => entry.name).filter((name) => !name.includes(':') && name !== 'web-admin');
    expect(ours).toHaveLength(OURS_PER_RUN);

    const writers = Array.from({ length: 7 }, (_, index) => `{account}/{role}/{cluster}/writer-${index}`);
    const kubectlContexts = Array.from({ length: 7 }, (_, index) => `kubectl-${index}`);
    const switches = ours.slice(0, 6);
    const jobs = [
      ...writers.map(async (template) => {
        const result = await eksSso(['kubeconfig', ...REGIONS, '--context-template', template], env, 200_000);
        expect(result.stderr).toBe('');
        expect(result.code).toBe(0);
      }),
      ...switches.map(async (name) => {
        const result = await eksSso(['use', name], env, 200_000);
        expect(result.stderr).toBe('');
        expect(result.code).toBe(0);
      }),
      // client-go reads the file before it takes the lock, so two kubectl processes at once can
      // drop each other's entries (seen here with kubectl alone): kubectl runs one at a time,
      // side by side with every eks-sso process.
      (async () => {
        for (const name of kubectlContexts) await kubectlUntilDone(['config', 'set-context', name, '--cluster=web-cluster', '--user=web-admin-user', '--namespace=default']);
      })(),
    ];
    expect(writers.length + switches.length + kubectlContexts.length).toBe(20);
    await Promise.all(jobs);

    const text = await readFile(kubeconfig, 'utf8');
    const after = parse(text) as Parsed;
    const names = after.contexts.map((entry) => entry.name);
    for (const name of ['web-admin', 'arn:aws:eks:eu-west-1:123456789012:cluster/payments', ...ours, ...kubectlContexts]) expect(names).toContain(name);
    for (const template of writers) {
      const suffix = template.slice(template.lastIndexOf('/'));
      expect(names.filter((name) => name.endsWith(suffix))).toHaveLength(OURS_PER_RUN);
    }
    expect(new Set(names).size).toBe(names.length);
    expect(switches).toContain(after['current-context']);
    // Every context still points at entries that exist.
    const clusters = new Set(after.clusters.map((entry) => entry.name));
    const users = new Set(after.users.map((entry) => entry.name));
    for (const entry of after.contexts as Array<Named & { context: { cluster: string; user: string } }>) {
      if (entry.name.startsWith('kubectl-')) continue;
      expect(clusters.has(entry.context.cluster)).toBe(true);
      expect(users.has(entry.context.user)).toBe(true);
    }
    // kubectl reads it too.
    const view = await kubectl(['config', 'get-contexts', '-o', 'name'], env);
    expect(view.code).toBe(0);
    expect(view.stdout.trim().split('\n').sort()).toEqual([...names].sort());
    expect(leftovers(await readdir(path.dirname(kubeconfig)))).toEqual([]);
  }, 240_000);
});

describe('a writer killed with SIGKILL', () => {
  it('leaves the old file or the new one, never a torn one', async () => {
    // A large file, so that writes take long enough to be interrupted.
    const foreign = {
      apiVersion: 'v1',
      kind: 'Config',
      preferences: {},
      'current-context': 'foreign-0',
      clusters: Array.from({ length: 800 }, (_, index) => ({ name: `foreign-${index}`, cluster: { server: `https://foreign-${index}.example.test`, 'certificate-authority-data': 'Q0EtREFUQQ=='.repeat(40) } })),
      contexts: Array.from({ length: 800 }, (_, index) => ({ name: `foreign-${index}`, context: { cluster: `foreign-${index}`, user: `foreign-${index}` } })),
      users: Array.from({ length: 800 }, (_, index) => ({ name: `foreign-${index}`, user: { token: `not-a-secret-${index}` } })),
    };
    const initial = stringify(foreign);
    const templates = ['{account}/{role}/{cluster}/a', '{account}/{role}/{cluster}/b'];
    const run = (template: string) => ['kubeconfig', ...REGIONS, '--prune', '--context-template', template];

    // The two states a complete write can produce, whatever came before.
    await writeFile(kubeconfig, initial);
    const states = new Set<string>([initial]);
    for (const template of [...templates, ...templates]) {
      expect((await eksSso(run(template), env)).code).toBe(0);
      states.add(await readFile(kubeconfig, 'utf8'));
    }
    expect(states.size).toBe(3);

    const folder = path.dirname(kubeconfig);
    let killedMidWrite = 0;
    for (let round = 0; round < 6; round += 1) {
      const child = spawn(process.execPath, [cliPath, ...run(templates[round % 2]!)], { env, stdio: 'ignore' });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      if (round % 2 === 0) {
        // Wait for the temp file of the write itself to appear, then kill.
        for (;;) {
          const names = await readdir(folder);
          if (names.some((name) => name.startsWith('.config.') && name.endsWith('.tmp') && !name.includes('eks-sso.bak'))) {
            child.kill('SIGKILL');
            killedMidWrite += 1;
            break;
          }
          if (child.exitCode !== null) break;
          await new Promise((resolve) => setImmediate(resolve));
        }
      } else {
        await sleep(300 + Math.random() * 1200);
        child.kill('SIGKILL');
      }
      await exited;
      const text = await readFile(kubeconfig, 'utf8');
      expect(states.has(text)).toBe(true);
      expect(() => parse(text)).not.toThrow();
    }
    expect(killedMidWrite).toBeGreaterThan(0);

    // The next writer takes over the dead writer's lock and clears its temp files.
    const next = await eksSso(run(templates[0]!), env);
    expect(next.stderr).toBe('');
    expect(next.code).toBe(0);
    expect(states.has(await readFile(kubeconfig, 'utf8'))).toBe(true);
    expect(leftovers(await readdir(folder))).toEqual([]);
  }, 240_000);
});
