import type { Document } from 'mongodb';
import { startCongo, type EmbeddedMongo } from '../../server/store/embedded/embeddedMongo';
import { createStore } from '../../server/store/Store';
import { apiReads, readSample, requestRead, type ReadSample } from '../support/apiReads';
import { startAppHarness, type AppHarness } from '../support/appHarness';

/**
 * Azure Cosmos DB for MongoDB (RU) refuses a find sorted on several fields unless a compound index has exactly those
 * keys. The emulator can apply that rule; with it on, every read of the API answers 200 once the store's indexes were
 * made for an RU connection (`flavor: 'cosmos-ru'`), and the feed fails without them (the rule bites). The rule holds
 * for an aggregation's leading `$sort` too (none of the API's pipelines sorts on several fields before grouping).
 */
describe('every API read on a Cosmos DB RU-like server', () => {
  let mongo: EmbeddedMongo;
  let h: AppHarness;
  let admin: string;
  let sample: ReadSample;

  beforeAll(async () => {
    mongo = await startCongo();
    h = await startAppHarness({ userCount: 8, mongoUri: mongo.uri });
    admin = await h.tokens.admin();
    sample = await readSample(h);
    mongo.rules?.setRuSortRule(true);
  }, 600_000);

  afterAll(async () => {
    await h?.close();
    await mongo?.stop();
  });

  it("fails the feed without RU's exact sort indexes, and answers every read with them", async () => {
    const without = await requestRead(h, admin, '/api/activity?limit=2');
    expect(without.status).toBeGreaterThanOrEqual(500);

    await createStore(h.ctx.store.db, { flavor: 'cosmos-ru' }).ensureIndexes();
    const failed: string[] = [];
    for (const read of apiReads(sample)) {
      const answer = await requestRead(h, admin, read.path, read.body);
      if (answer.status !== 200) failed.push(`${read.name}: ${answer.status}`);
      const next = read.nextPage ? (JSON.parse(answer.text) as { nextCursor: string | null }).nextCursor : null;
      if (next === null) continue;
      const sep = read.path.includes('?') ? '&' : '?';
      const second = await requestRead(h, admin, `${read.path}${sep}cursor=${encodeURIComponent(next)}`);
      if (second.status !== 200) failed.push(`${read.name}, next page: ${second.status}`);
    }
    expect(failed).toEqual([]);
  });

  it('refuses an aggregation whose leading $sort is on several fields without an index of exactly those keys', async () => {
    const probe = h.ctx.store.db.collection('ruAggregateProbe');
    await probe.insertMany([
      { a: 1, b: 2 },
      { a: 1, b: 1 },
      { a: 0, b: 3 },
    ]);
    const run = (pipeline: Document[]) =>
      probe
        .aggregate(pipeline)
        .toArray()
        .then(
          (rows) => rows.map((r) => `${r.a}${r.b}`).join(' '),
          (error: { code?: number; message?: string }) => `refused ${error.code}: ${error.message}`,
        );
    const refused = `refused 2: The order by query does not have a corresponding composite index that it can be served from.`;
    expect(await run([{ $match: { a: { $gte: 0 } } }, { $sort: { a: 1, b: 1 } }])).toBe(refused);
    expect(await run([{ $sort: { a: -1, b: -1 } }, { $limit: 2 }])).toBe(refused);
    await probe.createIndex({ a: 1, b: 1 });
    expect(await run([{ $match: { a: { $gte: 0 } } }, { $sort: { a: 1, b: 1 } }])).toBe('03 11 12');
    expect(await run([{ $sort: { a: -1, b: -1 } }, { $limit: 2 }])).toBe('12 11');
    // Directions the index has neither way round are still refused.
    expect(await run([{ $sort: { a: 1, b: -1 } }])).toBe(refused);
  });

  it('makes those indexes only for RU: a MongoDB store has none', async () => {
    const names = (await h.ctx.store.db.collection('interactions').indexes()).map((i) => i.name);
    expect(names).toContain('ru_sort_createdAt__id');
    const plain = await startCongo();
    try {
      const { MongoClient } = await import('mongodb');
      const client = await MongoClient.connect(plain.uri);
      await createStore(client.db('plain')).ensureIndexes();
      const plainNames = (await client.db('plain').collection('interactions').indexes()).map((i) => i.name);
      expect(plainNames.some((n) => n?.startsWith('ru_sort_'))).toBe(false);
      await client.close();
    } finally {
      await plain.stop();
    }
  });
});
