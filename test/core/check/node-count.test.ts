// The node count of an ok check says only what the first page of the node list shows.
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { countNodes } from '../../../main/core/check/node-count.js';
import { checkContext } from '../../../main/core/check/check-context.js';
import { signedInOrg } from './sandbox-org.js';

function node(ready: boolean) {
  return { status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] } };
}
const page = (ready: number, notReady: number) => [...Array.from({ length: ready }, () => node(true)), ...Array.from({ length: notReady }, () => node(false))];

describe('countNodes', () => {
  it.each([
    ['a complete list', { items: page(3, 0), metadata: {} }, { nodes: 3, readyNodes: 3, summary: '3 nodes, 3 Ready' }],
    ['one node', { items: page(0, 1), metadata: {} }, { nodes: 1, readyNodes: 0, summary: '1 node, 0 Ready' }],
    [
      'a first page with a remaining count',
      { items: page(480, 20), metadata: { _continue: 'next', remainingItemCount: 700 } },
      { nodes: 1200, readyNodes: 480, readyOfFirst: 500, summary: 'about 1200 nodes, 480 of the first 500 Ready' },
    ],
    [
      'a first page without a count',
      { items: page(499, 1), metadata: { _continue: 'next' } },
      { readyNodes: 499, readyOfFirst: 500, summary: 'more than 500 nodes, 499 of the first 500 Ready' },
    ],
  ])('%s', (_label, list, expected) => {
    expect(countNodes(list)).toEqual(expected);
  });
});

describe('an ok check on a cluster of more than 500 nodes', () => {
  it('counts Ready nodes of the first page and says so', async () => {
    // Zero-padded names: the API server lists in name order, so the first page is node-000 … node-499.
    const nodes = [...Array.from({ length: 500 }, (_, index) => ({ name: `node-${String(index).padStart(3, '0')}`, ready: index % 100 !== 0 })), { name: 'node-500', ready: true }, { name: 'node-501', ready: false }];
    const scenario = {
      identityCenter: { region: 'eu-west-1', startUrl: 'https://d-9067bbbbbb.awsapps.com/start' },
      users: [{ name: 'alice@example.com' }],
      accounts: [{ id: '111111111111', name: 'platform' }],
      permissionSets: [{ name: 'AdministratorAccess', actions: ['*'] }],
      assignments: [{ user: 'alice@example.com', account: '111111111111', permissionSet: 'AdministratorAccess' }],
      clusters: [
        {
          name: 'big',
          account: '111111111111',
          region: 'eu-west-1',
          version: '1.31',
          authenticationMode: 'API',
          accessEntries: [{ permissionSet: 'AdministratorAccess', policies: [{ policy: 'AmazonEKSClusterAdminPolicy', scope: 'cluster' }] }],
          kubernetes: { nodes },
        },
      ],
    };
    const org = await signedInOrg(stringify(scenario));
    try {
      const result = await checkContext(org.test.context, org.sso, org.spec('platform', 'AdministratorAccess', 'big'));
      expect(result).toMatchObject({ status: 'ok', readyNodes: 495, readyOfFirst: 500 });
      expect(result.nodes).toBeUndefined();
      expect(result.summary).toMatch(/^more than 500 nodes, 495 of the first 500 Ready/);
    } finally {
      await org.close();
    }
  });
});
