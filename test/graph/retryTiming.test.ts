import { backoffMs, parseRetryAfterMs } from '../../server/graph/middleware/retryTiming';

describe('Retry-After', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');

  it('reads whole and fractional seconds', () => {
    expect(parseRetryAfterMs('10', now)).toBe(10_000);
    expect(parseRetryAfterMs('2.128', now)).toBe(2128);
    expect(parseRetryAfterMs(' 0 ', now)).toBe(0);
  });

  it('reads an HTTP date relative to now, never negative', () => {
    expect(parseRetryAfterMs('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfterMs('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(0);
  });

  it('ignores an absent or unreadable header', () => {
    expect(parseRetryAfterMs(null, now)).toBeUndefined();
    expect(parseRetryAfterMs('', now)).toBeUndefined();
    expect(parseRetryAfterMs('soon', now)).toBeUndefined();
    expect(parseRetryAfterMs('-3', now)).toBeUndefined();
    expect(parseRetryAfterMs(undefined, now)).toBeUndefined();
    // Digits first but not a number of seconds: no wait of NaN ms.
    expect(parseRetryAfterMs('2abc', now)).toBeUndefined();
    expect(parseRetryAfterMs('1.5 s', now)).toBeUndefined();
  });
});

describe('backoff', () => {
  it('doubles per attempt, with jitter between half and all of the step, up to the cap', () => {
    expect(backoffMs(1, { baseMs: 500, random: () => 0 })).toBe(250);
    expect(backoffMs(1, { baseMs: 500, random: () => 0.999999 })).toBe(500);
    expect(backoffMs(3, { baseMs: 500, random: () => 0.999999 })).toBe(2000);
    expect(backoffMs(20, { baseMs: 500, capMs: 30_000, random: () => 0.999999 })).toBe(30_000);
  });
});
