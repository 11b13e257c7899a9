// settings.ssoSessionHours: the organisation's portal session duration that the session end
// is counted with. Out-of-range values fall back to the default; a save that does not carry
// it (the dashboard form) keeps what the file says.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defaultSettings, DEFAULT_SSO_SESSION_HOURS, loadSettings, saveSettings, settingsPath, ssoSessionHours } from '../../../main/core/settings.js';

let home: string;
beforeEach(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'eks-sso-hours-'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

async function withFile(content: unknown) {
  const env = { HOME: home };
  await mkdir(path.dirname(settingsPath(env)), { recursive: true });
  await writeFile(settingsPath(env), JSON.stringify(content));
  return loadSettings(env);
}

describe('ssoSessionHours', () => {
  it('defaults to Identity Center’s 8 hours', async () => {
    expect(DEFAULT_SSO_SESSION_HOURS).toBe(8);
    expect(ssoSessionHours(await loadSettings({ HOME: home }))).toBe(8);
  });

  it('accepts 15 minutes to 90 days and falls back to the default outside that', async () => {
    expect(ssoSessionHours(await withFile({ ssoSessionHours: 0.25 }))).toBe(0.25);
    expect(ssoSessionHours(await withFile({ ssoSessionHours: 2160 }))).toBe(2160);
    expect(ssoSessionHours(await withFile({ ssoSessionHours: 12, regions: ['eu-west-1'] }))).toBe(12);
    expect(ssoSessionHours(await withFile({ ssoSessionHours: 0.2 }))).toBe(8);
    expect(ssoSessionHours(await withFile({ ssoSessionHours: 2161 }))).toBe(8);
    expect(ssoSessionHours(await withFile({ ssoSessionHours: '12' }))).toBe(8);
  });

  it('is kept when a save does not carry it, and replaced when one does', async () => {
    const env = { HOME: home };
    await saveSettings(env, { ...defaultSettings, ssoSessionHours: 12 });
    const { ssoSessionHours: _dropped, ...formSettings } = await loadSettings(env);
    await saveSettings(env, { ...formSettings, favourites: ['a/b/c'] });
    const saved = JSON.parse(await readFile(settingsPath(env), 'utf8')) as Record<string, unknown>;
    expect(saved).toMatchObject({ ssoSessionHours: 12, favourites: ['a/b/c'] });
    await saveSettings(env, { ...defaultSettings, ssoSessionHours: 24 });
    expect(ssoSessionHours(await loadSettings(env))).toBe(24);
  });
});
