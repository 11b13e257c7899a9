// End to end: `eks-sso ui` (the real command, the real core) against the real sandbox (demo
// organisation, sign-ins not auto-approved), driven in real Chromium the way a person would.
// The steps build on each other, in order: sign in, discover, check, grant, switch context,
// sign out, sign in again, and see the expiry banner.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromiumPath, launchChromium, type LaunchedBrowser } from '../helpers/chromium.js';
import { repoRoot } from '../helpers/repo.js';
import { runCli } from '../../main/cli/run.js';
import { demoEnvironment } from '../../main/cli/commands/demo.js';
import { DEMO_SCENARIO_PATH, startSandbox, type SandboxHandle } from '../../sandbox/index.js';
import type { ContextView, StateSnapshot } from '../../main/contract.js';
import { fromWire, type WireSnapshot } from '../../main/web/wire.js';

const artifacts = path.join(repoRoot, 'test-artifacts');

describe.runIf(chromiumPath)('the dashboard in Chromium against the sandbox', { timeout: 180_000 }, () => {
  let sandbox: SandboxHandle;
  let home: string;
  let env: NodeJS.ProcessEnv;
  let stop: AbortController;
  let running: Promise<number>;
  let dashboardUrl: string;
  let launched: LaunchedBrowser;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  /** The state main pushes, read straight from the bridge the page uses. */
  async function snapshot(): Promise<StateSnapshot> {
    const wire = await page.evaluate(async () => {
      const response = await fetch('api/events', { signal: AbortSignal.timeout(20_000) });
      const reader = response.body!.getReader();
      let text = '';
      while (!text.includes('\n\n')) text += new TextDecoder().decode((await reader.read()).value);
      await reader.cancel();
      return JSON.parse(text.split('\n').find((line) => line.startsWith('data: '))!.slice(6)) as unknown;
    });
    return fromWire(wire as WireSnapshot);
  }

  async function contextNamed(account: string, role: string, cluster: string): Promise<ContextView> {
    const found = (await snapshot()).contexts.find((candidate) => candidate.accountName === account && candidate.roleName.includes(role) && candidate.cluster.name === cluster);
    if (!found) throw new Error(`no context for ${account} / ${role} / ${cluster}`);
    return found;
  }

  const row = (contextName: string) => page.locator(`[data-testid="context-row"][data-context="${contextName}"]`);

  async function signInThroughTheBrowser(): Promise<void> {
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    const code = (await page.getByTestId('user-code').textContent())?.trim();
    expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    expect(await page.getByTestId('sign-in-flow').textContent()).toContain(sandbox.startUrl);
    const [approval] = await Promise.all([context.waitForEvent('page'), page.getByTestId('verification-link').click()]);
    await approval.waitForLoadState();
    // The sandbox's page shows the same code the dashboard shows: the person compares, then allows.
    expect((await approval.locator('#user-code').textContent())?.trim()).toBe(code);
    await approval.screenshot({ path: path.join(artifacts, 'dashboard-2-approve.png') });
    await approval.locator('#allow').click();
    await approval.waitForLoadState();
    await approval.close();
    await page.locator('[data-testid="session"] .state.signed-in').waitFor({ timeout: 60_000 });
  }

  beforeAll(async () => {
    await mkdir(artifacts, { recursive: true });
    sandbox = await startSandbox(await readFile(DEMO_SCENARIO_PATH, 'utf8'), { autoApprove: false });
    home = await mkdtemp(path.join(os.tmpdir(), 'eks-sso-e2e-'));
    env = demoEnvironment(process.env, home, sandbox.env);
    stop = new AbortController();
    const stdout = new PassThrough();
    let printed = '';
    stdout.on('data', (chunk) => (printed += chunk));
    // A generous check deadline: the machine running the suite may be busy; dev-hang still times out.
    running = runCli({ argv: ['ui', '--check-timeout', '12'], env, stdout, stderr: new PassThrough(), signal: stop.signal });
    for (let waited = 0; !/http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.test(printed); waited += 50) {
      if (waited > 20_000) throw new Error(`eks-sso ui printed no URL: ${printed}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    dashboardUrl = printed.match(/http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/)![0];
    launched = await launchChromium();
    browser = launched.browser;
    context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    // Every Playwright wait is bounded, so a stuck step fails with its name instead of the test timing out.
    context.setDefaultTimeout(45_000);
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    // Everything the discovery panel says, as it changes: progress can come and go between two polls.
    await page.addInitScript({
      content: `
        const seen = [];
        globalThis.discoveryTexts = seen;
        new MutationObserver(() => {
          const panel = document.querySelector('[data-testid="discovery-status"]');
          const text = panel ? panel.textContent.trim() + (panel.querySelector('progress') ? ' [progress bar]' : '') : '';
          if (text && seen.at(-1) !== text) seen.push(text);
        }).observe(document, { subtree: true, childList: true, characterData: true });
      `,
    });
  });

  afterAll(async () => {
    await launched?.close();
    stop?.abort();
    await running;
    await sandbox?.close();
    if (home) await rm(home, { recursive: true, force: true, maxRetries: 3, retryDelay: 200 });
  });

  it('refuses the bridge without the token', async () => {
    const origin = new URL(dashboardUrl).origin;
    expect((await fetch(`${origin}/`)).status).toBe(401);
    expect((await fetch(`${origin}/api/events`)).status).toBe(401);
    const call = await fetch(`${origin}/api/call/getSettings`, { method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: '{}' });
    expect(call.status).toBe(401);
    expect(call.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('checks the sign-in form as it is typed, then signs in with approval in a second tab', async () => {
    await page.goto(dashboardUrl);
    // The token leaves the address bar once the page has its cookie.
    await expect.poll(() => page.url()).not.toContain('token=');
    expect(await page.getByRole('status').first().textContent()).toContain('Not signed in');
    await page.locator('#start-url').fill('my-company.awsapps.com');
    await page.locator('#start-url').blur();
    expect(await page.locator('#start-url-error').textContent()).toContain('not a URL');
    await page.locator('#region').fill('Frankfurt');
    await page.locator('#region').blur();
    expect(await page.locator('#region-error').textContent()).toContain('eu-west-1');
    expect(await page.getByRole('button', { name: 'Sign in', exact: true }).isDisabled()).toBe(true);
    await page.locator('#start-url').fill(sandbox.startUrl);
    await page.locator('#region').fill(sandbox.region);
    await page.screenshot({ path: path.join(artifacts, 'dashboard-1-sign-in.png') });
    await signInThroughTheBrowser();
  });

  it('shows discovery progress, then what the kubeconfig write changed', async () => {
    await expect.poll(() => page.getByTestId('discovery-status').textContent(), { timeout: 90_000 }).toContain('Up to date');
    const seen = (await page.evaluate('discoveryTexts')) as string[];
    // Phase by phase with done / total and a progress bar: at least the reachability checks,
    // which last as long as the slowest (dev-hang never answers).
    expect(seen.some((text) => /^Checking reachability: \d+ \/ \d+ \[progress bar\]$/.test(text))).toBe(true);
    await page.screenshot({ path: path.join(artifacts, 'dashboard-3-discovery.png') });
    const change = await page.getByTestId('kubeconfig-change').textContent();
    expect(change).toMatch(/\d+ added, 0 updated, 0 removed/);
    const kubeconfig = parseYaml(await readFile(env.KUBECONFIG!, 'utf8')) as { contexts: Array<{ name: string }> };
    const state = await snapshot();
    expect(kubeconfig.contexts.map((entry) => entry.name).sort()).toEqual(state.contexts.filter((entry) => entry.inKubeconfig).map((entry) => entry.contextName).sort());
  });

  it('shows the reachability of each context with its reason in the tooltip', async () => {
    const expected: Array<[string, string, string, string]> = [
      ['platform-prod', 'AdministratorAccess', 'prod-api', 'ok'],
      ['platform-prod', 'ReadOnly', 'prod-api', 'forbidden'],
      ['platform-prod', 'ReadOnly', 'prod-legacy', 'unauthorized'],
      ['shared-sandbox', 'AdministratorAccess', 'sandbox-unknown', 'unauthorized'],
      ['shared-sandbox', 'AdministratorAccess', 'dev-hang', 'unreachable'],
      ['team-a-dev', 'AdministratorAccess', 'dev-next', 'not-active'],
    ];
    for (const [account, role, cluster, status] of expected) {
      const { contextName } = await contextNamed(account, role, cluster);
      await page.getByTestId('search').fill(cluster);
      const badge = row(contextName).getByTestId('status-badge');
      await expect.poll(() => badge.getAttribute('data-status'), { message: contextName }).toBe(status);
      expect(await badge.getAttribute('title')).toMatch(/Checked at/);
      const grantButton = row(contextName).getByRole('button', { name: /Grant admin/ });
      expect(await grantButton.count()).toBe(status === 'unauthorized' || status === 'forbidden' ? 1 : 0);
    }
    // The tooltip also says what the check found.
    const ok = await contextNamed('platform-prod', 'AdministratorAccess', 'prod-api');
    await page.getByTestId('search').fill('prod-api');
    const okTitle = await row(ok.contextName).getByTestId('status-badge').getAttribute('title');
    expect(okTitle).toContain('Nodes: 3 nodes, 3 Ready');
    expect(okTitle).toMatch(/Kubernetes v1\.31\.\d+/);
    expect(okTitle).toMatch(/Checked in \d+ ms/);
    await page.getByTestId('search').fill('');
    // Filters: state "unauthorized" leaves only unauthorized rows.
    await page.getByLabel('Filter by state').selectOption('unauthorized');
    const statuses = await page.getByTestId('status-badge').evaluateAll((badges) => badges.map((badge) => badge.getAttribute('data-status')));
    expect(statuses.length).toBeGreaterThan(0);
    expect(new Set(statuses)).toEqual(new Set(['unauthorized']));
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.screenshot({ path: path.join(artifacts, 'dashboard-4-contexts.png') });
  });

  it('grants admin on an unauthorized context after showing the plan; the row turns ok; Undo reverts it', async () => {
    const { contextName, roleName } = await contextNamed('shared-sandbox', 'AdministratorAccess', 'sandbox-unknown');
    await page.getByTestId('search').fill('sandbox-unknown');
    await row(contextName).getByRole('button', { name: `Grant admin on ${contextName}` }).click();
    const dialog = page.getByTestId('grant-dialog');
    expect(await dialog.getByRole('heading', { name: 'Grant access to sandbox-unknown' }).count()).toBe(1);
    await dialog.getByRole('button', { name: 'Show the plan' }).click();
    const plan = dialog.getByTestId('grant-plan');
    await plan.waitFor();
    // Access entries take the role's full ARN, path included; the plan says so before anything changes.
    expect(await dialog.getByTestId('grant-principal').textContent()).toMatch(new RegExp(`^arn:aws:iam::333333333333:role/aws-reserved/sso\\.amazonaws\\.com/.*AWSReservedSSO_${roleName.replace(/^AWSReservedSSO_|_[0-9a-f]+$/g, '')}_[0-9a-f]+$`));
    expect(await plan.textContent()).toContain('CreateAccessEntry');
    expect(await plan.textContent()).toContain('AmazonEKSClusterAdminPolicy');
    await page.screenshot({ path: path.join(artifacts, 'dashboard-5-grant-plan.png') });
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => dialog.getByTestId('grant-activity').getAttribute('data-phase'), { timeout: 60_000 }).toBe('done');
    expect(await dialog.getByTestId('grant-result').textContent()).toContain('now ok');
    await expect.poll(() => row(contextName).getByTestId('status-badge').getAttribute('data-status')).toBe('ok');
    await page.screenshot({ path: path.join(artifacts, 'dashboard-5-grant-done.png') });
    await dialog.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => dialog.getByTestId('grant-result').textContent(), { timeout: 60_000 }).toContain('now unauthorized');
    await dialog.getByRole('button', { name: 'Close' }).click();
    expect(await page.getByTestId('grant-dialog').count()).toBe(0);
    expect(await row(contextName).getByTestId('status-badge').getAttribute('data-status')).toBe('unauthorized');
    await page.getByTestId('search').fill('');
  });

  it('offers to switch a CONFIG_MAP cluster to access entries, and switches only once the irreversible change is confirmed', async () => {
    const { contextName } = await contextNamed('platform-prod', 'ReadOnly', 'prod-legacy');
    await page.getByTestId('search').fill('prod-legacy');
    await row(contextName).getByRole('button', { name: `Grant admin on ${contextName}` }).click();
    const dialog = page.getByTestId('grant-dialog');
    await dialog.getByRole('button', { name: 'Show the plan' }).click();
    const plan = dialog.getByTestId('grant-plan');
    await plan.waitFor();
    expect(await plan.getAttribute('data-method')).toBe('aws-auth');
    const offer = dialog.getByTestId('mode-change-offer');
    await offer.getByRole('button', { name: 'Switch to API_AND_CONFIG_MAP…' }).click();
    expect(await offer.getByTestId('mode-change-warning').textContent()).toContain('cannot be undone');
    // Backing out changes nothing.
    await offer.getByRole('button', { name: 'Keep CONFIG_MAP' }).click();
    expect(await offer.getByTestId('mode-change-warning').count()).toBe(0);
    expect((await contextNamed('platform-prod', 'ReadOnly', 'prod-legacy')).cluster.authenticationMode).toBe('CONFIG_MAP');
    await offer.getByRole('button', { name: 'Switch to API_AND_CONFIG_MAP…' }).click();
    await page.screenshot({ path: path.join(artifacts, 'dashboard-5-mode-change-confirm.png') });
    await offer.getByRole('button', { name: 'Switch prod-legacy for good' }).click();
    // The plan is made again for the new mode: an access entry, no offer left.
    await expect.poll(() => plan.getAttribute('data-method'), { timeout: 60_000 }).toBe('access-entry');
    expect(await dialog.getByTestId('mode-change-result').textContent()).toContain('Switched prod-legacy to API_AND_CONFIG_MAP');
    expect(await dialog.getByTestId('mode-change-offer').count()).toBe(0);
    expect((await contextNamed('platform-prod', 'ReadOnly', 'prod-legacy')).cluster.authenticationMode).toBe('API_AND_CONFIG_MAP');
    await dialog.getByRole('button', { name: 'Back' }).click();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await page.getByTestId('grant-dialog').count()).toBe(0);
    await page.getByTestId('search').fill('');
  });

  it('"Use this context" changes the kubeconfig current-context', async () => {
    const { contextName } = await contextNamed('platform-prod', 'AdministratorAccess', 'prod-api');
    await page.getByTestId('search').fill('prod-api');
    await row(contextName).getByRole('button', { name: `Use ${contextName}` }).click();
    await expect.poll(async () => (parseYaml(await readFile(env.KUBECONFIG!, 'utf8')) as { 'current-context'?: string })['current-context']).toBe(contextName);
    await expect.poll(() => row(contextName).textContent()).toContain('Current context');
    expect(await page.getByTestId('current-context').textContent()).toBe(contextName);
    await page.getByTestId('search').fill('');
  });

  it('signs out, which clears the contexts and the session', async () => {
    const session = (await snapshot()).sessions[0]!.name;
    await page.getByRole('button', { name: `Sign out of ${session}` }).click();
    await page.getByText('No contexts yet').waitFor({ timeout: 30_000 });
    const state = await snapshot();
    expect(state.contexts).toEqual([]);
    expect(state.sessions.every((entry) => entry.status === 'signed-out')).toBe(true);
    expect(await page.getByRole('button', { name: `Sign out of ${session}` }).count()).toBe(0);
  });

  it('shows the expiry banner when the session can no longer be extended, with "Sign in again"', async () => {
    // The organisation now issues 10-minute tokens that nothing can extend past the session end.
    sandbox.admin.setTokenLifetimes({ accessTokenSeconds: 600, sessionSeconds: 600 });
    await page.getByRole('button', { name: 'Sign in again' }).click();
    expect(await page.locator('#start-url').inputValue()).toBe(sandbox.startUrl);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    const [approval] = await Promise.all([context.waitForEvent('page'), page.getByTestId('verification-link').click()]);
    await approval.waitForLoadState();
    await approval.locator('#allow').click();
    await approval.waitForLoadState();
    await approval.close();
    const session = sandbox.startUrl.match(/https:\/\/([^.]+)\./)![1]!;
    await page.getByTestId('expiry-banner').waitFor({ timeout: 60_000 });
    const banner = await page.getByTestId('expiry-banner').textContent();
    expect(banner).toContain(session);
    expect(banner).toMatch(/ends soon \(\d+ min left\)/);
    expect(await page.locator('[data-testid="session"] .state.expiring').count()).toBe(1);
    // Its button starts the sign-in again, with the session's start URL and region filled in.
    await page.getByTestId('expiry-banner').getByRole('button', { name: 'Sign in again' }).click();
    expect(await page.locator('#start-url').inputValue()).toBe(sandbox.startUrl);
    expect(await page.locator('#region').inputValue()).toBe(sandbox.region);
    await page.screenshot({ path: path.join(artifacts, 'dashboard-6-expiring.png') });
    expect(problems).toEqual([]);
  });
});
