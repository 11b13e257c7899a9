// Boots the built main-process bundle (dist/main/index.js, what Electron runs) in plain Node
// with the stand-in `electron` module (fixtures/electron-stand-in.mjs), and reads back what it
// printed: the tray, windows, notifications, IPC results.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { distDir, repoRoot } from '../helpers/repo.js';

interface Printed {
  kind: string;
  value: unknown;
}

export interface BootedMainBundle {
  /** Everything printed so far of one kind, in order. */
  of(kind: string): unknown[];
  stderr(): string;
  /** Calls an IPC channel as the dashboard's top frame would, and resolves with the handler's answer. */
  invoke(channel: string, input?: unknown): Promise<unknown>;
  close(): void;
}

/** Resolves once the dashboard window has loaded (the shell has started). */
export async function bootMainBundle(env: NodeJS.ProcessEnv): Promise<BootedMainBundle> {
  if (!existsSync(path.join(distDir, 'main', 'index.js'))) throw new Error('dist/ is missing: run `npm run build` first');
  const child = spawn(process.execPath, ['--import', path.join(repoRoot, 'test', 'app', 'fixtures', 'register-electron-stand-in.mjs'), path.join(distDir, 'main', 'index.js')], {
    cwd: repoRoot,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const printed: Printed[] = [];
  const waiting = new Map<number, (value: unknown) => void>();
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the main bundle exited (${code}): ${stderr}`)));
    lines.on('line', (line) => {
      const entry = JSON.parse(line) as Printed;
      printed.push(entry);
      if (entry.kind === 'result') {
        const { id, value } = entry.value as { id: number; value: unknown };
        waiting.get(id)?.(value);
        waiting.delete(id);
      }
      if (entry.kind === 'load') resolve();
    });
  });
  let nextId = 0;
  return {
    of: (kind) => printed.filter((entry) => entry.kind === kind).map((entry) => entry.value),
    stderr: () => stderr,
    invoke(channel, input) {
      const id = nextId++;
      return new Promise((resolve) => {
        waiting.set(id, resolve);
        child.stdin.write(`${JSON.stringify({ id, channel, input })}\n`);
      });
    },
    close: () => void child.kill(),
  };
}
