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
