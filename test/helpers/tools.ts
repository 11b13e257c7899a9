// Finding the real clients the interop tests drive, written by nobody here (kubectl.ts,
// aws-cli.ts: one module each, so a test file fails only for the tool it uses). With CI=true a
// missing one fails the run (.ci/run checks for them first); elsewhere the tests that need it
// are skipped with one line saying how to get it.
import { existsSync } from 'node:fs';
import path from 'node:path';

export function onPath(name: string): string | null {
  for (const folder of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(folder, name);
    if (folder && existsSync(candidate)) return candidate;
  }
  return null;
}

export function missing(what: string, install: string): null {
  if (process.env.CI) throw new Error(`${what} is missing (CI=true): ${install}.`);
  console.warn(`Skipping the tests that need ${what}: ${install}.`);
  return null;
}
