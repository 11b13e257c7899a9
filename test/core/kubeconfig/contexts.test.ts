import { describe, expect, it } from 'vitest';
import { planContexts, renderTemplate, templateProblems } from '../../../main/core/kubeconfig/contexts.js';
import { accessEntriesSupported } from '../../../main/core/eks/cluster-info.js';
import { clusterInfo } from './clusters.js';

const accounts = [
  { accountId: '111122223333', accountName: 'prod', roles: ['ReadOnly', 'AdministratorAccess'] },
  { accountId: '444455556666', accountName: 'staging', roles: ['Developer'] },
];

describe('planContexts', () => {
  it('offers every cluster for every role of its account, named {account}/{role}/{cluster}', () => {
    const plan = planContexts([clusterInfo({ name: 'payments' }), clusterInfo({ name: 'web', accountId: '444455556666', accountName: 'staging' })], accounts, '{account}/{role}/{cluster}');
    expect(plan.map((spec) => spec.contextName)).toEqual(['prod/AdministratorAccess/payments', 'prod/ReadOnly/payments', 'staging/Developer/web']);
    expect(plan[1]).toMatchObject({ session: 'acme', accountId: '111122223333', accountName: 'prod', roleName: 'ReadOnly' });
  });

  it('adds the region only to names that collide', () => {
    const plan = planContexts(
      [clusterInfo({ name: 'payments', region: 'eu-west-1' }), clusterInfo({ name: 'payments', region: 'us-east-1' }), clusterInfo({ name: 'web' })],
      [{ accountId: '111122223333', accountName: 'prod', roles: ['Admin'] }],
      '{account}/{role}/{cluster}',
    );
    expect(plan.map((spec) => spec.contextName)).toEqual(['prod/Admin/payments@eu-west-1', 'prod/Admin/payments@us-east-1', 'prod/Admin/web']);
  });

  it('adds the account id when two accounts share a name and a region', () => {
    const plan = planContexts(
      [clusterInfo({ name: 'api', accountId: '111111111111' }), clusterInfo({ name: 'api', accountId: '222222222222' })],
      [
        { accountId: '111111111111', accountName: 'sandbox', roles: ['Admin'] },
        { accountId: '222222222222', accountName: 'sandbox', roles: ['Admin'] },
      ],
      '{account}/{role}/{cluster}',
    );
    expect(plan.map((spec) => spec.contextName)).toEqual(['sandbox/Admin/api@111111111111:eu-west-1', 'sandbox/Admin/api@222222222222:eu-west-1']);
    expect(new Set(plan.map((spec) => spec.contextName)).size).toBe(2);
  });

  it('follows a custom template and leaves out clusters kubectl cannot use yet', () => {
    const plan = planContexts(
      [clusterInfo({ name: 'new', status: 'CREATING', endpoint: null, certificateAuthorityData: null }), clusterInfo({ name: 'old' })],
      accounts,
      'eks-{accountId}-{region}-{cluster}-{role}',
    );
    expect(plan.map((spec) => spec.contextName)).toEqual(['eks-111122223333-eu-west-1-old-AdministratorAccess', 'eks-111122223333-eu-west-1-old-ReadOnly']);
  });

  it('rejects unknown placeholders', () => {
    expect(templateProblems('{account}/{rol}/{cluster}')).toEqual(['{rol}']);
    expect(() => renderTemplate('{nope}', { account: 'a', accountId: '1', role: 'r', session: 's' })).toThrow(/unknown placeholder \{nope\}/);
  });
});

describe('accessEntriesSupported', () => {
  it.each([
    ['1.33', 'eks.1', true],
    ['1.31', 'eks.1', true],
    ['1.30', 'eks.1', false],
    ['1.30', 'eks.2', true],
    ['1.29', 'eks.1', true],
    ['1.28', 'eks.5', false],
    ['1.28', 'eks.6', true],
    ['1.23', 'eks.16', false],
    ['1.23', 'eks.17', true],
    ['1.22', 'eks.99', false],
    ['1.27', 'eks.12', true],
  ])('Kubernetes %s on %s → %s', (version, platform, expected) => {
    expect(accessEntriesSupported(version, platform)).toBe(expected);
  });
});
