// Runs `eks-sso …` in-process with captured streams and an injected environment.
import { PassThrough } from 'node:stream';
import { runCli } from '../../../main/cli/run.js';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export async function runEksSso(argv: string[], env: NodeJS.ProcessEnv, options: { signal?: AbortSignal; isTTY?: boolean; onStderr?: (soFar: string) => void } = {}): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = Object.assign(new PassThrough(), { isTTY: options.isTTY ?? false });
  let out = '';
  let err = '';
  stdout.on('data', (chunk) => (out += chunk));
  stderr.on('data', (chunk) => {
    err += chunk;
    options.onStderr?.(err);
  });
  const code = await runCli({ argv, env, stdout, stderr, signal: options.signal ?? new AbortController().signal });
  return { code, out, err };
}
