import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defaultSettings, loadSettings, saveSettings, settingsPath } from '../../main/core/settings.js';

let home: string;
beforeEach(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'eks-sso-settings-'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

describe('settings', () => {
  it('lives in the XDG config folder and defaults when absent', async () => {
    const env = { HOME: home, XDG_CONFIG_HOME: path.join(home, 'xdg') };
    expect(settingsPath(env)).toBe(path.join(home, 'xdg', 'eks-sso', 'settings.json'));
    expect(await loadSettings(env)).toEqual(defaultSettings);
  });

  it('round-trips, and keeps good fields when one is bad', async () => {
    const env = { HOME: home };
    await saveSettings(env, { ...defaultSettings, regions: ['eu-west-1'], execMode: 'aws' });
    expect((await loadSettings(env)).regions).toEqual(['eu-west-1']);
    await mkdir(path.dirname(settingsPath(env)), { recursive: true });
    await writeFile(settingsPath(env), JSON.stringify({ regions: ['not a region'], execMode: 'aws' }));
    const loaded = await loadSettings(env);
    expect(loaded.regions).toEqual(defaultSettings.regions);
    expect(loaded.execMode).toBe('aws');
  });
});
