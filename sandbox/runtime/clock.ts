// The sandbox's own idea of "now": the real clock plus an offset a test can set, so token
// expiry and signature windows can be exercised without waiting or faking the process clock.
export class SandboxClock {
  private offsetMs = 0;

  constructor(initialOffsetMs = 0) {
    this.offsetMs = initialOffsetMs;
  }

  now(): number {
    return Date.now() + this.offsetMs;
  }

  offset(): number {
    return this.offsetMs;
  }

  setOffset(ms: number): void {
    this.offsetMs = ms;
  }
}
