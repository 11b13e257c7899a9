// Writes our contexts into the user's kubeconfig and switches the current context, under the
// lock client-go uses (`<file>.lock`), with an atomic replace, one backup, and no write at all
// when nothing changed. Entries we did not write are left exactly as they were.
import { mkdir, readdir, readFile, realpath, rm } from 'node:fs/promises';
import path from 'node:path';
import type { YAMLMap } from 'yaml';
import type { CoreContext } from '../context.js';
import { CoreError } from '../errors.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { processIsAlive, withLock } from '../fs/lock-file.js';
import { closestNames } from './closest-names.js';
import type { ContextSpec } from './contexts.js';
import { BODY_KEY, parseKubeconfig, sectionSequence, serializeKubeconfig, SECTIONS, type Kubeconfig, type NamedEntry, type Section } from './document.js';
import { canonicalBody, desiredEntries, type DesiredEntries, type ExecCommand } from './entries.js';
import type { EntryMarker } from './marker.js';
import { readLastWrite, recordLastWrite, sha256 } from './last-write.js';
import { kubeconfigPath } from './path.js';

export { kubeconfigPath } from './path.js';

export interface WriteOptions {
  file?: string | null;
  /** Remove our entries that are not in `contexts` (only for `pruneSessions`, when given). */
  prune?: boolean;
  /** Limit pruning to entries of these sessions (the ones this run discovered). */
  pruneSessions?: string[];
  /**
   * Limit pruning further: only entries for which this says true may go (the CLI keeps the
   * account + region pairs discovery could not list this time, and regions it did not ask).
   */
  pruneScope?: (marker: EntryMarker) => boolean;
  execMode: 'builtin' | 'aws';
  /** How to run `eks-sso` from kubectl; default: this Node binary and this CLI script. */
  exec?: ExecCommand;
  /** Profile names for `--exec aws`, as `eks-sso profiles` writes them. */
  profileTemplate?: string;
}

export interface WriteSummary {
  file: string;
  added: string[];
  updated: string[];
  removed: string[];
  /** Context names we did not write because an entry we do not own already has that name. */
  conflicts: string[];
  /** False when the file already held exactly these entries (nothing was written). */
  written: boolean;
}

// client-go gives up at once when the lock is taken; we wait, long enough for a queue of writers.
const LOCK_OPTIONS = { timeoutMs: 60_000, staleMs: 60_000 };

/** The running CLI as kubectl should start it: absolute paths, so kubectl needs no PATH. */
export function defaultExecCommand(): ExecCommand {
  const script = process.argv[1];
  const args = script ? [path.resolve(script)] : [];
  // Run by the packaged app's binary (Electron as Node), kubectl must start it the same way.
  if (process.versions.electron) return { command: process.execPath, args, env: { ELECTRON_RUN_AS_NODE: '1' } };
  return { command: process.execPath, args };
}

/** Follow a symlinked kubeconfig so the rename replaces the target, not the link. */
async function resolveTarget(file: string): Promise<string> {
  try {
    return await realpath(file);
  } catch {
    return file;
  }
}

/**
 * A writer killed between creating its temp file and renaming it leaves the temp file behind
 * (the kubeconfig itself is intact). Under the lock, remove those whose writer is gone.
 */
async function removeAbandonedTempFiles(file: string): Promise<void> {
  const folder = path.dirname(file);
  const escaped = path.basename(file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`^\\.${escaped}(?:\\.eks-sso\\.bak)?\\.(\\d+)\\.[0-9a-f]+\\.tmp$`);
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(pattern.exec(name)?.[1] ?? Number.NaN);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !processIsAlive(pid)) await rm(path.join(folder, name), { force: true });
  }
}

async function readIfExists(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new CoreError('invalid-input', `cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
}

function index(config: Kubeconfig, section: Section): Map<string, NamedEntry[]> {
  const byName = new Map<string, NamedEntry[]>();
  for (const entry of config.entries(section)) {
    const list = byName.get(entry.name);
    if (list) list.push(entry);
    else byName.set(entry.name, [entry]);
  }
  return byName;
}

type Change = 'added' | 'updated' | 'same';

/** Puts one desired entry into its section; returns what happened. */
function upsert(config: Kubeconfig, section: Section, existing: NamedEntry[] | undefined, name: string, body: Record<string, unknown>): Change {
  const key = BODY_KEY[section];
  const ours = existing?.find((entry) => entry.marker !== null);
  if (!ours) {
    sectionSequence(config, section).items.push(config.document.createNode({ name, [key]: body }));
    return 'added';
  }
  const current = (ours.node.get(key, true) as YAMLMap | undefined)?.toJSON() as Record<string, unknown> | undefined;
  // A namespace the user set on our context (kubectl config set-context --namespace) is theirs to keep.
  const wanted = section === 'contexts' && current?.namespace ? { ...body, namespace: current.namespace } : body;
  if (JSON.stringify(canonicalBody(current)) === JSON.stringify(canonicalBody(wanted))) return 'same';
  ours.node.set(key, config.document.createNode(wanted));
  return 'updated';
}

function isForeign(existing: NamedEntry[] | undefined): boolean {
  return existing !== undefined && existing.some((entry) => entry.marker === null);
}

export async function writeKubeconfig(context: Pick<CoreContext, 'env'>, contexts: ContextSpec[], options: WriteOptions): Promise<WriteSummary> {
  const file = await resolveTarget(kubeconfigPath(context.env, options.file));
  const entryOptions = {
    execMode: options.execMode,
    exec: options.exec ?? defaultExecCommand(),
    ...(options.profileTemplate ? { profileTemplate: options.profileTemplate } : {}),
  };
  const plan = contexts.map((spec) => desiredEntries(spec, entryOptions));
  // The lock file lives next to the kubeconfig, so its folder must exist first (client-go does the same).
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });

  return withLock(
    file,
    async () => {
      await removeAbandonedTempFiles(file);
      const before = await readIfExists(file);
      // Same file bytes and same wanted entries as our last run: nothing to do, no parse.
      // (Not with --prune: what may be pruned depends on this run's discovery.)
      const digest = sha256(JSON.stringify([options.execMode, plan]));
      if (!options.prune && before !== null) {
        const last = await readLastWrite(context.env, file);
        if (last && last.digest === digest && last.sha256 === sha256(before)) {
          return { file, added: [], updated: [], removed: [], conflicts: [], written: false };
        }
      }
      const remember = async (text: string, summary: WriteSummary) => {
        if (summary.conflicts.length === 0) await recordLastWrite(context.env, { file, sha256: sha256(text), digest });
      };
      const config = parseKubeconfig(before ?? '', file);
      const existing = { clusters: index(config, 'clusters'), contexts: index(config, 'contexts'), users: index(config, 'users') };
      const summary: WriteSummary = { file, added: [], updated: [], removed: [], conflicts: [], written: false };

      const accepted: DesiredEntries[] = [];
      for (const entries of plan) {
        const clash =
          isForeign(existing.contexts.get(entries.context.name)) ||
          isForeign(existing.clusters.get(entries.cluster.name)) ||
          isForeign(existing.users.get(entries.user.name));
        if (clash) summary.conflicts.push(entries.context.name);
        else accepted.push(entries);
      }

      const wantedNames: Record<Section, Set<string>> = { clusters: new Set(), contexts: new Set(), users: new Set() };
      const entryChanges = new Map<string, Change>();
      const apply = (section: Section, name: string, body: Record<string, unknown>): Change => {
        const key = `${section}\u0000${name}`;
        const known = entryChanges.get(key);
        if (known) return known; // a cluster entry shared by several roles is written once
        wantedNames[section].add(name);
        const change = upsert(config, section, existing[section].get(name), name, body);
        entryChanges.set(key, change);
        return change;
      };
      for (const entries of accepted) {
        const clusterChange = apply('clusters', entries.cluster.name, entries.cluster.body);
        const userChange = apply('users', entries.user.name, entries.user.body);
        const contextChange = apply('contexts', entries.context.name, entries.context.body);
        if (contextChange === 'added') summary.added.push(entries.context.name);
        else if (contextChange === 'updated' || clusterChange !== 'same' || userChange !== 'same') summary.updated.push(entries.context.name);
      }

      let pruned = 0;
      if (options.prune) {
        const sessions = options.pruneSessions ? new Set(options.pruneSessions) : null;
        for (const section of SECTIONS) {
          const doomed = config
            .entries(section)
            .filter(
              (entry) =>
                entry.marker !== null &&
                !wantedNames[section].has(entry.name) &&
                (sessions === null || sessions.has(entry.marker.session)) &&
                (options.pruneScope === undefined || options.pruneScope(entry.marker)),
            );
          if (doomed.length === 0) continue;
          pruned += doomed.length;
          const doomedNodes = new Set(doomed.map((entry) => entry.node));
          const sequence = sectionSequence(config, section);
          sequence.items = sequence.items.filter((item) => !doomedNodes.has(item as YAMLMap));
          // Clusters and users are reported through the contexts that used them.
          if (section === 'contexts') summary.removed.push(...doomed.map((entry) => entry.name));
        }
      }

      const changed = pruned > 0 || [...entryChanges.values()].some((change) => change !== 'same');
      if (!changed) {
        if (before !== null) await remember(before, summary);
        return summary;
      }
      const after = serializeKubeconfig(config);
      if (after === before) {
        await remember(before, summary);
        return summary;
      }
      if (before !== null) await writeFileAtomic(`${file}.eks-sso.bak`, before, { mode: 0o600 });
      await writeFileAtomic(file, after, { mode: 0o600 });
      summary.written = true;
      await remember(after, summary);
      return summary;
    },
    LOCK_OPTIONS,
  );
}

async function readConfig(file: string): Promise<{ text: string | null; config: Kubeconfig }> {
  const text = await readIfExists(file);
  return { text, config: parseKubeconfig(text ?? '', file) };
}

/** `eks-sso use`: switch current-context (any context in the file, ours or not). */
export async function useContext(context: Pick<CoreContext, 'env'>, name: string, options: { file?: string | null } = {}): Promise<void> {
  const file = await resolveTarget(kubeconfigPath(context.env, options.file));
  await withLock(
    file,
    async () => {
      const { text, config } = await readConfig(file);
      const names = config.entries('contexts').map((entry) => entry.name);
      if (!names.includes(name)) {
        const closest = closestNames(name, names);
        throw new CoreError('not-found', `no context named "${name}" in ${file}`, {
          hint: closest.length > 0 ? `Closest: ${closest.join(', ')}` : 'Run `eks-sso kubeconfig` to write the contexts first',
        });
      }
      if (text !== null && config.currentContext() === name) return;
      (config.document.contents as YAMLMap).set('current-context', name);
      await removeAbandonedTempFiles(file);
      await writeFileAtomic(file, serializeKubeconfig(config), { mode: 0o600 });
    },
    LOCK_OPTIONS,
  );
}

export interface KubeconfigSummary {
  file: string;
  currentContext: string | null;
  /** Context names carrying our marker, in file order. */
  ourContexts: string[];
  /** Every context name in the file. */
  allContexts: string[];
}

/** Read-only view for the tray and `eks-sso status`; no lock (a rename never shows a torn file). */
export async function readKubeconfigSummary(context: Pick<CoreContext, 'env'>, options: { file?: string | null } = {}): Promise<KubeconfigSummary> {
  const file = await resolveTarget(kubeconfigPath(context.env, options.file));
  const { config } = await readConfig(file);
  const contexts = config.entries('contexts');
  return {
    file,
    currentContext: config.currentContext(),
    ourContexts: contexts.filter((entry) => entry.marker !== null).map((entry) => entry.name),
    allContexts: contexts.map((entry) => entry.name),
  };
}
