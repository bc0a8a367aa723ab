import { startCongo, type EmbeddedMongo } from '../../server/store/embedded/embeddedMongo';
import { createStore } from '../../server/store/Store';
import { apiReads, readSample, requestRead, type ReadSample } from '../support/apiReads';
import { startAppHarness, type AppHarness } from '../support/appHarness';

/**
 * Azure Cosmos DB for MongoDB (RU) refuses a find sorted on several fields unless a compound index has exactly those
 * keys. The emulator can apply that rule; with it on, every read of the API answers 200 once the store's indexes were
 * made for an RU connection (`flavor: 'cosmos-ru'`), and the feed fails without them (the rule bites).
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
