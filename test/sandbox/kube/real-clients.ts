// Finding and running the real clients the interop tests drive: kubectl and the aws CLI.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

function onPath(name: string): string | undefined {
  for (const folder of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(folder, name);
    if (folder && existsSync(candidate)) return candidate;
  }
  return undefined;
}

export const KUBECTL = ['/usr/bin/kubectl', '/usr/local/bin/kubectl'].find((candidate) => existsSync(candidate)) ?? onPath('kubectl');
export const AWS_CLI = onPath('aws');

if (!KUBECTL) console.warn('Skipping the kubectl interop tests: no kubectl found (on Debian: sudo apt-get install -y kubernetes-client).');
if (!AWS_CLI) console.warn('Skipping the `aws eks get-token` interop tests: no aws CLI on PATH.');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a program with exactly `env` (plus PATH), never through a shell. */
export function run(command: string, args: string[], env: Record<string, string>, timeoutMs = 60_000): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(command, args, { env: { PATH: process.env.PATH ?? '', ...env }, timeout: timeoutMs }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}
