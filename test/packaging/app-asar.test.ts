// Packages the built app with electron-builder (`--dir`, a stand-in Electron since no binary
// can be downloaded here) and checks what ends up inside app.asar.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, rm, writeFile, chmod, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { listPackage, extractFile } from '@electron/asar';
import { repoRoot, distDir } from '../helpers/repo.js';
import { appCliExec } from '../../main/app/cli-exec.js';

const run = promisify(execFile);

/**
 * Starts the unpacked CLI as the app's exec credential does (Node standing in for
 * Electron-as-Node), from a folder outside the repository so nothing can be found by walking
 * up into the source tree.
 */
function startCli(script: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [script, ...args], {
    cwd,
    env: { ...process.env, ...env, ELECTRON_RUN_AS_NODE: '1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

/** Resolves once `text` is on stdout; fails at once, with what it printed, if the CLI exits first. */
async function printed(cli: ReturnType<typeof startCli>, text: string): Promise<void> {
  await Promise.race([
    expect.poll(() => cli.stdout()).toContain(text),
    cli.exited.then((code) => {
      throw new Error(`the CLI exited (${code}) before printing "${text}": ${cli.stderr()}`);
    }),
  ]);
}

describe('packaged app', () => {
  let work: string;
  let entries: string[];
  let asarPath: string;
  let unpackedApp: string;

  beforeAll(async () => {
    if (!existsSync(path.join(distDir, 'main', 'index.js'))) throw new Error('dist/ is missing: run `npm run build` first');
    work = await mkdtemp(path.join(tmpdir(), 'eks-sso-package-'));
    const electronDist = path.join(work, 'electron-dist');
    await run('mkdir', ['-p', electronDist]);
    await writeFile(path.join(electronDist, 'electron'), '#!/bin/sh\nexit 0\n');
    await chmod(path.join(electronDist, 'electron'), 0o755);
    const electronVersion = JSON.parse(await readFile(path.join(repoRoot, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
    await writeFile(path.join(electronDist, 'version'), electronVersion);
    await run(
      process.execPath,
      [
        path.join(repoRoot, 'node_modules', 'electron-builder', 'cli.js'),
        '--linux',
        'dir',
        `-c.electronDist=${electronDist}`,
        `-c.directories.output=${path.join(work, 'release')}`,
        '-c.afterPack=./test/packaging/linux-icons-hook.mjs',
        '--publish',
        'never',
      ],
      { cwd: repoRoot, env: { ...process.env, CI: 'true', EKS_SSO_ICONS_REPORT: path.join(work, 'icons.json') }, maxBuffer: 16 * 1024 * 1024 },
    );
    unpackedApp = path.join(work, 'release', 'linux-unpacked');
    asarPath = path.join(unpackedApp, 'resources', 'app.asar');
    entries = listPackage(asarPath, { isPack: false }).map((entry) => entry.replaceAll('\\', '/'));
  }, 180_000);

  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('holds the main, preload, renderer and CLI bundles', () => {
    expect(entries).toContain('/dist/main/index.js');
    expect(entries).toContain('/dist/preload/index.cjs');
    expect(entries).toContain('/dist/renderer/index.html');
    expect(entries).toContain('/dist/cli/eks-sso.js');
    expect(entries).toContain('/bin/eks-sso.cjs');
    expect(entries.some((entry) => /^\/dist\/renderer\/assets\/.+\.js$/.test(entry))).toBe(true);
  });

  it('gives the app its own icon from build-resources/, not the default Electron one', async () => {
    const icons = JSON.parse(await readFile(path.join(work, 'icons.json'), 'utf8')) as { file: string; size: number }[];
    expect(icons).toEqual([{ file: path.join(repoRoot, 'build-resources', 'icon.png'), size: 512 }]);
  });

  it('points Electron at the built main bundle', () => {
    const manifest = JSON.parse(extractFile(asarPath, 'package.json').toString('utf8'));
    expect(manifest.main).toBe('dist/main/index.js');
  });

  it('ships no tests, sources, sandbox scenarios but the CLI\'s demo, source maps or node_modules', () => {
    // The one scenario that ships: the demo organisation `eks-sso sandbox` and `eks-sso demo` start.
    const shippedScenario = (entry: string) => entry === '/dist/cli/scenarios' || entry === '/dist/cli/scenarios/demo.yaml';
    expect(entries).toContain('/dist/cli/scenarios/demo.yaml');
    const forbidden = entries.filter(
      (entry) =>
        entry.startsWith('/test') ||
        entry.startsWith('/sandbox') ||
        entry.startsWith('/bench') ||
        entry.startsWith('/main') ||
        entry.startsWith('/renderer') ||
        entry.startsWith('/node_modules') ||
        entry.endsWith('.map') ||
        entry.endsWith('.ts') ||
        (/scenario/i.test(entry) && !shippedScenario(entry)),
    );
    expect(forbidden).toEqual([]);
  });

  it('unpacks the CLI beside app.asar, and the exec command the app writes resolves inside the package', async () => {
    const exec = appCliExec({ execPath: path.join(unpackedApp, 'eks-sso'), appPath: asarPath, isPackaged: true });
    expect(exec.env).toEqual({ ELECTRON_RUN_AS_NODE: '1' });
    // The stand-in Electron binary, renamed by electron-builder to the product's executable.
    expect(existsSync(exec.command)).toBe(true);
    const script = exec.args[0]!;
    expect(script).toBe(path.join(unpackedApp, 'resources', 'app.asar.unpacked', 'dist', 'cli', 'eks-sso.js'));
    expect(existsSync(script)).toBe(true);
    expect(existsSync(path.join(unpackedApp, 'resources', 'app.asar.unpacked', 'dist', 'package.json'))).toBe(true);
    // The main bundle stays in the archive; the manifest there marks it ESM as well, whatever
    // Electron makes of the unpacked dist/package.json.
    expect(JSON.parse(extractFile(asarPath, 'package.json').toString('utf8')).type).toBe('module');
    // Outside the archive the script must run on its own: its chunks and the package.json that
    // makes it ESM are beside it. Node stands in for Electron-as-Node here, which is the same
    // runtime with the same module loader.
    const { stdout } = await run(process.execPath, [script, '--version'], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
    const version = JSON.parse(await readFile(path.join(repoRoot, 'package.json'), 'utf8')).version;
    expect(stdout).toContain(version);
  });
  it('runs `eks-sso sandbox` from the unpacked CLI with the demo scenario that ships beside it', async () => {
    const script = path.join(unpackedApp, 'resources', 'app.asar.unpacked', 'dist', 'cli', 'eks-sso.js');
    const shipped = path.join(path.dirname(script), 'scenarios', 'demo.yaml');
    expect(await readFile(shipped, 'utf8')).toBe(await readFile(path.join(repoRoot, 'sandbox', 'scenarios', 'demo.yaml'), 'utf8'));
    const stateFile = path.join(work, 'sandbox-state.json');
    const cli = startCli(script, ['sandbox', '--state-file', stateFile], work);
    try {
      await printed(cli, 'Press Ctrl-C to stop');
      expect(cli.stdout()).toContain('from demo.yaml');
      const state = JSON.parse(await readFile(stateFile, 'utf8')) as { adminUrl: string; region: string };
      expect(state.region).toBe('eu-west-1');
      expect((await fetch(state.adminUrl)).status).toBe(200);
      cli.child.kill('SIGTERM');
      expect(await cli.exited).toBe(0);
      expect(cli.stderr()).toBe('eks-sso: sandbox stopped\n');
    } finally {
      if (cli.child.exitCode === null) cli.child.kill('SIGKILL');
    }
  });

  it('runs `eks-sso demo --web` from the unpacked CLI: the sandbox and the dashboard, served from the package', async () => {
    const script = path.join(unpackedApp, 'resources', 'app.asar.unpacked', 'dist', 'cli', 'eks-sso.js');
    const cli = startCli(script, ['demo', '--web'], work);
    try {
      await printed(cli, 'Press Ctrl-C to stop');
      const dashboard = /Dashboard: +(\S+)/.exec(cli.stdout())?.[1];
      expect(dashboard).toBeDefined();
      const page = await fetch(dashboard!);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<script type="module"');
      cli.child.kill('SIGTERM');
      expect(await cli.exited).toBe(0);
    } finally {
      if (cli.child.exitCode === null) cli.child.kill('SIGKILL');
    }
  });
});
