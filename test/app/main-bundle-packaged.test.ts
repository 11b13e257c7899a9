// The built main bundle as a packaged app (the stand-in reports app.isPackaged and an
// app.asar path), signed in against the sandbox through IPC: the kubeconfig the APP writes
// runs the app's own binary as Node on the unpacked CLI — and kubectl gets nodes with it.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { distDir } from '../helpers/repo.js';
import { DEMO_SCENARIO_PATH, startSandbox, type SandboxHandle } from '../../sandbox/index.js';
import { demoEnvironment } from '../../main/cli/commands/demo.js';
import { operationChannel } from '../../main/app/ipc-channels.js';
import { kubectl, kubectlPath } from '../cli/kube/kube-env.js';
import { bootMainBundle, type BootedMainBundle } from './boot-main-bundle.js';

// A sign-in, discovery and real processes on a shared 2-core machine: allow for slow starts.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

interface ExecConfig {
  command: string;
  args: string[];
  env?: { name: string; value: string }[];
}
interface Kubeconfig {
  contexts: { name: string; context: { user: string } }[];
  users: { name: string; user: { exec?: ExecConfig } }[];
}

describe('the packaged app writes its own binary into kubeconfig', () => {
  let sandbox: SandboxHandle;
  let home: string;
  let env: NodeJS.ProcessEnv;
  let app: BootedMainBundle;
  /** Where a Linux install keeps the app: …/resources/app.asar, the CLI unpacked beside it. */
  let appPath: string;

  beforeAll(async () => {
    sandbox = await startSandbox(await readFile(DEMO_SCENARIO_PATH, 'utf8'), { autoApprove: true });
    home = await mkdtemp(path.join(os.tmpdir(), 'eks-sso-packaged-'));
    appPath = path.join(home, 'opt', 'EKS SSO', 'resources', 'app.asar');
    // electron-builder's asarUnpack puts dist/cli (and dist/package.json) there as plain files.
    await mkdir(`${appPath}.unpacked`, { recursive: true });
    await symlink(distDir, path.join(`${appPath}.unpacked`, 'dist'));
    env = demoEnvironment({ PATH: process.env.PATH }, home, sandbox.env);
    app = await bootMainBundle({ ...env, ELECTRON_STAND_IN_APP_PATH: appPath });
  });

  afterAll(async () => {
    app?.close();
    await sandbox?.close();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it('signs in, and every context runs execPath with ELECTRON_RUN_AS_NODE on app.asar.unpacked/dist/cli/eks-sso.js', async () => {
    const signedIn = await app.invoke(operationChannel('signIn'), { startUrl: sandbox.startUrl, region: sandbox.region });
    expect(signedIn).toMatchObject({ ok: true });

    const kubeconfigFile = env.KUBECONFIG!;
    const read = async () => parse(await readFile(kubeconfigFile, 'utf8').catch(() => '')) as Kubeconfig | null;
    await expect.poll(async () => (await read())?.users?.length ?? 0, { timeout: 90_000, interval: 250 }).toBeGreaterThan(0);
    const kubeconfig = (await read())!;

    const script = path.join(`${appPath}.unpacked`, 'dist', 'cli', 'eks-sso.js');
    for (const user of kubeconfig.users) {
      const exec = user.user.exec!;
      expect(exec.command).toBe(process.execPath);
      expect(exec.args.slice(0, 2)).toEqual([script, 'token']);
      expect(exec.env).toEqual([{ name: 'ELECTRON_RUN_AS_NODE', value: '1' }]);
    }

    // The command resolves inside the install: kubectl runs it and gets nodes (cluster admin
    // through an access entry on prod-api).
    if (!kubectlPath) return;
    const prodApi = kubeconfig.contexts.find((context) => {
      const user = kubeconfig.users.find((candidate) => candidate.name === context.context.user);
      const args = user?.user.exec?.args ?? [];
      return args[args.indexOf('--cluster') + 1] === 'prod-api' && args[args.indexOf('--role') + 1]!.includes('AdministratorAccess');
    });
    expect(prodApi).toBeDefined();
    const nodes = await kubectl(['--context', prodApi!.name, 'get', 'nodes', '-o', 'name'], env);
    expect(nodes.stderr).toBe('');
    expect(nodes.code).toBe(0);
    expect(nodes.stdout).toMatch(/^node\//m);
  });
});
