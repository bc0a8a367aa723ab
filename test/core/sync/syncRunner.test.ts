import { SyncRunner, type SyncSettings } from '../../../server/core/sync/syncRunner';
import { storeTotals } from '../../../server/core/insights/storeTotals';
import type { GraphGateway } from '../../../server/graph/GraphGateway';
import { createSilentLogger } from '../../../server/logger';
import { M365_COPILOT_SKU_ID } from '../../../server/graph/constants';
import { expectEvery } from '../../support/expectEvery';
import { actualAggregates, expectedFrom, storedRows } from '../../support/groundTruth';
import { startGraphHarness, type GraphHarness } from '../../support/graphHarness';
import { openTestStore, type TestStore } from '../../support/testStore';

const DAY = 24 * 60 * 60 * 1000;
const REFERENCE = new Date('2026-11-20T12:00:00.000Z');

function settings(h: GraphHarness): SyncSettings {
  return {
    tenantId: h.tenant.tenantId,
    skuIds: [M365_COPILOT_SKU_ID],
    backfillDays: 90,
    overlapMinutes: 15,
    concurrency: 4,
  };
}

function runnerFor(t: TestStore, gateway: GraphGateway, h: GraphHarness, now: () => Date): SyncRunner {
  return new SyncRunner({ store: t.store, gateway, logger: createSilentLogger(), now, settings: settings(h) });
}

/** The ids of licensed users the export API refuses (Copilot not enabled, no plan merely switched off), sorted. */
function refusedIds(h: GraphHarness): string[] {
  return h.tenant.users
    .filter((u) => u.licensed && !u.copilotEnabled && !u.graph.assignedLicenses.some((l) => l.disabledPlans.length > 0))
    .map((u) => u.graph.id)
    .sort();
}

function truth(h: GraphHarness, after: Date, before: Date) {
  return [...h.tenant.groundTruth({ after, before })];
}

describe('a sync of the simulated tenant', () => {
  let h: GraphHarness;
  let t: TestStore;
  let clock: Date;
  beforeAll(async () => {
    h = await startGraphHarness({ seed: 7, userCount: 40, referenceTime: REFERENCE });
  });
  afterAll(async () => h.close());
  beforeEach(async () => {
    t = await openTestStore('sync');
    clock = new Date(REFERENCE.getTime() + 60_000);
  });
  afterEach(async () => t.close());

  it('backfills exactly the ground truth inside the 90-day window and nothing outside it', async () => {
    const run = await runnerFor(t, h.gateway(), h, () => clock).run({ mode: 'incremental', trigger: 'test' });
    const rows = truth(h, new Date(clock.getTime() - 90 * DAY), clock);
    const older = truth(h, new Date(clock.getTime() - 200 * DAY), new Date(clock.getTime() - 90 * DAY));
    expect(older.length).toBeGreaterThan(0); // the tenant has history beyond the window, which must stay out
    expect(await actualAggregates(t.store, h.tenant.tenantId)).toEqual(expectedFrom(rows));
    expect(run.counts.interactionsNew).toBe(rows.length);
    const licensed = h.tenant.users.filter((u) => u.licensed);
    expect(await t.store.directoryUsers.countDocuments({ tenantId: h.tenant.tenantId })).toBe(licensed.length);
    const activeIds = new Set(rows.map((r) => r.userId));
    expect(await t.store.directoryUsers.countDocuments({ tenantId: h.tenant.tenantId, hasActivity: true })).toBe(
      activeIds.size,
    );
    expect((await storeTotals(t.store, h.tenant.tenantId)).users).toBe(activeIds.size);
  });

  it('changes nothing when run again', async () => {
    const runner = runnerFor(t, h.gateway(), h, () => clock);
    await runner.run({ mode: 'incremental', trigger: 'test' });
    const before = await actualAggregates(t.store, h.tenant.tenantId);
    clock = new Date(clock.getTime() + 60_000);
    const again = await runner.run({ mode: 'incremental', trigger: 'test' });
    const full = await runner.run({ mode: 'full', trigger: 'test' });
    expect(again.counts.interactionsNew).toBe(0);
    expect(full.counts.interactionsNew).toBe(0);
    expect(full.counts.interactionsFetched).toBeGreaterThan(again.counts.interactionsFetched);
    expect(await actualAggregates(t.store, h.tenant.tenantId)).toEqual(before);
  });

  it('fetches only what is new on an incremental run', async () => {
    const runner = runnerFor(t, h.gateway(), h, () => clock);
    const first = await runner.run({ mode: 'incremental', trigger: 'test' });
    const firstEnd = clock;
    const enabled = h.tenant.users.filter((u) => u.licensed && u.copilotEnabled && u.active);
    const added = [
      ...h.tenant.addActivity({
        userId: enabled[0]!.graph.id,
        at: new Date(firstEnd.getTime() + 3_600_000),
        sessions: 2,
      }),
      ...h.tenant.addActivity({
        userId: enabled[1]!.graph.id,
        at: new Date(firstEnd.getTime() + 3_700_000),
        sessions: 1,
      }),
    ];
    clock = new Date(firstEnd.getTime() + 2 * 3_600_000);
    const second = await runner.run({ mode: 'incremental', trigger: 'test' });
    const expectedFetched = truth(h, new Date(firstEnd.getTime() - 15 * 60_000), clock).length;
    expect(second.counts.interactionsNew).toBe(added.length);
    expect(second.counts.conversationsNew).toBe(new Set(added.map((i) => i.sessionId)).size);
    expect(second.counts.usersNew + second.counts.usersUpdated).toBe(2);
    expect(second.counts.interactionsFetched).toBe(expectedFetched);
    expect(second.counts.interactionsFetched).toBeLessThan(first.counts.interactionsFetched / 5);
    const rows = truth(h, new Date(firstEnd.getTime() - 90 * DAY), clock);
    expect(await actualAggregates(t.store, h.tenant.tenantId)).toEqual(expectedFrom(rows));
  });

  it('records a user the export API refuses (403) and goes on with the others', async () => {
    const refused = refusedIds(h);
    expect(refused.length).toBeGreaterThan(0);
    const run = await runnerFor(t, h.gateway(), h, () => clock).run({ mode: 'incremental', trigger: 'test' });
    expect(run.status).toBe('completed_with_errors');
    expect(run.errors.map((e) => e.userId).sort()).toEqual(refused);
    expectEvery(run.errors, (e) => e.status === 403 && e.code === 'Forbidden');
    const state = await t.store.syncState.findOne({ tenantId: h.tenant.tenantId, userId: refused[0] });
    expect(state).toMatchObject({ status: 'error', watermark: null });
    expect(run.progress.usersDone).toBe(run.progress.usersTotal);
  });

  it('fails fast with a clear message when the client secret is wrong', async () => {
    const gateway = h.gateway({ clientSecret: 'not-the-secret' });
    h.simulator.resetStats();
    const run = await runnerFor(t, gateway, h, () => clock).run({ mode: 'incremental', trigger: 'test' });
    expect(run.status).toBe('failed');
    expect(run.message).toMatch(/AADSTS7000215/);
    expect(run.message).toMatch(/secret/i);
    expect(h.simulator.stats().requests).toBeLessThan(5);
    expect(await t.store.interactions.countDocuments({})).toBe(0);
  });
});

describe('a sync under Graph faults', () => {
  let h: GraphHarness;
  let t: TestStore;
  const clock = new Date(REFERENCE.getTime() + 60_000);
  beforeAll(async () => {
    h = await startGraphHarness({
      seed: 23,
      userCount: 30,
      referenceTime: REFERENCE,
      simulator: {
        faults: {
          seed: 5,
          throttleStormRate: 0.05,
          stormRequests: 4,
          serverErrorRate: 0.08,
          dropConnectionRate: 0.05,
          malformedPageRate: 0.05,
          failNextLinkOnceRate: 0.3,
          fractionalRetryAfter: true,
        },
      },
    });
    t = await openTestStore('faults');
  });
  afterAll(async () => {
    await t.close();
    await h.close();
  });

  it('still ends with exactly the ground truth after 429 storms, 5xx, dropped connections and malformed pages', async () => {
    const gateway = h.gateway({ maxAttempts: 12 });
    const run = await runnerFor(t, gateway, h, () => clock).run({ mode: 'incremental', trigger: 'test' });
    const rows = truth(h, new Date(clock.getTime() - 90 * DAY), clock);
    expect(await actualAggregates(t.store, h.tenant.tenantId)).toEqual(expectedFrom(rows));
    expect(run.graph.retries).toBeGreaterThan(0);
    expect(run.graph.throttled).toBeGreaterThan(0);
    // No user of this tenant is refused by the export API (its check of 403s was vacuous): no error at all, so no
    // storm, 5xx or dropped connection became one.
    expect(refusedIds(h)).toEqual([]);
    expect(run.errors).toEqual([]);
    // And the aggregates agree with what is stored, interaction by interaction.
    expect(expectedFrom(await storedRows(t.store, h.tenant.tenantId))).toEqual(expectedFrom(rows));
  });
});
