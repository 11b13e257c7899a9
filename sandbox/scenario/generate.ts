// Large organisations on demand: "accounts=1000,roles=3,regions=4,clusters=2" gives 1,000
// accounts, 3 permission sets all assigned to the first user in every account, and 2 clusters
// per account spread over 4 regions. Deterministic, so runs compare.
import { validateScenario } from './parse.js';
import type { Scenario } from './schema.js';

const REGIONS = ['us-east-1', 'eu-west-1', 'us-west-2', 'ap-southeast-2', 'eu-central-1', 'ap-northeast-1', 'ca-central-1', 'sa-east-1'];
const SETS = [
  { name: 'AdministratorAccess', actions: ['*'] },
  { name: 'Developer', actions: ['eks:Describe*', 'eks:List*', 'iam:GetRole'] },
  { name: 'ReadOnly', actions: ['eks:Describe*', 'eks:List*'] },
];
const MODES = ['API', 'API_AND_CONFIG_MAP', 'CONFIG_MAP'] as const;
const LIMITS: Record<string, [number, number]> = { accounts: [1, 10_000], roles: [1, 20], regions: [1, REGIONS.length], clusters: [0, 50], users: [1, 100] };

export class GenerateSpecError extends Error {}

export function parseGenerateSpec(spec: string): Record<string, number> {
  const values: Record<string, number> = { accounts: 10, roles: 3, regions: 2, clusters: 1, users: 1 };
  for (const part of spec.split(',').map((piece) => piece.trim()).filter(Boolean)) {
    const [key = '', raw = ''] = part.split('=').map((piece) => piece.trim());
    const limits = LIMITS[key];
    if (!limits) throw new GenerateSpecError(`unknown generator key "${key}" (expected ${Object.keys(LIMITS).join(', ')})`);
    const value = Number(raw);
    if (!Number.isInteger(value) || value < limits[0] || value > limits[1]) throw new GenerateSpecError(`${key} must be a whole number from ${limits[0]} to ${limits[1]}`);
    values[key] = value;
  }
  return values;
}

export function generateScenario(spec: string): Scenario {
  const { accounts = 10, roles = 3, regions = 2, clusters = 1, users = 1 } = parseGenerateSpec(spec);
  const regionList = REGIONS.slice(0, regions);
  const sets = Array.from({ length: roles }, (_, index) => {
    const base = SETS[index % SETS.length] ?? { name: 'ReadOnly', actions: [] };
    return { name: index < SETS.length ? base.name : `${base.name}${Math.floor(index / SETS.length) + 1}`, actions: base.actions, sessionDuration: 3600 };
  });
  const accountList = Array.from({ length: accounts }, (_, index) => ({ id: String(100000000000 + index * 7919).padStart(12, '0'), name: `org-account-${String(index + 1).padStart(4, '0')}` }));
  const userList = Array.from({ length: users }, (_, index) => ({ name: index === 0 ? 'demo@example.com' : `user${index + 1}@example.com` }));
  const clusterList = accountList.flatMap((account, accountIndex) =>
    Array.from({ length: clusters }, (_, index) => ({
      name: `cluster-${String(accountIndex + 1).padStart(4, '0')}-${index + 1}`,
      account: account.id,
      region: regionList[(accountIndex + index) % regionList.length] ?? 'us-east-1',
      version: `1.${30 + ((accountIndex + index) % 4)}`,
      authenticationMode: MODES[(accountIndex + index) % MODES.length],
      accessEntries: (accountIndex + index) % MODES.length === 2 ? [] : [{ permissionSet: 'AdministratorAccess', policies: [{ policy: 'AmazonEKSClusterAdminPolicy' }] }],
    })),
  );
  return validateScenario({
    identityCenter: { region: 'us-east-1', startUrl: 'https://d-90000generated.awsapps.com/start' },
    users: userList,
    accounts: accountList,
    permissionSets: sets,
    assignments: userList.map((user) => ({ user: user.name, accounts: accountList.map((account) => account.id), permissionSets: sets.map((set) => set.name) })),
    clusters: clusterList,
  });
}
