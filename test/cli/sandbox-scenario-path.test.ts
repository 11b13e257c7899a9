// `eks-sso sandbox` names the scenario file it could not find, the default one included, in
// one line on stderr.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../main/cli/run.js';
import { distDir, repoRoot } from '../helpers/repo.js';

async function run(argv: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let err = '';
  stderr.on('data', (chunk) => (err += chunk));
  const code = await runCli({ argv, env: {}, stdout, stderr, signal: AbortSignal.abort() });
  return { code, err };
}

let folder: string;

beforeAll(async () => {
  // `npm test` builds first; a targeted run builds the CLI bundle once if it is missing.
  if (!existsSync(path.join(distDir, 'cli', 'eks-sso.js'))) execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'build.js'), 'cli'], { cwd: repoRoot, stdio: 'ignore' });
  folder = await mkdtemp(path.join(tmpdir(), 'eks-sso-scenario-path-'));
}, 120_000);

afterAll(async () => {
  if (folder) await rm(folder, { recursive: true, force: true });
});

describe('eks-sso sandbox: a missing scenario file', () => {
  it('names the --scenario file and exits 1', async () => {
    const missing = path.join(folder, 'no-such', 'org.yaml');
    const { code, err } = await run(['sandbox', '--scenario', missing]);
    expect(code).toBe(1);
    expect(err).toBe(`eks-sso: no scenario file at ${missing}. Check the --scenario path\n`);
  });

  it('names the default scenario file when the CLI was installed without it', async () => {
    // A copy of the built CLI, far from the repository, without its scenarios/ folder.
    const copy = path.join(folder, 'dist');
    await cp(path.join(distDir, 'cli'), path.join(copy, 'cli'), { recursive: true, filter: (source) => path.basename(source) !== 'scenarios' });
    await cp(path.join(distDir, 'package.json'), path.join(copy, 'package.json'));
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = execFile(process.execPath, [path.join(copy, 'cli', 'eks-sso.js'), 'sandbox'], { cwd: folder, env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } }, (_error, _stdout, stderr) =>
        resolve({ code: child.exitCode, stderr }),
      );
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(new RegExp(`^eks-sso: no scenario file at ${folder.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\S*demo\\.yaml\\. `));
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });
});
