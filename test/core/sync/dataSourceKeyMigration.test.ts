import type { Collection, Document } from 'mongodb';
import type * as DataSourceUrl from '../../../server/core/sync/dataSourceUrl';
import { migrateDataSourceKeys } from '../../../server/core/sync/dataSourceKeyMigration';
import { currentDataSourceKey } from '../../../server/core/sync/dataSourceUrl';
import { SyncRunner } from '../../../server/core/sync/syncRunner';
import { M365_COPILOT_SKU_ID } from '../../../server/graph/constants';
import { createSilentLogger } from '../../../server/logger';
import type { Store } from '../../../server/store/Store';
import { crashingAfter } from '../../support/crashingStore';
import { startGraphHarness, type GraphHarness } from '../../support/graphHarness';
import { openTestStore, type TestStore } from '../../support/testStore';

/**
 * Data sources stored by the version before RFC 3986 normalisation (which kept `%c3%a9` and `%C3%A9`, `.` and `%2e`
 * apart) are merged on the next sync into exactly what a sync from scratch stores today. The earlier version is
 * recreated by switching normaliseUrl back to its previous code (below, as it was) while the first sync runs.
 */

let mockLegacyKeys = false;
jest.mock('../../../server/core/sync/dataSourceUrl', () => {
  const actual = jest.requireActual<typeof DataSourceUrl>('../../../server/core/sync/dataSourceUrl');
  return {
    ...actual,
    normaliseUrl: (raw: string | null | undefined) =>
      mockLegacyKeys ? mockLegacyNormaliseUrl(raw) : actual.normaliseUrl(raw),
  };
});

/** normaliseUrl as it was before RFC 3986 normalisation. */
function mockLegacyNormaliseUrl(raw: string | null | undefined): string | null {
  const presentation = [
    'entityrepresentationid',
    'web',
    'csf',
    'e',
    'wdorigin',
    'wdpreviousession',
    'client-request-id',
  ];
  if (!raw || typeof raw !== 'string') return null;
  let parsed: URL;
  try {
    parsed = new URL(raw.trim());
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
  parsed.hash = '';
  for (const name of [...parsed.searchParams.keys()]) {
    if (presentation.includes(name.toLowerCase())) parsed.searchParams.delete(name);
  }
  parsed.searchParams.sort();
  let text = parsed.toString();
  if (parsed.search === '' && text.endsWith('/') && parsed.pathname !== '/') text = text.slice(0, -1);
  return text;
}

const REFERENCE = new Date('2026-11-20T12:00:00.000Z');
const NOW = new Date(REFERENCE.getTime() + 60_000);
const COLLECTIONS = ['dataSources', 'dataSourceUsage', 'interactions', 'conversations', 'dailyActivity'] as const;

let h: GraphHarness;
let legacy: TestStore;
let fresh: TestStore;
let snapshot: Record<string, Document[]>;

async function sync(t: TestStore, mode: 'full' | 'incremental') {
  return new SyncRunner({
    store: t.store,
    gateway: h.gateway(),
    logger: createSilentLogger(),
    now: () => NOW,
    settings: {
      tenantId: h.tenant.tenantId,
      skuIds: [M365_COPILOT_SKU_ID],
      backfillDays: 90,
      overlapMinutes: 15,
      concurrency: 4,
    },
  }).run({ mode, trigger: 'test' });
}

/** Everything the data-source keys touch, comparable across databases. */
async function keyedState(store: Store) {
  const tenantId = h.tenant.tenantId;
  const byKey = (a: { key: string }, b: { key: string }) => a.key.localeCompare(b.key);
  const sources = (await store.dataSources.find({ tenantId }).toArray())
    .map(({ key, kind, name, url, host, referenceCount, userCount, appKeys, firstAt, lastAt }) => ({
      ...{ key, kind, name, url, host, referenceCount, userCount, firstAt, lastAt },
      appKeys: [...appKeys].sort(),
    }))
    .sort(byKey);
  const usages = (await store.dataSourceUsage.find({ tenantId }).toArray())
    .map(({ key, userId, referenceCount, appKeys, firstAt, lastAt }) => ({
      ...{ key: `${key}|${userId}`, referenceCount, firstAt, lastAt },
      appKeys: [...appKeys].sort(),
    }))
    .sort(byKey);
  const interactions = (await store.interactions.find({ tenantId }).toArray())
    .map((i) => ({ key: i._id.toHexString(), keys: i.dataSourceKeys }))
    .sort(byKey);
  const conversations = (await store.conversations.find({ tenantId }).toArray())
    .map((c) => ({ key: c._id.toHexString(), keys: [...c.dataSourceKeys].sort() }))
    .sort(byKey);
  const daily = (await store.dailyActivity.find({ tenantId }).toArray())
    .map((d) => ({
      key: d._id.toHexString(),
      count: d.dataSourceAccessCount,
      marks: (d as Document).dataSourceKeyMerges,
    }))
    .sort(byKey);
  return { sources, usages, interactions, conversations, daily };
}

/** The per-site reference counts (each site's sources' references): a sync that merged sources rebuilds them. */
async function siteCounts(store: Store) {
  const sites = await store.siteActivity.find({ tenantId: h.tenant.tenantId }).toArray();
  return sites.map(({ site, referenceCount }) => `${site} ${referenceCount}`).sort();
}

async function restore(store: Store): Promise<void> {
  for (const name of COLLECTIONS) {
    const target = store[name] as unknown as Collection<Document>;
    await target.deleteMany({});
    if (snapshot[name]!.length > 0) await target.insertMany(snapshot[name]!.map((doc) => ({ ...doc })));
  }
}

beforeAll(async () => {
  h = await startGraphHarness({ seed: 7, userCount: 24, referenceTime: REFERENCE });
  h.simulator.setFaults({ seed: 3, urlVariantRate: 0.6 });
  legacy = await openTestStore('keysold');
  fresh = await openTestStore('keysnew');
  mockLegacyKeys = true;
  await sync(legacy, 'full');
  mockLegacyKeys = false;
  snapshot = {};
  for (const name of COLLECTIONS) snapshot[name] = await (legacy.store[name].find({}).toArray() as Promise<Document[]>);
  await sync(fresh, 'full');
});

afterAll(async () => {
  await legacy?.close();
  await fresh?.close();
  await h?.close();
});

describe('data sources keyed before RFC 3986 normalisation', () => {
  it('were split by the old keys (the simulated links spell some URLs in other, equivalent ways)', async () => {
    const keys = (snapshot.dataSources as { key: string }[]).map((s) => s.key);
    const outdated = keys.filter((key) => currentDataSourceKey(key) !== key);
    expect(outdated.length).toBeGreaterThan(10);
    expect(new Set(keys.map(currentDataSourceKey)).size).toBeLessThan(keys.length);
    const twice = (snapshot.interactions as { dataSourceKeys: string[] }[]).filter(
      (i) => new Set(i.dataSourceKeys.map(currentDataSourceKey)).size < i.dataSourceKeys.length,
    );
    expect(twice.length).toBeGreaterThan(0); // some interactions referenced two spellings of one file at once
    // So a site's count held those interactions' references twice.
    expect(await siteCounts(legacy.store)).not.toEqual(await siteCounts(fresh.store));
  });

  it('are merged by the next sync into exactly what a sync from scratch stores', async () => {
    await restore(legacy.store);
    const run = await sync(legacy, 'incremental');
    expect(run.errors.map((e) => e.status)).toEqual([403]); // the tenant's one user the export API refuses
    expect(run.counts.interactionsNew).toBe(0);
    expect(await keyedState(legacy.store)).toEqual(await keyedState(fresh.store));
    expect(await siteCounts(legacy.store)).toEqual(await siteCounts(fresh.store));
  });

  it('are merged exactly even when a pass dies part-way and the next one finishes it', async () => {
    const tenantId = h.tenant.tenantId;
    await restore(legacy.store);
    const whole = crashingAfter(legacy.store, Number.MAX_SAFE_INTEGER);
    await migrateDataSourceKeys(whole.store, tenantId, createSilentLogger());
    const writes = whole.tried();
    expect(writes).toBeGreaterThan(10);
    const expected = await keyedState(fresh.store);
    for (const crashAt of [0, 1, 2, Math.floor(writes / 3), Math.floor(writes / 2), writes - 3, writes - 1]) {
      await restore(legacy.store);
      const crashing = crashingAfter(legacy.store, crashAt);
      await expect(migrateDataSourceKeys(crashing.store, tenantId, createSilentLogger())).rejects.toThrow(
        'simulated crash',
      );
      await migrateDataSourceKeys(legacy.store, tenantId, createSilentLogger());
      expect({ crashAt, state: await keyedState(legacy.store) }).toEqual({ crashAt, state: expected });
    }
  });

  it('leaves a store with nothing to merge untouched', async () => {
    const before = await keyedState(fresh.store);
    const result = await migrateDataSourceKeys(fresh.store, h.tenant.tenantId, createSilentLogger());
    expect(result).toEqual({ merged: 0, targets: 0, interactions: 0 });
    expect(await keyedState(fresh.store)).toEqual(before);
  });
});
