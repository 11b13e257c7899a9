// Runs `eks-sso …` in-process with an environment, capturing stdout and stderr.
import { PassThrough } from 'node:stream';
import { runCli } from '../../../main/cli/run.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runEksSso(env: Record<string, string>, argv: string[]): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await runCli({ argv, env: { ...env, PATH: process.env.PATH ?? '' }, stdout, stderr, signal: new AbortController().signal });
  return { code, stdout: out, stderr: err };
}
