import { SyncRunner } from '../../../server/core/sync/syncRunner';
import { M365_COPILOT_SKU_ID } from '../../../server/graph/constants';
import type { GraphGateway } from '../../../server/graph/GraphGateway';
import { startGraphHarness, type GraphHarness } from '../../support/graphHarness';
import { captureLogs } from '../../support/logCapture';
import { openTestStore, type TestStore } from '../../support/testStore';

/**
 * A run's Graph figures (requests, 429s, retries) are its own: one gateway serves every run of a server, so the run
 * records the gateway's difference over the run, not its totals, and the finish line says the same. A small simulated
 * tenant throttled now and then over the real gateway, so every figure moves in both runs; the real store.
 */

const REFERENCE = new Date('2026-11-20T12:00:00.000Z');
const NOW = new Date(REFERENCE.getTime() + 60_000);

let h: GraphHarness;
let t: TestStore;
beforeAll(async () => {
  h = await startGraphHarness({ seed: 3, userCount: 3, referenceTime: REFERENCE });
  t = await openTestStore('graphfigures');
});
afterAll(async () => {
  await t?.close();
  await h?.close();
});

function run(gateway: GraphGateway, logger = captureLogs().logger) {
  return new SyncRunner({
    store: t.store,
    gateway,
    logger,
    now: () => NOW,
    settings: {
      tenantId: h.tenant.tenantId,
      skuIds: [M365_COPILOT_SKU_ID],
      backfillDays: 2,
      overlapMinutes: 15,
      concurrency: 2,
    },
  }).run({ mode: 'full', trigger: 'tab' });
}

describe("a sync run's Graph figures", () => {
  it("are the gateway's difference over the run, in the record and the finish line", async () => {
    // A 429 storm of two requests on half the requests: each run is throttled and retries.
    h.simulator.setFaults({ seed: 5, throttleStormRate: 0.5, stormRequests: 2 });
    const gateway = h.gateway({ sleep: () => Promise.resolve() });
    try {
      await run(gateway);
      const before = gateway.stats();
      // The gateway had counted each before the second run (else a sum would pass for a difference).
      expect(Math.min(before.requests, before.throttled, before.retries)).toBeGreaterThan(0);
      const logs = captureLogs();
      const second = await run(gateway, logs.logger);
      const after = gateway.stats();
      const figures = {
        requests: after.requests - before.requests,
        throttled: after.throttled - before.throttled,
        retries: after.retries - before.retries,
      };
      expect(Math.min(figures.requests, figures.throttled, figures.retries)).toBeGreaterThan(0);
      expect(second).toMatchObject({ status: 'succeeded', graph: figures });
      expect(await t.store.syncRuns.findOne({ _id: second._id })).toMatchObject({ graph: figures });
      expect(logs.lines.filter((l) => l.msg === 'Sync run finished.')).toEqual([
        expect.objectContaining({ runId: second.runId, graph: figures }),
      ]);
    } finally {
      h.simulator.setFaults({});
    }
  });
});
