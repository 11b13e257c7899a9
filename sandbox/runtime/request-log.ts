// What the sandbox answered, for tests and benchmarks: one line per request (no secrets: no
// tokens, keys, bodies or query strings), and counts per operation.
export interface RequestLogEntry {
  time: string;
  service: string;
  operation: string;
  status: number;
  /** The error name, when the answer was an error. */
  error?: string;
  durationMs: number;
  /** Who asked, when known: the Identity Center user. */
  user?: string;
  account?: string;
  region?: string;
}

const KEEP = 10_000;

export class RequestLog {
  private entries: RequestLogEntry[] = [];

  /** `onRecord` sees each entry as it is logged (the CLI's --verbose prints them). */
  constructor(private readonly onRecord?: (entry: RequestLogEntry) => void) {}

  private readonly byOperation = new Map<string, number>();
  private readonly byStatus = new Map<string, number>();

  record(entry: RequestLogEntry): void {
    this.onRecord?.(entry);
    this.entries.push(entry);
    if (this.entries.length > KEEP * 1.5) this.entries = this.entries.slice(-KEEP);
    this.byOperation.set(entry.operation, (this.byOperation.get(entry.operation) ?? 0) + 1);
    const statusKey = `${entry.operation} ${entry.status}`;
    this.byStatus.set(statusKey, (this.byStatus.get(statusKey) ?? 0) + 1);
  }

  list(): RequestLogEntry[] {
    return this.entries.slice(-KEEP);
  }

  /** Requests per operation. */
  counts(): Record<string, number> {
    return Object.fromEntries(this.byOperation);
  }

  /** Requests per "Operation status", e.g. "ListAccountRoles 429". */
  statusCounts(): Record<string, number> {
    return Object.fromEntries(this.byStatus);
  }

  clear(): void {
    this.entries = [];
    this.byOperation.clear();
    this.byStatus.clear();
  }
}
