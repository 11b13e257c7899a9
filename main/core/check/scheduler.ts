// Background re-checks: every context on an interval, sooner after a change (a grant, a
// sign-in, a network change: `nudge`), and less often for contexts that keep failing, so a
// dozen unreachable private clusters do not cost a 5 s timeout each every few minutes.
// Time comes from context.clock; stop() cancels the wait and the checks in flight.
import type { CoreContext } from '../context.js';
import type { ContextSpec } from '../kubeconfig/contexts.js';
import type { CheckResult, SsoAccess } from './types.js';
import { checkContexts } from './check-context.js';
import { DEFAULT_MAX_BACKOFF_MS, recheckDelayMs } from './recheck-backoff.js';

export const DEFAULT_RECHECK_INTERVAL_MS = 5 * 60 * 1000;
export { DEFAULT_MAX_BACKOFF_MS };

export interface RecheckSchedulerOptions {
  /** The contexts to keep checked; read again every round, so added and removed ones follow. */
  specs: () => readonly ContextSpec[];
  intervalMs?: number;
  /** Ceiling of the backoff for contexts that keep failing. */
  maxBackoffMs?: number;
  /** Delay after a nudge, to batch a burst of changes (default 0). */
  nudgeDelayMs?: number;
  concurrency?: number;
  timeoutMs?: number;
  /** Called with the names about to be checked (the UI shows "checking"). */
  onChecking?: (contextNames: string[]) => void;
  onResult?: (result: CheckResult) => void;
  /** Runs one batch; default checkContexts(). Tests and the app can wrap it. */
  runChecks?: (specs: readonly ContextSpec[], signal: AbortSignal) => Promise<CheckResult[]>;
}

export interface RecheckScheduler {
  start(): void;
  /** Stops the loop and cancels checks in flight; resolves when it has stopped. */
  stop(): Promise<void>;
  /** Makes these contexts (default: all) due now and forgets their backoff. */
  nudge(contextNames?: string[]): void;
  /** The latest result per context. */
  results(): CheckResult[];
  /** When each context is due next (epoch ms), for the UI and tests. */
  dueTimes(): Record<string, number>;
  isRunning(): boolean;
}

interface ContextState {
  dueAt: number;
  failures: number;
  /** Bumped by nudge(); a result from a check started before the nudge does not push it back. */
  nudges: number;
  result?: CheckResult;
}

export function createRecheckScheduler(context: CoreContext, sso: SsoAccess, options: RecheckSchedulerOptions): RecheckScheduler {
  const interval = options.intervalMs ?? DEFAULT_RECHECK_INTERVAL_MS;
  const maxBackoff = Math.max(interval, options.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS);
  const nudgeDelay = options.nudgeDelayMs ?? 0;
  const runChecks =
    options.runChecks ??
    ((specs: readonly ContextSpec[], signal: AbortSignal) =>
      checkContexts(context, sso, specs, {
        signal,
        ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
        ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
        ...(options.onResult ? { onResult: options.onResult } : {}),
      }));
  const reportsItself = options.runChecks === undefined;
  const states = new Map<string, ContextState>();
  let running = false;
  let stopController = new AbortController();
  let wake: AbortController | undefined;
  let loop: Promise<void> | undefined;

  function delayAfter(result: CheckResult, failures: number): number {
    return recheckDelayMs(interval, result.status === 'ok', failures, maxBackoff);
  }

  function syncContexts(now: number): readonly ContextSpec[] {
    const specs = options.specs();
    const names = new Set(specs.map((spec) => spec.contextName));
    for (const name of states.keys()) if (!names.has(name)) states.delete(name);
    for (const spec of specs) if (!states.has(spec.contextName)) states.set(spec.contextName, { dueAt: now, failures: 0, nudges: 0 });
    return specs;
  }

  async function round(signal: AbortSignal): Promise<void> {
    const now = context.clock.now();
    const specs = syncContexts(now);
    const due = specs.filter((spec) => (states.get(spec.contextName)?.dueAt ?? now) <= now);
    if (due.length > 0) {
      const nudgesAtStart = new Map(due.map((spec) => [spec.contextName, states.get(spec.contextName)?.nudges ?? 0]));
      options.onChecking?.(due.map((spec) => spec.contextName));
      let results: CheckResult[];
      try {
        results = await runChecks(due, signal);
      } catch (error) {
        if (signal.aborted) return;
        context.logger.warn('background re-check failed', { error: error instanceof Error ? error.message : String(error) });
        for (const spec of due) {
          const state = states.get(spec.contextName);
          if (state) state.dueAt = context.clock.now() + interval;
        }
        return;
      }
      const finishedAt = context.clock.now();
      for (const result of results) {
        const state = states.get(result.contextName);
        if (!state) continue;
        state.failures = result.status === 'ok' ? 0 : state.failures + 1;
        state.result = result;
        const nudgedMeanwhile = state.nudges !== nudgesAtStart.get(result.contextName);
        state.dueAt = nudgedMeanwhile ? finishedAt + nudgeDelay : finishedAt + delayAfter(result, state.failures);
        if (!reportsItself) options.onResult?.(result);
      }
      return;
    }
    const next = Math.min(...[...states.values()].map((state) => state.dueAt), now + interval);
    wake = new AbortController();
    await context.clock.sleep(Math.max(0, next - now), AbortSignal.any([wake.signal, signal])).catch(() => undefined);
  }

  async function run(signal: AbortSignal): Promise<void> {
    while (running && !signal.aborted) await round(signal);
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
    },
    nudge(contextNames) {
      const now = context.clock.now();
      const names = contextNames ?? [...states.keys()];
      for (const name of names) {
        const state = states.get(name) ?? { dueAt: now, failures: 0, nudges: 0 };
        state.dueAt = Math.min(state.dueAt, now + nudgeDelay);
        state.failures = 0;
        state.nudges += 1;
        states.set(name, state);
      }
      wake?.abort();
    },
    results() {
      return [...states.values()].flatMap((state) => (state.result ? [state.result] : []));
    },
    dueTimes() {
      return Object.fromEntries([...states.entries()].map(([name, state]) => [name, state.dueAt]));
    },
    isRunning: () => running,
  };
}
