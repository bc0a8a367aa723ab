import { interactionsPath, startSimulator, TestClock, type SimulatorUnderTest } from './simulatorTestKit';

const clock = new TestClock();
let sut: SimulatorUnderTest;
let fractional: SimulatorUnderTest;
let userId: string;

beforeAll(async () => {
  sut = await startSimulator({ now: clock.now, rateLimitPerSecond: 5, usersRateLimitPerSecond: 3 });
  fractional = await startSimulator({
    tenant: sut.tenant,
    now: clock.now,
    rateLimitPerSecond: 5,
    retryAfterStyle: 'fractional',
  });
  userId = sut.tenant.users.find((u) => u.active)!.graph.id;
});

afterAll(async () => {
  await sut.close();
  await fractional.close();
});

async function burst(
  target: SimulatorUnderTest,
  count: number,
  path = interactionsPath(userId, '?$top=1'),
): Promise<Array<{ status: number; retryAfter: string | null; body: unknown }>> {
  const out = [];
  for (let i = 0; i < count; i++) {
    const res = await target.http.graph(path);
    out.push({ status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.json() });
  }
  return out;
}

describe('throttling on the simulator', () => {
  it('answers a burst beyond the per-app rate with 429, Retry-After and Graph’s throttling body', async () => {
    await sut.http.token();
    clock.advance(5_000);
    const results = await burst(sut, 7);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const throttled = results[5]!;
    expect(throttled.retryAfter).toBe('1');
    expect(throttled.body).toEqual({
      error: {
        code: 'TooManyRequests',
        innerError: {
          code: '429',
          date: expect.any(String),
          message: 'Please retry after',
          'request-id': expect.any(String),
          status: '429',
        },
        message: 'Please retry again later.',
      },
    });
    expect(sut.simulator.stats().throttled429).toBeGreaterThanOrEqual(2);
  });

  it('keeps refusing until the advertised Retry-After has passed, then serves again', async () => {
    clock.advance(5_000);
    await burst(sut, 6);
    clock.advance(500);
    expect((await burst(sut, 1))[0]?.status).toBe(429);
    clock.advance(1_000);
    expect((await burst(sut, 1))[0]?.status).toBe(200);
  });

  it('writes fractional Retry-After values when asked to', async () => {
    await fractional.http.token();
    clock.advance(5_000);
    const results = await burst(fractional, 6);
    expect(results[5]?.status).toBe(429);
    expect(results[5]?.retryAfter).toMatch(/^\d+\.\d{3}$/);
    expect(Number(results[5]?.retryAfter)).toBeLessThan(1);
  });

  it('writes fractional Retry-After values when the fault mix asks for them', async () => {
    sut.simulator.setFaults({ fractionalRetryAfter: true });
    try {
      clock.advance(5_000);
      const results = await burst(sut, 6);
      expect(results[5]?.retryAfter).toMatch(/^0\.\d{3}$/);
    } finally {
      sut.simulator.setFaults({});
    }
  });

  it('throttles /users separately when a users limit is set', async () => {
    clock.advance(5_000);
    const results = await burst(sut, 4, '/v1.0/users?$top=1');
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 429]);
    // The interactions bucket is untouched by /users traffic.
    expect((await burst(sut, 1))[0]?.status).toBe(200);
  });

  it('does not throttle the token endpoint', async () => {
    for (let i = 0; i < 12; i++) expect((await sut.http.requestToken(sut.http.validTokenForm())).status).toBe(200);
  });
});
