// The lint rule checks the sources; this checks what ships: the built CLI (entry and every
// lazily loaded chunk) neither imports nor requires electron, and was bundled only from the
// plain-Node layers (its source maps name every file that went in).
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { distDir, repoRoot } from '../helpers/repo.js';

const cliDir = path.join(distDir, 'cli');

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

/** `import … from "electron"`, `import "electron"`, `import("electron")`, `require("electron")`, subpaths too. */
const LOADS_ELECTRON = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)["'`]electron(?:\/[^"'`]*)?["'`]/;

/** Where the CLI may come from: the layers the lint rule keeps free of electron. */
const PLAIN_NODE_SOURCES = ['main/core/', 'main/cli/', 'main/web/', 'main/contract.ts', 'sandbox/'];

let scripts: string[];
let maps: string[];

beforeAll(() => {
  // `npm test` builds first; a targeted run builds the CLI bundle once if it is missing.
  if (!existsSync(path.join(cliDir, 'eks-sso.js'))) execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'build.js'), 'cli'], { cwd: repoRoot, stdio: 'ignore' });
  const files = filesUnder(cliDir);
  scripts = files.filter((file) => file.endsWith('.js'));
  maps = files.filter((file) => file.endsWith('.js.map'));
});

describe('the built CLI', () => {
  it('the pattern finds every way of loading electron, and not locating its package', () => {
    for (const form of ['import{app}from"electron";', 'import"electron";', 'import("electron")', 'require("electron")', "require('electron/main')", 'import * as e from "electron/renderer"']) {
      expect(form).toMatch(LOADS_ELECTRON);
    }
    for (const form of ['createRequire(import.meta.url).resolve("electron/package.json")', 'process.versions.electron', '"Electron"']) {
      expect(form).not.toMatch(LOADS_ELECTRON);
    }
  });

  it('does not import or require electron in its entry or any chunk', () => {
    expect(scripts.length).toBeGreaterThan(5);
    const offenders = scripts.filter((file) => LOADS_ELECTRON.test(readFileSync(file, 'utf8'))).map((file) => path.relative(cliDir, file));
    expect(offenders).toEqual([]);
  });

  it('is built only from the plain-Node layers and bundles no electron package', () => {
    expect(maps.length).toBe(scripts.length);
    const sources = new Set(
      maps.flatMap((map) => (JSON.parse(readFileSync(map, 'utf8')) as { sources: string[] }).sources.map((source) => path.resolve(path.dirname(map), source))),
    );
    const ours = [...sources].filter((source) => !source.split(path.sep).includes('node_modules')).map((source) => path.relative(repoRoot, source).replaceAll('\\', '/'));
    expect(ours).toContain('main/cli/index.ts');
    expect(ours.filter((source) => !PLAIN_NODE_SOURCES.some((layer) => source.startsWith(layer)))).toEqual([]);
    expect([...sources].filter((source) => /[\\/]node_modules[\\/]electron[\\/]/.test(source))).toEqual([]);
  });
});
