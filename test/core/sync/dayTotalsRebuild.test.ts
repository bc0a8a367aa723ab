import { ObjectId } from 'mongodb';
import { aggregateIds } from '../../../server/core/sync/aggregateOps';
import { dayTotalsBuilt, ensureDayTotals, rebuildDayTotals } from '../../../server/core/sync/dayTotalsRebuild';
import { openTestStore, type TestStore } from '../../support/testStore';

/**
 * The per-day totals rebuilt from the per-app days alone, on a store written by hand: each day's prompts, responses
 * and interactions of every app added up, under the id the sync's ops use; what no per-app day makes goes, another
 * tenant's totals stay; and the built mark decides whether a sync builds them.
 */

const tenantId = 'tenant-day-rebuild';
const BUILT_AT = new Date('2026-11-20T12:00:00Z');

let t: TestStore;
beforeEach(async () => {
  t = await openTestStore('dayTotalsRebuild');
});
afterEach(async () => t.close());

/** One app's day of `tenant`: prompts, responses, interactions. */
const appDay = (day: string, appKey: string, [p, r, i]: [number, number, number], tenant = tenantId) =>
  t.store.dailyActivity.insertOne({
    ...{ _id: new ObjectId(), tenantId: tenant, day, appKey },
    ...{ promptCount: p, responseCount: r, interactionCount: i },
  } as never);

const totals = async (tenant = tenantId) =>
  (await t.store.dayTotals.find({ tenantId: tenant }).sort({ day: 1 }).toArray()).map(
    ({ _id, day, promptCount, responseCount, interactionCount }) => ({
      ...{ _id: String(_id), day },
      counts: [promptCount, responseCount, interactionCount],
    }),
  );

const total = (day: string, counts: number[]) => ({ _id: String(aggregateIds.dayTotal(tenantId, day)), day, counts });

it("adds up every app's prompts, responses and interactions per day, and marks the totals built", async () => {
  await appDay('2026-11-02', 'word', [3, 2, 5]);
  await appDay('2026-11-02', 'teams', [1, 4, 6]);
  await appDay('2026-11-03', 'word', [2, 0, 2]);
  expect(await dayTotalsBuilt(t.store, tenantId)).toBe(false);

  expect(await rebuildDayTotals(t.store, tenantId, BUILT_AT)).toBe(2);
  expect(await totals()).toEqual([total('2026-11-02', [4, 6, 11]), total('2026-11-03', [2, 0, 2])]);
  expect(await t.store.dayTotalsBuilt.find({}, { projection: { _id: 0 } }).toArray()).toEqual([
    { tenantId, builtAt: BUILT_AT },
  ]);
  expect(await dayTotalsBuilt(t.store, tenantId)).toBe(true);
  expect(await dayTotalsBuilt(t.store, 'another-tenant')).toBe(false);
});

it("sets a stale total, removes a day no per-app day makes, and leaves another tenant's totals alone", async () => {
  await appDay('2026-11-02', 'word', [3, 2, 5]);
  await appDay('2026-11-02', 'word', [9, 9, 18], 'another-tenant');
  await rebuildDayTotals(t.store, 'another-tenant');
  const theirs = await totals('another-tenant');
  expect(theirs).toHaveLength(1);
  const stale = (day: string, n: number) => ({
    ...{ _id: aggregateIds.dayTotal(tenantId, day), tenantId, day },
    ...{ promptCount: n, responseCount: n, interactionCount: 2 * n },
  });
  await t.store.dayTotals.insertMany([stale('2026-11-02', 7), stale('2026-09-30', 3)]);

  expect(await rebuildDayTotals(t.store, tenantId)).toBe(1);
  expect(await totals()).toEqual([total('2026-11-02', [3, 2, 5])]);
  expect(await totals('another-tenant')).toEqual(theirs);
  // Run again, it changes nothing.
  expect(await rebuildDayTotals(t.store, tenantId)).toBe(1);
  expect(await totals()).toEqual([total('2026-11-02', [3, 2, 5])]);
});

it('writes more than a thousand days, all of them', async () => {
  const start = Date.UTC(2023, 0, 1);
  await t.store.dailyActivity.insertMany(
    Array.from({ length: 1_005 }, (_, i) => ({
      ...{ _id: new ObjectId(), tenantId, appKey: 'word' },
      ...{ day: new Date(start + i * 86_400_000).toISOString().slice(0, 10), promptCount: 1 },
      ...{ responseCount: 1, interactionCount: 2 },
    })) as never[],
  );
  expect(await rebuildDayTotals(t.store, tenantId)).toBe(1_005);
  expect(await t.store.dayTotals.countDocuments({ tenantId, interactionCount: 2 })).toBe(1_005);
});

it('is built by ensureDayTotals only where never built', async () => {
  await appDay('2026-11-02', 'word', [1, 1, 2]);
  expect(await ensureDayTotals(t.store, tenantId, BUILT_AT)).toBe(true);
  expect(await totals()).toEqual([total('2026-11-02', [1, 1, 2])]);
  expect((await t.store.dayTotalsBuilt.findOne({}))?.builtAt).toEqual(BUILT_AT);
  await appDay('2026-11-02', 'teams', [1, 1, 2]);
  expect(await ensureDayTotals(t.store, tenantId)).toBe(false);
  expect(await totals()).toEqual([total('2026-11-02', [1, 1, 2])]);
});
