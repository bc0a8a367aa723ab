/**
 * A token bucket: `ratePerSecond` tokens refill continuously up to `capacity`. The Graph simulator uses it to
 * answer 429 like Graph does; the Graph client uses it to stay under the same ceiling instead of bouncing off it.
 */
export interface TokenBucketOptions {
  ratePerSecond: number;
  /** Burst size; defaults to one second's worth of tokens. */
  capacity?: number;
  /** Milliseconds clock, injectable for tests. */
  now?: () => number;
}

export type TakeResult = { ok: true } | { ok: false; retryAfterMs: number };

export class TokenBucket {
  readonly ratePerSecond: number;
  readonly capacity: number;
  private tokens: number;
  private updatedAt: number;
  private blockedUntil = 0;
  private readonly now: () => number;

  constructor(options: TokenBucketOptions) {
    if (!(options.ratePerSecond > 0)) throw new RangeError('ratePerSecond must be > 0');
    this.ratePerSecond = options.ratePerSecond;
    this.capacity = Math.max(1, options.capacity ?? Math.ceil(options.ratePerSecond));
    this.now = options.now ?? Date.now;
    this.tokens = this.capacity;
    this.updatedAt = this.now();
  }

  /** Takes one token if one is available now; otherwise says how long until one will be. */
  tryTake(): TakeResult {
    const now = this.now();
    this.refill(now);
    if (now < this.blockedUntil) return { ok: false, retryAfterMs: this.blockedUntil - now };
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterMs: Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000) };
  }

  /** Waits until a token is available, then takes it. */
  async take(sleep: (ms: number) => Promise<void> = defaultSleep): Promise<void> {
    for (;;) {
      const result = this.tryTake();
      if (result.ok) return;
      await sleep(Math.max(1, result.retryAfterMs));
    }
  }

  /** Stops handing out tokens for `ms` (the server said Retry-After); the bucket drains meanwhile. */
  block(ms: number): void {
    const until = this.now() + ms;
    if (until > this.blockedUntil) this.blockedUntil = until;
    this.tokens = 0;
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.updatedAt) / 1000;
    this.tokens = Math.min(this.capacity, this.tokens + elapsed * this.ratePerSecond);
    this.updatedAt = now;
  }
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
