import { ObjectId } from 'mongodb';
import { aggregateIds } from '../../../server/core/sync/aggregateOps';
import {
  ensureSourceMonths,
  rebuildSourceMonths,
  sourceMonthsBuilt,
} from '../../../server/core/sync/sourceMonthsRebuild';
import type { DataSourceKind } from '../../../server/store/documents';
import { openTestStore, type TestStore } from '../../support/testStore';

/**
 * The per-source monthly counts rebuilt from stored interactions alone, on a store written by hand: each key an
 * interaction cites counts once in the UTC month of its time, with the data source's kind, under the id the sync's ops
 * use; what no stored interaction makes goes, another tenant's counts stay; and the built mark decides whether a sync
 * builds them again.
 */

const tenantId = 'tenant-source-rebuild';
const BUILT_AT = new Date('2026-11-20T12:00:00Z');

let t: TestStore;
beforeEach(async () => {
  t = await openTestStore('sourceMonthsRebuild');
});
afterEach(async () => t.close());

/** Stored interactions of `tenant` at `at`, each citing `keys`. */
const cite = (at: string, keys: string[], tenant = tenantId) =>
  t.store.interactions.insertOne({
    ...{ _id: new ObjectId(), tenantId: tenant, createdAt: new Date(at), dataSourceKeys: keys },
  } as never);

const source = (key: string, kind: DataSourceKind) =>
  t.store.dataSources.insertOne({ _id: aggregateIds.dataSource(tenantId, key), tenantId, key, kind } as never);

const months = async (tenant = tenantId) =>
  (await t.store.sourceMonths.find({ tenantId: tenant }).toArray())
    .map(({ _id, month, key, kind, referenceCount }) => ({ _id: String(_id), month, key, kind, referenceCount }))
    .sort((a, b) => `${a.month}${a.key}`.localeCompare(`${b.month}${b.key}`));

const doc = (month: string, key: string, kind: DataSourceKind, referenceCount: number) => ({
  _id: String(aggregateIds.sourceMonth(tenantId, month, key)),
  ...{ month, key, kind, referenceCount },
});

it('counts each cited key once per interaction in its UTC month, with its kind, and marks the counts built', async () => {
  await source('plan', 'file');
  await source('site', 'site');
  await cite('2026-10-31T23:59:59Z', ['plan', 'site']);
  await cite('2026-11-01T00:00:00Z', ['plan']);
  await cite('2026-11-15T08:00:00Z', ['plan', 'gone']); // 'gone': no data source of that key any more
  await cite('2026-11-16T08:00:00Z', []);

  expect(await sourceMonthsBuilt(t.store, tenantId)).toBe(false);
  expect(await rebuildSourceMonths(t.store, tenantId, BUILT_AT)).toBe(4);
  expect(await months()).toEqual([
    doc('2026-10', 'plan', 'file', 1),
    doc('2026-10', 'site', 'site', 1),
    doc('2026-11', 'gone', 'other', 1),
    doc('2026-11', 'plan', 'file', 2),
  ]);
  expect(await t.store.sourceMonthsBuilt.find({}, { projection: { _id: 0 } }).toArray()).toEqual([
    { tenantId, builtAt: BUILT_AT },
  ]);
  expect(await sourceMonthsBuilt(t.store, tenantId)).toBe(true);
  expect(await sourceMonthsBuilt(t.store, 'another-tenant')).toBe(false);
});

it("sets a stale count, removes what no stored interaction makes, and leaves another tenant's counts alone", async () => {
  await source('plan', 'file');
  await cite('2026-11-02T09:00:00Z', ['plan']);
  await cite('2026-11-02T09:00:00Z', ['plan'], 'another-tenant');
  // Their data source of the same key is of another kind: ours keeps its own.
  await t.store.dataSources.insertOne({ _id: aggregateIds.dataSource('another-tenant', 'plan'), tenantId: 'another-tenant', key: 'plan', kind: 'site' } as never); // prettier-ignore
  await rebuildSourceMonths(t.store, 'another-tenant');
  const theirs = await months('another-tenant');
  expect(theirs).toHaveLength(1);
  const stale = (month: string, referenceCount: number) => ({
    ...{ _id: aggregateIds.sourceMonth(tenantId, month, 'plan'), tenantId, month, key: 'plan' },
    ...{ kind: 'file' as const, referenceCount },
  });
  await t.store.sourceMonths.insertMany([stale('2026-11', 7), stale('2026-09', 3)]);

  expect(await rebuildSourceMonths(t.store, tenantId)).toBe(1);
  expect(await months()).toEqual([doc('2026-11', 'plan', 'file', 1)]);
  expect(await months('another-tenant')).toEqual(theirs);
  // Run again, it changes nothing.
  expect(await rebuildSourceMonths(t.store, tenantId)).toBe(1);
  expect(await months()).toEqual([doc('2026-11', 'plan', 'file', 1)]);
});

it('writes more than a thousand counts, all of them', async () => {
  const keys = Array.from({ length: 1_005 }, (_, i) => `file-${i}`);
  await cite('2026-11-02T09:00:00Z', keys);
  expect(await rebuildSourceMonths(t.store, tenantId)).toBe(1_005);
  expect(await t.store.sourceMonths.countDocuments({ tenantId, referenceCount: 1 })).toBe(1_005);
});

it('is built by ensureSourceMonths only where never built, or when a rebuild is asked for', async () => {
  await cite('2026-11-02T09:00:00Z', ['plan']);
  expect(await ensureSourceMonths(t.store, tenantId, { now: BUILT_AT })).toBe(true);
  expect(await months()).toEqual([doc('2026-11', 'plan', 'other', 1)]);
  expect((await t.store.sourceMonthsBuilt.findOne({}))?.builtAt).toEqual(BUILT_AT);
  await cite('2026-11-03T09:00:00Z', ['plan']);
  expect(await ensureSourceMonths(t.store, tenantId)).toBe(false);
  expect(await months()).toEqual([doc('2026-11', 'plan', 'other', 1)]);
  expect(await ensureSourceMonths(t.store, tenantId, { rebuild: true })).toBe(true);
  expect(await months()).toEqual([doc('2026-11', 'plan', 'other', 2)]);
});

it('marks a tenant with nothing cited as built, writing no count', async () => {
  await cite('2026-11-02T09:00:00Z', []);
  expect(await rebuildSourceMonths(t.store, tenantId)).toBe(0);
  expect(await months()).toEqual([]);
  expect(await sourceMonthsBuilt(t.store, tenantId)).toBe(true);
});
