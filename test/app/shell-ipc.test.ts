// The bridge's main side and the other ways out of the app: IPC handlers (schema + sender
// frame), the state pushed to the window, and the browser opener handed to the core.
import { describe, expect, it } from 'vitest';
import { OPERATION_NAMES, STATE_CHANNEL, STATE_REQUEST_CHANNEL, operationChannel } from '../../main/app/ipc-channels.js';
import { CoreError, isCoreError } from '../../main/core/errors.js';
import type { FakeFrame } from '../helpers/fake-electron.js';
import { FakeController } from './fake-controller.js';
import { T0, context, snapshot } from './state-fixtures.js';
import { startTestShell } from './start-test-shell.js';

const dashboard: FakeFrame = { url: 'app://eks-sso/index.html', parent: null };

describe('IPC handlers', () => {
  it('register one handler per contract operation plus the state request, and nothing else', async () => {
    const { ipcMain } = await startTestShell();
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...OPERATION_NAMES.map(operationChannel), STATE_REQUEST_CHANNEL].sort());
  });

  it('pass a valid call from the dashboard to the controller and return its result', async () => {
    const controller = new FakeController(snapshot({ contexts: [context()] }));
    const { ipcMain } = await startTestShell({ controller });
    const result = await ipcMain.invoke(operationChannel('useContext'), dashboard, { contextName: 'acme-prod/AdministratorAccess/main' });
    expect(result).toEqual({ ok: true, value: { currentContext: 'acme-prod/AdministratorAccess/main' } });
    expect(controller.callsOf('useContext')).toEqual([{ contextName: 'acme-prod/AdministratorAccess/main' }]);
  });

  it.each([
    ['a missing field', operationChannel('useContext'), {}],
    ['a wrong type', operationChannel('useContext'), { contextName: 42 }],
    ['an unknown key', operationChannel('signOut'), { session: 'acme', extra: true }],
    ['a start URL that is not https', operationChannel('signIn'), { startUrl: 'http://evil.example/start', region: 'eu-west-1' }],
    ['a bad region', operationChannel('signIn'), { startUrl: 'https://acme.awsapps.com/start', region: 'mars-1' }],
    ['a payload that is not an object', operationChannel('refresh'), 'all'],
  ])('refuse a malformed payload (%s) before the controller sees it', async (_what, channel, payload) => {
    const controller = new FakeController();
    const { ipcMain } = await startTestShell({ controller });
    const result = (await ipcMain.invoke(channel, dashboard, payload)) as { ok: boolean; error: { code: string } };
    expect(result.ok).toBe(false);
    expect(result.error.code).toBe('invalid-input');
    expect(controller.calls).toEqual([]);
  });

  it.each([
    ['a remote page', { url: 'https://evil.example/', parent: null }],
    ['a look-alike host', { url: 'app://eks-sso.evil.example/index.html', parent: null }],
    ['a local file', { url: 'file:///tmp/x.html', parent: null }],
    ['a frame inside the dashboard', { url: 'app://eks-sso/index.html', parent: dashboard }],
    ['a destroyed frame', null],
  ] as const)('refuse a call from %s', async (_what, frame) => {
    const controller = new FakeController();
    const { ipcMain, logger } = await startTestShell({ controller });
    const result = (await ipcMain.invoke(operationChannel('signOut'), frame, { session: 'acme' })) as { ok: boolean; error: { code: string } };
    expect(result).toMatchObject({ ok: false, error: { code: 'access-denied' } });
    expect(await ipcMain.invoke(STATE_REQUEST_CHANNEL, frame)).toBeNull();
    expect(controller.calls).toEqual([]);
    expect(logger.warnings).toContain('refused an IPC call from a foreign frame');
  });

  it('carry a controller failure back as a plain error with its code and hint', async () => {
    const controller = new FakeController();
    const { ipcMain } = await startTestShell({ controller });
    controller.failNext.useContext = new CoreError('not-found', 'no context named "nope"', { hint: 'Refresh the list' });
    expect(await ipcMain.invoke(operationChannel('useContext'), dashboard, { contextName: 'nope' })).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'no context named "nope"', hint: 'Refresh the list', retryable: false },
    });
  });
});

describe('state sent to the window', () => {
  it('pushes every snapshot to the window and answers a late subscriber', async () => {
    const controller = new FakeController(snapshot({ contexts: [context()] }));
    const { ipcMain, window } = await startTestShell({ controller, shell: { now: () => T0 } });
    const next = snapshot({ now: T0 + 1000, contexts: [context({ isCurrent: true })] });
    controller.set(next);
    const pushed = window().webContents.sent.filter((message) => message.channel === STATE_CHANNEL).map((message) => message.payload);
    // The window is created after the first snapshot: its preload asks for that one itself.
    expect(pushed).toEqual([next]);
    expect(await ipcMain.invoke(STATE_REQUEST_CHANNEL, dashboard)).toEqual(next);
  });

  it('never sends a snapshot that carries something secret-looking', async () => {
    const controller = new FakeController(snapshot());
    const { ipcMain, window, logger } = await startTestShell({ controller });
    const before = window().webContents.sent.length;
    const leaky = snapshot();
    leaky.contexts = [context({ check: { status: 'error', summary: 'token k8s-aws-v1.aHR0cHM6Ly9zdHMuYW1hem9uYXdzLmNvbS8_QWN0aW9u rejected' } })];
    controller.set(leaky);
    expect(window().webContents.sent.length).toBe(before);
    expect(await ipcMain.invoke(STATE_REQUEST_CHANNEL, dashboard)).toBeNull();
    expect(logger.warnings).toContain('a state snapshot broke the contract and was not sent to the window');
  });
});

describe('the browser opener handed to the core', () => {
  it('opens https and the loopback sign-in pages, and refuses http://evil and file://', async () => {
    const { services, calls } = await startTestShell();
    const open = services().openBrowser;
    await open('https://device.sso.eu-west-1.amazonaws.com/?user_code=WDJB-MJHT');
    await open('http://127.0.0.1:41234/device?user_code=WDJB-MJHT');
    for (const url of ['http://evil.example/', 'file:///etc/passwd', 'javascript:alert(1)']) {
      const refusal = await open(url).catch((error: unknown) => error);
      expect(isCoreError(refusal) && refusal.code).toBe('invalid-input');
    }
    expect(calls.openedExternally).toEqual(['https://device.sso.eu-west-1.amazonaws.com/?user_code=WDJB-MJHT', 'http://127.0.0.1:41234/device?user_code=WDJB-MJHT']);
  });
});
