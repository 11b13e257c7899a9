// Which contexts to write: one per account + role + cluster, named by the user's template.
// Discovery lists clusters with one role per account; who can reach a cluster depends on the
// role, so every role of the account gets its own context.
import type { ClusterInfo } from '../eks/cluster-info.js';

export interface AccountRoles {
  accountId: string;
  accountName: string;
  roles: string[];
  /** When several sessions are loaded, the one this account list came from. */
  session?: string;
}

export interface ContextSpec {
  contextName: string;
  session: string;
  accountId: string;
  accountName: string;
  roleName: string;
  cluster: ClusterInfo;
}

export const DEFAULT_CONTEXT_TEMPLATE = '{account}/{role}/{cluster}';

export interface TemplateValues {
  account: string;
  accountId: string;
  role: string;
  cluster?: string;
  region?: string;
  session: string;
}

const PLACEHOLDERS = new Set(['account', 'accountId', 'role', 'cluster', 'region', 'session']);

/** Fills `{account}`, `{accountId}`, `{role}`, `{cluster}`, `{region}`, `{session}`; an unknown placeholder is an error. */
export function renderTemplate(template: string, values: TemplateValues): string {
  return template.replace(/\{([A-Za-z]+)\}/g, (whole, key: string) => {
    if (!PLACEHOLDERS.has(key)) throw new Error(`unknown placeholder ${whole} in template "${template}"`);
    return values[key as keyof TemplateValues] ?? '';
  });
}

/** Unknown placeholders, so the CLI can refuse a template before doing any work. */
export function templateProblems(template: string): string[] {
  return [...template.matchAll(/\{([A-Za-z]+)\}/g)].map((match) => match[1]!).filter((key) => !PLACEHOLDERS.has(key)).map((key) => `{${key}}`);
}

/** Clusters that can have a working context: kubectl needs an endpoint and a CA. */
export function isConnectable(cluster: ClusterInfo): boolean {
  return cluster.endpoint !== null && cluster.certificateAuthorityData !== null && (cluster.status === 'ACTIVE' || cluster.status === 'UPDATING');
}

export function planContexts(clusters: ClusterInfo[], accounts: AccountRoles[], template: string = DEFAULT_CONTEXT_TEMPLATE): ContextSpec[] {
  const planned: Array<Omit<ContextSpec, 'contextName'> & { baseName: string }> = [];
  for (const cluster of clusters) {
    if (!isConnectable(cluster)) continue;
    const account = accounts.find((candidate) => candidate.accountId === cluster.accountId && (candidate.session === undefined || candidate.session === cluster.session));
    const accountName = account?.accountName || cluster.accountName || cluster.accountId;
    for (const roleName of [...new Set(account?.roles ?? [])].sort()) {
      const values = { account: accountName, accountId: cluster.accountId, role: roleName, cluster: cluster.name, region: cluster.region, session: cluster.session };
      planned.push({ baseName: renderTemplate(template, values), session: cluster.session, accountId: cluster.accountId, accountName, roleName, cluster });
    }
  }
  // The region (then the account id, then the session) is added only where two names collide,
  // so most people keep short names and nobody gets two contexts under one name.
  const named = disambiguate(planned, [
    (spec) => spec.baseName,
    (spec) => `${spec.baseName}@${spec.cluster.region}`,
    (spec) => `${spec.baseName}@${spec.accountId}:${spec.cluster.region}`,
    (spec) => `${spec.baseName}@${spec.session}:${spec.accountId}:${spec.cluster.region}`,
  ]);
  return named
    .map(({ baseName: _baseName, ...spec }) => spec)
    .sort((a, b) => (a.contextName < b.contextName ? -1 : a.contextName > b.contextName ? 1 : 0));
}

function disambiguate<T>(items: T[], namers: Array<(item: T) => string>): Array<T & { contextName: string }> {
  const level = items.map(() => 0);
  for (let round = 0; round < namers.length; round += 1) {
    const counts = new Map<string, number>();
    items.forEach((item, index) => {
      const name = namers[level[index]!]!(item);
      counts.set(name, (counts.get(name) ?? 0) + 1);
    });
    let changed = false;
    items.forEach((item, index) => {
      const name = namers[level[index]!]!(item);
      if (counts.get(name)! > 1 && level[index]! < namers.length - 1) {
        level[index] = level[index]! + 1;
        changed = true;
      }
    });
    if (!changed) break;
  }
  return items.map((item, index) => ({ ...item, contextName: namers[level[index]!]!(item) }));
}
