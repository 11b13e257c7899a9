// Opens the built dashboard in real Chromium, served with the app's CSP, with the Electron-style
// bridge (`window.eksSso`) the preload provides, and checks what a person sees and does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { chromiumPath, launchChromium, type LaunchedBrowser } from '../helpers/chromium.js';
import { serveFolder } from '../helpers/static-server.js';
import { distDir } from '../helpers/repo.js';
import { stateSnapshotSchema, type StateSnapshot } from '../../main/contract.js';
import { defaultSettings } from '../../main/core/settings.js';

const rendererDir = path.join(distDir, 'renderer');
const NOW = Date.UTC(2026, 10, 29, 12, 0, 0);

function state(contextCount: number): StateSnapshot {
  const statuses = ['ok', 'unauthorized', 'forbidden', 'unreachable', 'not-active'] as const;
  const contexts = Array.from({ length: contextCount }, (_, index) => {
    const account = `account-${String(index % 50).padStart(2, '0')}`;
    const role = ['Admin', 'ReadOnly', 'Developer'][index % 3]!;
    const cluster = `cluster-${index}`;
    const status = statuses[index % statuses.length]!;
    return {
      contextName: `${account}/${role}/${cluster}`,
      session: 'acme',
      accountId: String(100000000000 + (index % 50)),
      accountName: account,
      roleName: role,
      cluster: { name: cluster, region: index % 2 ? 'eu-west-1' : 'us-east-1', status: status === 'not-active' ? 'CREATING' : 'ACTIVE', authenticationMode: 'API', version: '1.31' },
      check: { status, summary: `summary of ${status}`, detail: `detail ${index}`, checkedAt: NOW - 60_000 },
      inKubeconfig: status !== 'not-active',
      isCurrent: index === 7,
      isFavourite: index === 2999 || index === 41,
    };
  });
  return {
    now: NOW,
    sessions: [{ name: 'acme', startUrl: 'https://acme.awsapps.com/start', region: 'eu-west-1', status: 'expiring', expiresAt: NOW + 600_000, sessionEndsAt: NOW + 600_000 }],
    signIn: null,
    signInError: null,
    discovery: { phase: 'idle', done: 50, total: 50, failures: [{ session: 'acme', accountId: '999999999999', accountName: 'locked', region: null, error: { code: 'access-denied', message: 'no role may list clusters', retryable: false } }], startedAt: NOW - 5000, finishedAt: NOW - 1000 },
    contexts,
    kubeconfig: { file: '/home/me/.kube/config', currentContext: contexts[7]?.contextName ?? null, lastChange: { file: '/home/me/.kube/config', at: NOW - 1000, added: ['a', 'b'], updated: [], removed: ['c'] } },
    grant: null,
    settings: { ...defaultSettings },
    capabilities: { openBrowser: true },
  };
}

/** Installs a bridge like the preload's before the dashboard loads; calls are recorded in window.calls. */
async function withBridge(page: Page, snapshot: StateSnapshot): Promise<void> {
  await page.addInitScript((initial) => {
    const calls: Array<[string, unknown]> = [];
    const listeners = new Set<(value: unknown) => void>();
    const record = (name: string) => async (input: unknown) => {
      calls.push([name, input]);
      return name === 'useContext' ? { currentContext: (input as { contextName: string }).contextName } : {};
    };
    const names = ['signIn', 'cancelSignIn', 'reopenBrowser', 'signOut', 'refresh', 'useContext', 'toggleFavourite', 'planGrant', 'applyGrant', 'revokeGrant', 'enableAccessEntries', 'recheck', 'getSettings', 'saveSettings', 'exportProfiles'];
    Object.assign(globalThis, {
      calls,
      eksSso: Object.freeze({
        ...Object.fromEntries(names.map((name) => [name, record(name)])),
        onState(callback: (value: unknown) => void) {
          listeners.add(callback);
          callback(initial);
          return () => listeners.delete(callback);
        },
      }),
    });
  }, snapshot);
}

describe.runIf(chromiumPath)('dashboard in Chromium', { timeout: 60_000 }, () => {
  let launched: LaunchedBrowser;
  let server: Awaited<ReturnType<typeof serveFolder>>;

  beforeAll(async () => {
    if (!existsSync(path.join(rendererDir, 'index.html'))) throw new Error('dist/renderer is missing: run `npm run build` first');
    server = await serveFolder(rendererDir);
    launched = await launchChromium();
  });

  afterAll(async () => {
    await launched?.close();
    await server?.close();
  });

  async function open(snapshot: StateSnapshot, colorScheme: 'light' | 'dark' = 'light') {
    expect(stateSnapshotSchema.safeParse(snapshot).success).toBe(true);
    const page = await launched.browser.newPage({ viewport: { width: 1300, height: 900 }, colorScheme });
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await withBridge(page, snapshot);
    await page.goto(server.url);
    await page.getByRole('heading', { level: 1, name: 'EKS SSO' }).waitFor();
    return { page, problems };
  }

  it('shows the signed-out state through the preload bridge, with no CSP violations', async () => {
    const empty = { ...state(0), sessions: [], discovery: { phase: 'idle' as const, done: 0, total: 0, failures: [], startedAt: null, finishedAt: null }, kubeconfig: { file: null, currentContext: null, lastChange: null } };
    const { page, problems } = await open(empty);
    expect(await page.getByRole('status').first().textContent()).toContain('Not signed in');
    expect(await page.getByRole('button', { name: 'Sign in', exact: true }).isDisabled()).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('asks for a re-check when the page comes back online (network changes reach `eks-sso ui` this way)', async () => {
    const { page, problems } = await open(state(3));
    await page.getByTestId('context-row').first().waitFor();
    const rechecks = () => page.evaluate(() => (globalThis as unknown as { calls: Array<[string, unknown]> }).calls.filter(([name]) => name === 'recheck'));
    expect(await rechecks()).toEqual([]);
    await page.context().setOffline(true);
    await page.context().setOffline(false);
    await expect.poll(rechecks).toEqual([['recheck', {}]]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('renders 3,000 contexts as a virtualised table: few rows in the DOM, favourites first, filters narrow it', async () => {
    const { page, problems } = await open(state(3000));
    await page.getByTestId('context-row').first().waitFor();
    expect(await page.getByTestId('row-count').textContent()).toBe('3000 of 3000 shown');
    const rendered = await page.getByTestId('context-row').count();
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(100);
    const firstTwo = await page.getByTestId('context-row').evaluateAll((rows) => rows.slice(0, 2).map((row) => row.getAttribute('data-context')));
    expect(firstTwo.sort()).toEqual(['account-41/Developer/cluster-41', 'account-49/Developer/cluster-2999']);
    const all = state(3000).contexts;
    const matching = all.filter((context) => context.cluster.name.includes('cluster-123'));
    await page.getByTestId('search').fill('cluster-123');
    await expect.poll(() => page.getByTestId('row-count').textContent()).toBe(`${matching.length} of 3000 shown`);
    await page.getByLabel('Filter by state').selectOption('unreachable');
    const unreachable = matching.filter((context) => context.check.status === 'unreachable');
    expect(unreachable.length).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('row-count').textContent()).toBe(`${unreachable.length} of 3000 shown`);
    const badge = page.getByTestId('status-badge').first();
    expect(await badge.getAttribute('data-status')).toBe('unreachable');
    expect(await badge.getAttribute('title')).toMatch(/summary of unreachable\ndetail \d+\nChecked at/);
    // Scrolling far down brings far rows into the DOM.
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByTestId('context-rows').evaluate((viewport) => (viewport.scrollTop = viewport.scrollHeight));
    await expect.poll(() => page.locator('[data-testid="context-row"][aria-rowindex="3001"]').count()).toBe(1);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('calls the bridge for "Use this context" and shows the discovery failures, the kubeconfig change and the expiry banner', async () => {
    const { page } = await open(state(30));
    const name = 'account-00/Admin/cluster-0';
    await page.getByRole('button', { name: `Use ${name}` }).click();
    await expect.poll(() => page.evaluate('window.calls')).toContainEqual(['useContext', { contextName: name }]);
    expect(await page.getByText('1 account could not be fully read').count()).toBe(1);
    expect(await page.getByTestId('kubeconfig-change').textContent()).toContain('2 added, 0 updated, 1 removed');
    expect(await page.getByTestId('expiry-banner').textContent()).toContain('acme');
    // Only unauthorized and forbidden rows offer a grant.
    const offered = await page.getByRole('button', { name: /^Grant admin on / }).evaluateAll((buttons) => buttons.map((button) => button.getAttribute('aria-label')));
    expect(offered.length).toBeGreaterThan(0);
    // Rows 1 and 2 of every 5 are unauthorized and forbidden in this state.
    for (const label of offered) expect(Number(label?.match(/cluster-(\d+)$/)?.[1]) % 5).toBeOneOf([1, 2]);
    expect(offered).toHaveLength(12);
    await page.close();
  });

  it('follows the OS colour scheme', async () => {
    const light = await open(state(3), 'light');
    const dark = await open(state(3), 'dark');
    const background = (page: Page) => page.evaluate('getComputedStyle(document.documentElement).backgroundColor');
    expect(await background(light.page)).toBe('rgb(255, 255, 255)');
    expect(await background(dark.page)).not.toBe('rgb(255, 255, 255)');
    await light.page.close();
    await dark.page.close();
  });

  it('is usable from the keyboard: Tab reaches the search box and Enter on a row button acts', async () => {
    const { page } = await open(state(10));
    await page.getByTestId('search').focus();
    await page.keyboard.type('cluster-9');
    await expect.poll(() => page.getByTestId('row-count').textContent()).toBe('1 of 10 shown');
    const pin = page.getByRole('button', { name: 'Pin account-09/Admin/cluster-9' });
    await pin.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate('window.calls')).toContainEqual(['toggleFavourite', { contextName: 'account-09/Admin/cluster-9' }]);
    await page.close();
  });
});
