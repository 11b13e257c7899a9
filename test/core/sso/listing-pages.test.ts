// The product's own pagination loops: ListAccounts and ListAccountRoles both follow nextToken
// until the portal stops sending one. The sandbox's portal serves 2 items a page here (the
// product asks for 100; the portal may return fewer, as the real one does).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSso } from '../../../main/core/sso/index.js';
import { startSandbox, validateScenario, type SandboxHandle } from '../../../sandbox/index.js';
import { sandboxContext, type TestContext } from './sandbox-context.js';

const ACCOUNTS = ['100000000000', '100000000001', '100000000002', '100000000003', '100000000004'];
const SETS = ['Admin', 'Billing', 'Developer', 'Network', 'ReadOnly'];

let sandbox: SandboxHandle;
let current: TestContext;
beforeAll(async () => {
  sandbox = await startSandbox(
    validateScenario({
      identityCenter: { region: 'eu-west-1', startUrl: 'https://d-9067bbbbbb.awsapps.com/start', portalPageSize: 2 },
      users: [{ name: 'alice@example.com' }],
      accounts: ACCOUNTS.map((id, index) => ({ id, name: `account-${index}` })),
      permissionSets: SETS.map((name) => ({ name, actions: ['eks:List*'] })),
      assignments: [
        { user: 'alice@example.com', accounts: ACCOUNTS, permissionSet: 'ReadOnly' },
        ...SETS.filter((name) => name !== 'ReadOnly').map((permissionSet) => ({ user: 'alice@example.com', account: ACCOUNTS[2]!, permissionSet })),
      ],
    }),
    { autoApprove: 'alice@example.com', autoApproveDelayMs: 20 },
  );
  current = await sandboxContext(sandbox.env);
});
afterAll(async () => {
  await current?.cleanup();
  await sandbox?.close();
});

describe('listing accounts and roles over several pages', () => {
  it('follows nextToken for ListAccounts and for each ListAccountRoles, losing nothing', async () => {
    const sso = createSso(current.context, { concurrency: 1 });
    await sso.login({ session: 'paged', startUrl: sandbox.startUrl, region: sandbox.region, openBrowser: false });
    sandbox.admin.clearRequestLog();
    const result = await sso.accounts('paged', { refresh: true });
    expect(result.accounts.map((account) => [account.accountId, [...account.roles].sort()])).toEqual(
      ACCOUNTS.map((id) => [id, id === ACCOUNTS[2] ? SETS : ['ReadOnly']]),
    );
    const counts = sandbox.admin.counts();
    // 5 accounts at 2 a page: 3 pages; roles: 3 pages for the account with 5, 1 for each other.
    expect(counts.ListAccounts).toBe(3);
    expect(counts.ListAccountRoles).toBe(3 + 4);
  });
});
