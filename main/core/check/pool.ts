// Runs work over items with at most `concurrency` in flight. Checks spend their time waiting on
// the network, so the limit guards sockets and handshakes, not the CPU: it must be well above
// the number of endpoints that may hang, or those would serialise behind each other.
export async function runPool<T, R>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<R>, signal?: AbortSignal): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const limit = Math.max(1, Math.min(concurrency, items.length));
  async function lane(): Promise<void> {
    while (next < items.length) {
      if (signal?.aborted) throw signal.reason;
      const index = next++;
      results[index] = await work(items[index] as T, index);
    }
  }
  await Promise.all(Array.from({ length: limit }, lane));
  return results;
}

/** At most `limit` holders at once; acquire() resolves with the release function. */
export function createSemaphore(limit: number): () => Promise<() => void> {
  let active = 0;
  const waiting: Array<() => void> = [];
  const release = () => {
    active--;
    const next = waiting.shift();
    if (next) {
      active++;
      next();
    }
  };
  return () => {
    if (active < limit) {
      active++;
      return Promise.resolve(once(release));
    }
    return new Promise((resolve) => waiting.push(() => resolve(once(release))));
  };
}

function once(action: () => void): () => void {
  let done = false;
  return () => {
    if (!done) {
      done = true;
      action();
    }
  };
}
