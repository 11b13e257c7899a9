// The controller's own behaviour: the state it pushes through sign-in, discovery, checks,
// grants, favourites and sign-out, and the errors it returns.
import { afterEach, describe, expect, it } from 'vitest';
import { AppController } from '../../../main/core/app/controller.js';
import { callOperation } from '../../../main/core/app/dispatch.js';
import { silentLogger, systemClock } from '../../../main/core/context.js';
import { CoreError } from '../../../main/core/errors.js';
import { stateSnapshotSchema, type StateSnapshot } from '../../../main/contract.js';
import { inMemoryOrg } from './in-memory-ports.js';

const controllers: AppController[] = [];
afterEach(async () => {
  await Promise.all(controllers.splice(0).map((controller) => controller.close()));
});

async function started(openBrowser: ((url: string) => Promise<void>) | null = null) {
  const org = inMemoryOrg(() => Date.now());
  const controller = new AppController({ ports: org.ports, clock: systemClock, logger: silentLogger, openBrowser, snapshotDelayMs: 1 });
  controllers.push(controller);
  const states: StateSnapshot[] = [];
  controller.subscribe((state) => states.push(state));
  await controller.start();
  return { org, controller, states };
}

async function until(condition: () => boolean): Promise<void> {
  await expect.poll(condition, { timeout: 5000, interval: 5 }).toBe(true);
}

describe('AppController', () => {
  it('starts signed out with an empty, contract-valid snapshot', async () => {
    const { controller, states } = await started();
    expect(states.length).toBeGreaterThan(0);
    const state = controller.snapshot();
    expect(state.sessions).toEqual([]);
    expect(state.contexts).toEqual([]);
    expect(state.capabilities.openBrowser).toBe(false);
    expect(() => stateSnapshotSchema.parse(state)).not.toThrow();
  });

  it('shows the device prompt, then discovers, writes the kubeconfig and checks every context', async () => {
    const { org, controller, states } = await started();
    const signIn = controller.handlers.signIn({ startUrl: 'https://acme.awsapps.com/start', region: 'eu-west-1' });
    await until(() => controller.snapshot().signIn?.phase === 'waiting');
    expect(controller.snapshot().signIn).toMatchObject({ userCode: 'ABCD-EFGH', startUrl: 'https://acme.awsapps.com/start', verificationUri: expect.stringContaining('user_code') });
    org.approve();
    expect(await signIn).toEqual({ session: 'acme' });
    await controller.idle();
    controller.flush();
    const state = controller.snapshot();
    expect(state.signIn).toBeNull();
    expect(state.sessions.map((session) => session.name)).toEqual(['acme']);
    expect(state.discovery.phase).toBe('idle');
    expect(state.discovery.failures).toEqual([expect.objectContaining({ accountId: '222222222222', error: expect.objectContaining({ code: 'access-denied' }) })]);
    // The CREATING cluster is listed but not written: kubectl could not use it yet.
    expect(state.kubeconfig.lastChange?.added.sort()).toEqual(['prod-account/Admin/prod', 'prod-account/ReadOnly/prod']);
    const byName = Object.fromEntries(state.contexts.map((context) => [context.contextName, context.check.status]));
    expect(byName).toEqual({
      'prod-account/Admin/prod': 'ok',
      'prod-account/ReadOnly/prod': 'unauthorized',
      'prod-account/Admin/new': 'not-active',
      'prod-account/ReadOnly/new': 'not-active',
    });
    // What the check found reaches the row, for its tooltip.
    expect(state.contexts.find((context) => context.contextName === 'prod-account/Admin/prod')?.check).toMatchObject({ nodes: 3, readyNodes: 3, serverVersion: 'v1.31.2', latencyMs: 12 });
    // Progress was pushed along the way, phase by phase.
    const phases = new Set(states.map((snapshot) => snapshot.discovery.phase));
    expect([...phases]).toEqual(expect.arrayContaining(['accounts', 'clusters', 'checks', 'idle']));
    // Every snapshot pushed along the way kept the contract (the bridge drops any that do not).
    for (const pushed of states) expect(stateSnapshotSchema.safeParse(pushed).error?.issues ?? []).toEqual([]);
    // The core's opaque spec (which could hold anything) never reaches a snapshot.
    expect(JSON.stringify(stateSnapshotSchema.parse(state))).not.toContain('secretLooking');
  });

  it('says when discovery and checks have all finished, and not while they run', async () => {
    const org = inMemoryOrg(() => Date.now());
    const seen: string[] = [];
    const controller = new AppController({
      ports: org.ports,
      clock: systemClock,
      logger: silentLogger,
      openBrowser: null,
      snapshotDelayMs: 1,
      onSettled: () => {
        const state = controller.snapshot();
        seen.push(`${state.discovery.phase}:${state.contexts.filter((context) => context.check.status === 'checking').length}`);
      },
    });
    controllers.push(controller);
    await controller.start();
    const signIn = controller.handlers.signIn({ startUrl: 'https://acme.awsapps.com/start', region: 'eu-west-1' });
    await until(() => controller.snapshot().signIn?.phase === 'waiting');
    org.approve();
    await signIn;
    await controller.idle();
    await until(() => seen.length > 0);
    expect(new Set(seen)).toEqual(new Set(['idle:0']));
    const before = seen.length;
    await controller.handlers.recheck({});
    expect(seen.length).toBeGreaterThan(before);
    expect(new Set(seen)).toEqual(new Set(['idle:0']));
  });

  it('reports a denied sign-in with its hint and clears the flow', async () => {
    const { org, controller } = await started();
    const signIn = controller.handlers.signIn({ startUrl: 'https://acme.awsapps.com/start', region: 'eu-west-1' });
    await until(() => controller.snapshot().signIn?.phase === 'waiting');
    org.deny();
    await expect(signIn).rejects.toMatchObject({ code: 'access-denied' });
    expect(controller.snapshot().signIn).toBeNull();
    expect(controller.snapshot().signInError).toMatchObject({ code: 'access-denied', hint: 'Sign in again and choose Allow' });
  });

  it('cancels a sign-in without recording an error, and refuses a second concurrent one', async () => {
    const { controller } = await started();
    const signIn = controller.handlers.signIn({ startUrl: 'https://acme.awsapps.com/start', region: 'eu-west-1' });
    await until(() => controller.snapshot().signIn !== null);
    await expect(controller.handlers.signIn({ startUrl: 'https://other.awsapps.com/start', region: 'eu-west-1' })).rejects.toMatchObject({ code: 'conflict' });
    await controller.handlers.cancelSignIn({});
    await expect(signIn).rejects.toMatchObject({ code: 'cancelled' });
    expect(controller.snapshot().signIn).toBeNull();
    expect(controller.snapshot().signInError).toBeNull();
  });

  it('re-opens the verification page only where the host can open a browser', async () => {
    const opened: string[] = [];
    const { org, controller } = await started(async (url) => void opened.push(url));
    const signIn = controller.handlers.signIn({ startUrl: 'https://acme.awsapps.com/start', region: 'eu-west-1' });
    await until(() => controller.snapshot().signIn?.phase === 'waiting');
    await controller.handlers.reopenBrowser({});
    expect(opened).toEqual(['https://device.example/?user_code=ABCD-EFGH']);
    org.approve();
    await signIn;
    await expect(controller.handlers.reopenBrowser({})).rejects.toMatchObject({ code: 'not-found' });
  });

  it('plans and applies a grant, re-checks the row and can undo it', async () => {
    const { org, controller } = await started();
    const signIn = controller.handlers.signIn({ startUrl: 'https://acme.awsapps.com/start', region: 'eu-west-1' });
    await until(() => controller.snapshot().signIn?.phase === 'waiting');
    org.approve();
    await signIn;
    await controller.idle();
    const plan = await controller.handlers.planGrant({ contextName: 'prod-account/ReadOnly/prod', scope: 'cluster' });
    expect(plan.principalArn).toContain('aws-reserved/sso.amazonaws.com');
    expect(plan.steps).toContain('CreateAccessEntry');
    const applied = await controller.handlers.applyGrant({ planId: plan.planId });
    expect(applied).toMatchObject({ phase: 'done', undoable: true, progress: ['CreateAccessEntry: created'] });
    expect(applied.result).toContain('now ok');
    const row = controller.snapshot().contexts.find((context) => context.contextName === 'prod-account/ReadOnly/prod');
    expect(row?.check.status).toBe('ok');
    // A plan is used once.
    await expect(controller.handlers.applyGrant({ planId: plan.planId })).rejects.toMatchObject({ code: 'not-found' });
    const revoked = await controller.handlers.revokeGrant({ contextName: 'prod-account/ReadOnly/prod' });
    expect(revoked.phase).toBe('done');
    expect(org.granted.size).toBe(0);
    expect(controller.snapshot().contexts.find((context) => context.contextName === 'prod-account/ReadOnly/prod')?.check.status).toBe('unauthorized');
  });

  it('switches the current context, pins favourites and clears a session on sign-out', async () => {
    const { org, controller } = await started();
    const signIn = controller.handlers.signIn({ startUrl: 'https://acme.awsapps.com/start', region: 'eu-west-1' });
    await until(() => controller.snapshot().signIn?.phase === 'waiting');
    org.approve();
    await signIn;
    await controller.idle();
    await controller.handlers.useContext({ contextName: 'prod-account/Admin/prod' });
    expect(org.kubeconfig.currentContext).toBe('prod-account/Admin/prod');
    expect(controller.snapshot().contexts.filter((context) => context.isCurrent).map((context) => context.contextName)).toEqual(['prod-account/Admin/prod']);
    await expect(controller.handlers.useContext({ contextName: 'nope' })).rejects.toMatchObject({ code: 'not-found' });
    await expect(controller.handlers.useContext({ contextName: 'prod-account/Admin/new' })).rejects.toMatchObject({ code: 'conflict' });

    expect(await controller.handlers.toggleFavourite({ contextName: 'prod-account/ReadOnly/prod' })).toEqual({ isFavourite: true });
    expect(org.savedSettings.at(-1)?.favourites).toEqual(['prod-account/ReadOnly/prod']);
    expect(controller.snapshot().contexts.find((context) => context.isFavourite)?.contextName).toBe('prod-account/ReadOnly/prod');

    await controller.handlers.signOut({ session: 'acme' });
    expect(org.calls).toContain('signOut acme');
    const state = controller.snapshot();
    expect(state.sessions).toEqual([]);
    expect(state.contexts).toEqual([]);
    expect(state.discovery.failures).toEqual([]);
  });

  it('keeps discovering the other sessions when one fails, and lists that failure', async () => {
    const org = inMemoryOrg(() => Date.now());
    const now = Date.now();
    org.sessions.push(
      { name: 'broken', startUrl: 'https://broken.awsapps.com/start', region: 'eu-west-1', status: 'signed-in', expiresAt: now + 3_600_000, sessionEndsAt: null },
      { name: 'acme', startUrl: 'https://acme.awsapps.com/start', region: 'eu-west-1', status: 'signed-in', expiresAt: now + 3_600_000, sessionEndsAt: null },
    );
    const listAccounts = org.ports.accounts;
    org.ports.accounts = async (session, options) => {
      if (session === 'broken') throw new CoreError('session-expired', 'the SSO session "broken" has expired', { hint: 'Sign in again' });
      return listAccounts(session, options);
    };
    const controller = new AppController({ ports: org.ports, clock: systemClock, logger: silentLogger, openBrowser: null, snapshotDelayMs: 1 });
    controllers.push(controller);
    await controller.start();
    await controller.idle();
    const state = controller.snapshot();
    expect(state.contexts.length).toBe(4);
    expect(state.discovery.failures).toContainEqual(expect.objectContaining({ session: 'broken', error: expect.objectContaining({ code: 'session-expired' }) }));
    expect(state.kubeconfig.lastChange?.added).toHaveLength(2);
  });

  it('validates payloads through the dispatcher before the controller sees them', async () => {
    const { controller } = await started();
    const bad = await callOperation(controller.handlers, 'signIn', { startUrl: 'ftp://acme', region: 'eu-west-1' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const extra = await callOperation(controller.handlers, 'useContext', { contextName: 'x', command: 'rm -rf /' });
    expect(extra).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const unknown = await callOperation(controller.handlers, 'runShell', {});
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not-found' } });
    const settings = await callOperation(controller.handlers, 'getSettings', {});
    expect(settings).toMatchObject({ ok: true, value: { regions: ['eu-west-1', 'us-east-1'] } });
  });
});
