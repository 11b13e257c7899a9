// Boots the built main-process bundle (dist/main/index.js, what Electron runs) in plain Node
// with a stand-in `electron` module: the real entry wires the real core, controller and shell
// together, and the tray shows the state of a fresh, signed-out home folder.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { distDir } from '../helpers/repo.js';
import { OPERATION_NAMES, STATE_REQUEST_CHANNEL, operationChannel } from '../../main/app/ipc-channels.js';
import { SHOWN_NOTICES_FILE } from '../../main/app/shell.js';
import { bootMainBundle, type BootedMainBundle } from './boot-main-bundle.js';

describe('the built main bundle', () => {
  let home: string;
  let app: BootedMainBundle;

  beforeAll(async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'eks-sso-main-'));
    app = await bootMainBundle({
      PATH: process.env.PATH,
      HOME: home,
      XDG_CONFIG_HOME: path.join(home, '.config'),
      EKS_SSO_CONFIG_DIR: path.join(home, '.config', 'eks-sso'),
      AWS_CONFIG_FILE: path.join(home, '.aws', 'config'),
      KUBECONFIG: path.join(home, '.kube', 'config'),
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    });
  }, 60_000);

  afterAll(async () => {
    app?.close();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it('registers one IPC handler per operation and opens the locked-down dashboard', () => {
    expect((app.of('ipc') as string[]).sort()).toEqual([...OPERATION_NAMES.map(operationChannel), STATE_REQUEST_CHANNEL].sort());
    expect(app.of('window')).toEqual([expect.objectContaining({ contextIsolation: true, sandbox: true, nodeIntegration: false, preload: path.join(distDir, 'preload', 'index.cjs') })]);
    expect(app.of('load')).toEqual(['app://eks-sso/index.html']);
  });

  it('shows the signed-out tray and says, in one line and once as a notification, that secrets fall back to 0600 files', async () => {
    expect(app.of('tray').at(-1)).toEqual(['Not signed in', 'Sign in…', 'separator', 'Refresh', 'Open dashboard', 'separator', 'Quit EKS SSO']);
    expect(app.of('tooltip').at(-1)).toBe('EKS SSO — not signed in');
    // The backend ("basic_text") only means "no keyring" on Linux; elsewhere safeStorage is real.
    const notice = 'Role credentials are kept unencrypted in files only you can read (0600) because no keyring (GNOME Keyring, KWallet) was found.';
    if (process.platform !== 'linux') {
      expect(app.stderr()).toBe('');
      return;
    }
    expect(app.stderr()).toBe(`eks-sso: warning: ${notice}\n`);
    expect(app.of('notification')).toEqual([{ title: 'EKS SSO: credentials are not encrypted', body: notice }]);
    // Remembered in the config folder, so the next start does not show it again.
    await expect.poll(() => readFile(path.join(home, '.config', 'eks-sso', SHOWN_NOTICES_FILE), 'utf8').catch(() => '')).toContain('unencrypted-secrets');
  });
});
