// The product's own pagination loops: ListAccounts and ListAccountRoles both follow nextToken
// until the portal stops sending one, over real HTTP through the SDK client.
import { afterEach, describe, expect, it } from 'vitest';
import { createSso } from '../../../main/core/sso/index.js';
import { fakeSignIn, startFakePortal, type FakePortal } from './fake-portal.js';
import { sandboxContext, type TestContext } from './sandbox-context.js';

let portal: FakePortal | undefined;
let current: TestContext | undefined;
afterEach(async () => {
  await portal?.close();
  await current?.cleanup();
});

describe('listing accounts and roles over several pages', () => {
  it('follows nextToken for ListAccounts and for each ListAccountRoles, losing nothing', async () => {
    const accounts = Array.from({ length: 5 }, (_, index) => ({
      accountId: `10000000000${index}`,
      accountName: `account-${index}`,
      roles: index === 2 ? ['Admin', 'Billing', 'Developer', 'Network', 'ReadOnly'] : ['ReadOnly'],
    }));
    portal = await startFakePortal({ accounts, pageSize: 2 });
    current = await sandboxContext({ AWS_ENDPOINT_URL_SSO: portal.url });
    await fakeSignIn(current.env, 'paged');
    const result = await createSso(current.context, { concurrency: 1 }).accounts('paged', { refresh: true });
    expect(result.accounts.map((account) => [account.accountId, account.roles])).toEqual(accounts.map((account) => [account.accountId, account.roles]));
    expect(portal.requests.filter((line) => line.startsWith('ListAccounts '))).toEqual(['ListAccounts -', 'ListAccounts page-2', 'ListAccounts page-4']);
    expect(portal.requests.filter((line) => line.startsWith('ListAccountRoles 100000000002'))).toEqual([
      'ListAccountRoles 100000000002 -',
      'ListAccountRoles 100000000002 page-2',
      'ListAccountRoles 100000000002 page-4',
    ]);
    expect(portal.requests).toHaveLength(3 + 4 + 3);
  });
});
