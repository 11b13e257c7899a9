// Shared setup for the process-level kubeconfig tests: the built CLI, a temporary HOME, a
// sign-in approved through the sandbox's admin API, and helpers to run eks-sso and kubectl.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { distDir, repoRoot } from '../../helpers/repo.js';
import type { SandboxHandle } from '../../../sandbox/index.js';
import { runEksSso } from '../sso/run-cli.js';

export const cliPath = path.join(distDir, 'cli', 'eks-sso.js');

/** `npm test` builds first; a targeted run builds the CLI bundle once if it is missing. */
export function ensureCli(): string {
  if (!existsSync(cliPath)) execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'build.js'), 'cli'], { cwd: repoRoot, stdio: 'ignore' });
  return cliPath;
}

import { kubectlPath } from '../../helpers/kubectl.js';

export { kubectlPath };

export interface ProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runProcess(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<ProcessResult> {
  return new Promise((resolve) => {
    execFile(command, args, { env, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

export function eksSso(args: string[], env: NodeJS.ProcessEnv, timeoutMs?: number): Promise<ProcessResult> {
  return runProcess(process.execPath, [cliPath, ...args], env, timeoutMs);
}

export function kubectl(args: string[], env: NodeJS.ProcessEnv, timeoutMs?: number): Promise<ProcessResult> {
  if (!kubectlPath) throw new Error('kubectl is missing');
  return runProcess(kubectlPath, args, env, timeoutMs);
}

export async function temporaryHome(sandbox: SandboxHandle): Promise<{ home: string; env: NodeJS.ProcessEnv }> {
  const home = await mkdtemp(path.join(tmpdir(), 'eks-sso-kube-'));
  return {
    home,
    env: {
      ...sandbox.env,
      HOME: home,
      XDG_CONFIG_HOME: path.join(home, '.config'),
      AWS_CONFIG_FILE: path.join(home, '.aws', 'config'),
      KUBECONFIG: path.join(home, '.kube', 'config'),
      PATH: process.env.PATH,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
  };
}

/** `eks-sso login` (in-process), approved as `user` through the sandbox's admin API. */
export async function signIn(sandbox: SandboxHandle, env: NodeJS.ProcessEnv, session: string, user: string): Promise<void> {
  let approved = false;
  const result = await runEksSso(['login', '--start-url', sandbox.startUrl, '--region', sandbox.region, '--session', session, '--no-browser'], env, {
    onStderr: (soFar) => {
      const code = /shows the code (\S+), then choose Allow/.exec(soFar)?.[1];
      if (!code || approved) return;
      approved = true;
      setTimeout(() => sandbox.admin.approveDevice(code, user), 10);
    },
  });
  if (result.code !== 0) throw new Error(`login failed: ${result.err}`);
}

/**
 * The portal's name for a permission set's role. Real AWS answers the permission set name;
 * the sandbox currently answers the IAM role name (AWSReservedSSO_<set>_<suffix>): accept both.
 */
export function isRoleOf(roleName: string, permissionSet: string): boolean {
  return roleName === permissionSet || new RegExp(`^AWSReservedSSO_${permissionSet}_[0-9a-f]{16}$`).test(roleName);
}
