// One account whose roles cannot be listed (the sandbox's portal fails every ListAccountRoles
// for it): the others are listed, the failure is reported on that account, and
// `eks-sso accounts` warns "1 of N" without failing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, validateScenario, type SandboxHandle } from '../../../sandbox/index.js';
import { createSso } from '../../../main/core/sso/index.js';
import { sandboxContext, type TestContext } from '../../core/sso/sandbox-context.js';
import { runEksSso } from './run-cli.js';

const ACCOUNTS = ['111111111111', '222222222222', '333333333333'];

let sandbox: SandboxHandle;
let current: TestContext;
beforeAll(async () => {
  sandbox = await startSandbox(
    validateScenario({
      identityCenter: { region: 'eu-west-1', startUrl: 'https://d-9067cccccc.awsapps.com/start' },
      users: [{ name: 'alice@example.com' }],
      accounts: ACCOUNTS.map((id, index) => ({ id, name: ['platform', 'payments', 'sandbox'][index]! })),
      permissionSets: [
        { name: 'Admin', actions: ['*'] },
        { name: 'ReadOnly', actions: ['eks:List*'] },
      ],
      assignments: [
        { user: 'alice@example.com', accounts: ['111111111111', '333333333333'], permissionSet: 'Admin' },
        { user: 'alice@example.com', accounts: ['222222222222', '333333333333'], permissionSet: 'ReadOnly' },
      ],
    }),
    { autoApprove: 'alice@example.com', autoApproveDelayMs: 20 },
  );
  current = await sandboxContext(sandbox.env);
  await createSso(current.context).login({ session: 'org', startUrl: sandbox.startUrl, region: sandbox.region, openBrowser: false });
});
afterAll(async () => {
  await current?.cleanup();
  await sandbox?.close();
});

describe('eks-sso accounts with one failing account', () => {
  it('lists the other accounts, marks the failed one, and warns "1 of 3"', { timeout: 60_000 }, async () => {
    sandbox.admin.setFault('ListAccountRoles', { errorRate: 1, accounts: ['222222222222'] });
    const { code, out, err } = await runEksSso(['accounts', '--refresh', '--json'], current.env);
    expect(code, err).toBe(0);
    const listing = JSON.parse(out) as { accounts: Array<{ accountId: string; roles: string[]; error?: { code: string } }> };
    const byId = new Map(listing.accounts.map((account) => [account.accountId, account]));
    expect([...byId.keys()].sort()).toEqual(ACCOUNTS);
    expect(byId.get('222222222222')).toMatchObject({ roles: [], error: { code: 'aws' } });
    expect(byId.get('111111111111')).toMatchObject({ roles: ['Admin'] });
    expect(byId.get('111111111111')?.error).toBeUndefined();
    expect([...byId.get('333333333333')!.roles].sort()).toEqual(['Admin', 'ReadOnly']);
    const warnings = err.trim().split('\n');
    expect(warnings[0]).toMatch(/^eks-sso: warning: could not list the roles of account 222222222222: /);
    expect(warnings.at(-1)).toBe('eks-sso: warning: the roles of 1 of 3 accounts could not be listed. Run again with --refresh to retry');
    // The fault touched only that account: every other role listing was answered.
    expect(sandbox.admin.statusCounts()['ListAccountRoles 200']).toBe(2);
  });
});
