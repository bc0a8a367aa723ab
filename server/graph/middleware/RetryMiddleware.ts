import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import type { Logger } from '../../logger';
import { sleep as defaultSleep } from '../../lib/sleep';
import type { GraphClientStats } from '../GraphGateway';
import { describeNetworkError, isRetryableNetworkError } from '../networkErrors';
import { traceOf } from './RequestTrace';
import { backoffMs, parseRetryAfterMs } from './retryTiming';

/** Statuses Graph documents as transient. */
const RETRY_STATUSES = new Set([429, 503, 504]);

export interface RetryMiddlewareOptions {
  /** Tries per request, the first included (default 8). */
  maxAttempts?: number;
  /** Give up once the waits of one request would add up to more than this (default 5 minutes). */
  maxTotalWaitMs?: number;
  stats: GraphClientStats;
  logger: Logger;
  now?: () => number;
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * Sends a request again on 429, 503, 504 and on dropped connections, honouring Retry-After (seconds, fractional
 * seconds or an HTTP date) and otherwise backing off exponentially with jitter, within bounded attempts and wait.
 *
 * Why not the SDK's RetryHandler: it retries statuses only (a reset connection or a body cut short surfaces as a
 * thrown fetch error it never retries), it caps attempts at 10 and delay at 180 s per request with no shared state,
 * and it sleeps above the transport, so its retries would skip our tenant-wide ThrottleMiddleware. This middleware
 * sits above ThrottleMiddleware, so every retry takes a rate-limit token like any other request.
 */
export class RetryMiddleware implements Middleware {
  private next?: Middleware;
  private readonly maxAttempts: number;
  private readonly maxTotalWaitMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(private readonly options: RetryMiddlewareOptions) {
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 8);
    this.maxTotalWaitMs = options.maxTotalWaitMs ?? 5 * 60_000;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? defaultSleep;
  }

  async execute(context: Context): Promise<void> {
    const signal = context.options?.signal ?? undefined;
    const trace = traceOf(context);
    let waitedMs = 0;
    for (let attempt = 1; ; attempt++) {
      context.response = undefined;
      if (trace) trace.attempts = attempt;
      let failure: unknown;
      try {
        await this.requireNext().execute(context);
      } catch (error) {
        if (signal?.aborted || !isRetryableNetworkError(error)) throw error;
        failure = error;
      }
      const response = context.response as Response | undefined;
      if (failure === undefined && (!response || !RETRY_STATUSES.has(response.status))) return;

      const retryAfterMs = response ? parseRetryAfterMs(response.headers.get('retry-after'), this.now()) : undefined;
      const delayMs = retryAfterMs ?? backoffMs(attempt, { random: this.options.random });
      const reason = failure === undefined ? `HTTP ${response?.status}` : describeNetworkError(failure);
      if (attempt >= this.maxAttempts || waitedMs + delayMs > this.maxTotalWaitMs) {
        this.options.logger.warn(
          { attempts: attempt, waitedMs, reason },
          'Graph request still failing; giving up retrying',
        );
        if (failure !== undefined) throw failure;
        return; // the caller turns the last 429/503/504 into a typed error
      }
      this.options.stats.retries += 1;
      this.options.logger.debug({ attempt, delayMs, reason }, 'Retrying Graph request');
      waitedMs += delayMs;
      await this.sleep(delayMs, signal);
    }
  }

  setNext(next: Middleware): void {
    this.next = next;
  }

  private requireNext(): Middleware {
    if (!this.next) throw new Error('RetryMiddleware needs a next middleware');
    return this.next;
  }
}
