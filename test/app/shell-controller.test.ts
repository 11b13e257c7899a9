// The shell wired to the real app controller (over the in-memory core ports its own tests
// use): what a person does in the window and the tray reaches the core, and what the core
// does shows in the tray.
import { describe, expect, it, vi } from 'vitest';
import { createAppController } from '../../main/core/app/controller.js';
import { systemClock } from '../../main/core/context.js';
import { operationChannel } from '../../main/app/ipc-channels.js';
import { trayIconPng } from '../../main/app/tray-icon.js';
import { inMemoryOrg } from '../core/app/in-memory-ports.js';
import { startTestShell } from './start-test-shell.js';

describe('the shell with the real controller', () => {
  it('sign in from the window, switch context from the tray, and the tray follows the state', async () => {
    const org = inMemoryOrg(() => Date.now());
    const { ipcMain, tray, controller } = await startTestShell({
      controller: ({ openBrowser, logger }) => createAppController({ ports: org.ports, clock: systemClock, logger, openBrowser, snapshotDelayMs: 1 }),
    });
    expect(tray().item('Not signed in')).toBeDefined();

    const dashboard = { url: 'app://eks-sso/index.html', parent: null };
    const signedIn = ipcMain.invoke(operationChannel('signIn'), dashboard, { startUrl: 'https://acme.awsapps.com/start', region: 'eu-west-1' });
    await vi.waitFor(() => expect(tray().item('Signing in to acme — code ABCD-EFGH')).toBeDefined());
    org.approve();
    expect(await signedIn).toEqual({ ok: true, value: { session: 'acme' } });
    await controller.idle();
    await vi.waitFor(() => expect(tray().item('prod (eu-west-1) — not mapped (401)')).toBeDefined());
    expect(tray().item(/^acme — 7 h \d+ min left$/)).toBeDefined();
    // The CREATING cluster has no kubeconfig entry yet: nothing to switch to.
    expect(tray().item(/^new /)).toBeUndefined();

    tray().item('prod (eu-west-1) — not mapped (401)')!.click!();
    await vi.waitFor(() => expect(org.kubeconfig.currentContext).toBe('prod-account/ReadOnly/prod'));
    await vi.waitFor(() => expect(tray().item('prod (eu-west-1) — not mapped (401)')!.checked).toBe(true));
    expect(tray().item('prod (eu-west-1) — reachable')!.checked).toBe(false);
    expect(tray().item('Current: prod-account/ReadOnly/prod — not mapped (401)')).toBeDefined();
    expect(tray().image.buffer.equals(trayIconPng('error', 32))).toBe(true);

    tray().item('Sign out')!.click!();
    await vi.waitFor(() => expect(tray().item('Not signed in')).toBeDefined());
    expect(org.calls).toContain('signOut acme');
    await controller.close();
  });
});
