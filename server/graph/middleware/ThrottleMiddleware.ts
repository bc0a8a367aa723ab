import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import type { Logger } from '../../logger';
import { sleep } from '../../lib/sleep';
import type { TokenBucket } from '../../lib/tokenBucket';
import type { GraphClientStats } from '../GraphGateway';
import { parseRetryAfterMs } from './retryTiming';
import type { Semaphore } from './Semaphore';

export interface ThrottleMiddlewareOptions {
  /** Requests per second for the whole tenant (all workers share it). */
  bucket: TokenBucket;
  /** Requests in flight at once. */
  semaphore: Semaphore;
  stats: GraphClientStats;
  logger: Logger;
  now?: () => number;
}

/** How long the whole tenant pauses after a 429 that came without Retry-After (Graph: "don't retry immediately"). */
const DEFAULT_THROTTLE_PAUSE_MS = 1000;

/**
 * Client-side rate limit: every request (each retry too — this sits below RetryMiddleware) waits for a concurrency
 * slot and a token from the tenant's bucket. On a 429 it blocks the bucket for Retry-After, so every worker of the
 * tenant backs off together and the tenant stays under Graph's ceiling instead of bouncing off it.
 */
export class ThrottleMiddleware implements Middleware {
  private next?: Middleware;
  private readonly now: () => number;

  constructor(private readonly options: ThrottleMiddlewareOptions) {
    this.now = options.now ?? Date.now;
  }

  async execute(context: Context): Promise<void> {
    const signal = context.options?.signal ?? undefined;
    const { bucket, semaphore } = this.options;
    // Slot first, then token: a token taken while waiting for a slot would let requests bunch up past the rate.
    await semaphore.acquire(signal);
    try {
      await bucket.take((ms) => sleep(ms, signal));
      await this.requireNext().execute(context);
    } finally {
      semaphore.release();
    }
    if (context.response?.status === 429) this.onThrottled(context.response);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }

  private onThrottled(response: Response): void {
    const retryAfterMs = parseRetryAfterMs(response.headers.get('retry-after'), this.now());
    const pauseMs = retryAfterMs ?? DEFAULT_THROTTLE_PAUSE_MS;
    this.options.stats.throttled += 1;
    this.options.bucket.block(pauseMs);
    // debug: a 429 storm hits every worker at once; the run summary carries the count.
    this.options.logger.debug({ pauseMs }, 'Graph throttled the tenant (429); pausing all requests');
  }

  private requireNext(): Middleware {
    if (!this.next) throw new Error('ThrottleMiddleware needs a next middleware');
    return this.next;
  }
}
