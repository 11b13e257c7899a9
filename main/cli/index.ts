// The `eks-sso` command line. Each command lives in its own module and is loaded only when
// invoked, so `eks-sso token` (run by kubectl on every call) does not pay for the others.
import { descriptorOutput } from './output.js';
import { runCli } from './run.js';

const controller = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => controller.abort(new Error(`received ${signal}`)));
}

const code = await runCli({
  argv: process.argv.slice(2),
  env: process.env,
  stdout: descriptorOutput(1, () => process.stdout),
  stderr: descriptorOutput(2, () => process.stderr),
  signal: controller.signal,
});
process.exitCode = code;
