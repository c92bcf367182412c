interface Bucket {
  tokens: number;
  at: number;
}

/** Buckets kept before full ones (idle keys) are dropped. */
const SWEEP_ABOVE = 10_000;

/**
 * A token bucket per market (all its keys share it, so issuing keys buys no allowance): it holds one
 * minute's worth of requests and refills continuously, so a market may burst up to its limit and then
 * goes at the steady rate. In memory: each instance of the
 * service counts on its own.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly msPerToken: number;

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {
    this.msPerToken = 60_000 / perMinute;
  }

  private refilled(b: Bucket, now: number): number {
    return Math.min(this.perMinute, b.tokens + (now - b.at) / this.msPerToken);
  }

  /** Takes one token for `key`; when none is left, how many seconds until one is. */
  take(key: string): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.perMinute, at: now };
    bucket.tokens = this.refilled(bucket, now);
    bucket.at = now;
    if (!this.buckets.has(key)) {
      if (this.buckets.size >= SWEEP_ABOVE) this.sweep();
      this.buckets.set(key, bucket);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    return {
      ok: false,
      retryAfterSeconds: Math.max(1, Math.ceil(((1 - bucket.tokens) * this.msPerToken) / 1000)),
    };
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, b] of this.buckets) {
      if (this.refilled(b, now) >= this.perMinute) this.buckets.delete(key);
    }
  }
}
