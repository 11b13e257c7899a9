// The per-session times file in the product's config folder: 0600, no secret in it, tied to
// one sign-in (a new sign-in by any tool does not inherit it), a damaged file is ignored with
// a warning.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { productConfigDir } from '../../../main/core/context.js';
import { readSessionTimes, sessionTimesFile, signInTimes, writeSessionTimes } from '../../../main/core/sso/session-times.js';
import type { CachedToken } from '../../../main/core/sso/token-cache.js';

const T0 = Date.UTC(2026, 10, 29, 9, 0, 0);
let home: string;
let warnings: string[];
const logger = { debug() {}, info() {}, warn: (message: string) => warnings.push(message) };

const token = (refreshToken: string): CachedToken => ({
  startUrl: 'https://acme.awsapps.com/start',
  region: 'eu-west-1',
  accessToken: 'ACCESS-TOKEN-SECRET',
  expiresAt: T0 + 3_600_000,
  clientId: 'client',
  clientSecret: 'CLIENT-SECRET',
  refreshToken,
});

beforeEach(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'eks-sso-times-'));
  warnings = [];
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

describe('session times file', () => {
  it('lives in the product config folder, 0600, and holds no secret', async () => {
    const env = { HOME: home, XDG_CONFIG_HOME: path.join(home, '.config') };
    const ours = token('REFRESH-TOKEN-SECRET');
    await writeSessionTimes(env, 'acme', signInTimes(ours, T0, 900_000));
    const file = sessionTimesFile(env, 'acme');
    expect(file.startsWith(productConfigDir(env) + path.sep)).toBe(true);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readFile(file, 'utf8')).not.toMatch(/SECRET/);
    expect(await readSessionTimes(env, logger, 'acme', ours)).toMatchObject({ signedInAt: T0 });
  });

  it('belongs to one sign-in: a token from a new sign-in finds nothing', async () => {
    const env = { HOME: home };
    await writeSessionTimes(env, 'acme', signInTimes(token('first-sign-in'), T0, 900_000));
    expect(await readSessionTimes(env, logger, 'acme', token('second-sign-in'))).toBeNull();
    expect(warnings).toEqual([]);
  });

  it('ignores a damaged file with a warning, and drops fields that are not times', async () => {
    const env = { HOME: home };
    const file = sessionTimesFile(env, 'acme');
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, '{not json');
    expect(await readSessionTimes(env, logger, 'acme', token('r'))).toBeNull();
    expect(warnings).toHaveLength(1);
    const { lineage } = signInTimes(token('r'), T0, 900_000);
    await writeFile(file, JSON.stringify({ lineage, signedInAt: 'yesterday', serverEndsAt: -5, firstSeenAt: T0 }));
    expect(await readSessionTimes(env, logger, 'acme', token('r'))).toEqual({ lineage, firstSeenAt: T0 });
  });
});
