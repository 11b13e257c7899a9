// Boots the built main-process bundle (dist/main/index.js, what Electron runs) in plain Node
// with a stand-in `electron` module: the real entry wires the real core, controller and shell
// together, and the tray shows the state of a fresh, signed-out home folder.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { distDir, repoRoot } from '../helpers/repo.js';
import { OPERATION_NAMES, STATE_REQUEST_CHANNEL, operationChannel } from '../../main/app/ipc-channels.js';

interface Printed {
  kind: string;
  value: unknown;
}

describe('the built main bundle', () => {
  let home: string;
  let child: ChildProcess;
  const printed: Printed[] = [];
  let stderr = '';

  beforeAll(async () => {
    if (!existsSync(path.join(distDir, 'main', 'index.js'))) throw new Error('dist/ is missing: run `npm run build` first');
    home = await mkdtemp(path.join(os.tmpdir(), 'eks-sso-main-'));
    child = spawn(process.execPath, ['--import', path.join(repoRoot, 'test', 'app', 'fixtures', 'register-electron-stand-in.mjs'), path.join(distDir, 'main', 'index.js')], {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH,
        HOME: home,
        XDG_CONFIG_HOME: path.join(home, '.config'),
        EKS_SSO_CONFIG_DIR: path.join(home, '.config', 'eks-sso'),
        AWS_CONFIG_FILE: path.join(home, '.aws', 'config'),
        KUBECONFIG: path.join(home, '.kube', 'config'),
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const lines = createInterface({ input: child.stdout! });
    await new Promise<void>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`the main bundle exited (${code}): ${stderr}`)));
      lines.on('line', (line) => {
        printed.push(JSON.parse(line) as Printed);
        if (printed.some((entry) => entry.kind === 'load')) resolve();
      });
    });
  }, 60_000);

  afterAll(async () => {
    child?.kill();
    if (home) await rm(home, { recursive: true, force: true });
  });

  const of = (kind: string) => printed.filter((entry) => entry.kind === kind).map((entry) => entry.value);

  it('registers one IPC handler per operation and opens the locked-down dashboard', () => {
    expect((of('ipc') as string[]).sort()).toEqual([...OPERATION_NAMES.map(operationChannel), STATE_REQUEST_CHANNEL].sort());
    expect(of('window')).toEqual([expect.objectContaining({ contextIsolation: true, sandbox: true, nodeIntegration: false, preload: path.join(distDir, 'preload', 'index.cjs') })]);
    expect(of('load')).toEqual(['app://eks-sso/index.html']);
  });

  it('shows the signed-out tray and says, in one line, that secrets fall back to 0600 files', () => {
    expect(of('tray').at(-1)).toEqual(['Not signed in', 'Sign in…', 'separator', 'Refresh', 'Open dashboard', 'separator', 'Quit EKS SSO']);
    expect(of('tooltip').at(-1)).toBe('EKS SSO — not signed in');
    // The backend ("basic_text") only means "no keyring" on Linux; elsewhere safeStorage is real.
    const notice = 'eks-sso: warning: Role credentials are kept unencrypted in files only you can read (0600) because no keyring (GNOME Keyring, KWallet) was found.\n';
    expect(stderr).toBe(process.platform === 'linux' ? notice : '');
  });
});
