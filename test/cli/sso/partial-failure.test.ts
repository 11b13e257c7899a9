// One account whose roles cannot be listed: the others are listed, the failure is reported on
// that account, and `eks-sso accounts` warns "1 of N" without failing.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fakeHome, fakeSignIn, startFakePortal, type FakePortal } from '../../core/sso/fake-portal.js';
import { runEksSso } from './run-cli.js';

let portal: FakePortal | undefined;
let home: string | undefined;
afterEach(async () => {
  await portal?.close();
  if (home) await rm(home, { recursive: true, force: true });
});

describe('eks-sso accounts with one failing account', () => {
  it('lists the other accounts, marks the failed one, and warns "1 of 3"', async () => {
    portal = await startFakePortal({
      accounts: [
        { accountId: '111111111111', accountName: 'platform', roles: ['Admin'] },
        { accountId: '222222222222', accountName: 'payments', roles: ['ReadOnly'] },
        { accountId: '333333333333', accountName: 'sandbox', roles: ['Admin', 'ReadOnly'] },
      ],
      pageSize: 100,
      failing: ['222222222222'],
    });
    home = await mkdtemp(path.join(tmpdir(), 'eks-sso-partial-'));
    const env = { ...fakeHome(home), AWS_ENDPOINT_URL_SSO: portal.url };
    await fakeSignIn(env, 'org');
    const { code, out, err } = await runEksSso(['accounts', '--refresh', '--json'], env);
    expect(code, err).toBe(0);
    const listing = JSON.parse(out) as { accounts: Array<{ accountId: string; roles: string[]; error?: { code: string } }> };
    expect(listing.accounts.map((account) => [account.accountId, account.roles, account.error?.code])).toEqual([
      ['222222222222', [], 'not-found'],
      ['111111111111', ['Admin'], undefined],
      ['333333333333', ['Admin', 'ReadOnly'], undefined],
    ]);
    expect(err.split('\n')).toEqual([
      'eks-sso: warning: could not list the roles of account 222222222222: the AWS access portal: not found',
      'eks-sso: warning: the roles of 1 of 3 accounts could not be listed. Run again with --refresh to retry',
      '',
    ]);
  });
});
