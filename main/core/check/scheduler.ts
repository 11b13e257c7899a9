// Background re-checks: every context on an interval, sooner after a change (a grant, a
// sign-in, a network change: `nudge` / `checkNow`), and less often for contexts that keep
// failing, so a dozen unreachable private clusters do not cost a 5 s timeout each every few
// minutes. One batch runs at a time; time comes from the injected clock; stop() cancels the
// wait and the checks in flight. The app controller owns one; what a "check" is (the core's
// checkContexts, or the controller's ports) is the caller's `runChecks`.
import type { Clock, Logger } from '../context.js';
import { countsAsFailure, DEFAULT_MAX_BACKOFF_MS, recheckDelayMs } from './recheck-backoff.js';

export const DEFAULT_RECHECK_INTERVAL_MS = 5 * 60 * 1000;
export { DEFAULT_MAX_BACKOFF_MS };

export interface RecheckTarget {
  contextName: string;
}

export interface RecheckVerdict {
  contextName: string;
  status: string;
}

export interface RecheckSchedulerOptions<Target extends RecheckTarget, Result extends RecheckVerdict> {
  clock: Clock;
  logger: Logger;
  /** The contexts to keep checked; read again every round, so added and removed ones follow. */
  targets: () => readonly Target[];
  /** Runs one batch, reporting each result as it comes. */
  runChecks: (targets: readonly Target[], options: { signal: AbortSignal; onResult(result: Result): void }) => Promise<void>;
  /** Read at every use, so a changed setting applies from the next computation (default 5 min). */
  intervalMs?: number | (() => number);
  /** Ceiling of the backoff for contexts that keep failing. */
  maxBackoffMs?: number;
  /** Delay after a nudge, to batch a burst of changes (default 0). */
  nudgeDelayMs?: number;
  /** Called with the names about to be checked (the UI shows "checking"). */
  onChecking?: (contextNames: string[]) => void;
  onResult?: (result: Result) => void;
  /** Called after every batch, once nothing is in flight. */
  onBatchDone?: () => void;
}

export interface RecheckScheduler<Result extends RecheckVerdict = RecheckVerdict> {
  start(): void;
  /** Stops the loop and cancels checks in flight; resolves when it has stopped. */
  stop(): Promise<void>;
  /** Makes these contexts (default: all) due now and forgets their backoff. */
  nudge(contextNames?: readonly string[]): void;
  /**
   * nudge(), then resolves once each of these contexts has a result from a check that started
   * after this call (at once when the scheduler is not running; rejects if the batch failed).
   */
  checkNow(contextNames?: readonly string[]): Promise<void>;
  /** Makes the loop re-read the interval and the due times (after a settings change). */
  reschedule(): void;
  /** Resolves when no batch is in flight. */
  settled(): Promise<void>;
  busy(): boolean;
  /** The latest result per context. */
  results(): Result[];
  /** When each context is due next (epoch ms), for the UI and tests. */
  dueTimes(): Record<string, number>;
  isRunning(): boolean;
}

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

interface ContextState<Result> {
  /** When the scheduler first saw the context: due then, if never checked. */
  seenAt: number;
  /** When its latest check finished. */
  finishedAt?: number;
  /** Consecutive failed checks (see countsAsFailure). */
  failures: number;
  /** Set by a nudge (or a failed batch): due at this time instead of by the interval. */
  dueOverride?: number;
  /** Bumped by nudge(); a result from a check started before the nudge does not settle it. */
  nudges: number;
  result?: Result;
  waiters: Waiter[];
}

export function createRecheckScheduler<Target extends RecheckTarget, Result extends RecheckVerdict>(
  options: RecheckSchedulerOptions<Target, Result>,
): RecheckScheduler<Result> {
  const { clock, logger } = options;
  const intervalOf = (): number => {
    const value = options.intervalMs ?? DEFAULT_RECHECK_INTERVAL_MS;
    return typeof value === 'function' ? value() : value;
  };
  const nudgeDelay = options.nudgeDelayMs ?? 0;
  const states = new Map<string, ContextState<Result>>();
  let running = false;
  let stopController = new AbortController();
  let wake: AbortController | undefined;
  let loop: Promise<void> | undefined;
  let inFlight: Promise<void> | null = null;

  function dueAt(state: ContextState<Result>): number {
    if (state.dueOverride !== undefined) return state.dueOverride;
    if (state.finishedAt === undefined) return state.seenAt;
    const interval = intervalOf();
    const maxBackoff = Math.max(interval, options.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS);
    return state.finishedAt + recheckDelayMs(interval, state.failures === 0, state.failures, maxBackoff);
  }

  function settle(state: ContextState<Result>, error?: unknown): void {
    const waiters = state.waiters;
    state.waiters = [];
    for (const waiter of waiters) {
      if (error === undefined) waiter.resolve();
      else waiter.reject(error);
    }
  }

  function syncContexts(now: number): readonly Target[] {
    const targets = options.targets();
    const names = new Set(targets.map((target) => target.contextName));
    for (const [name, state] of states) {
      if (names.has(name)) continue;
      states.delete(name);
      settle(state);
    }
    for (const target of targets) if (!states.has(target.contextName)) states.set(target.contextName, { seenAt: now, failures: 0, nudges: 0, waiters: [] });
    return targets;
  }

  /** Runs one batch; returns the waiters to settle once it is over (failure: for those left without a result). */
  async function runBatch(due: readonly Target[], signal: AbortSignal): Promise<Array<{ state: ContextState<Result>; error?: unknown }>> {
    const toSettle: Array<{ state: ContextState<Result>; error?: unknown }> = [];
    const nudgesAtStart = new Map(due.map((target) => [target.contextName, states.get(target.contextName)?.nudges ?? 0]));
    const reported = new Set<string>();
    options.onChecking?.(due.map((target) => target.contextName));
    const record = (result: Result) => {
      const state = states.get(result.contextName);
      if (!state || reported.has(result.contextName) || !nudgesAtStart.has(result.contextName)) return;
      reported.add(result.contextName);
      state.failures = countsAsFailure(result.status) ? state.failures + 1 : 0;
      state.result = result;
      state.finishedAt = clock.now();
      if (state.nudges === nudgesAtStart.get(result.contextName)) {
        delete state.dueOverride;
        toSettle.push({ state });
      } else {
        // Nudged while this check ran: it may predate the change, so check again at once.
        state.dueOverride = state.finishedAt + nudgeDelay;
      }
      options.onResult?.(result);
    };
    let failure: unknown;
    try {
      await options.runChecks(due, { signal, onResult: record });
    } catch (error) {
      if (signal.aborted) return toSettle;
      failure = error;
      logger.warn('background re-check failed', { error: error instanceof Error ? error.message : String(error) });
    }
    // Contexts the batch did not report on (it failed, or skipped them): try again in an interval.
    const retryAt = clock.now() + intervalOf();
    for (const target of due) {
      if (reported.has(target.contextName)) continue;
      const state = states.get(target.contextName);
      if (!state) continue;
      state.dueOverride = retryAt;
      toSettle.push({ state, error: failure });
    }
    return toSettle;
  }

  async function round(signal: AbortSignal): Promise<void> {
    const now = clock.now();
    const targets = syncContexts(now);
    const due = targets.filter((target) => {
      const state = states.get(target.contextName);
      return state !== undefined && dueAt(state) <= now;
    });
    if (due.length > 0) {
      const batch = runBatch(due, signal);
      inFlight = batch.then(() => undefined);
      const toSettle = await batch.finally(() => {
        inFlight = null;
      });
      // Whoever waits for these results resumes after the batch is reported done.
      if (!signal.aborted) options.onBatchDone?.();
      for (const { state, error } of toSettle) settle(state, error);
      return;
    }
    const next = Math.min(...[...states.values()].map(dueAt), now + intervalOf());
    wake = new AbortController();
    await clock.sleep(Math.max(0, next - now), AbortSignal.any([wake.signal, signal])).catch(() => undefined);
  }

  async function run(signal: AbortSignal): Promise<void> {
    while (running && !signal.aborted) await round(signal);
  }

  function nudge(contextNames?: readonly string[]): string[] {
    const now = clock.now();
    syncContexts(now);
    const names = (contextNames ?? [...states.keys()]).filter((name) => states.has(name));
    for (const name of names) {
      const state = states.get(name)!;
      state.dueOverride = Math.min(dueAt(state), now + nudgeDelay);
      state.failures = 0;
      state.nudges += 1;
    }
    wake?.abort();
    return names;
  }

  return {
    start() {
      if (running) return;
      running = true;
      stopController = new AbortController();
      loop = run(stopController.signal);
    },
    async stop() {
      running = false;
      stopController.abort(new Error('re-checks stopped'));
      await loop;
      loop = undefined;
      // Nothing more will be checked: whoever waits stops waiting.
      for (const state of states.values()) settle(state);
    },
    nudge(contextNames) {
      if (running) nudge(contextNames);
    },
    async checkNow(contextNames) {
      if (!running) return;
      const names = nudge(contextNames);
      await Promise.all(
        names.map(
          (name) =>
            new Promise<void>((resolve, reject) => {
              states.get(name)!.waiters.push({ resolve, reject });
            }),
        ),
      );
    },
    reschedule() {
      wake?.abort();
    },
    settled: async () => {
      await inFlight;
    },
    busy: () => inFlight !== null,
    results() {
      return [...states.values()].flatMap((state) => (state.result ? [state.result] : []));
    },
    dueTimes() {
      return Object.fromEntries([...states.entries()].map(([name, state]) => [name, dueAt(state)]));
    },
    isRunning: () => running,
  };
}
