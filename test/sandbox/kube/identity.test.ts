import { describe, expect, it } from 'vitest';
import { parseAwsAuth } from '../../../sandbox/kube/aws-auth.js';
import { canonicalArn, mapCallerToUser, principalOf, stripRolePath } from '../../../sandbox/kube/identity.js';
import type { MappingSources } from '../../../sandbox/kube/identity.js';
import type { CallerIdentity } from '../../../sandbox/kube/contract.js';
import { accessEntries, ACCOUNT, ADMIN_ROLE, AWS_AUTH_MAP_ROLES, DEV_ROLE, MASTERS_ROLE, NODE_ROLE, UNMAPPED_ROLE, VIEWER_ROLE } from './fixture.js';

const caller = (role: string, session: string): CallerIdentity => ({ arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${role}/${session}`, account: ACCOUNT, userId: `AROAEXAMPLE:${session}` });

function sources(mode: MappingSources['mode'], mapRoles = AWS_AUTH_MAP_ROLES): MappingSources {
  return { mode, accessEntries: accessEntries(), awsAuth: () => parseAwsAuth({ mapRoles }) };
}

describe('ARN canonicalisation (aws-iam-authenticator pkg/arn)', () => {
  it('turns an assumed-role session into its role, with no path', () => {
    expect(canonicalArn(`arn:aws:sts::${ACCOUNT}:assumed-role/${ADMIN_ROLE}/alice@example.com`)).toBe(`arn:aws:iam::${ACCOUNT}:role/${ADMIN_ROLE}`);
    expect(canonicalArn('arn:aws:sts::123456789012:assumed-role/Alice/extra')).toBe('arn:aws:iam::123456789012:role/Alice');
    expect(canonicalArn('arn:aws-cn:sts::123456789012:assumed-role/R/s')).toBe('arn:aws-cn:iam::123456789012:role/R');
  });

  it('leaves IAM users and roots alone', () => {
    expect(canonicalArn('arn:aws:iam::123456789012:user/bob')).toBe('arn:aws:iam::123456789012:user/bob');
    expect(canonicalArn('arn:aws:iam::123456789012:root')).toBe('arn:aws:iam::123456789012:root');
  });

  it('strips the aws-reserved path of an SSO role ARN the way EKS matches access entries', () => {
    expect(stripRolePath(`arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/eu-west-1/${ADMIN_ROLE}`)).toBe(`arn:aws:iam::${ACCOUNT}:role/${ADMIN_ROLE}`);
    expect(stripRolePath(`arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/${ADMIN_ROLE}`)).toBe(`arn:aws:iam::${ACCOUNT}:role/${ADMIN_ROLE}`);
    expect(stripRolePath(`arn:aws:iam::${ACCOUNT}:role/${ADMIN_ROLE}`)).toBe(`arn:aws:iam::${ACCOUNT}:role/${ADMIN_ROLE}`);
  });
});

describe('aws-auth parsing (dropping what does not parse, as the authenticator does)', () => {
  it('reads roles, users and accounts', () => {
    const parsed = parseAwsAuth({
      mapRoles: AWS_AUTH_MAP_ROLES,
      mapUsers: '- userarn: arn:aws:iam::111122223333:user/bob\n  username: bob\n  groups: [viewers]\n',
      mapAccounts: '- "444455556666"\n',
    });
    expect(parsed.roles.map((role) => role.rolearn.split('/').pop())).toEqual([NODE_ROLE, MASTERS_ROLE, DEV_ROLE, ADMIN_ROLE]);
    expect(parsed.users).toEqual([{ userarn: 'arn:aws:iam::111122223333:user/bob', username: 'bob', groups: ['viewers'] }]);
    expect(parsed.accounts).toEqual(['444455556666']);
    expect(parsed.problems).toEqual([]);
  });

  it('drops entries without an ARN and keeps the rest', () => {
    const parsed = parseAwsAuth({
      mapRoles: `- rolearn: arn:aws:iam::${ACCOUNT}:role/${NODE_ROLE}
  username: system:node:{{EC2PrivateDNSName}}
  groups: [system:nodes]
- username: no-arn
  groups: [system:masters]
- rolearn: 42
  groups: [system:masters]
- just a string
`,
    });
    expect(parsed.roles.map((role) => role.rolearn)).toEqual([`arn:aws:iam::${ACCOUNT}:role/${NODE_ROLE}`]);
    expect(parsed.problems).toEqual(['mapRoles[1]: rolearn is missing', 'mapRoles[2]: rolearn is not a string', 'mapRoles[2]: rolearn is missing', 'mapRoles[3]: entry is not a mapping']);
  });

  it('keeps an entry whose groups is not a list, with no groups, as encoding/json skips that field', () => {
    const parsed = parseAwsAuth({
      mapRoles: `- rolearn: arn:aws:iam::${ACCOUNT}:role/bad-groups
  username: keeps-{{SessionName}}
  groups: system:masters
- rolearn: arn:aws:iam::${ACCOUNT}:role/odd-items
  username: 7
  groups: [viewers, 3, ~]
`,
    });
    expect(parsed.roles).toEqual([
      { rolearn: `arn:aws:iam::${ACCOUNT}:role/bad-groups`, username: 'keeps-{{SessionName}}', groups: [] },
      { rolearn: `arn:aws:iam::${ACCOUNT}:role/odd-items`, groups: ['viewers', '', ''] },
    ]);
    expect(parsed.problems).toEqual(['mapRoles[0]: groups is not a list of strings', 'mapRoles[1]: username is not a string', 'mapRoles[1]: groups has an item that is not a string']);
    const user = mapCallerToUser(caller('bad-groups', 'sam@example.com'), 'K', { mode: 'CONFIG_MAP', accessEntries: [], awsAuth: () => parsed });
    expect(user).toMatchObject({ username: 'keeps-sam-example.com', groups: [] });
  });

  it('reads an entry with a duplicated key, the last value winning, as sigs.k8s.io/yaml does', () => {
    const parsed = parseAwsAuth({
      mapRoles: `- rolearn: arn:aws:iam::${ACCOUNT}:role/${DEV_ROLE}
  username: first
  groups: [one]
  username: second
  groups: [two]
`,
      mapUsers: '- userarn: arn:aws:iam::111122223333:user/bob\n  UserArn: arn:aws:iam::111122223333:user/other\n',
    });
    expect(parsed.roles).toEqual([{ rolearn: `arn:aws:iam::${ACCOUNT}:role/${DEV_ROLE}`, username: 'second', groups: ['two'] }]);
    // encoding/json matches keys case-insensitively; in the sorted JSON object `userarn` comes last.
    expect(parsed.users.map((user) => user.userarn)).toEqual(['arn:aws:iam::111122223333:user/bob']);
    expect(parsed.problems).toEqual([]);
  });

  it('keeps account ids as written, leading zeros included', () => {
    expect(parseAwsAuth({ mapAccounts: '- 012345678901\n- "444455556666"\n' }).accounts).toEqual(['012345678901', '444455556666']);
  });

  it('loses every entry of a key whose YAML does not parse, node roles included', () => {
    const broken = AWS_AUTH_MAP_ROLES.replace('  groups:\n    - system:masters', '  groups:\n  - system:masters\n   bad: [indent');
    const parsed = parseAwsAuth({ mapRoles: broken, mapUsers: '- userarn: arn:aws:iam::111122223333:user/bob\n  username: bob\n' });
    expect(parsed.roles).toEqual([]);
    expect(parsed.users).toHaveLength(1);
    expect(parsed.problems[0]).toMatch(/^mapRoles: /);
  });

  it('survives values that are not YAML strings', () => {
    expect(parseAwsAuth({ mapRoles: 42, mapUsers: ['x'] })).toMatchObject({ roles: [], users: [], problems: ['mapRoles: not a string', 'mapUsers: not a string'] });
  });

  it('treats missing or empty data as no mappings', () => {
    expect(parseAwsAuth(null)).toEqual({ roles: [], users: [], accounts: [], problems: [] });
    expect(parseAwsAuth({ mapRoles: '' }).roles).toEqual([]);
  });
});

describe('caller → Kubernetes user', () => {
  it('gives an access entry user the EKS default username, with @ turned into -', () => {
    const user = mapCallerToUser(caller(ADMIN_ROLE, 'alice@example.com'), 'ASIAKEY', sources('API'));
    expect(user?.username).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/${ADMIN_ROLE}/alice-example.com`);
    expect(user?.groups).toEqual([]);
    expect(user?.policies[0]?.policyArn).toMatch(/AmazonEKSClusterAdminPolicy$/);
    expect(user?.extra.canonicalArn).toEqual([`arn:aws:iam::${ACCOUNT}:role/${ADMIN_ROLE}`]);
  });

  it('uses the role id without the session name as uid and principalId, as the authenticator does', () => {
    const user = mapCallerToUser(caller(ADMIN_ROLE, 'alice@example.com'), 'ASIAKEY', sources('API'));
    expect(user?.uid).toBe(`aws-iam-authenticator:${ACCOUNT}:AROAEXAMPLE`);
    expect(user?.extra).toEqual({
      accessKeyId: ['ASIAKEY'],
      arn: [`arn:aws:sts::${ACCOUNT}:assumed-role/${ADMIN_ROLE}/alice@example.com`],
      canonicalArn: [`arn:aws:iam::${ACCOUNT}:role/${ADMIN_ROLE}`],
      principalId: ['AROAEXAMPLE'],
      sessionName: ['alice@example.com'],
    });
  });

  it('keeps the whole user id of an IAM user, which has no session name', () => {
    const bob: CallerIdentity = { arn: 'arn:aws:iam::111122223333:user/bob', account: ACCOUNT, userId: 'AIDAEXAMPLEBOB' };
    const user = mapCallerToUser(bob, 'AKIAKEY', {
      mode: 'CONFIG_MAP',
      accessEntries: [],
      awsAuth: () => parseAwsAuth({ mapUsers: '- userarn: arn:aws:iam::111122223333:user/bob\n  username: bob-{{SessionName}}\n' }),
    });
    expect(user).toMatchObject({ username: 'bob-', uid: `aws-iam-authenticator:${ACCOUNT}:AIDAEXAMPLEBOB`, extra: { principalId: ['AIDAEXAMPLEBOB'], sessionName: [''] } });
    expect(principalOf({ arn: `arn:aws:sts::${ACCOUNT}:federated-user/carol`, account: ACCOUNT, userId: `${ACCOUNT}:carol` })).toEqual({ principalId: `${ACCOUNT}:carol`, sessionName: '' });
  });

  it('matches access entries case-insensitively on the path-less ARN', () => {
    const user = mapCallerToUser(caller(VIEWER_ROLE.toLowerCase(), 'v'), 'K', sources('API'));
    expect(user?.policies[0]?.accessScope).toEqual({ type: 'namespace', namespaces: ['team-a'] });
  });

  it('uses aws-auth only in the modes that read it, with its templates', () => {
    expect(mapCallerToUser(caller(MASTERS_ROLE, 'max@example.com'), 'K', sources('API'))).toBeNull();
    const legacy = mapCallerToUser(caller(MASTERS_ROLE, 'max@example.com'), 'K', sources('API_AND_CONFIG_MAP'));
    expect(legacy).toMatchObject({ username: 'legacy-admin:max-example.com', groups: ['system:masters'], policies: [] });
    const developer = mapCallerToUser(caller(DEV_ROLE, 'dev@example.com'), 'K', sources('CONFIG_MAP'));
    expect(developer).toMatchObject({ username: 'dev:dev@example.com', groups: ['developers'] });
  });

  it('lets an access entry win over aws-auth for the same principal, and ignores entries in CONFIG_MAP mode', () => {
    const both = mapCallerToUser(caller(ADMIN_ROLE, 'alice'), 'K', sources('API_AND_CONFIG_MAP'));
    expect(both?.username).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/${ADMIN_ROLE}/alice`);
    const configMapOnly = mapCallerToUser(caller(ADMIN_ROLE, 'alice'), 'K', sources('CONFIG_MAP'));
    expect(configMapOnly).toMatchObject({ username: 'shadowed-by-access-entry', groups: ['nothing-useful'], policies: [] });
  });

  it('knows nobody else', () => {
    expect(mapCallerToUser(caller(UNMAPPED_ROLE, 'n'), 'K', sources('API_AND_CONFIG_MAP'))).toBeNull();
  });

  it("maps the cluster's creator as system:masters without aws-auth, even when aws-auth is missing or broken", () => {
    const creatorArn = `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/${UNMAPPED_ROLE}`;
    for (const mapRoles of [undefined, '- rolearn: [unclosed\n']) {
      const user = mapCallerToUser(caller(UNMAPPED_ROLE, 'n'), 'K', { mode: 'CONFIG_MAP', accessEntries: [], awsAuth: () => parseAwsAuth(mapRoles === undefined ? null : { mapRoles }), creatorArn });
      expect(user).toMatchObject({ username: 'kubernetes-admin', groups: ['system:masters'], policies: [] });
    }
    expect(mapCallerToUser(caller(DEV_ROLE, 'n'), 'K', { mode: 'CONFIG_MAP', accessEntries: [], awsAuth: () => parseAwsAuth(null), creatorArn })).toBeNull();
  });

  it('maps a whole account listed in mapAccounts to the canonical ARN', () => {
    const user = mapCallerToUser(caller(UNMAPPED_ROLE, 'n'), 'K', { mode: 'CONFIG_MAP', accessEntries: [], awsAuth: () => parseAwsAuth({ mapAccounts: `- "${ACCOUNT}"` }) });
    expect(user).toMatchObject({ username: `arn:aws:iam::${ACCOUNT}:role/${UNMAPPED_ROLE}`, groups: [] });
  });
});
