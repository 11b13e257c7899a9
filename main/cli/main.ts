// What both CLI entries do with the process: outputs on the descriptors, Ctrl-C and SIGTERM as
// an abort, and the command's result as the exit code.
import type { Command } from './command.js';
import { descriptorOutput } from './output.js';
import { runCli } from './run.js';

export async function runMain(registry?: Record<string, () => Promise<{ default: Command }>>): Promise<void> {
  const controller = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => controller.abort(new Error(`received ${signal}`)));
  }
  const context = {
    argv: process.argv.slice(2),
    env: process.env,
    stdout: descriptorOutput(1, () => process.stdout),
    stderr: descriptorOutput(2, () => process.stderr),
    signal: controller.signal,
  };
  process.exitCode = await runCli(context, registry);
}
