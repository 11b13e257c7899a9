// Coalesces bursts of changes (3,000 check results arriving within a second) into one snapshot
// per `delayMs`, so the renderer re-renders a few times a second at most.

export class SnapshotEmitter<T> {
  private readonly listeners = new Set<(value: T) => void>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly build: () => T,
    private readonly delayMs: number,
  ) {}

  subscribe(listener: (value: T) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Something changed: a snapshot goes out within `delayMs`. */
  changed(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), this.delayMs);
    this.timer.unref?.();
  }

  /** Sends a snapshot now (and cancels the pending one). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.listeners.size === 0) return;
    const value = this.build();
    for (const listener of this.listeners) listener(value);
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.listeners.clear();
  }
}
