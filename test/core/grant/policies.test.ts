import { describe, expect, it } from 'vitest';
import { accessPolicyArn, normalizeRequest, rbacRules } from '../../../main/core/grant/policies.js';
import { accessEntrySteps } from '../../../main/core/grant/access-entry.js';
import type { GrantPlan } from '../../../main/core/grant/types.js';

describe('normalizeRequest', () => {
  it('defaults to cluster admin at cluster scope and read-only in a namespace', () => {
    expect(normalizeRequest({ scope: 'cluster' })).toEqual({ scope: 'cluster', policy: 'AmazonEKSClusterAdminPolicy' });
    expect(normalizeRequest({ scope: 'namespace', namespace: 'team-a' })).toEqual({ scope: 'namespace', namespace: 'team-a', policy: 'AmazonEKSAdminViewPolicy' });
  });

  it('refuses what cannot work, in words', () => {
    expect(() => normalizeRequest({ scope: 'namespace' })).toThrow(/needs --namespace/);
    expect(() => normalizeRequest({ scope: 'namespace', namespace: 'Team_A' })).toThrow(/not a valid namespace name/);
    expect(() => normalizeRequest({ scope: 'namespace', namespace: 'a', policy: 'AmazonEKSClusterAdminPolicy' })).toThrow(/cluster scope only/);
  });
});

describe('policies', () => {
  it('names access policies in the partition of the cluster', () => {
    expect(accessPolicyArn('AmazonEKSEditPolicy', 'eu-west-1')).toBe('arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy');
    expect(accessPolicyArn('AmazonEKSEditPolicy', 'cn-north-1')).toBe('arn:aws-cn:eks::aws:cluster-access-policy/AmazonEKSEditPolicy');
  });

  it('view rules only read; edit rules also write', () => {
    expect(rbacRules('AmazonEKSAdminViewPolicy').flatMap((rule) => rule.verbs)).not.toContain('delete');
    expect(rbacRules('AmazonEKSEditPolicy').find((rule) => rule.resources.includes('pods'))?.verbs).toEqual(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete']);
  });
});

describe('accessEntrySteps', () => {
  const base: Pick<GrantPlan, 'cluster' | 'request' | 'principalArnFull'> = {
    cluster: { name: 'c', region: 'eu-west-1', accountId: '111122223333', authenticationMode: 'API' },
    request: { scope: 'namespace', namespace: 'b', policy: 'AmazonEKSEditPolicy' },
    principalArnFull: 'arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Dev_0123456789abcdef',
  };
  const edit = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy';

  it('reuses an existing entry and widens the namespace scope instead of replacing it', () => {
    const { steps } = accessEntrySteps(base, { actingRole: 'r', tried: [], cluster: { status: 'ACTIVE', authenticationMode: 'API', version: '1.33', platformVersion: 'eks.1' }, entry: { type: 'STANDARD' }, policies: [{ policyArn: edit, accessScope: { type: 'namespace', namespaces: ['a'] } }] });
    expect(steps).toHaveLength(1);
    expect(steps[0]?.details).toMatchObject({ accessScope: { type: 'namespace', namespaces: ['a', 'b'] }, previousScope: { type: 'namespace', namespaces: ['a'] } });
  });

  it('has nothing to do when a cluster-wide association already covers the namespace', () => {
    const { steps } = accessEntrySteps(base, { actingRole: 'r', tried: [], cluster: { status: 'ACTIVE', authenticationMode: 'API', version: '1.33', platformVersion: 'eks.1' }, entry: { type: 'STANDARD' }, policies: [{ policyArn: edit, accessScope: { type: 'cluster' } }] });
    expect(steps).toEqual([]);
  });

  it('refuses an entry of another type', () => {
    expect(() => accessEntrySteps(base, { actingRole: 'r', tried: [], cluster: { status: 'ACTIVE', authenticationMode: 'API', version: '1.33', platformVersion: 'eks.1' }, entry: { type: 'EC2_LINUX' }, policies: [] })).toThrow(/type EC2_LINUX/);
  });
});
