// Search, filters and ordering of the contexts table. Favourites are pinned on top; the rest
// read as accounts → roles → clusters. A lower-cased search key per context is built once per
// snapshot, so a keystroke is one pass of `includes` over the list.
import type { CheckStatus, ContextView } from '../../../main/contract.js';

interface Indexed {
  context: ContextView;
  key: string;
}

// One collator for every comparison: String.prototype.localeCompare builds one per call,
// which dominates sorting 3,000 rows.
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function compare(a: ContextView, b: ContextView): number {
  if (a.isFavourite !== b.isFavourite) return a.isFavourite ? -1 : 1;
  return (
    collator.compare(a.accountName, b.accountName) ||
    collator.compare(a.accountId, b.accountId) ||
    collator.compare(a.roleName, b.roleName) ||
    collator.compare(a.cluster.name, b.cluster.name) ||
    collator.compare(a.cluster.region, b.cluster.region)
  );
}

function unique(values: string[]): string[] {
  return [...new Set(values)].sort(collator.compare);
}

export class ContextTableState {
  search = $state('');
  account = $state('');
  role = $state('');
  region = $state('');
  status = $state<CheckStatus | ''>('');

  private readonly source: () => ContextView[];

  constructor(source: () => ContextView[]) {
    this.source = source;
  }

  private indexed = $derived.by<Indexed[]>(() =>
    [...this.source()].sort(compare).map((context) => ({
      context,
      key: [context.contextName, context.accountName, context.accountId, context.roleName, context.cluster.name, context.cluster.region, context.check.status]
        .join('\n')
        .toLowerCase(),
    })),
  );

  options = $derived.by(() => {
    const contexts = this.source();
    return {
      accounts: unique(contexts.map((context) => context.accountName)),
      roles: unique(contexts.map((context) => context.roleName)),
      regions: unique(contexts.map((context) => context.cluster.region)),
      statuses: unique(contexts.map((context) => context.check.status)) as CheckStatus[],
    };
  });

  rows = $derived.by<ContextView[]>(() => {
    const needle = this.search.trim().toLowerCase();
    const { account, role, region, status } = this;
    const rows: ContextView[] = [];
    for (const { context, key } of this.indexed) {
      if (needle && !key.includes(needle)) continue;
      if (account && context.accountName !== account) continue;
      if (role && context.roleName !== role) continue;
      if (region && context.cluster.region !== region) continue;
      if (status && context.check.status !== status) continue;
      rows.push(context);
    }
    return rows;
  });

  get filtered(): boolean {
    return this.search !== '' || this.account !== '' || this.role !== '' || this.region !== '' || this.status !== '';
  }

  clear(): void {
    this.search = '';
    this.account = '';
    this.role = '';
    this.region = '';
    this.status = '';
  }
}
