// `eks-sso --help` lists every command with its one-line summary, from the registry's table,
// without loading any command module (each is loaded only when run).
import { afterEach, describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { runCli } from '../../main/cli/run.js';
import { commands, summaries } from '../../main/cli/registry.js';

async function help(): Promise<{ code: number; out: string }> {
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (chunk) => (out += chunk));
  const code = await runCli({ argv: ['--help'], env: {}, stdout, stderr: new PassThrough(), signal: new AbortController().signal });
  return { code, out };
}

const loaders = { ...commands };

afterEach(() => {
  Object.assign(commands, loaders);
});

describe('eks-sso --help', () => {
  it('has a one-line summary for every command, and none for a command that does not exist', () => {
    expect(Object.keys(summaries).sort()).toEqual(Object.keys(commands).sort());
    for (const [name, summary] of Object.entries(summaries)) {
      expect(summary, name).toMatch(/^[A-Z]\S.*\S$/);
      expect(summary, name).not.toContain('\n');
      // One terminal line with the indent and the longest name.
      expect(summary.length, name).toBeLessThanOrEqual(76);
    }
  });

  it('prints `name  summary` per command, names aligned, no trailing spaces', async () => {
    const { code, out } = await help();
    expect(code).toBe(0);
    const width = Math.max(...Object.keys(commands).map((name) => name.length));
    const listed = out.split('\n').filter((line) => /^ {2}\S/.test(line));
    expect(listed).toEqual(
      Object.keys(commands)
        .sort()
        .map((name) => `  ${name.padEnd(width)}  ${summaries[name]}`),
    );
    expect(out.split('\n').filter((line) => line !== line.trimEnd())).toEqual([]);
  });

  it('loads no command module', async () => {
    const loaded: string[] = [];
    for (const name of Object.keys(commands)) {
      const load = loaders[name]!;
      commands[name] = () => {
        loaded.push(name);
        return load();
      };
    }
    await help();
    expect(loaded).toEqual([]);
  });
});
