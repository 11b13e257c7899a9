// A per-operation deadline on the injected clock, combined with the caller's cancellation.
import type { Clock } from '../context.js';

export class DeadlineExceeded extends Error {
  constructor(readonly ms: number) {
    super(`timed out after ${ms} ms`);
    this.name = 'DeadlineExceeded';
  }
}

export interface Deadline {
  signal: AbortSignal;
  /** True when the deadline (not the caller) aborted. */
  expired(): boolean;
  dispose(): void;
}

export function startDeadline(clock: Clock, ms: number, outer?: AbortSignal): Deadline {
  const controller = new AbortController();
  const stopTimer = new AbortController();
  let expired = false;
  clock.sleep(ms, stopTimer.signal).then(
    () => {
      expired = true;
      controller.abort(new DeadlineExceeded(ms));
    },
    () => undefined,
  );
  const onOuterAbort = () => controller.abort(outer?.reason);
  if (outer?.aborted) onOuterAbort();
  else outer?.addEventListener('abort', onOuterAbort, { once: true });
  return {
    signal: controller.signal,
    expired: () => expired,
    dispose() {
      stopTimer.abort();
      outer?.removeEventListener('abort', onOuterAbort);
    },
  };
}
