// `eks-sso sandbox`: a local stand-in for IAM Identity Center, STS, IAM, EKS and the clusters,
// for trying the product (or the aws CLI, or kubectl) without an AWS organisation. Prints the
// variables that point AWS tools at it; runs until Ctrl-C or SIGTERM.
import { parseArgs } from 'node:util';
import path from 'node:path';
import type { Command } from '../command.js';
import { CoreError } from '../../core/errors.js';
import { DEMO_SCENARIO_PATH, GenerateSpecError, ScenarioError, generateScenario, loadScenarioFile, startSandbox } from '../../../sandbox/index.js';
import type { RequestLogEntry, Scenario } from '../../../sandbox/index.js';

const usage = 'eks-sso sandbox [--scenario FILE] [--generate SPEC] [--port N] [--state-file PATH] [--auto-approve[=USER]] [--json] [--verbose]';

/** `--auto-approve` may stand alone or carry a user; parseArgs has no optional values, so give it an empty one. */
function normaliseArgv(argv: string[]): string[] {
  return argv.map((argument) => (argument === '--auto-approve' ? '--auto-approve=' : argument));
}

function parsePort(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65530) throw new CoreError('usage', `--port must be a port number from 1 to 65530, not "${text}"`, { hint: 'The sandbox uses this port and the five after it' });
  return port;
}

async function loadScenario(file: string | undefined, spec: string | undefined): Promise<{ scenario: Scenario; source: string }> {
  if (file && spec) throw new CoreError('usage', 'give --scenario or --generate, not both', { hint: `Usage: ${usage}` });
  const chosen = file ?? DEMO_SCENARIO_PATH;
  try {
    if (spec) return { scenario: generateScenario(spec), source: `generated (${spec})` };
    return { scenario: await loadScenarioFile(chosen), source: path.basename(chosen) };
  } catch (error) {
    if (error instanceof ScenarioError || error instanceof GenerateSpecError) throw new CoreError('invalid-input', error.message, { hint: 'Fix the scenario and start again' });
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new CoreError('not-found', `no scenario file at ${chosen}`, { hint: file ? 'Check the --scenario path' : 'The demo scenario ships with the CLI: reinstall, or give --scenario FILE' });
    throw error;
  }
}

function waitForStop(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

const command: Command = {
  summary: 'Run a local IAM Identity Center, STS, IAM, EKS and cluster API servers from a scenario (default: the demo organisation). Prints the exports for AWS tools; Ctrl-C stops it.',
  usage,
  async run(cli) {
    let values;
    try {
      values = parseArgs({
        args: normaliseArgv(cli.argv),
        options: {
          scenario: { type: 'string' },
          generate: { type: 'string' },
          port: { type: 'string' },
          'state-file': { type: 'string' },
          'auto-approve': { type: 'string' },
          json: { type: 'boolean' },
          verbose: { type: 'boolean' },
        },
        strict: true,
        allowPositionals: false,
      }).values;
    } catch (error) {
      throw new CoreError('usage', error instanceof Error ? error.message.replace(/\.$/, '') : String(error), { hint: `Usage: ${usage}` });
    }
    const { scenario, source } = await loadScenario(values.scenario, values.generate);
    const port = parsePort(values.port);
    const autoApprove = values['auto-approve'] === undefined ? false : values['auto-approve'] === '' ? true : values['auto-approve'];
    if (typeof autoApprove === 'string' && !scenario.users.some((user) => user.name === autoApprove)) {
      throw new CoreError('invalid-input', `--auto-approve: the scenario has no user "${autoApprove}"`, { hint: `Users: ${scenario.users.map((user) => user.name).join(', ')}` });
    }
    const stateFile = values['state-file'] ? path.resolve(values['state-file']) : undefined;
    let sandbox;
    try {
      const verbose = values.verbose === true;
      sandbox = await startSandbox(scenario, {
        ...(port ? { port } : {}),
        autoApprove,
        ...(stateFile ? { stateFile } : {}),
        onUnexpectedError: (error) => cli.stderr.write(`eks-sso: sandbox: internal error answered as 5xx: ${error instanceof Error ? error.message : String(error)}\n`),
        ...(verbose
          ? {
              onRequest: (entry: RequestLogEntry) =>
                cli.stderr.write(`eks-sso: sandbox: ${entry.service} ${entry.operation} ${entry.status}${entry.error ? ` ${entry.error}` : ''} ${entry.durationMs} ms${entry.user ? ` (${entry.user})` : ''}\n`),
            }
          : {}),
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
        throw new CoreError('invalid-input', `port ${port} (or one of the five after it) is already in use`, { hint: 'Choose another --port, or leave it out for random free ports' });
      }
      throw error;
    }
    try {
      if (values.json) {
        cli.stdout.write(`${JSON.stringify({ startUrl: sandbox.startUrl, region: sandbox.region, env: sandbox.env, adminUrl: sandbox.adminUrl })}\n`);
      } else {
        const accounts = scenario.accounts.length;
        const lines = [
          `# EKS SSO sandbox: ${accounts} account${accounts === 1 ? '' : 's'}, ${scenario.clusters.length} cluster${scenario.clusters.length === 1 ? '' : 's'} from ${source}.`,
          '# Paste these lines into a shell to point the aws CLI and SDKs at it:',
          ...Object.entries(sandbox.env).map(([name, value]) => `export ${name}=${value}`),
          `# Start URL: ${sandbox.startUrl}`,
          `# Region:    ${sandbox.region}`,
          `# Admin API: ${sandbox.adminUrl}`,
          autoApprove ? `# Sign-ins are approved automatically as ${autoApprove === true ? scenario.users[0]?.name : autoApprove}.` : '# Approve sign-ins on the verification page each one opens.',
          ...(stateFile ? [`# State file: ${stateFile}`] : []),
          '# Press Ctrl-C to stop.',
        ];
        cli.stdout.write(`${lines.join('\n')}\n`);
      }
      await waitForStop(cli.signal);
    } finally {
      await sandbox.close();
    }
    if (!values.json) cli.stderr.write('eks-sso: sandbox stopped\n');
    return 0;
  },
};

export default command;
