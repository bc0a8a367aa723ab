import { FAULT_PRESETS, FaultInjector, type FaultOptions } from '../../../server/graph/simulator/faults';
import type { AiInteraction } from '../../../server/graph/types';
import {
  REFERENCE_TIME,
  interactionsPath,
  startSimulator,
  type Page,
  type SimulatorUnderTest,
} from './simulatorTestKit';

let sut: SimulatorUnderTest;
let activeUsers: string[];

beforeAll(async () => {
  sut = await startSimulator({ tenantOptions: { seed: 41, userCount: 40 }, rateLimitPerSecond: 10_000 });
  activeUsers = sut.tenant.users.filter((u) => u.active).map((u) => u.graph.id);
});

afterAll(async () => {
  await sut.close();
});

beforeEach(() => {
  sut.simulator.setFaults({});
  sut.simulator.resetStats();
});

type Outcome = number | 'drop' | 'malformed';

/** Requests one URL until it answers a parseable 200 (waiting out Retry-After), recording what each attempt got. */
async function untilOk(url: string, maxAttempts = 30): Promise<{ outcomes: Outcome[]; body: Page<AiInteraction> }> {
  const outcomes: Outcome[] = [];
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    let res;
    try {
      res = await sut.http.graph(url);
    } catch {
      outcomes.push('drop');
      continue;
    }
    const text = await res.text();
    if (res.status !== 200) {
      outcomes.push(res.status);
      const retryAfter = Number(res.headers.get('retry-after') ?? 0);
      if (retryAfter > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(retryAfter, 0.05) * 1000));
      continue;
    }
    try {
      const body = JSON.parse(text) as Page<AiInteraction>;
      outcomes.push(200);
      return { outcomes, body };
    } catch {
      outcomes.push('malformed');
    }
  }
  throw new Error(`${url} never succeeded: ${outcomes.join(',')}`);
}

/** Lists a user's history following nextLinks, retrying each page like a correct client. */
async function listWithRetries(
  userId: string,
  query: string,
): Promise<{ items: AiInteraction[]; outcomes: Outcome[] }> {
  const items: AiInteraction[] = [];
  const outcomes: Outcome[] = [];
  let next: string | undefined = interactionsPath(userId, query);
  while (next) {
    const page = await untilOk(next);
    outcomes.push(...page.outcomes);
    items.push(...page.body.value);
    next = page.body['@odata.nextLink'];
  }
  return { items, outcomes };
}

describe('fault injection', () => {
  it.each([
    ['server errors', { serverErrorRate: 1 }, (o: Outcome) => o === 503 || o === 504],
    ['dropped connections', { dropConnectionRate: 1 }, (o: Outcome) => o === 'drop'],
    ['malformed pages', { malformedPageRate: 1 }, (o: Outcome) => o === 'malformed'],
  ] as const)('makes %s transient: the same URL fails twice, then succeeds', async (_kind, faults, isFault) => {
    sut.simulator.setFaults({ seed: 1, ...faults });
    const { outcomes, body } = await untilOk(interactionsPath(activeUsers[0]!, '?$top=5'));
    expect(outcomes).toHaveLength(3);
    expect(outcomes.slice(0, 2).every(isFault)).toBe(true);
    expect(body.value).toHaveLength(5);
  });

  it('sends server errors in Graph’s error shape, sometimes with Retry-After', async () => {
    sut.simulator.setFaults({ seed: 2, serverErrorRate: 1, maxFaultsPerUrl: 1 });
    const statuses = new Set<number>();
    let withRetryAfter = 0;
    for (const userId of activeUsers.slice(0, 12)) {
      const res = await sut.http.graph(interactionsPath(userId));
      statuses.add(res.status);
      if (res.headers.get('retry-after')) withRetryAfter++;
      const body = (await res.json()) as { error: { code: string; innerError: Record<string, string> } };
      expect(body.error.innerError['request-id']).toBe(res.headers.get('request-id'));
    }
    expect([...statuses].every((s) => s === 503 || s === 504)).toBe(true);
    expect(withRetryAfter).toBeGreaterThan(0);
  });

  it('slows pages down without failing them', async () => {
    sut.simulator.setFaults({ slowPageRate: 1, slowPageMs: 250 });
    const started = Date.now();
    const res = await sut.http.graph(interactionsPath(activeUsers[0]!));
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
  });

  it('fails a nextLink the first time it is followed, only', async () => {
    sut.simulator.setFaults({ seed: 3, failNextLinkOnceRate: 1 });
    const first = await sut.http.json<Page<AiInteraction>>(interactionsPath(activeUsers[0]!, '?$top=2'));
    expect(first.status).toBe(200);
    const next = first.body['@odata.nextLink'] as string;
    expect((await sut.http.graph(next)).status).toBe(503);
    expect((await sut.http.graph(next)).status).toBe(200);
  });

  it('runs a 429 storm over the next requests, then lets them through', async () => {
    sut.simulator.setFaults({
      seed: 4,
      throttleStormRate: 1,
      stormRequests: 3,
      fractionalRetryAfter: true,
      stormRetryAfterSeconds: 0.5,
    });
    const url = interactionsPath(activeUsers[0]!);
    const results = [];
    for (let i = 0; i < 4; i++) {
      const res = await sut.http.graph(url);
      results.push({ status: res.status, retryAfter: res.headers.get('retry-after') });
      await res.arrayBuffer();
    }
    expect(results.map((r) => r.status)).toEqual([429, 429, 429, 200]);
    expect(results[0]?.retryAfter).toMatch(/^0\.\d{3}$/);
    expect(sut.simulator.stats().faultsInjected.throttle).toBe(3);
  });

  it('rejects date filters for the configured users permanently, and nothing else', async () => {
    const userId = activeUsers[1]!;
    sut.simulator.setFaults({ rejectDateFilterForUsers: [userId.toUpperCase()] });
    const filter = encodeURIComponent(
      'createdDateTime gt 2025-01-01T00:00:00Z and createdDateTime lt 2027-01-01T00:00:00Z',
    );
    for (let i = 0; i < 3; i++)
      expect((await sut.http.graph(interactionsPath(userId, `?$filter=${filter}`))).status).toBe(400);
    expect((await sut.http.graph(interactionsPath(userId))).status).toBe(200);
    expect((await sut.http.graph(interactionsPath(activeUsers[2]!, `?$filter=${filter}`))).status).toBe(200);
  });

  it('leaves the token endpoint alone unless asked', async () => {
    sut.simulator.setFaults({ serverErrorRate: 1, dropConnectionRate: 1 });
    expect((await sut.http.requestToken(sut.http.validTokenForm())).status).toBe(200);
    sut.simulator.setFaults({ seed: 9, serverErrorRate: 1, includeTokenEndpoint: true });
    expect((await sut.http.requestToken(sut.http.validTokenForm())).status).toBeGreaterThanOrEqual(503);
  });

  it('lets a retrying client list exactly the ground truth under the chaos preset', async () => {
    sut.simulator.setFaults({ ...FAULT_PRESETS.chaos, slowPageMs: 5, stormRetryAfterSeconds: 0.01 });
    const after = new Date(REFERENCE_TIME.getTime() - 120 * 86_400_000);
    const filter = encodeURIComponent(
      `createdDateTime gt ${after.toISOString()} and createdDateTime lt ${REFERENCE_TIME.toISOString()}`,
    );
    const listed: string[] = [];
    const outcomes: Outcome[] = [];
    for (const userId of activeUsers) {
      const result = await listWithRetries(userId, `?$filter=${filter}&$top=5`);
      outcomes.push(...result.outcomes);
      listed.push(...result.items.map((i) => `${userId}|${i.id}`));
    }
    const truth = [...sut.tenant.groundTruth({ after, before: REFERENCE_TIME })].map(
      (r) => `${r.userId}|${r.interaction.id}`,
    );
    expect(listed.sort()).toEqual(truth.sort());
    expect(outcomes.some((o) => o !== 200)).toBe(true);
  });

  it('makes the same decisions for the same seed and different ones for another seed', async () => {
    const urls = activeUsers.slice(0, 20).map((id) => `GET ${interactionsPath(id, '?$top=5')}`);
    const decide = (options: FaultOptions): string[] => {
      const injector = new FaultInjector(options);
      return urls.flatMap((url) =>
        [0, 1, 2].map(() => injector.decide({ route: 'interactions', url, isNextLink: false }).kind),
      );
    };
    const mix: FaultOptions = { serverErrorRate: 0.3, dropConnectionRate: 0.2, malformedPageRate: 0.2 };
    expect(decide({ seed: 5, ...mix })).toEqual(decide({ seed: 5, ...mix }));
    expect(decide({ seed: 5, ...mix })).not.toEqual(decide({ seed: 6, ...mix }));
    // Over HTTP too: two identical runs see identical outcomes.
    const run = async (): Promise<Outcome[]> => {
      sut.simulator.setFaults({ seed: 5, ...mix });
      const all: Outcome[] = [];
      for (const id of activeUsers.slice(0, 6)) all.push(...(await untilOk(interactionsPath(id, '?$top=5'))).outcomes);
      return all;
    };
    expect(await run()).toEqual(await run());
  });
});
