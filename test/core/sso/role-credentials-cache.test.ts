// Role credentials near their end are fetched again; a damaged cache entry is reported once
// and replaced. Against a sandbox whose ReadOnly permission set issues 7-minute credentials.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, validateScenario, type SandboxHandle } from '../../../sandbox/index.js';
import { systemClock } from '../../../main/core/context.js';
import { createSso, readCachedRoleCredentials, type Sso } from '../../../main/core/sso/index.js';
import { roleCredentialsKey } from '../../../main/core/sso/role-credentials-cache.js';
import { rejection } from '../../helpers/rejection.js';
import { sandboxContext, SMALL_ORG, type TestContext } from './sandbox-context.js';

let sandbox: SandboxHandle;
let current: TestContext;
let sso: Sso;
const SESSION = 'org';
const ref = { session: SESSION, accountId: '222222222222', roleName: 'ReadOnly' };

beforeAll(async () => {
  const permissionSets = SMALL_ORG.permissionSets.map((set) => (set.name === 'ReadOnly' ? { ...set, sessionDuration: '7m' } : set));
  sandbox = await startSandbox(validateScenario({ ...SMALL_ORG, permissionSets }), { autoApprove: 'alice@example.com', autoApproveDelayMs: 20 });
});
afterAll(async () => {
  await sandbox?.close();
});
beforeEach(async () => {
  sandbox.admin.clearFaults();
  current = await sandboxContext(sandbox.env);
  sso = createSso(current.context, { portalRateLimit: 50 });
  await sso.login({ session: SESSION, startUrl: sandbox.startUrl, region: sandbox.region, openBrowser: false });
  sandbox.admin.clearRequestLog();
});
afterEach(async () => {
  sandbox.admin.clearFaults();
  await current.cleanup();
});

describe('role credentials cache', () => {
  it('fetches again once the cached credentials are within 5 minutes of their end', async () => {
    const first = await sso.roleCredentials(ref);
    expect(first.expiration - Date.now()).toBeGreaterThan(6 * 60 * 1000);
    expect(await sso.roleCredentials(ref)).toEqual(first);
    expect(sandbox.admin.counts().GetRoleCredentials).toBe(1);
    // Three minutes on: 4 minutes left, inside the 5-minute margin (the clock stays within the
    // skew the product tolerates, so the new credentials are taken as they come).
    const later = { ...current.context, clock: { now: () => Date.now() + 3 * 60 * 1000, sleep: systemClock.sleep } };
    const second = await createSso(later).roleCredentials(ref);
    expect(sandbox.admin.counts().GetRoleCredentials).toBe(2);
    expect(second.accessKeyId).not.toBe(first.accessKeyId);
    expect(await readCachedRoleCredentials(current.context, ref)).toEqual(second);
  });

  it('says once that a damaged entry is ignored, then replaces it', async () => {
    await current.context.secrets.set(roleCredentialsKey(ref), '{"accessKeyId": "ASIA');
    const damaged = () => current.warnings.filter((warning) => warning.includes('damaged'));
    // A fetch that fails leaves the damage in place: asking again does not repeat the warning.
    sandbox.admin.setFault('GetRoleCredentials', { errorRate: 1 });
    expect((await rejection(sso.roleCredentials(ref))).code).toBe('aws');
    sandbox.admin.clearFaults();
    const [first, second] = await Promise.all([sso.roleCredentials(ref), sso.roleCredentials(ref)]);
    expect(second).toEqual(first);
    expect(damaged()).toEqual([`ignoring the damaged cached credentials for 222222222222/ReadOnly of "${SESSION}"; fetching new ones`]);
    expect(await readCachedRoleCredentials(current.context, ref)).toEqual(first);
  });
});
