// Discovery and checks of thousands of contexts allocate hundreds of megabytes of short-lived
// objects in a burst. V8 collects when allocation continues, so an app idling in the tray
// afterwards would hold on to that memory for hours. Once a burst is over and stays over, one
// full collection gives it back. Hosts (the web bridge's `eks-sso ui`, the Electron shell)
// pass `settled` to the controller as its onSettled side effect.
import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * V8's gc() without arguments: a full, synchronous, compacting collection that returns the
 * freed pages at once. (Its options-object form does not do that on Node 20's V8.)
 */
type Collect = () => void;
let collect: Collect | null | undefined;

function collector(): Collect | null {
  if (collect !== undefined) return collect;
  const existing = (globalThis as { gc?: unknown }).gc;
  if (typeof existing === 'function') return (collect = existing as Collect);
  try {
    // The flag gives gc() to contexts created from now on; take it from one, then turn it off.
    v8.setFlagsFromString('--expose-gc');
    const found: unknown = vm.runInNewContext('gc');
    v8.setFlagsFromString('--no-expose-gc');
    collect = typeof found === 'function' ? (found as Collect) : null;
  } catch {
    collect = null;
  }
  return collect;
}

export interface MemoryReleaser {
  /** The burst is over: collect once nothing new started for `quietMs`. */
  settled(): void;
  close(): void;
}

export function createMemoryReleaser(quietMs = 2_000): MemoryReleaser {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const cancel = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  return {
    settled() {
      cancel();
      timer = setTimeout(() => {
        timer = null;
        collector()?.();
      }, quietMs);
      timer.unref();
    },
    close: cancel,
  };
}
