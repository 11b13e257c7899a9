// Finding and running the real clients the interop tests drive: kubectl and the aws CLI.
import { execFile } from 'node:child_process';
import { awsCliPath } from '../../helpers/aws-cli.js';
import { kubectlPath } from '../../helpers/kubectl.js';

export const KUBECTL = kubectlPath ?? undefined;
export const AWS_CLI = awsCliPath ?? undefined;

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
