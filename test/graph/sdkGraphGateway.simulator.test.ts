import net, { type AddressInfo } from 'node:net';
import { GraphAuthError, GraphRequestError, MalformedGraphResponseError } from '../../server/errors';
import { M365_COPILOT_SKU_ID } from '../../server/graph/constants';
import type { GraphGateway, InteractionWindow } from '../../server/graph/GraphGateway';
import type { FaultOptions } from '../../server/graph/simulator/startGraphSimulator';
import type { AiInteraction } from '../../server/graph/types';
import { startGraphHarness, type GraphHarness } from '../support/graphHarness';

/**
 * The real client (msal + Graph SDK + our middleware) against the Graph simulator over HTTPS: what it lists must be
 * exactly the simulator's ground truth, with and without injected faults.
 */

const REFERENCE_TIME = new Date('2026-03-01T00:00:00Z');
const WINDOW: InteractionWindow = { after: new Date('2026-01-15T00:00:00Z'), before: new Date('2026-02-15T00:00:00Z') };

let harness: GraphHarness;

beforeAll(async () => {
  harness = await startGraphHarness({ seed: 11, userCount: 40, referenceTime: REFERENCE_TIME });
});

afterAll(async () => {
  await harness?.close();
});

beforeEach(() => {
  harness.simulator.setFaults({});
  harness.simulator.resetStats();
});

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

/** The users the export API serves (licensed and Copilot-enabled). */
function servedUserIds(): string[] {
  const forbidden = new Set(harness.tenant.forbiddenUserIds());
  return harness.tenant.licensedUserIds().filter((id) => !forbidden.has(id));
}

/** `userId|interactionId` keys of the ground truth in the window. */
function truthKeys(window: InteractionWindow): string[] {
  return [...harness.tenant.groundTruth(window)].map((row) => `${row.userId}|${row.interaction.id}`).sort();
}

/** Lists every served user's interactions in the window, a few users at a time, like the sync does. */
async function listAll(
  gateway: GraphGateway,
  window: InteractionWindow,
  workers = 4,
): Promise<Map<string, AiInteraction>> {
  const found = new Map<string, AiInteraction>();
  const queue = servedUserIds();
  const work = async (): Promise<void> => {
    for (let userId = queue.shift(); userId; userId = queue.shift()) {
      for await (const page of gateway.listInteractions(userId, window)) {
        for (const interaction of page.interactions) {
          const key = `${userId}|${interaction.id}`;
          if (found.has(key)) throw new Error(`listed twice: ${key}`);
          found.set(key, interaction);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: workers }, work));
  return found;
}

describe('the gateway against the Graph simulator', () => {
  it('lists every licensed user exactly once, across pages and repeated SKUs', async () => {
    const pages = await collect(
      harness.gateway({ usersPageSize: 7 }).listLicensedUsers([M365_COPILOT_SKU_ID, M365_COPILOT_SKU_ID]),
    );
    const ids = pages.flat().map((u) => u.id);
    expect(ids.length).toBe(new Set(ids).size);
    expect([...ids].sort()).toEqual([...harness.tenant.licensedUserIds()].sort());
    expect(pages.length).toBeGreaterThan(1);
  });

  it("lists a user's interactions in a window exactly as the ground truth has them", async () => {
    const found = await listAll(harness.gateway({ pageSize: 10 }), WINDOW);
    expect([...found.keys()].sort()).toEqual(truthKeys(WINDOW));
    expect(found.size).toBeGreaterThan(50);
    // Same content, not only the same ids.
    for (const { userId, interaction } of harness.tenant.groundTruth(WINDOW)) {
      expect(found.get(`${userId}|${interaction.id}`)).toEqual(JSON.parse(JSON.stringify(interaction)));
    }
  });

  it('still yields exactly the ground truth under 429 storms, 5xx, dropped connections, malformed pages and failing nextLinks', async () => {
    const users = servedUserIds();
    const faults: FaultOptions = {
      seed: 3,
      throttleStormRate: 0.05,
      stormRequests: 6,
      stormRetryAfterSeconds: 0.3,
      fractionalRetryAfter: true,
      serverErrorRate: 0.06,
      dropConnectionRate: 0.04,
      malformedPageRate: 0.05,
      failNextLinkOnceRate: 0.3,
      rejectDateFilterForUsers: users.slice(0, 3),
    };
    harness.simulator.setFaults(faults);
    const gateway = harness.gateway({ pageSize: 5 });
    const found = await listAll(gateway, WINDOW);
    expect([...found.keys()].sort()).toEqual(truthKeys(WINDOW));

    const injected = harness.simulator.stats().faultsInjected;
    for (const kind of ['throttle', 'server503', 'drop', 'malformed']) expect(injected[kind]).toBeGreaterThan(0);
    const stats = gateway.stats();
    expect(stats.retries).toBeGreaterThan(0);
    expect(stats.throttled).toBe(harness.simulator.stats().throttled429);
  });

  it('keeps requests under the ceiling: zero 429s from a simulator limited to 30/s when maxRps is 20', async () => {
    const limited = await startGraphHarness({
      seed: 5,
      userCount: 30,
      referenceTime: REFERENCE_TIME,
      simulator: { rateLimitPerSecond: 30 },
    });
    try {
      const gateway = limited.gateway({ maxRps: 20, concurrency: 8, pageSize: 5 });
      const window: InteractionWindow = { after: new Date('2026-02-01T00:00:00Z'), before: REFERENCE_TIME };
      const forbidden = new Set(limited.tenant.forbiddenUserIds());
      const served = limited.tenant.licensedUserIds().filter((id) => !forbidden.has(id));
      await Promise.all(served.map((userId) => collect(gateway.listInteractions(userId, window))));
      expect(gateway.stats().requests).toBeGreaterThan(40); // well past the bucket's 20-request burst
      expect(limited.simulator.stats().throttled429).toBe(0);
      expect(gateway.stats().throttled).toBe(0);
    } finally {
      await limited.close();
    }
  });

  it('fails fast with GraphAuthError AADSTS7000215 on a wrong secret, without retrying', async () => {
    const gateway = harness.gateway({ clientSecret: 'not-the-secret' });
    const error = await collect(gateway.listInteractions(servedUserIds()[0] ?? '', WINDOW)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(GraphAuthError);
    expect(error).toMatchObject({ aadstsCode: 7000215 });
    // Fast because nothing is retried: one token request, no Graph request (a wall-clock bound here failed only
    // when the machine was loaded).
    expect(gateway.stats()).toMatchObject({ tokenRequests: 1, requests: 0 });
  });

  it('reports an expired secret as AADSTS7000222', async () => {
    const gateway = harness.gateway({ clientSecret: harness.tenant.expiredSecret });
    const error = await collect(gateway.listLicensedUsers([M365_COPILOT_SKU_ID])).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ aadstsCode: 7000222 });
  });

  it("does not follow a nextLink to another port of Graph's host: the listener there receives nothing", async () => {
    const connections: string[] = [];
    const listener = net.createServer((socket) => {
      connections.push(socket.remoteAddress ?? '?');
      socket.destroy();
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    try {
      const port = (listener.address() as AddressInfo).port;
      const userId = servedUserIds().find((id) => truthKeys(WINDOW).filter((k) => k.startsWith(`${id}|`)).length > 5);
      expect(userId).toBeDefined();
      harness.simulator.setFaults({ foreignNextLinks: { origin: `https://127.0.0.1:${port}`, userIds: [userId!] } });
      const pages: number[] = [];
      const error = await (async () => {
        for await (const page of harness.gateway({ pageSize: 5 }).listInteractions(userId!, WINDOW))
          pages.push(page.interactions.length);
      })().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(MalformedGraphResponseError);
      expect((error as Error).message).toContain(`https://127.0.0.1:${port}`);
      expect(pages).toEqual([]); // the page carrying the foreign link is refused whole
      expect(connections).toEqual([]);
    } finally {
      await new Promise((resolve) => listener.close(resolve));
    }
  });

  it('reports a licensed user the export API refuses as GraphRequestError 403', async () => {
    const [forbidden] = harness.tenant.forbiddenUserIds();
    expect(forbidden).toBeDefined();
    const error = await collect(harness.gateway().listInteractions(forbidden ?? '', WINDOW)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(GraphRequestError);
    expect(error).toMatchObject({ graphStatus: 403, graphCode: 'Forbidden' });
  });
});
