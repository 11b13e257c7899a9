// A per-operation deadline on the injected clock, combined with the caller's cancellation. It
// can be paused: time spent queueing for a slot is ours, not the endpoint's.
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
  pause(): void;
  resume(): void;
  dispose(): void;
}

export function startDeadline(clock: Clock, ms: number, outer?: AbortSignal): Deadline {
  const controller = new AbortController();
  let expired = false;
  let remaining = ms;
  let startedAt = 0;
  let timer: AbortController | undefined;
  const arm = () => {
    const stop = new AbortController();
    timer = stop;
    startedAt = clock.now();
    clock.sleep(remaining, stop.signal).then(
      () => {
        if (timer !== stop) return;
        expired = true;
        controller.abort(new DeadlineExceeded(ms));
      },
      () => undefined,
    );
  };
  const disarm = () => {
    if (!timer) return;
    timer.abort();
    timer = undefined;
    remaining = Math.max(0, remaining - (clock.now() - startedAt));
  };
  arm();
  const onOuterAbort = () => controller.abort(outer?.reason);
  if (outer?.aborted) onOuterAbort();
  else outer?.addEventListener('abort', onOuterAbort, { once: true });
  return {
    signal: controller.signal,
    expired: () => expired,
    pause: disarm,
    resume() {
      if (!timer && !controller.signal.aborted) arm();
    },
    dispose() {
      disarm();
      outer?.removeEventListener('abort', onOuterAbort);
    },
  };
}
