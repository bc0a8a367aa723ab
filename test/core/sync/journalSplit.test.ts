import { BSON, type Document } from 'mongodb';
import { JOURNAL_OPS_LIMIT_BYTES } from '../../../server/core/sync/batchPreparer';
import { SyncRunner } from '../../../server/core/sync/syncRunner';
import { M365_COPILOT_SKU_ID } from '../../../server/graph/constants';
import { createSilentLogger } from '../../../server/logger';
import type { Store } from '../../../server/store/Store';
import { actualAggregates, expectedFrom } from '../../support/groundTruth';
import { startGraphHarness, type GraphHarness } from '../../support/graphHarness';
import { openTestStore, type TestStore } from '../../support/testStore';

/**
 * A page whose citations pack to more than MongoDB's 16 MB document limit (BSON Document Size, "MongoDB Limits and
 * Thresholds"): the journal splits it into entries of at most ~8 MB of ops, and a crash between them is settled by the
 * next run with every interaction counted once.
 */

const DAY = 86_400_000;
const REFERENCE = new Date('2026-11-20T12:00:00.000Z');
const NOW = new Date(REFERENCE.getTime() + 60_000);
const MB = 1024 * 1024;

// One page of 40 interactions citing 800 distinct 6,000-character URLs: ~20 MB of packed ops, a ~10 MB Graph page.
const TURNS = 20;
const LINKS_PER_ANSWER = 40;
const URL_LENGTH = 6000;

// About 150 s on a loaded machine: two syncs carrying ~20 MB of ops and a 10 MB Graph page through the emulator.
jest.setTimeout(600_000);

let h: GraphHarness;
let t: TestStore;
let userId: string;

function longUrl(turn: number, link: number): string {
  const head = `https://contoso.sharepoint.com/sites/research/search?turn=${turn}&link=${link}&q=`;
  return head + 'x'.repeat(URL_LENGTH - head.length);
}

type Method = (...args: unknown[]) => unknown;

/** The collection with one method replaced (given the original, bound). */
function intercept(collection: object, method: string, replacement: (original: Method) => Method): object {
  return new Proxy(collection, {
    get(inner, name) {
      const member = Reflect.get(inner, name) as unknown;
      if (typeof member !== 'function') return member;
      const bound = (member as Method).bind(inner);
      return name === method ? replacement(bound) : bound;
    },
  });
}

/** Journal entries as they were inserted (sizes only), and a crash when the second large entry is marked applied. */
function journalWatch(store: Store) {
  const entries: { bytes: number; opsBytes: number; interactions: number }[] = [];
  const large: unknown[] = [];
  let crashed = false;
  const syncBatches = intercept(store.syncBatches, 'insertOne', (insertOne) => (entry, ...rest) => {
    const doc = entry as Document;
    const opsBytes = (doc.opsBson as { length(): number }).length();
    entries.push({ bytes: BSON.calculateObjectSize(doc), opsBytes, interactions: doc.interactionIds.length });
    if (opsBytes > MB) large.push(doc._id);
    return insertOne(entry, ...rest);
  });
  const syncBatchesApplied = intercept(store.syncBatchesApplied, 'updateOne', (updateOne) => (filter, ...rest) => {
    // The second large part's ops are applied; the process dies before it is marked applied.
    if (!crashed && large.length >= 2 && String((filter as Document)._id) === String(large[1])) {
      crashed = true;
      return Promise.reject(new Error('simulated crash'));
    }
    return updateOne(filter, ...rest);
  });
  return { store: { ...store, syncBatches, syncBatchesApplied } as Store, entries, crashed: () => crashed };
}

function runner(store: Store): SyncRunner {
  return new SyncRunner({
    store,
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
  });
}

beforeAll(async () => {
  h = await startGraphHarness({ seed: 5, userCount: 4, referenceTime: REFERENCE });
  const refused = new Set(h.tenant.forbiddenUserIds());
  const user = h.tenant.users.find((u) => u.licensed && u.copilotEnabled && u.active && !refused.has(u.graph.id));
  userId = user!.graph.id;
  h.tenant.addGivenActivity({
    userId,
    at: new Date(REFERENCE.getTime() - 2 * 3_600_000),
    turns: Array.from({ length: TURNS }, (_, turn) => ({
      prompt: `Find the research notes, part ${turn + 1}`,
      response: `Here are ${LINKS_PER_ANSWER} sources.`,
      links: Array.from({ length: LINKS_PER_ANSWER }, (_, link) => longUrl(turn, link)),
    })),
  });
  t = await openTestStore('journalsplit');
});

afterAll(async () => {
  await t?.close();
  await h?.close();
});

describe('a sync batch whose citations pack past 16 MB', () => {
  it('is journalled in entries of at most ~8 MB of ops, and a crash between them is settled exactly once', async () => {
    const watched = journalWatch(t.store);
    const first = await runner(watched.store).run({ mode: 'full', trigger: 'test' });
    expect(watched.crashed()).toBe(true);
    expect(first.status).not.toBe('succeeded');

    // The crash left the second part journalled (applied, not marked), and the parts after it unwritten.
    expect(await t.store.syncBatches.countDocuments({ tenantId: h.tenant.tenantId })).toBe(1);

    const second = await runner(watched.store).run({ mode: 'incremental', trigger: 'test' });
    expect(second.status).toBe('succeeded');
    expect(await t.store.syncBatches.countDocuments({})).toBe(0);
    const large = watched.entries.filter((e) => e.opsBytes > MB);
    // Written whole, the page's ops would have been one document over MongoDB's 16 MB limit.
    expect(large.reduce((sum, e) => sum + e.opsBytes, 0)).toBeGreaterThan(16 * MB);
    expect(large.length).toBeGreaterThanOrEqual(3);
    for (const entry of watched.entries) {
      expect(entry.opsBytes).toBeLessThanOrEqual(JOURNAL_OPS_LIMIT_BYTES);
      expect(entry.bytes).toBeLessThan(16 * MB);
    }
    const truth = [...h.tenant.groundTruth({ after: new Date(NOW.getTime() - 90 * DAY), before: NOW })];
    expect(await actualAggregates(t.store, h.tenant.tenantId)).toEqual(expectedFrom(truth));
    const cited = await t.store.dataSources.countDocuments({ tenantId: h.tenant.tenantId, url: /search\?/ });
    expect(cited).toBe(TURNS * LINKS_PER_ANSWER);
  });
});
