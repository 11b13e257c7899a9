// Writes our contexts into the user's kubeconfig and switches the current context, under the
// lock client-go uses (`<file>.lock`), with an atomic replace, one backup, and no write at all
// when nothing changed. Entries we did not write are left exactly as they were. The file is
// edited as text when it is in the block style kubectl, aws and we write (splice.ts), and as a
// `yaml` Document otherwise (document-model.ts); apply-plan.ts makes the same edit either way.
import { mkdir, readdir, realpath, rm } from 'node:fs/promises';
import path from 'node:path';
import type { CoreContext } from '../context.js';
import { CoreError } from '../errors.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { readTextFile, sha256OfText } from '../fs/chunked-text.js';
import { processIsAlive, withLock } from '../fs/lock-file.js';
import { closestNames } from './closest-names.js';
import type { ContextSpec } from './contexts.js';
import { applyPlan } from './apply-plan.js';
import { documentKubeconfig } from './document-model.js';
import { NotUnderstood, type EditableKubeconfig } from './editable.js';
import { desiredEntries, type ExecCommand } from './entries.js';
import type { EntryMarker } from './marker.js';
import { planDigest, readLastWrite, recordLastWrite } from './last-write.js';
import { kubeconfigPath } from './path.js';
import { spliceKubeconfig } from './splice.js';

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

/** The file's text and the SHA-256 of its bytes, read in pieces (chunked-text.ts); null if absent. */
async function readIfExists(file: string): Promise<{ text: string; sha256: string } | null> {
  try {
    return await readTextFile(file);
  } catch (error) {
    throw new CoreError('invalid-input', `cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Runs `change` on the fast (spliced text) view of the file, or on the Document view when the
 * fast path does not fully understand the file — before or during the change.
 */
function withKubeconfig<T>(text: string, file: string, change: (config: EditableKubeconfig) => T): T {
  const fast = spliceKubeconfig(text);
  if (fast) {
    try {
      return change(fast);
    } catch (error) {
      if (!(error instanceof NotUnderstood)) throw error;
    }
  }
  return change(documentKubeconfig(text, file));
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
      const read = await readIfExists(file);
      // Same file bytes and same wanted entries as our last run: nothing to do, no parse.
      // (Not with --prune: what may be pruned depends on this run's discovery.)
      const digest = planDigest([options.execMode, ...plan]);
      if (!options.prune && read !== null) {
        const last = await readLastWrite(context.env, file);
        if (last && last.digest === digest && last.sha256 === read.sha256) {
          return { file, added: [], updated: [], removed: [], conflicts: [], written: false };
        }
      }
      const remember = async (sha256: string, summary: WriteSummary) => {
        if (summary.conflicts.length === 0) await recordLastWrite(context.env, { file, sha256, digest });
      };
      const before = read?.text ?? null;
      const { result, after } = withKubeconfig(before ?? '', file, (config) => {
        const result = applyPlan(config, plan, options);
        return { result, after: result.changed ? config.serialize() : null };
      });
      const summary: WriteSummary = { file, added: result.added, updated: result.updated, removed: result.removed, conflicts: result.conflicts, written: false };
      if (after === null || after === before) {
        if (read !== null) await remember(read.sha256, summary);
        return summary;
      }
      if (before !== null) await writeFileAtomic(`${file}.eks-sso.bak`, before, { mode: 0o600 });
      await writeFileAtomic(file, after, { mode: 0o600 });
      summary.written = true;
      await remember(sha256OfText(after), summary);
      return summary;
    },
    LOCK_OPTIONS,
  );
}

/** `eks-sso use`: switch current-context (any context in the file, ours or not). */
export async function useContext(context: Pick<CoreContext, 'env'>, name: string, options: { file?: string | null } = {}): Promise<void> {
  const file = await resolveTarget(kubeconfigPath(context.env, options.file));
  await withLock(
    file,
    async () => {
      const text = (await readIfExists(file))?.text ?? null;
      const after = withKubeconfig(text ?? '', file, (config) => {
        const names = config.entries('contexts').map((entry) => entry.name);
        if (!names.includes(name)) {
          const closest = closestNames(name, names);
          throw new CoreError('not-found', `no context named "${name}" in ${file}`, {
            hint: closest.length > 0 ? `Closest: ${closest.join(', ')}` : 'Run `eks-sso kubeconfig` to write the contexts first',
          });
        }
        if (text !== null && config.currentContext() === name) return null;
        config.setCurrentContext(name);
        return config.serialize();
      });
      if (after === null) return;
      await removeAbandonedTempFiles(file);
      await writeFileAtomic(file, after, { mode: 0o600 });
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
  const text = (await readIfExists(file))?.text ?? '';
  return withKubeconfig(text, file, (config) => {
    const contexts = config.entries('contexts');
    return {
      file,
      currentContext: config.currentContext(),
      ourContexts: contexts.filter((entry) => entry.marker !== null).map((entry) => entry.name),
      allContexts: contexts.map((entry) => entry.name),
    };
  });
}
