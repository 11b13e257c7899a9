import type { CliContext, Command } from './command.js';
import { commands, summaries } from './registry.js';
import { CoreError, isCoreError } from '../core/errors.js';

/** The command list: `name  summary`, from the registry's table (no command module is loaded). */
function usage(): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  const lines = Object.keys(commands)
    .sort()
    .map((name) => `  ${name.padEnd(width)}  ${summaries[name] ?? ''}`.trimEnd());
  return ['usage: eks-sso <command> [options]', '', 'commands:', ...lines, '', 'Run `eks-sso <command> --help` for its options.', ''].join('\n');
}

/** Runs one command line; returns the exit code. Failures print one line on stderr, never a stack. */
export async function runCli(context: CliContext, registry: Record<string, () => Promise<{ default: Command }>> = commands): Promise<number> {
  const [name, ...rest] = context.argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    context.stdout.write(usage());
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') return runCli({ ...context, argv: ['version'] }, registry);
  const load = registry[name];
  if (!load) {
    context.stderr.write(`eks-sso: unknown command "${name}". Run \`eks-sso --help\` to list the commands.\n`);
    return 2;
  }
  const verbose = rest.includes('--verbose');
  try {
    const command = (await load()).default;
    if (rest.includes('--help') || rest.includes('-h')) {
      context.stdout.write(`usage: ${command.usage}\n\n${command.summary}\n`);
      return 0;
    }
    return await command.run({ ...context, argv: rest });
  } catch (error) {
    if (isCoreError(error)) {
      context.stderr.write(`eks-sso: ${error.toLine()}\n`);
      return error.code === 'usage' ? 2 : 1;
    }
    const message = error instanceof Error ? error.message : String(error);
    context.stderr.write(`eks-sso: unexpected error: ${message}. Run again with --verbose for details.\n`);
    if (verbose && error instanceof Error && error.stack) context.stderr.write(`${error.stack}\n`);
    return 1;
  }
}

export { CoreError };
