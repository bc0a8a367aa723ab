import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import type { GraphClientStats } from '../../server/graph/GraphGateway';
import { RetryMiddleware } from '../../server/graph/middleware/RetryMiddleware';
import { Semaphore } from '../../server/graph/middleware/Semaphore';
import { ThrottleMiddleware } from '../../server/graph/middleware/ThrottleMiddleware';
import { TokenBucket } from '../../server/lib/tokenBucket';
import { createSilentLogger } from '../../server/logger';
import { captureLogs } from '../support/logCapture';

/**
 * Retry-After as an actual wait: the retry and throttle middleware between a scripted wire (the only stand-in:
 * it answers each attempt as told) and the caller, on an injected sleep or Jest's clock, so a wait of two minutes
 * is checked to the millisecond without taking two minutes.
 */

type Answer = { status: number; retryAfter?: string };

/** The end of the chain: answers the n-th request it sees with `answers[n]` (the last one repeats). */
class ScriptedWire implements Middleware {
  readonly sentAt: number[] = [];
  constructor(private readonly answers: Answer[]) {}
  async execute(context: Context): Promise<void> {
    const answer = this.answers[Math.min(this.sentAt.length, this.answers.length - 1)]!;
    this.sentAt.push(Date.now());
    const headers: Record<string, string> = answer.retryAfter === undefined ? {} : { 'Retry-After': answer.retryAfter };
    context.response = new Response(answer.status === 200 ? '{}' : null, { status: answer.status, headers });
  }
  setNext(): void {}
}

const newStats = (): GraphClientStats => ({ requests: 0, throttled: 0, retries: 0, tokenRequests: 0 });
const context = (): Context => ({ request: 'https://graph.example/v1.0/users', options: {} }) as Context;
const NOW = Date.parse('2026-11-20T12:00:00.000Z');

describe('RetryMiddleware waits what Retry-After says', () => {
  async function waitsFor(answers: Answer[], options: { maxTotalWaitMs?: number } = {}) {
    const slept: number[] = [];
    const wire = new ScriptedWire(answers);
    const retry = new RetryMiddleware({
      stats: newStats(),
      logger: createSilentLogger(),
      now: () => NOW,
      random: () => 0,
      sleep: async (ms) => {
        slept.push(ms);
      },
      ...options,
    });
    retry.setNext(wire);
    const ctx = context();
    await retry.execute(ctx);
    return { slept, sent: wire.sentAt.length, status: ctx.response?.status };
  }

  it('two minutes after a 429 with Retry-After: 120 (not capped, not the backoff)', async () => {
    expect(await waitsFor([{ status: 429, retryAfter: '120' }, { status: 200 }])).toEqual({
      slept: [120_000],
      sent: 2,
      status: 200,
    });
  });

  it('fractional seconds after a 503, and an HTTP date counted from now', async () => {
    expect((await waitsFor([{ status: 503, retryAfter: '2.128' }, { status: 200 }])).slept).toEqual([2128]);
    const date = new Date(NOW + 45_000).toUTCString();
    expect((await waitsFor([{ status: 429, retryAfter: date }, { status: 200 }])).slept).toEqual([45_000]);
  });

  it('backs off exponentially only when there is no Retry-After', async () => {
    const { slept } = await waitsFor([{ status: 504 }, { status: 504 }, { status: 504 }, { status: 200 }]);
    expect(slept).toEqual([250, 500, 1000]);
  });

  it('stops after maxAttempts tries and leaves the last answer for the caller, counting each retry', async () => {
    const stats = newStats();
    const wire = new ScriptedWire([{ status: 503, retryAfter: '1' }]);
    const retry = new RetryMiddleware({ stats, logger: createSilentLogger(), maxAttempts: 3, sleep: async () => {} });
    retry.setNext(wire);
    const ctx = context();
    await retry.execute(ctx);
    expect({ sent: wire.sentAt.length, status: ctx.response?.status, retries: stats.retries }).toEqual({
      sent: 3,
      status: 503,
      retries: 2,
    });
  });

  it('adds up the waits of one request against the budget', async () => {
    // Two waits of 100 s fit a 250 s budget, a third does not.
    const result = await waitsFor([{ status: 429, retryAfter: '100' }], { maxTotalWaitMs: 250_000 });
    expect(result).toEqual({ slept: [100_000, 100_000], sent: 3, status: 429 });
    const exact = await waitsFor([{ status: 429, retryAfter: '100' }, { status: 200 }], { maxTotalWaitMs: 100_000 });
    expect(exact).toEqual({ slept: [100_000], sent: 2, status: 200 });
  });

  it('rethrows a dropped connection once out of tries, and answers other statuses at once', async () => {
    const dropped = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });
    let tries = 0;
    const retry = new RetryMiddleware({
      stats: newStats(),
      logger: createSilentLogger(),
      maxAttempts: 2,
      sleep: async () => {},
    });
    retry.setNext({
      execute: async () => {
        tries += 1;
        throw dropped;
      },
      setNext: () => undefined,
    } as Middleware);
    await expect(retry.execute(context())).rejects.toBe(dropped);
    expect(tries).toBe(2);
    for (const status of [200, 400, 404, 500]) {
      expect(await waitsFor([{ status }, { status: 200 }])).toEqual({ slept: [], sent: 1, status });
    }
  });

  it('does not retry at all when Retry-After asks for more than the wait budget', async () => {
    const result = await waitsFor([{ status: 429, retryAfter: '400' }, { status: 200 }], { maxTotalWaitMs: 300_000 });
    expect(result).toEqual({ slept: [], sent: 1, status: 429 });
  });
});

describe('RetryMiddleware tells the operator why it waits and why it gives up', () => {
  it('logs each retry at debug with the attempt, the wait and the status, and the give-up at warn', async () => {
    const { logger, lines } = captureLogs();
    const retry = new RetryMiddleware({
      stats: newStats(),
      logger,
      maxAttempts: 3,
      now: () => NOW,
      sleep: async () => {},
    });
    retry.setNext(
      new ScriptedWire([
        { status: 429, retryAfter: '2' },
        { status: 503, retryAfter: '3' },
      ]),
    );
    await retry.execute(context());
    const logged = lines.map(({ level, msg, attempt, attempts, delayMs, waitedMs, reason }) => ({
      level,
      msg,
      attempt,
      attempts,
      delayMs,
      waitedMs,
      reason,
    }));
    expect(logged).toEqual([
      { level: 20, msg: 'Retrying Graph request', attempt: 1, delayMs: 2000, reason: 'HTTP 429' },
      { level: 20, msg: 'Retrying Graph request', attempt: 2, delayMs: 3000, reason: 'HTTP 503' },
      {
        level: 40,
        msg: 'Graph request still failing; giving up retrying',
        attempts: 3,
        waitedMs: 5000,
        reason: 'HTTP 503',
      },
    ]);
  });

  it('names the network failure, code included, when a dropped connection is given up on', async () => {
    const { logger, lines } = captureLogs();
    const dropped = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
    });
    const retry = new RetryMiddleware({ stats: newStats(), logger, maxAttempts: 1 });
    retry.setNext({
      execute: async () => {
        throw dropped;
      },
      setNext: () => undefined,
    } as Middleware);
    await expect(retry.execute(context())).rejects.toBe(dropped);
    expect(lines.map((line) => [line.level, line.reason])).toEqual([
      [40, 'fetch failed (ECONNRESET: read ECONNRESET)'],
    ]);
  });
});

describe('RetryMiddleware stops when the caller gives up', () => {
  const dropped = () => Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });

  it('rethrows a dropped connection at once, without retrying, once the request was aborted', async () => {
    const controller = new AbortController();
    let tries = 0;
    const retry = new RetryMiddleware({ stats: newStats(), logger: createSilentLogger(), sleep: async () => {} });
    retry.setNext({
      execute: async () => {
        tries += 1;
        controller.abort();
        throw dropped();
      },
      setNext: () => undefined,
    } as Middleware);
    await expect(retry.execute({ ...context(), options: { signal: controller.signal } })).rejects.toThrow(
      'fetch failed',
    );
    expect(tries).toBe(1);
  });

  it('retries the same dropped connection while the request is not aborted (positive control)', async () => {
    const controller = new AbortController();
    let tries = 0;
    const retry = new RetryMiddleware({ stats: newStats(), logger: createSilentLogger(), sleep: async () => {} });
    retry.setNext({
      execute: async (ctx: Context) => {
        tries += 1;
        if (tries === 1) throw dropped();
        ctx.response = new Response('{}', { status: 200 });
      },
      setNext: () => undefined,
    } as Middleware);
    const ctx = { ...context(), options: { signal: controller.signal } } as Context;
    await retry.execute(ctx);
    expect({ tries, status: ctx.response?.status }).toEqual({ tries: 2, status: 200 });
  });

  it('cuts a Retry-After wait short when the request is aborted during it (the default, real sleep)', async () => {
    const controller = new AbortController();
    const wire = new ScriptedWire([{ status: 429, retryAfter: '120' }, { status: 200 }]);
    const retry = new RetryMiddleware({ stats: newStats(), logger: createSilentLogger() });
    retry.setNext(wire);
    const started = Date.now();
    const request = retry.execute({ ...context(), options: { signal: controller.signal } } as Context);
    setTimeout(() => controller.abort(), 20);
    await expect(request).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(wire.sentAt).toHaveLength(1);
  });
});

describe('ThrottleMiddleware pauses the whole tenant after a 429', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: NOW });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  function throttled(answers: Answer[]) {
    const wire = new ScriptedWire(answers);
    const stats = newStats();
    const throttle = new ThrottleMiddleware({
      bucket: new TokenBucket({ ratePerSecond: 100 }),
      semaphore: new Semaphore(4),
      stats,
      logger: createSilentLogger(),
    });
    throttle.setNext(wire);
    const send = (signal?: AbortSignal) => throttle.execute({ ...context(), options: signal ? { signal } : {} });
    return { wire, stats, send };
  }

  it('holds every other request for the Retry-After of one 429, then lets them go', async () => {
    const { wire, stats, send } = throttled([{ status: 429, retryAfter: '30' }, { status: 200 }]);
    await send();
    expect(stats.throttled).toBe(1);
    // Two other workers of the tenant, after the 429 came back.
    const others = Promise.all([send(), send()]);
    await jest.advanceTimersByTimeAsync(29_900);
    expect(wire.sentAt).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(200);
    await others;
    expect(wire.sentAt).toHaveLength(3);
    expect(wire.sentAt[1]! - wire.sentAt[0]!).toBeGreaterThanOrEqual(30_000);
  });

  it('pauses one second after a 429 without Retry-After', async () => {
    const { wire, send } = throttled([{ status: 429 }, { status: 200 }]);
    await send();
    const next = send();
    await jest.advanceTimersByTimeAsync(900);
    expect(wire.sentAt).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(200);
    await next;
    expect(wire.sentAt).toHaveLength(2);
  });

  it('frees its concurrency slot after each request, answered or failed', async () => {
    const wire = new ScriptedWire([{ status: 200 }]);
    const throttle = new ThrottleMiddleware({
      bucket: new TokenBucket({ ratePerSecond: 100 }),
      semaphore: new Semaphore(1),
      stats: newStats(),
      logger: createSilentLogger(),
    });
    throttle.setNext(wire);
    await throttle.execute(context());
    await jest.advanceTimersByTimeAsync(20);
    await throttle.execute(context());
    expect(wire.sentAt).toHaveLength(2);
  });

  it('does not pause after an ordinary answer (positive control)', async () => {
    const { wire, send } = throttled([{ status: 200 }]);
    await send();
    await send();
    expect(wire.sentAt).toHaveLength(2);
  });

  it('does not pause the tenant after a 503, even one with Retry-After (that wait belongs to the one request)', async () => {
    const { wire, stats, send } = throttled([{ status: 503, retryAfter: '30' }, { status: 200 }]);
    await send();
    await send();
    expect({ sent: wire.sentAt.length, throttled: stats.throttled }).toEqual({ sent: 2, throttled: 0 });
  });

  it('pauses until the HTTP date of a 429, counted from its own clock, and logs the pause', async () => {
    const { logger, lines } = captureLogs();
    const wire = new ScriptedWire([{ status: 429, retryAfter: new Date(NOW + 20_000).toUTCString() }, { status: 200 }]);
    // Its clock runs 15 s ahead of the timers: the pause is what is left of the 20 s by that clock, 5 s.
    const throttle = new ThrottleMiddleware({
      bucket: new TokenBucket({ ratePerSecond: 100 }),
      semaphore: new Semaphore(4),
      stats: newStats(),
      logger,
      now: () => Date.now() + 15_000,
    });
    throttle.setNext(wire);
    await throttle.execute(context());
    const next = throttle.execute(context());
    await jest.advanceTimersByTimeAsync(4_900);
    expect(wire.sentAt).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(200);
    await next;
    expect(wire.sentAt).toHaveLength(2);
    expect(lines.map(({ level, msg, pauseMs }) => ({ level, msg, pauseMs }))).toEqual([
      { level: 20, msg: 'Graph throttled the tenant (429); pausing all requests', pauseMs: 5000 },
    ]);
  });

  it('frees its slot when the request fails, and drops a waiter whose caller gave up', async () => {
    const dropped = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });
    let release: () => void = () => undefined;
    const sent: string[] = [];
    const throttle = new ThrottleMiddleware({
      bucket: new TokenBucket({ ratePerSecond: 100 }),
      semaphore: new Semaphore(1),
      stats: newStats(),
      logger: createSilentLogger(),
    });
    throttle.setNext({
      execute: async (ctx: Context) => {
        sent.push(String(ctx.request));
        if (ctx.request === 'fails') throw dropped;
        if (ctx.request === 'slow') await new Promise<void>((resolve) => (release = resolve));
      },
      setNext: () => undefined,
    } as Middleware);
    const send = (request: string, signal?: AbortSignal) =>
      throttle.execute({ request, options: signal ? { signal } : {} } as Context);

    await expect(send('fails')).rejects.toBe(dropped);
    const slow = send('slow'); // takes the only slot: the failed request gave it back
    await jest.advanceTimersByTimeAsync(10);
    const controller = new AbortController();
    const abandoned = send('abandoned', controller.signal);
    const waiting = send('waiting');
    controller.abort();
    await expect(abandoned).rejects.toMatchObject({ name: 'AbortError' });
    release();
    await slow;
    await jest.advanceTimersByTimeAsync(10);
    await waiting;
    expect(sent).toEqual(['fails', 'slow', 'waiting']);
  });

  it('drops a request waiting out the pause when its caller gives up', async () => {
    const { wire, send } = throttled([{ status: 429, retryAfter: '30' }, { status: 200 }]);
    await send();
    const controller = new AbortController();
    const waiting = send(controller.signal);
    await jest.advanceTimersByTimeAsync(1000);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    await jest.advanceTimersByTimeAsync(60_000);
    expect(wire.sentAt).toHaveLength(1);
  });
});
