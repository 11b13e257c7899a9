// Puts our planned entries into a kubeconfig: adds, updates (keeping a namespace the user set
// on our context), prunes, and never touches or takes over a name that is not ours. Works on
// either representation of the file (editable.ts).
import { SECTIONS, type Section } from './document.js';
import type { ConfigEntry, EditableKubeconfig } from './editable.js';
import { canonicalBody, type DesiredEntries } from './entries.js';
import type { EntryMarker } from './marker.js';

export interface PruneOptions {
  /** Remove our entries that are not in the plan (only for `pruneSessions`, when given). */
  prune?: boolean;
  pruneSessions?: string[];
  /** Only entries for which this says true may go. */
  pruneScope?: (marker: EntryMarker) => boolean;
}

export interface PlanResult {
  added: string[];
  updated: string[];
  removed: string[];
  /** Context names we did not write because an entry we do not own already has that name. */
  conflicts: string[];
  /** False when the file already held exactly these entries. */
  changed: boolean;
}

type Change = 'added' | 'updated' | 'same';

function byName(config: EditableKubeconfig, section: Section): Map<string, ConfigEntry[]> {
  const index = new Map<string, ConfigEntry[]>();
  for (const entry of config.entries(section)) {
    const list = index.get(entry.name);
    if (list) list.push(entry);
    else index.set(entry.name, [entry]);
  }
  return index;
}

export function applyPlan(config: EditableKubeconfig, plan: readonly DesiredEntries[], options: PruneOptions): PlanResult {
  const existing: Record<Section, Map<string, ConfigEntry[]>> = {
    clusters: byName(config, 'clusters'),
    contexts: byName(config, 'contexts'),
    users: byName(config, 'users'),
  };
  const result: PlanResult = { added: [], updated: [], removed: [], conflicts: [], changed: false };

  // An entry that is exactly what we would write is ours: checking that first spares the
  // fast path from reading its marker.
  const isForeign = (section: Section, name: string, body: Record<string, unknown>): boolean =>
    existing[section].get(name)?.some((entry) => !config.holdsExactly(section, entry, body) && entry.marker === null) ?? false;

  const upsert = (section: Section, name: string, body: Record<string, unknown>): Change => {
    const ours = existing[section].get(name)?.find((entry) => config.holdsExactly(section, entry, body) || entry.marker !== null);
    if (!ours) {
      config.add(section, name, body);
      return 'added';
    }
    if (config.holdsExactly(section, ours, body)) return 'same';
    const current = config.body(section, ours);
    // A namespace the user set on our context (kubectl config set-context --namespace) is theirs to keep.
    const wanted = section === 'contexts' && current?.namespace ? { ...body, namespace: current.namespace } : body;
    if (JSON.stringify(canonicalBody(current)) === JSON.stringify(canonicalBody(wanted))) return 'same';
    config.replaceBody(section, ours, wanted);
    return 'updated';
  };

  const accepted: DesiredEntries[] = [];
  for (const entries of plan) {
    const clash =
      isForeign('contexts', entries.context.name, entries.context.body) ||
      isForeign('clusters', entries.cluster.name, entries.cluster.body) ||
      isForeign('users', entries.user.name, entries.user.body);
    if (clash) result.conflicts.push(entries.context.name);
    else accepted.push(entries);
  }

  const wantedNames: Record<Section, Set<string>> = { clusters: new Set(), contexts: new Set(), users: new Set() };
  const entryChanges = new Map<string, Change>();
  const apply = (section: Section, name: string, body: Record<string, unknown>): Change => {
    const key = `${section}\u0000${name}`;
    const known = entryChanges.get(key);
    if (known) return known; // a cluster entry shared by several roles is written once
    wantedNames[section].add(name);
    const change = upsert(section, name, body);
    entryChanges.set(key, change);
    return change;
  };
  for (const entries of accepted) {
    const clusterChange = apply('clusters', entries.cluster.name, entries.cluster.body);
    const userChange = apply('users', entries.user.name, entries.user.body);
    const contextChange = apply('contexts', entries.context.name, entries.context.body);
    if (contextChange === 'added') result.added.push(entries.context.name);
    else if (contextChange === 'updated' || clusterChange !== 'same' || userChange !== 'same') result.updated.push(entries.context.name);
  }

  let pruned = 0;
  if (options.prune) {
    const sessions = options.pruneSessions ? new Set(options.pruneSessions) : null;
    for (const section of SECTIONS) {
      const doomed = config
        .entries(section)
        .filter(
          (entry) =>
            !wantedNames[section].has(entry.name) &&
            entry.marker !== null &&
            (sessions === null || sessions.has(entry.marker.session)) &&
            (options.pruneScope === undefined || options.pruneScope(entry.marker)),
        );
      if (doomed.length === 0) continue;
      pruned += doomed.length;
      config.remove(section, doomed);
      // Clusters and users are reported through the contexts that used them.
      if (section === 'contexts') result.removed.push(...doomed.map((entry) => entry.name));
    }
  }

  result.changed = pruned > 0 || [...entryChanges.values()].some((change) => change !== 'same');
  return result;
}
