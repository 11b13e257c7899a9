// Opens the built dashboard in real Chromium and checks what a person sees.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { chromiumPath, launchChromium, type LaunchedBrowser } from '../helpers/chromium.js';
import { serveFolder } from '../helpers/static-server.js';
import { distDir } from '../helpers/repo.js';

const rendererDir = path.join(distDir, 'renderer');

describe.runIf(chromiumPath)('dashboard in Chromium', () => {
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

  it('shows the product name and the signed-out state, with no CSP violations', async () => {
    const page = await launched.browser.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(server.url);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('EKS SSO');
    expect(await page.getByRole('status').textContent()).toContain('Not signed in');
    expect(problems).toEqual([]);
    await page.close();
  });
});
