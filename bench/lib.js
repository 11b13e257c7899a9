// What the bench scripts share: a sandbox started as the real `eks-sso sandbox` process, and
// the table each prints.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

/**
 * Starts `eks-sso sandbox <args>` writing its state to `stateFile`, and waits for that file.
 * Returns the sandbox's state (env, startUrl, region…) and `stop()`.
 */
export async function startSandboxCli(cli, args, { env, stateFile, timeoutMs = 60_000 }) {
  const child = spawn(process.execPath, [cli, 'sandbox', ...args, '--state-file', stateFile], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('close', resolve));
  };
  try {
    for (let waited = 0; ; waited += 100) {
      if (existsSync(stateFile)) return { state: JSON.parse(await readFile(stateFile, 'utf8')), stop };
      if (child.exitCode !== null) throw new Error(`eks-sso sandbox exited with ${child.exitCode}`);
      if (waited > timeoutMs) throw new Error(`the sandbox did not start within ${timeoutMs / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Prints `rows` under `header` in aligned columns, a line of dashes between. */
export function printTable(header, rows) {
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => String(row[column] ?? '').length)));
  const line = (row) => row.map((cell, column) => String(cell ?? '').padEnd(widths[column])).join('  ').trimEnd();
  console.log(line(header));
  console.log(line(widths.map((width) => '-'.repeat(width))));
  for (const row of rows) console.log(line(row));
}
