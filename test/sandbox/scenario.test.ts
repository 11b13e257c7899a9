// Scenario files: the demo parses, mistakes name the field and its line, the generator scales.
import { describe, expect, it } from 'vitest';
import { ScenarioError, generateScenario, parseScenario } from '../../sandbox/index.js';
import { kubeSeedFor } from '../../sandbox/scenario/kube-seed.js';
import { Directory } from '../../sandbox/identity/directory.js';
import { demoYaml } from './helpers/demo.js';

const minimal = `identityCenter:
  region: us-east-1
  startUrl: https://d-1234567890.awsapps.com/start
users:
  - name: alice@example.com
accounts:
  - id: "123456789012"
    name: one
permissionSets:
  - name: Admin
    actions: ["*"]
assignments:
  - user: alice@example.com
    account: "123456789012"
    permissionSet: Admin
clusters:
  - name: c1
    account: "123456789012"
    region: us-east-1
    version: "1.31"
`;

function errorOf(text: string): ScenarioError {
  try {
    parseScenario(text);
  } catch (error) {
    if (error instanceof ScenarioError) return error;
    throw error;
  }
  throw new Error('expected a ScenarioError');
}

describe('parseScenario', () => {
  it('reads the demo scenario with everything the issue asks for', () => {
    const scenario = parseScenario(demoYaml);
    expect(scenario.accounts).toHaveLength(3);
    expect(scenario.permissionSets.map((set) => set.name)).toEqual(['AdministratorAccess', 'Developer', 'ReadOnly']);
    expect(scenario.clusters.length).toBeGreaterThanOrEqual(6);
    expect(new Set(scenario.clusters.map((cluster) => cluster.region)).size).toBe(2);
    expect(new Set(scenario.clusters.map((cluster) => cluster.authenticationMode))).toEqual(new Set(['API', 'API_AND_CONFIG_MAP', 'CONFIG_MAP']));
    expect(scenario.clusters.some((cluster) => cluster.version === '1.33')).toBe(true);
    expect(scenario.clusters.some((cluster) => cluster.status === 'CREATING')).toBe(true);
    expect(scenario.clusters.some((cluster) => cluster.endpoint === 'hang')).toBe(true);
    expect(scenario.permissionSets.find((set) => set.name === 'AdministratorAccess')?.sessionDuration).toBe(4 * 3600);
  });

  it('defaults what a minimal scenario leaves out', () => {
    const scenario = parseScenario(minimal);
    expect(scenario.identityCenter).toMatchObject({ sessionDuration: 28800, accessTokenLifetime: 3600, deviceCodeLifetime: 600 });
    expect(scenario.clusters[0]).toMatchObject({ status: 'ACTIVE', authenticationMode: 'API_AND_CONFIG_MAP', endpoint: 'answer', endpointPublicAccess: true });
    expect(scenario.assignments).toEqual([{ user: 'alice@example.com', account: '123456789012', permissionSet: 'Admin' }]);
  });

  it.each([
    ['an unquoted 1.30', minimal.replace('version: "1.31"', 'version: 1.30'), 'clusters[0].version', 20],
    ['an unknown mode', minimal.replace('    version: "1.31"', '    version: "1.31"\n    authenticationMode: IAM'), 'clusters[0].authenticationMode', 21],
    ['a short account id', minimal.replace('id: "123456789012"', 'id: "12345"'), 'accounts[0].id', 7],
    ['an unknown user in an assignment', minimal.replace('  - user: alice@example.com', '  - user: bob@example.com'), 'assignments[0].user', 13],
    ['an unknown permission set', minimal.replace('    permissionSet: Admin', '    permissionSet: Viewer'), 'assignments[0].permissionSet', 15],
    ['a typo in a field name', minimal.replace('    region: us-east-1\n    version', '    regoin: us-east-1\n    version'), 'clusters[0].regoin', 19],
    ['a missing start URL', minimal.replace('  startUrl: https://d-1234567890.awsapps.com/start\n', ''), 'identityCenter.startUrl', 2],
    ['an unknown access policy', `${minimal}    accessEntries:\n      - permissionSet: Admin\n        policies: [{ policy: AmazonEKSGodPolicy }]\n`, 'clusters[0].accessEntries[0].policies[0].policy', 23],
  ])('names the field and line of %s', (_label, text, field, line) => {
    const error = errorOf(text);
    expect(error.field).toBe(field);
    expect(error.line).toBe(line);
    expect(error.message).toContain(`line ${line}: ${field}:`);
  });

  it('reports YAML syntax errors with their line', () => {
    const error = errorOf('identityCenter:\n  region: us-east-1\n  startUrl: [unclosed\nusers: []\n');
    expect(error.line).toBeGreaterThanOrEqual(3);
    expect(error.message).toMatch(/^scenario line \d+: YAML: /);
  });
});

describe('kube seeds', () => {
  it('expands role placeholders in aws-auth and gives node-role mappings to CONFIG_MAP clusters', () => {
    const scenario = parseScenario(demoYaml);
    const directory = new Directory(scenario);
    const legacy = scenario.clusters.find((cluster) => cluster.name === 'prod-legacy');
    if (!legacy) throw new Error('demo has no prod-legacy');
    const seed = kubeSeedFor(legacy, directory);
    expect(seed.awsAuth?.mapRoles).toMatch(/rolearn: arn:aws:iam::111111111111:role\/AWSReservedSSO_AdministratorAccess_[0-9a-f]{16}\n/);
    expect(seed.awsAuth?.mapRoles).toContain('rolearn: arn:aws:iam::111111111111:role/eks-node-group-role');
    expect(seed.awsAuth?.mapRoles).toContain('{{SessionName}}');
    expect(seed.nodes.length).toBeGreaterThan(0);
    const apiOnly = parseScenario(minimal.replace('    version: "1.31"', '    version: "1.31"\n    authenticationMode: API'));
    expect(kubeSeedFor(apiOnly.clusters[0]!, new Directory(apiOnly)).awsAuth).toBeNull();
  });
});

describe('generateScenario', () => {
  it('builds a large organisation from a spec', () => {
    const scenario = generateScenario('accounts=1000,roles=3,regions=4,clusters=2');
    expect(scenario.accounts).toHaveLength(1000);
    expect(scenario.permissionSets).toHaveLength(3);
    expect(scenario.clusters).toHaveLength(2000);
    expect(new Set(scenario.clusters.map((cluster) => cluster.region)).size).toBe(4);
    expect(scenario.assignments).toHaveLength(3000);
  });

  it('rejects unknown keys and out-of-range values', () => {
    expect(() => generateScenario('acounts=3')).toThrow(/unknown generator key "acounts"/);
    expect(() => generateScenario('accounts=0')).toThrow(/accounts must be a whole number from 1/);
  });
});
