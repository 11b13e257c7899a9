// The web bridge's wire form of a state snapshot. Contexts travel as rows of values under one
// fixed column order instead of thousands of objects that repeat the same 17 keys: the same
// values, about a third fewer bytes, and arrays parse faster than objects. The snapshot is
// validated against the contract before it is encoded (server) and rebuilt to the contract's
// shape after it is decoded (page). Pure TypeScript: the renderer bundles it too.
import type { CheckFacts, ContextView, StateSnapshot } from '../contract.js';

type ContextRow = [
  contextName: string,
  session: string,
  accountId: string,
  accountName: string,
  roleName: string,
  clusterName: string,
  clusterRegion: string,
  clusterStatus: string,
  clusterAuthenticationMode: string | null,
  clusterVersion: string | null,
  checkStatus: ContextView['check']['status'],
  checkSummary: string,
  checkDetail: string | null,
  checkCheckedAt: number | null,
  inKubeconfig: boolean,
  isCurrent: boolean,
  isFavourite: boolean,
  /** What the check found besides its verdict (nodes, version, latency…); null when nothing. */
  checkFacts: FactsRow | null,
];

/** CheckFacts in a fixed order too: 3,000 rows would otherwise repeat every key name. */
type FactsRow = [
  latencyMs: number | null,
  nodes: number | null,
  readyNodes: number | null,
  readyOfFirst: number | null,
  serverVersion: string | null,
  namespaces: string[] | null,
  privateOnly: boolean | null,
];

export interface WireSnapshot extends Omit<StateSnapshot, 'contexts'> {
  /** One row per context, in the order of ContextRow. */
  contextRows: ContextRow[];
}

// A fact added to the contract must be added to FactsRow too: this fails to compile until it is.
const _everyFactHasAColumn: Record<keyof CheckFacts, true> = {
  latencyMs: true,
  nodes: true,
  readyNodes: true,
  readyOfFirst: true,
  serverVersion: true,
  namespaces: true,
  privateOnly: true,
};

function factsRow(check: CheckFacts): FactsRow | null {
  const row: FactsRow = [
    check.latencyMs ?? null,
    check.nodes ?? null,
    check.readyNodes ?? null,
    check.readyOfFirst ?? null,
    check.serverVersion ?? null,
    check.namespaces ?? null,
    check.privateOnly ?? null,
  ];
  return row.every((value) => value === null) ? null : row;
}

function factsOf(row: FactsRow | null): CheckFacts {
  if (!row) return {};
  const [latencyMs, nodes, readyNodes, readyOfFirst, serverVersion, namespaces, privateOnly] = row;
  return {
    ...(latencyMs !== null ? { latencyMs } : {}),
    ...(nodes !== null ? { nodes } : {}),
    ...(readyNodes !== null ? { readyNodes } : {}),
    ...(readyOfFirst !== null ? { readyOfFirst } : {}),
    ...(serverVersion !== null ? { serverVersion } : {}),
    ...(namespaces !== null ? { namespaces } : {}),
    ...(privateOnly !== null ? { privateOnly } : {}),
  };
}

function toRow(context: ContextView): ContextRow {
  const { cluster, check } = context;
  return [
    context.contextName,
    context.session,
    context.accountId,
    context.accountName,
    context.roleName,
    cluster.name,
    cluster.region,
    cluster.status,
    cluster.authenticationMode,
    cluster.version,
    check.status,
    check.summary,
    check.detail,
    check.checkedAt,
    context.inKubeconfig,
    context.isCurrent,
    context.isFavourite,
    factsRow(check),
  ];
}

// Spelled out field by field, so that a field added to the contract fails to compile here.
function fromRow(row: ContextRow): ContextView {
  return {
    contextName: row[0],
    session: row[1],
    accountId: row[2],
    accountName: row[3],
    roleName: row[4],
    cluster: { name: row[5], region: row[6], status: row[7], authenticationMode: row[8], version: row[9] },
    check: { status: row[10], summary: row[11], detail: row[12], checkedAt: row[13], ...factsOf(row[17]) },
    inKubeconfig: row[14],
    isCurrent: row[15],
    isFavourite: row[16],
  };
}

export function toWire(snapshot: StateSnapshot): WireSnapshot {
  const { contexts, ...rest } = snapshot;
  return { ...rest, contextRows: contexts.map(toRow) };
}

export function fromWire(wire: WireSnapshot): StateSnapshot {
  const { contextRows, ...rest } = wire;
  return { ...rest, contexts: contextRows.map(fromRow) };
}
