// What every `eks-sso` sub-command looks like. Commands get their side effects (outputs,
// environment) through CliContext so tests can run them in-process.
import type { Output } from './output.js';

export interface CliContext {
  argv: string[];
  env: NodeJS.ProcessEnv;
  stdout: Output;
  stderr: Output;
  /** Resolves when the user interrupts (Ctrl-C) or the process is asked to stop. */
  signal: AbortSignal;
}

export interface Command {
  summary: string;
  usage: string;
  /** Returns the process exit code. Throw CoreError for failures a person should read. */
  run(context: CliContext): Promise<number>;
}
