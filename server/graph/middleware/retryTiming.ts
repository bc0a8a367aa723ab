/** How long to wait before sending a request again. */

/**
 * Milliseconds the server asked us to wait: `Retry-After` in seconds (Graph sends fractions such as `2.128`) or as
 * an HTTP date. Undefined when absent or unreadable.
 */
export function parseRetryAfterMs(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
  if (!/[a-z]/i.test(trimmed)) return undefined; // HTTP dates name the day and month; "-3" is no date
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

export interface BackoffOptions {
  /** First delay before jitter; doubles per attempt. */
  baseMs?: number;
  /** Upper bound of one delay. */
  capMs?: number;
  /** [0, 1) source, injectable for tests. */
  random?: () => number;
}

/**
 * Exponential backoff with jitter for attempt `attempt` (1 = first retry): a delay between half and all of
 * min(cap, base * 2^(attempt-1)), so workers that failed together do not come back together.
 */
export function backoffMs(attempt: number, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? 500;
  const cap = options.capMs ?? 30_000;
  const random = options.random ?? Math.random;
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
