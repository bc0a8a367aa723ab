import { BatchWriter } from '../../../server/core/sync/batchWriter';
import { SyncRunner } from '../../../server/core/sync/syncRunner';
import type { CrossRiskThresholds } from '../../../server/core/risk/crossRiskTypes';
import { M365_COPILOT_SKU_ID } from '../../../server/graph/constants';
import type { Store } from '../../../server/store/Store';
import { startGraphHarness, type GraphHarness } from '../../support/graphHarness';
import { captureLogs } from '../../support/logCapture';
import { openTestStore, type TestStore } from '../../support/testStore';

/**
 * Where a sync run's lines land, by component: an operator filters the logs by `component` (and `subcomponent`), so a
 * line logged under another name is a line they never see. The per-interaction risk findings and the oversharing and
 * account rules after the run log under `sync` › `risk`; a batch the sink cannot write, under `sync`. The real gateway
 * over a simulated tenant whose prompts hold seeded secrets, the real store.
 */

const REFERENCE = new Date('2026-11-20T12:00:00.000Z');
const NOW = new Date(REFERENCE.getTime() + 60_000);
type Line = Record<string, unknown>;

let h: GraphHarness;
let t: TestStore;
beforeAll(async () => {
  h = await startGraphHarness({
    seed: 11,
    userCount: 6,
    referenceTime: REFERENCE,
    history: { riskSeedRates: { credential: 0.3 } },
  });
});
afterAll(async () => h?.close());
beforeEach(async () => {
  t = await openTestStore('componentlogs');
});
afterEach(async () => t?.close());

function runWith(riskThresholds?: Partial<CrossRiskThresholds>, store: Store = t.store) {
  const logs = captureLogs();
  const runner = new SyncRunner({
    store,
    gateway: h.gateway(),
    logger: logs.logger,
    now: () => NOW,
    riskThresholds,
    settings: {
      tenantId: h.tenant.tenantId,
      skuIds: [M365_COPILOT_SKU_ID],
      backfillDays: 14,
      overlapMinutes: 15,
      concurrency: 2,
    },
  });
  return { logs: logs.lines, run: () => runner.run({ mode: 'incremental', trigger: 'test' }) };
}
const withMsg = (lines: Line[], msg: string) => lines.filter((l) => l.msg === msg);
const FILE_RULE = 'oversharing-file-departments';

/**
 * The store whose `dataSourceUsage.distinct` rejects with `failure`: a read only the rules across interactions make
 * (the sync's own reads of that collection are finds), so only those rules fail.
 */
function siteReadFails(store: Store, failure: Error): { store: Store; reads: () => number } {
  let reads = 0;
  const usage = new Proxy(store.dataSourceUsage, {
    get(target, name) {
      const member = Reflect.get(target, name) as unknown;
      if (name === 'distinct')
        return () => {
          reads += 1;
          return Promise.reject(failure);
        };
      return typeof member === 'function' ? (member as (...a: unknown[]) => unknown).bind(target) : member;
    },
  });
  return { store: Object.assign(Object.create(store) as Store, { dataSourceUsage: usage }), reads: () => reads };
}

describe("a sync run's log lines, by component", () => {
  it('logs the findings of each batch and of the rules across interactions under sync › risk', async () => {
    const { logs, run } = runWith({ minDepartments: 1 });
    expect((await run()).status).toBe('succeeded');
    const perBatch = withMsg(logs, 'Risk findings recorded.');
    expect(perBatch.length).toBeGreaterThan(0);
    for (const line of perBatch) expect(line).toMatchObject({ level: 30, component: 'sync', subcomponent: 'risk' });
    const across = withMsg(logs, 'Cross-interaction risk findings recorded.');
    expect(across).toEqual([expect.objectContaining({ level: 30, component: 'sync', subcomponent: 'risk' })]);
    // Every finding stored is told by one of those lines.
    const written = perBatch.reduce((sum, l) => sum + (l.findings as number), 0);
    expect(written + (across[0]!.findings as number)).toBe(await t.store.findings.countDocuments({}));
    // A file cited in one department is flagged: the thresholds given, not the defaults (three departments).
    expect(await t.store.findings.countDocuments({ rule: FILE_RULE })).toBeGreaterThan(0);
  });

  it('runs no rule across interactions without thresholds', async () => {
    const failing = siteReadFails(t.store, new Error('aggregate read refused'));
    const { logs, run } = runWith(undefined, failing.store);
    expect((await run()).status).toBe('succeeded');
    expect(failing.reads()).toBe(0);
    expect(withMsg(logs, 'Risk findings recorded.').length).toBeGreaterThan(0);
    expect(await t.store.findings.countDocuments({ rule: FILE_RULE })).toBe(0);
  });

  it('warns under sync › risk when the rules across interactions fail, and the run stands', async () => {
    const failing = siteReadFails(t.store, new Error('aggregate read refused'));
    const { logs, run } = runWith({ minDepartments: 1 }, failing.store);
    const done = await run();
    expect(done).toMatchObject({ status: 'succeeded', errorCount: 0 });
    expect(failing.reads()).toBe(1);
    expect(await t.store.interactions.countDocuments({})).toBe(done.counts.interactionsNew);
    expect(await t.store.findings.countDocuments({ rule: FILE_RULE })).toBe(0);
    const warning = 'The cross-interaction risk rules could not run; the next sync or a rescan runs them.';
    expect(withMsg(logs, warning)).toEqual([
      expect.objectContaining({
        level: 40,
        component: 'sync',
        subcomponent: 'risk',
        err: expect.objectContaining({ message: 'aggregate read refused' }),
      }),
    ]);
  });

  it('logs a batch it cannot write under sync, as an error', async () => {
    const write = jest.spyOn(BatchWriter.prototype, 'write').mockRejectedValue(new Error('not primary'));
    try {
      const { logs, run } = runWith();
      expect((await run()).status).toBe('failed');
      const failed = withMsg(logs, 'Writing a sync batch failed.');
      expect(failed.length).toBeGreaterThan(0);
      for (const line of failed) {
        expect(line).toMatchObject({ level: 50, component: 'sync', err: expect.objectContaining({ message: 'not primary' }) }); // prettier-ignore
        expect(line).not.toHaveProperty('subcomponent');
      }
    } finally {
      write.mockRestore();
    }
  });
});
