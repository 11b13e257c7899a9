// Faults a test or benchmark turns on: latency, throttling as a token bucket, a fraction of
// 5xx answers. Keyed by operation name (as in the AWS model) or "*" for every operation.
// Buckets refill on the real clock: the clock-offset fault must not refill or drain them.
import type { FaultSpec } from '../scenario/schema.js';

export interface Throttle {
  rate: number;
  burst: number;
}

export interface FaultSettings {
  latencyMs?: number;
  throttle?: Throttle | null;
  errorRate?: number;
  /** Only requests about these accounts; a request that names no account is left alone. */
  accounts?: string[];
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export type GateOutcome = 'pass' | 'throttled' | 'server-error';

export class Faults {
  private readonly settings = new Map<string, FaultSettings>();
  private readonly buckets = new Map<string, Bucket>();
  private readonly errorCounters = new Map<string, number>();

  constructor(initial: FaultSpec[] = []) {
    for (const { operation, ...settings } of initial) this.set(operation, settings);
  }

  /** Merges settings for an operation; `null` clears them. */
  set(operation: string, settings: FaultSettings | null): void {
    if (settings === null) {
      this.settings.delete(operation);
    } else {
      this.settings.set(operation, { ...this.settings.get(operation), ...settings });
    }
    for (const key of this.buckets.keys()) if (key.startsWith(`${operation}|`) || operation === '*') this.buckets.delete(key);
    this.errorCounters.delete(operation);
  }

  clear(): void {
    this.settings.clear();
    this.buckets.clear();
    this.errorCounters.clear();
  }

  list(): Record<string, FaultSettings> {
    return Object.fromEntries(this.settings);
  }

  private effective(operation: string, account: string | undefined): FaultSettings | undefined {
    const specific = this.settings.get(operation);
    const all = this.settings.get('*');
    if (!specific && !all) return undefined;
    const settings = { ...all, ...specific };
    if (settings.accounts && (account === undefined || !settings.accounts.includes(account))) return undefined;
    return settings;
  }

  latency(operation: string, account?: string): number {
    return this.effective(operation, account)?.latencyMs ?? 0;
  }

  /** Decides one request's fate. `bucketKey` separates buckets (EKS throttles per account and region). */
  gate(operation: string, bucketKey = '', account?: string): GateOutcome {
    const settings = this.effective(operation, account);
    if (!settings) return 'pass';
    if (settings.throttle && !this.take(`${operation}|${bucketKey}`, settings.throttle)) return 'throttled';
    if (settings.errorRate && settings.errorRate > 0) {
      // Deterministic spreading: request n fails when floor(n × rate) steps up, so a rate of
      // 0.25 fails exactly every fourth request and tests can count on it.
      const count = (this.errorCounters.get(operation) ?? 0) + 1;
      this.errorCounters.set(operation, count);
      if (Math.floor(count * settings.errorRate) > Math.floor((count - 1) * settings.errorRate)) return 'server-error';
    }
    return 'pass';
  }

  private take(key: string, throttle: Throttle): boolean {
    const now = performance.now();
    const bucket = this.buckets.get(key) ?? { tokens: throttle.burst, updatedAt: now };
    bucket.tokens = Math.min(throttle.burst, bucket.tokens + ((now - bucket.updatedAt) / 1000) * throttle.rate);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
