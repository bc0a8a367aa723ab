import net, { type AddressInfo } from 'node:net';
import { storeTotals } from '../../../server/core/insights/storeTotals';
import { syncStateId } from '../../../server/core/sync/pageSink';
import { SyncRunner } from '../../../server/core/sync/syncRunner';
import { M365_COPILOT_SKU_ID } from '../../../server/graph/constants';
import type { FaultOptions } from '../../../server/graph/simulator/faults';
import type { SyncRunDoc } from '../../../server/store/documents';
import { createSilentLogger } from '../../../server/logger';
import { actualAggregates } from '../../support/groundTruth';
import { startGraphHarness, type GraphHarness } from '../../support/graphHarness';
import { openTestStore, type TestStore } from '../../support/testStore';

/**
 * The sync through an Entra incident and past a nextLink that leads off Graph's origin, against the simulator: the
 * incident costs only waiting (as long as Entra asks), the foreign link costs only that user's progress.
 */

const REFERENCE = new Date('2026-11-20T12:00:00.000Z');
const NOW = new Date(REFERENCE.getTime() + 60_000);

let h: GraphHarness;
let calm: { run: SyncRunDoc; totals: unknown; aggregates: unknown };

/** Sleeps recorded instead of spent. */
function recordedSleep() {
  const waits: number[] = [];
  return {
    waits,
    sleep: (ms: number) => {
      waits.push(ms);
      return Promise.resolve();
    },
  };
}

async function syncOnce(
  t: TestStore,
  options: { sleep?: (ms: number) => Promise<void>; onPage?: () => void; pageSize?: number } = {},
) {
  const runner = new SyncRunner({
    store: t.store,
    gateway: h.gateway({ sleep: options.sleep, pageSize: options.pageSize ?? 10 }),
    logger: createSilentLogger(),
    now: () => NOW,
    settings: {
      tenantId: h.tenant.tenantId,
      skuIds: [M365_COPILOT_SKU_ID],
      backfillDays: 90,
      overlapMinutes: 15,
      concurrency: 4,
    },
  });
  return runner.run({ mode: 'full', trigger: 'test', onProgress: options.onPage });
}

async function outcome(t: TestStore, run: SyncRunDoc) {
  return {
    status: run.status,
    errors: run.errors.map((e) => [e.userId, e.status]),
    interactionsNew: run.counts.interactionsNew,
    totals: await storeTotals(t.store, h.tenant.tenantId),
    aggregates: await actualAggregates(t.store, h.tenant.tenantId),
  };
}

// Each sync here asks Entra for a token on every Graph request (see below) and takes 15-25 s alone on this machine:
// far past Jest's default 60 s per test once two suites share two cores.
jest.setTimeout(240_000);

beforeAll(async () => {
  // A 30-second token is due for renewal at once (msal renews with less than 5 minutes left), so every Graph request
  // asks for a token and an outage set mid-run is met mid-run; too short-lived to carry on with through a wait.
  h = await startGraphHarness({
    seed: 5,
    userCount: 16,
    referenceTime: REFERENCE,
    simulator: { tokenLifetimeSeconds: 30 },
  });
  const t = await openTestStore('calm');
  try {
    const run = await syncOnce(t);
    const { totals, aggregates } = await outcome(t, run);
    calm = { run, totals, aggregates };
  } finally {
    await t.close();
  }
});

afterAll(async () => h?.close());

beforeEach(() => {
  h.simulator.setFaults({});
  h.simulator.resetStats();
});

describe('a sync through an Entra incident', () => {
  it.each<[string, NonNullable<FaultOptions['tokenOutage']>, number[]]>([
    ['503 temporarily_unavailable AADSTS90006, Retry-After: 2', { requests: 2, retryAfterSeconds: 2 }, [2000, 2000]],
    ['503 with an HTML page and no Retry-After', { requests: 1, body: 'html' }, []],
    ['429 with Retry-After: 5', { requests: 1, status: 429, retryAfterSeconds: 5, body: 'oauth' }, [5000]],
  ])('completes with the same totals as an undisturbed sync: %s', async (_name, tokenOutage, asked) => {
    const t = await openTestStore('outage');
    try {
      const time = recordedSleep();
      let pages = 0;
      const run = await syncOnce(t, {
        sleep: time.sleep,
        onPage: () => {
          // The incident starts once the sync is well under way.
          if (++pages === 3) h.simulator.setFaults({ tokenOutage });
        },
      });
      const disturbed = await outcome(t, run);
      expect(disturbed).toEqual({
        status: calm.run.status,
        errors: calm.run.errors.map((e) => [e.userId, e.status]),
        interactionsNew: calm.run.counts.interactionsNew,
        totals: calm.totals,
        aggregates: calm.aggregates,
      });
      const faults = Object.entries(h.simulator.stats().faultsInjected).filter(([kind]) =>
        kind.startsWith('tokenOutage'),
      );
      expect(faults).toEqual([[`tokenOutage${tokenOutage.status ?? 503}`, tokenOutage.requests]]);
      // Entra's Retry-After was waited exactly; without one, a backoff of at most a second for the first retry.
      if (asked.length > 0) expect(time.waits.filter((ms) => ms >= 1000)).toEqual(asked);
      else expect(time.waits.some((ms) => ms >= 500 && ms <= 1000)).toBe(true);
    } finally {
      await t.close();
    }
  });

  it('fails the run as an Entra outage, not as refused credentials, when Entra stays down past the budget', async () => {
    const t = await openTestStore('down');
    try {
      h.simulator.setFaults({ tokenOutage: { requests: 1_000, retryAfterSeconds: 1 } });
      const run = await syncOnce(t, { sleep: recordedSleep().sleep });
      expect(run.status).toBe('failed');
      expect(run.errors).toHaveLength(1);
      expect(run.errors[0]).toMatchObject({ code: 'entra_unavailable', userId: null });
      expect(run.message).toMatch(/Microsoft Entra was temporarily unavailable/);
      expect(run.message).toMatch(/HTTP 503 temporarily_unavailable \(AADSTS90006\), 8 attempts/);
      expect(run.message).toMatch(/credentials were not refused/);
    } finally {
      await t.close();
    }
  });
});

describe('a sync through an Entra incident while its token is still valid', () => {
  it('carries on with the token instead of waiting, and asks Entra again only after Retry-After', async () => {
    // Same tenant and seed, but 299-second tokens: renewal is due at once (under 5 minutes left), expiry is minutes away.
    const long = await startGraphHarness({
      seed: 5,
      userCount: 16,
      referenceTime: REFERENCE,
      simulator: { tokenLifetimeSeconds: 299 },
    });
    const t = await openTestStore('carryon');
    try {
      const time = recordedSleep();
      let pages = 0;
      const run = await new SyncRunner({
        store: t.store,
        gateway: long.gateway({ sleep: time.sleep, pageSize: 10 }),
        logger: createSilentLogger(),
        now: () => NOW,
        settings: {
          tenantId: long.tenant.tenantId,
          skuIds: [M365_COPILOT_SKU_ID],
          backfillDays: 90,
          overlapMinutes: 15,
          concurrency: 4,
        },
      }).run({
        mode: 'full',
        trigger: 'test',
        onProgress: () => {
          // Retry-After well past the run (a full run here takes 10-60 s), and ending well inside the token's 299 s life.
          if (++pages === 3) long.simulator.setFaults({ tokenOutage: { requests: 5, retryAfterSeconds: 120 } });
        },
      });
      expect(await outcome(t, run)).toMatchObject({
        status: calm.run.status,
        totals: calm.totals,
        aggregates: calm.aggregates,
      });
      expect(time.waits.filter((ms) => ms >= 1000)).toEqual([]); // never waited for Entra
      // Asked once, then held back for the 120 s Entra asked for (the run is over well before).
      expect(long.simulator.stats().faultsInjected.tokenOutage503).toBe(1);
    } finally {
      await t.close();
      await long.close();
    }
  });
});

describe('a nextLink to another port of Graph host', () => {
  it('is not followed: that user fails with a clear error and keeps their watermark, the others sync', async () => {
    const connections: number[] = [];
    const listener = net.createServer((socket) => {
      connections.push(1);
      socket.destroy();
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    const t = await openTestStore('foreign');
    try {
      const port = (listener.address() as AddressInfo).port;
      const forbidden = new Set(h.tenant.forbiddenUserIds());
      const counts = new Map<string, number>();
      for (const row of h.tenant.groundTruth({ after: new Date(NOW.getTime() - 90 * 86_400_000), before: NOW }))
        counts.set(row.userId, (counts.get(row.userId) ?? 0) + 1);
      // A user with several pages (of 10), so their listing meets a nextLink.
      const victim = h.tenant.licensedUserIds().find((id) => !forbidden.has(id) && (counts.get(id) ?? 0) > 30)!;
      expect(victim).toBeDefined();
      const firstRun = await syncOnce(t);
      const before = await t.store.syncState.findOne({ _id: syncStateId(h.tenant.tenantId, victim) });
      expect(before?.watermark).toEqual(NOW);

      h.simulator.setFaults({ foreignNextLinks: { origin: `https://127.0.0.1:${port}`, userIds: [victim] } });
      // An earlier watermark, so that one moved by this run would show.
      await t.store.syncState.updateOne(
        { _id: syncStateId(h.tenant.tenantId, victim) },
        { $set: { watermark: new Date(NOW.getTime() - 3_600_000) } },
      );
      const run = await syncOnce(t);
      const failed = run.errors.filter((e) => e.userId === victim);
      expect(failed).toHaveLength(1);
      expect(failed[0]?.code).toBe('graph_response_malformed');
      expect(failed[0]?.message).toMatch(
        new RegExp(`outside Graph's origin .*https://127\\.0\\.0\\.1:${port}.*no access token was sent there`),
      );
      const after = await t.store.syncState.findOne({ _id: syncStateId(h.tenant.tenantId, victim) });
      expect(after?.watermark).toEqual(new Date(NOW.getTime() - 3_600_000));
      expect(after?.status).toBe('error');
      expect(run.errors.length).toBe(firstRun.errors.length + 1);
      expect(connections).toEqual([]);
    } finally {
      await t.close();
      await new Promise((resolve) => listener.close(resolve));
    }
  });
});
