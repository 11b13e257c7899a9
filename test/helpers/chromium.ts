// Finds a real Chromium for browser tests. With CI=true a missing browser fails the run;
// elsewhere browser tests are skipped with one line saying how to install one.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

export function findChromium(): string | null {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  return CANDIDATES.find((candidate) => existsSync(candidate)) ?? null;
}

export const chromiumPath = findChromium();

if (!chromiumPath) {
  if (process.env.CI) {
    throw new Error('No Chromium found (CI=true): install it with `apt-get install -y chromium` or set CHROME_PATH.');
  }
  console.warn('Skipping browser tests: no Chromium found. Install one with `sudo apt-get install -y chromium` or set CHROME_PATH.');
}

export interface LaunchedBrowser {
  browser: Browser;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<LaunchedBrowser> {
  if (!chromiumPath) throw new Error('launchChromium called without a Chromium');
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    // playwright gives every launch a fresh, temporary user-data-dir of its own.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  return {
    browser,
    async close() {
      await browser.close();
    },
  };
}
