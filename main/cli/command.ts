// What every `eks-sso` sub-command looks like. Commands get their side effects (streams,
// environment) through CliContext so tests can run them in-process.

export interface CliContext {
  argv: string[];
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  /** Resolves when the user interrupts (Ctrl-C) or the process is asked to stop. */
  signal: AbortSignal;
}

export interface Command {
  summary: string;
  usage: string;
  /** Returns the process exit code. Throw CoreError for failures a person should read. */
  run(context: CliContext): Promise<number>;
}
