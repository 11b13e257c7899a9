// End to end through a real Electron: the built app launched by playwright-core against the
// sandbox, signing in through the real preload and IPC, the dashboard showing the contexts,
// and the tray model computed from the state the window received. It needs the Electron
// runtime, which npm fetches on first use and machines without internet (like CI here) do
// not have; there it is skipped with one line saying so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { repoRoot, distDir } from '../helpers/repo.js';
import { demoEnvironment } from '../../main/cli/commands/demo.js';
import { DEMO_SCENARIO_PATH, startSandbox, type SandboxHandle } from '../../sandbox/index.js';
import type { StateSnapshot } from '../../main/contract.js';
import { trayMenuModel } from '../../main/app/tray-menu-model.js';
import type { TrayItem } from '../../main/app/tray-menu-types.js';

/** The Electron binary, found the way node_modules/electron does but without its download-on-require. */
function findElectronBinary(): string | null {
  if (process.env.ELECTRON_PATH && existsSync(process.env.ELECTRON_PATH)) return process.env.ELECTRON_PATH;
  const packageDir = path.join(repoRoot, 'node_modules', 'electron');
  const pathFile = path.join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = path.join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

const electronBinary = findElectronBinary();
if (!electronBinary) console.log('Electron end-to-end test skipped: no Electron runtime here (node_modules/electron/dist is missing and cannot be downloaded; set ELECTRON_PATH to run it).');

function labels(items: readonly TrayItem[]): string[] {
  return items.flatMap((item) => ('label' in item ? [item.label, ...(item.kind === 'submenu' ? labels(item.items) : [])] : []));
}

describe.runIf(electronBinary)('the desktop app end to end', () => {
  let sandbox: SandboxHandle;
  let home: string;
  let app: ElectronApplication;
  let page: Page;

  /** The latest snapshot, read through the preload's onState like the dashboard does. */
  const state = () =>
    page.evaluate(
      () =>
        new Promise<StateSnapshot>((resolve) => {
          const bridge = (globalThis as unknown as { eksSso: { onState(callback: (state: StateSnapshot) => void): () => void } }).eksSso;
          const stop = bridge.onState((snapshot) => {
            queueMicrotask(() => stop());
            resolve(snapshot);
          });
        }),
    );

  beforeAll(async () => {
    if (!existsSync(path.join(distDir, 'main', 'index.js'))) throw new Error('dist/ is missing: run `npm run build` first');
    sandbox = await startSandbox(await readFile(DEMO_SCENARIO_PATH, 'utf8'), { autoApprove: true });
    home = await mkdtemp(path.join(os.tmpdir(), 'eks-sso-electron-'));
    const env = demoEnvironment(process.env, home, sandbox.env);
    // shell.openExternal goes through xdg-open, which runs $BROWSER: make it a no-op, the sandbox approves by itself.
    env.BROWSER = 'true';
    delete env.ELECTRON_RUN_AS_NODE;
    app = await _electron.launch({
      executablePath: electronBinary!,
      args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), repoRoot],
      env: Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined)),
    });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await sandbox?.close();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it('loads the dashboard from app:// with the bridge and nothing else from Node', async () => {
    expect(page.url()).toBe('app://eks-sso/index.html');
    expect(await page.evaluate(() => typeof (globalThis as unknown as { require?: unknown }).require)).toBe('undefined');
    expect(await page.evaluate(() => Object.keys((globalThis as unknown as { eksSso: object }).eksSso).length)).toBeGreaterThan(10);
  });

  it('signs in against the sandbox, shows the contexts, and the tray model matches the state', async () => {
    const result = await page.evaluate(
      ([startUrl, region]) => (globalThis as unknown as { eksSso: { signIn(input: object): Promise<{ session: string }> } }).eksSso.signIn({ startUrl, region }),
      [sandbox.startUrl, sandbox.region] as const,
    );
    expect(result.session).toBeTruthy();
    await expect
      .poll(async () => {
        const current = await state();
        return current.discovery.phase === 'idle' && current.contexts.length > 0;
      }, { timeout: 60_000 })
      .toBe(true);
    const current = await state();
    await expect.poll(() => page.locator('[data-testid="context-row"]').count(), { timeout: 10_000 }).toBeGreaterThan(0);

    const model = trayMenuModel(current, current.now, { startAtLogin: null });
    const lines = labels(model.items);
    // The demo session lasts hours: hours left once its end is known, "signed in" while it renews itself.
    expect(lines.find((line) => line.startsWith(`${result.session} — `))).toMatch(/ — (signed in|\d+ h( \d+ min)? left)$/);
    for (const context of current.contexts.filter((candidate) => candidate.inKubeconfig)) {
      expect(lines.some((line) => line.startsWith(context.contextName) || line.startsWith(`${context.cluster.name} (${context.cluster.region})`))).toBe(true);
    }
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
  });
});
