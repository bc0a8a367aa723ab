import {
  BSON,
  MongoClient,
  ObjectId,
  type Collection,
  type Document,
  type Filter,
  type IndexDescription,
  type Sort,
} from 'mongodb';

const { EJSON } = BSON;
import { startCongo, type EmbeddedMongo } from '../../server/store/embedded/embeddedMongo';
import { indexSortDirection } from '../../server/store/embedded/congoIndexPlan';
import type { PlanRecord } from '../../server/store/embedded/congoPlanLog';

/**
 * The CongoDB index accelerator answers from sorted index slices; these tests run the same generated queries on
 * the same data with and without the indexes (without them CongoDB scans) and require identical answers.
 */

const INDEXES: IndexDescription[] = [
  { key: { tenantId: 1, createdAt: -1 }, name: 'by_time' },
  { key: { tenantId: 1, createdAt: -1, _id: -1 }, name: 'by_time_id' },
  { key: { tenantId: 1, userId: 1, createdAt: -1 }, name: 'by_user_time' },
  { key: { tenantId: 1, sessionId: 1, createdAt: 1 }, name: 'by_session' },
  { key: { tenantId: 1, 'meta.day': 1, userId: 1 }, name: 'by_day' },
  { key: { tenantId: 1, n: -1 }, name: 'by_n' },
  { key: { kind: 1 }, name: 'by_kind' },
];

/** A small seeded generator, so a failure can be replayed. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
    chance: (p: number) => next() < p,
  };
}

const TENANTS = ['t1', 't2', 't3'];
const BASE = Date.UTC(2026, 0, 1);
const DAY = 86_400_000;

function buildDoc(r: ReturnType<typeof random>, i: number, arrays: boolean): Document {
  const doc: Document = { _id: new ObjectId(i.toString(16).padStart(24, '0')), seq: i };
  if (!r.chance(0.03)) doc.tenantId = r.chance(0.02) ? null : r.pick(TENANTS);
  if (!r.chance(0.05)) doc.userId = r.chance(0.05) ? r.int(5) : `u${r.int(20)}`;
  if (!r.chance(0.05)) doc.sessionId = `s${r.int(60)}`;
  // Coarse times (hours) so that sorts meet ties; a few strings and numbers where dates are expected.
  const created = r.next();
  if (created < 0.9) doc.createdAt = new Date(BASE + r.int(24 * 30) * 3_600_000);
  else if (created < 0.94) doc.createdAt = new Date(BASE + r.int(30) * DAY).toISOString();
  else if (created < 0.97) doc.createdAt = r.int(1000);
  if (!r.chance(0.05)) doc.n = r.chance(0.1) ? `n${r.int(10)}` : r.chance(0.1) ? r.int(10) + 0.5 : r.int(40);
  doc.kind = r.pick(['chat', 'search', 'agent', 'Chat']);
  if (!r.chance(0.1))
    doc.meta = { day: `2026-01-${String(1 + r.int(30)).padStart(2, '0')}`, app: r.pick(['word', 'excel']) };
  if (arrays && r.chance(0.02)) doc.tenantId = [r.pick(TENANTS), r.pick(TENANTS)];
  if (arrays && r.chance(0.02)) doc.createdAt = [new Date(BASE + r.int(30) * DAY)];
  return doc;
}

function buildFilter(r: ReturnType<typeof random>): Filter<Document> {
  const parts: Document[] = [];
  const tenant = r.next();
  if (tenant < 0.6) parts.push({ tenantId: r.pick(TENANTS) });
  else if (tenant < 0.7) parts.push({ tenantId: { $eq: r.pick(TENANTS) } });
  else if (tenant < 0.85) parts.push({ tenantId: { $in: [r.pick(TENANTS), r.pick(TENANTS)] } });
  if (r.chance(0.3)) parts.push({ userId: r.chance(0.9) ? `u${r.int(20)}` : r.int(5) });
  if (r.chance(0.15)) parts.push({ sessionId: `s${r.int(60)}` });
  if (r.chance(0.5)) {
    const from = BASE + r.int(25) * DAY;
    const range: Document = {};
    if (r.chance(0.8)) range[r.pick(['$gte', '$gt'])] = new Date(from);
    if (r.chance(0.7)) range[r.pick(['$lt', '$lte'])] = new Date(from + (1 + r.int(6)) * DAY);
    if (r.chance(0.1)) range.$gte = new Date(from).toISOString();
    if (Object.keys(range).length > 0) parts.push({ createdAt: range });
  }
  if (r.chance(0.2)) parts.push({ n: r.chance(0.5) ? r.int(40) : { [r.pick(['$gt', '$lte'])]: r.int(40) } });
  if (r.chance(0.15)) parts.push({ 'meta.day': { $gte: `2026-01-${String(1 + r.int(28)).padStart(2, '0')}` } });
  if (r.chance(0.3)) parts.push({ kind: r.chance(0.5) ? { $in: ['chat', 'agent'] } : 'search' });
  if (r.chance(0.1)) parts.push({ $or: [{ kind: 'chat' }, { n: { $gt: 20 } }] });
  // Branches on indexed keys (served as a union of slices), including ones that can match nothing.
  if (r.chance(0.15))
    parts.push({
      $or: [
        { userId: { $in: [`u${r.int(20)}`, `u${r.int(20)}`, r.int(5)] } },
        r.chance(0.5) ? { sessionId: `s${r.int(60)}` } : { kind: { $in: [] } },
        ...(r.chance(0.3) ? [{ tenantId: r.pick(TENANTS), n: { $gte: 35 } }] : []),
      ],
    });
  if (r.chance(0.03)) parts.push({ sessionId: { $in: [] } });
  if (parts.length > 1 && r.chance(0.3)) return { $and: parts };
  return Object.assign({}, ...parts) as Filter<Document>;
}

function buildSort(r: ReturnType<typeof random>): Sort {
  const dir = () => r.pick([1, -1] as const);
  return r.pick<Sort>([
    { createdAt: dir(), _id: dir() },
    { createdAt: dir(), seq: dir() },
    { n: dir(), _id: dir() },
    { sessionId: dir(), createdAt: dir(), _id: 1 },
    { 'meta.day': dir(), _id: -1 },
    { _id: dir() },
  ]);
}

/** Runs one generated read of every kind; the answers must be identical with and without indexes. */
async function answers(c: Collection, filter: Filter<Document>, sort: Sort, skip: number, limit: number) {
  const db = c.db;
  const [found, unsorted, counted, windowed, countCommand, grouped, distinct] = await Promise.all([
    c.find(filter).sort(sort).skip(skip).limit(limit).toArray(),
    c.find(filter).limit(limit).toArray(),
    c.countDocuments(filter),
    c.countDocuments(filter, { skip, limit }),
    db.command({ count: c.collectionName, query: filter, skip }),
    c.aggregate([{ $match: filter }, { $group: { _id: '$kind', n: { $sum: 1 } } }, { $sort: { _id: 1 } }]).toArray(),
    c.distinct('userId', filter),
  ]);
  return EJSON.stringify({ found, unsorted, counted, windowed, count: countCommand.n, grouped, distinct });
}

describe('the CongoDB index accelerator', () => {
  let mongo: EmbeddedMongo;
  let client: MongoClient;
  let indexed: Collection;
  let plain: Collection;
  let mixedIndexed: Collection;
  let mixedPlain: Collection;

  beforeAll(async () => {
    mongo = await startCongo();
    client = await MongoClient.connect(mongo.uri);
    const r = random(7);
    const docs = Array.from({ length: 3000 }, (_, i) => buildDoc(r, i + 1, false));
    const mixed = Array.from({ length: 1500 }, (_, i) => buildDoc(r, i + 1, true));
    indexed = client.db('indexed').collection('events');
    plain = client.db('plain').collection('events');
    mixedIndexed = client.db('indexed').collection('mixed');
    mixedPlain = client.db('plain').collection('mixed');
    await indexed.createIndexes(INDEXES);
    await mixedIndexed.createIndexes(INDEXES);
    await indexed.insertMany(docs.map((d) => ({ ...d })));
    await plain.insertMany(docs.map((d) => ({ ...d })));
    await mixedIndexed.insertMany(mixed.map((d) => ({ ...d })));
    await mixedPlain.insertMany(mixed.map((d) => ({ ...d })));
  });

  afterAll(async () => {
    await client?.close();
    await mongo?.stop();
  });

  async function compareRandomReads(seed: number, rounds: number, a = indexed, b = plain) {
    const r = random(seed);
    for (let i = 0; i < rounds; i += 1) {
      const filter = buildFilter(r);
      const sort = buildSort(r);
      const skip = r.chance(0.3) ? r.int(10) : 0;
      const limit = 1 + r.int(60);
      const expected = await answers(b, filter, sort, skip, limit);
      const actual = await answers(a, filter, sort, skip, limit);
      if (actual !== expected)
        throw new Error(`seed ${seed} query ${i} differs: ${EJSON.stringify({ filter, sort, skip, limit })}`);
    }
  }

  it('returns exactly what a scan returns for generated equality, $in, range, sort, skip and limit reads', async () => {
    const before = { ...mongo.indexStats };
    await compareRandomReads(1, 120);
    expect(mongo.indexStats?.unions).toBeGreaterThan(before.unions ?? 0);
    // The comparison only means something if the indexed side was served from indexes.
    expect(mongo.indexStats?.planned).toBeGreaterThan((before.planned ?? 0) + 200);
    expect(mongo.indexStats?.counted).toBeGreaterThan((before.counted ?? 0) + 20);
  });

  it('falls back to a scan where arrays sit on indexed paths and still returns the same answers', async () => {
    await compareRandomReads(2, 60, mixedIndexed, mixedPlain);
  });

  it('reflects inserts, updates of indexed fields and deletes made between reads', async () => {
    const r = random(3);
    for (let round = 0; round < 8; round += 1) {
      const extra = Array.from({ length: 20 }, (_, i) => buildDoc(r, 100_000 + round * 100 + i, false));
      const seq = 1 + r.int(3000);
      const moved = { $set: { tenantId: r.pick(TENANTS), createdAt: new Date(BASE + r.int(30) * DAY), n: r.int(40) } };
      const gone = { seq: { $gte: 1 + r.int(3000), $lt: 1 + r.int(3000) } };
      for (const c of [indexed, plain]) {
        await c.insertMany(extra.map((d) => ({ ...d })));
        await c.updateOne({ seq }, moved);
        await c.updateMany({ kind: 'Chat', tenantId: 't2', n: { $type: 'number' } }, { $inc: { n: 1 } });
        await c.deleteMany(gone);
      }
      await compareRandomReads(100 + round, 12);
    }
  });

  it('serves an indexed, sorted and limited read from the index instead of scanning', async () => {
    const stats = mongo.indexStats;
    if (!stats) throw new Error('the emulator reports no index statistics');
    const filter = { tenantId: 't1', createdAt: { $gte: new Date(BASE), $lt: new Date(BASE + 20 * DAY) } };
    const sort: Sort = { createdAt: -1, _id: -1 };
    const before = { ...stats };
    const fromIndex = await indexed.find(filter).sort(sort).limit(5).toArray();
    expect(stats.planned).toBe(before.planned + 1);
    expect(stats.walked - before.walked).toBeLessThan(50); // ~1,000 documents match; a scan would test 3,000
    const counted = stats.counted;
    expect(await indexed.countDocuments({ tenantId: 't1', createdAt: filter.createdAt })).toBeGreaterThan(100);
    expect(stats.counted).toBe(counted + 1);
    const scans = { ...stats };
    expect(EJSON.stringify(await plain.find(filter).sort(sort).limit(5).toArray())).toBe(EJSON.stringify(fromIndex));
    expect(stats).toEqual(scans);
  });

  it('serves an $or whose branches are each indexed from the union of their slices', async () => {
    const stats = mongo.indexStats;
    if (!stats) throw new Error('the emulator reports no index statistics');
    const filter = {
      tenantId: 't2',
      createdAt: { $gte: new Date(BASE), $lt: new Date(BASE + 25 * DAY) },
      $or: [{ userId: { $in: ['u3', 'u4'] } }, { sessionId: 's7' }, { kind: { $in: [] } }],
    };
    const sort: Sort = { createdAt: -1, _id: -1 };
    const before = { ...stats };
    const fromIndex = await indexed.find(filter).sort(sort).limit(10).toArray();
    expect(stats.planned).toBe(before.planned + 1);
    expect(stats.unions).toBe(before.unions + 1);
    expect(fromIndex.length).toBeGreaterThan(0);
    expect(EJSON.stringify(await plain.find(filter).sort(sort).limit(10).toArray())).toBe(EJSON.stringify(fromIndex));
    expect(await indexed.countDocuments({ tenantId: 't1', sessionId: { $in: [] } })).toBe(0);
  });

  /** The plan of one read, recorded as MongoDB's explain would report it. */
  async function planOf(read: () => Promise<unknown>): Promise<PlanRecord> {
    const planner = mongo.planner;
    if (!planner) throw new Error('the emulator records no plans');
    const stop = planner.record();
    try {
      await read();
    } finally {
      stop();
    }
    const plans = stop();
    if (plans.length !== 1) throw new Error(`expected one plan, got ${plans.length}`);
    return plans[0] as PlanRecord;
  }

  describe("MongoDB's sort rule", () => {
    it('takes a sort from an index only when the keys after the equality prefix are the sort keys, all one way', () => {
      const spec = (key: Record<string, 1 | -1>) => ({
        paths: Object.keys(key),
        directions: Object.values(key),
      });
      // {a: 1} cannot give {a: 1, _id: 1}: the index ends at a.
      expect(indexSortDirection(spec({ a: 1 }), 0, [['a', 1]])).toBe(1);
      expect(indexSortDirection(spec({ a: 1 }), 0, [['a', -1]])).toBe(-1);
      expect(
        indexSortDirection(spec({ a: 1 }), 0, [
          ['a', 1],
          ['_id', 1],
        ]),
      ).toBe(0);
      expect(
        indexSortDirection(spec({ a: 1, _id: 1 }), 0, [
          ['a', 1],
          ['_id', 1],
        ]),
      ).toBe(1);
      // All reversed is the index read backwards; mixed is not an order the index has.
      expect(
        indexSortDirection(spec({ a: 1, _id: 1 }), 0, [
          ['a', -1],
          ['_id', -1],
        ]),
      ).toBe(-1);
      expect(
        indexSortDirection(spec({ a: 1, _id: 1 }), 0, [
          ['a', 1],
          ['_id', -1],
        ]),
      ).toBe(0);
      expect(
        indexSortDirection(spec({ a: -1, _id: 1 }), 0, [
          ['a', 1],
          ['_id', -1],
        ]),
      ).toBe(-1);
      // Equality on the prefix: {d: 1, a: 1, _id: 1} gives {a, _id} only with d pinned, and the sort may name d.
      const dai = spec({ d: 1, a: 1, _id: 1 });
      expect(
        indexSortDirection(dai, 1, [
          ['a', 1],
          ['_id', 1],
        ]),
      ).toBe(1);
      expect(
        indexSortDirection(dai, 1, [
          ['d', 1],
          ['a', -1],
          ['_id', -1],
        ]),
      ).toBe(-1);
      expect(
        indexSortDirection(dai, 0, [
          ['a', 1],
          ['_id', 1],
        ]),
      ).toBe(0);
      // Keys out of the index's order, or skipping one.
      expect(indexSortDirection(dai, 1, [['_id', 1]])).toBe(0);
      expect(
        indexSortDirection(spec({ a: 1, b: 1 }), 0, [
          ['b', 1],
          ['a', 1],
        ]),
      ).toBe(0);
      expect(
        indexSortDirection(spec({ a: 1, b: 1, c: 1 }), 0, [
          ['a', 1],
          ['b', 1],
        ]),
      ).toBe(1);
    });
  });

  describe('plans as MongoDB would run them', () => {
    let events: Collection;
    const filter = { tenantId: 't1', createdAt: { $gte: new Date(BASE), $lt: new Date(BASE + 20 * DAY) } };
    const sort: Sort = { createdAt: -1, _id: -1 };

    beforeAll(async () => {
      events = client.db('plans').collection('events');
      await events.createIndex({ tenantId: 1, createdAt: -1 }, { name: 'by_time' });
      const r = random(11);
      await events.insertMany(Array.from({ length: 2000 }, (_, i) => buildDoc(r, i + 1, false)));
    });

    afterEach(() => {
      if (mongo.planner) mongo.planner.blockingSortLimitBytes = 100 * 1024 * 1024;
    });

    it('sorts every matching document in memory when the index ends before _id, and walks one that ends in _id', async () => {
      const total = (await events.find(filter).toArray()).length;
      expect(total).toBeGreaterThan(300);
      const blocking = await planOf(() => events.find(filter).sort(sort).limit(5).toArray());
      expect(blocking).toMatchObject({ stage: 'IXSCAN', index: 'by_time', sortFromIndex: false, nReturned: 5 });
      expect(blocking.inMemorySort).toBe(total);
      expect(blocking.keysExamined).toBeGreaterThanOrEqual(total);

      await events.createIndex({ tenantId: 1, createdAt: -1, _id: -1 }, { name: 'by_time_id' });
      const walked = await planOf(() => events.find(filter).sort(sort).limit(5).toArray());
      expect(walked).toMatchObject({ stage: 'IXSCAN', index: 'by_time_id', sortFromIndex: true, inMemorySort: 0 });
      expect(walked.keysExamined).toBeLessThan(50);
      const backwards = await planOf(() => events.find(filter).sort({ createdAt: 1, _id: 1 }).limit(5).toArray());
      expect(backwards).toMatchObject({ index: 'by_time_id', sortFromIndex: true, inMemorySort: 0 });
      const mixed = await planOf(() => events.find(filter).sort({ createdAt: -1, _id: 1 }).limit(5).toArray());
      expect(mixed).toMatchObject({ sortFromIndex: false, inMemorySort: total });

      // Dropping the index takes the order away again.
      await events.dropIndex('by_time_id');
      expect(await planOf(() => events.find(filter).sort(sort).limit(5).toArray())).toMatchObject({
        index: 'by_time',
        sortFromIndex: false,
      });
    });

    it("counts a keyset page's $or as MongoDB's merge of its branches' scans, which stops at the page", async () => {
      await events.createIndex({ tenantId: 1, createdAt: -1, _id: -1 }, { name: 'by_time_id' });
      const first = await events.find(filter).sort(sort).limit(5).toArray();
      const last = first[first.length - 1]!;
      const next = {
        ...filter,
        $or: [{ createdAt: { $lt: last.createdAt } }, { createdAt: last.createdAt, _id: { $lt: last._id } }],
      };
      const inRange = (await events.find(next).toArray()).length;
      expect(inRange).toBeGreaterThan(300);
      const plan = await planOf(() => events.find(next).sort(sort).limit(5).toArray());
      expect(plan).toMatchObject({ stage: 'OR', sortFromIndex: true, inMemorySort: 0, nReturned: 5 });
      // Each branch read to the limit at most, not the branches' whole ranges (inRange documents).
      expect(plan.keysExamined).toBeLessThanOrEqual(2 * 5 + 2);
      expect(plan.docsExamined).toBeLessThanOrEqual(plan.keysExamined);
      expect(EJSON.stringify(await events.find(next).sort(sort).limit(5).toArray())).toBe(
        EJSON.stringify(
          await events
            .find(next)
            .sort(sort)
            .toArray()
            .then((all) => all.slice(0, 5)),
        ),
      );
      await events.dropIndex('by_time_id');
    });

    it('walks the _id index for a sort on _id, as MongoDB does when no plan from the filter gives that order', async () => {
      const ids = (await events.find({}, { projection: { _id: 1 } }).toArray()).map((d) => d._id.toHexString()).sort();
      // No filter: the _id index is the only plan, walked without bounds; backwards for a descending sort.
      const all = await planOf(() => events.find({}).sort({ _id: 1 }).limit(5).toArray());
      expect(all).toMatchObject({ stage: 'IXSCAN', index: '_id_', sortFromIndex: true, inMemorySort: 0 });
      expect(all).toMatchObject({ keysExamined: 5, docsExamined: 5, nReturned: 5 });
      const last = await events.find({}).sort({ _id: -1 }).limit(3).toArray();
      expect(last.map((d) => d._id.toHexString())).toEqual(ids.slice(-3).reverse());
      // A filter whose only index ends before _id (a blocking sort of the whole tenant) loses to the walk, which
      // meets five of the tenant's documents within a few dozen keys.
      const tenant = await planOf(() => events.find({ tenantId: 't1' }).sort({ _id: -1 }).limit(5).toArray());
      expect(tenant).toMatchObject({ index: '_id_', sortFromIndex: true, inMemorySort: 0, nReturned: 5 });
      expect(tenant.docsExamined).toBeLessThan(50);
      // A batch after the last _id read (a rescan's next page) has bounds on the _id index.
      const after = new ObjectId(ids[1000]);
      const page = await planOf(() =>
        events
          .find({ tenantId: 't2', _id: { $gt: after } })
          .sort({ _id: 1 })
          .limit(5)
          .toArray(),
      );
      expect(page).toMatchObject({ index: '_id_', sortFromIndex: true, inMemorySort: 0, nReturned: 5 });
      expect(page.keysExamined).toBeLessThan(50);
      // A selective filter still wins with its own index and a small in-memory sort (it ends the trial first).
      const few = await planOf(() => events.find({ tenantId: 't3', userId: 'u4' }).sort({ _id: 1 }).toArray());
      expect(few).toMatchObject({ index: 'by_time', sortFromIndex: false });
      const both = { tenantId: 't3', userId: 'u4' };
      expect(EJSON.stringify(await events.find(both).sort({ _id: 1 }).limit(3).toArray())).toBe(
        EJSON.stringify(
          await events
            .find(both)
            .sort({ _id: 1 })
            .toArray()
            .then((d) => d.slice(0, 3)),
        ),
      );
    });

    it('sorts a whole collection on _id without a blocking sort, so the sort memory limit does not apply', async () => {
      const planner = mongo.planner;
      if (!planner) throw new Error('the emulator records no plans');
      planner.blockingSortLimitBytes = 20_000;
      const everything = await events.find({}).sort({ _id: 1 }).toArray();
      expect(everything).toHaveLength(2000);
      const ids = everything.map((d) => d._id.toHexString());
      expect(ids).toEqual([...ids].sort());
      // The same read sorted on a field no index leads with is a blocking sort, and fails past the limit.
      const failure = await events
        .find({})
        .sort({ seq: 1 })
        .toArray()
        .catch((error: unknown) => error);
      expect(failure).toMatchObject({ code: 292 });
    });

    it('reports a collection scan, a count from index keys and an impossible filter', async () => {
      const scan = await planOf(() => events.find({ kind: 'chat' }).toArray());
      expect(scan).toMatchObject({ stage: 'COLLSCAN', docsExamined: 2000, collectionSize: 2000 });
      const count = await planOf(() => events.countDocuments({ tenantId: 't2' }));
      expect(count).toMatchObject({ stage: 'COUNT_SCAN', index: 'by_time', docsExamined: 0 });
      expect(await planOf(() => events.find({ tenantId: { $in: [] } }).toArray())).toMatchObject({ stage: 'EOF' });
    });

    it('fails a blocking sort past the memory limit unless the read allows disk use, as MongoDB does', async () => {
      const planner = mongo.planner;
      if (!planner) throw new Error('the emulator records no plans');
      planner.blockingSortLimitBytes = 20_000; // ~300 matching documents of ~100 bytes
      const failure = await events
        .find(filter)
        .sort(sort)
        .toArray()
        .catch((error: unknown) => error);
      expect(failure).toMatchObject({ code: 292, codeName: 'QueryExceededMemoryLimitNoDiskUseAllowed' });
      expect(String((failure as Error).message)).toContain('Sort exceeded memory limit of 20000 bytes');
      // allowDiskUse, a small top-k, or no sort at all pass.
      expect((await events.find(filter).sort(sort).allowDiskUse().toArray()).length).toBeGreaterThan(300);
      expect(await events.find(filter).sort(sort).limit(5).toArray()).toHaveLength(5);
      expect((await events.find(filter).toArray()).length).toBeGreaterThan(300);
      // An index that gives the order needs no sort memory.
      await events.createIndex({ tenantId: 1, createdAt: -1, _id: -1 }, { name: 'by_time_id' });
      expect((await events.find(filter).sort(sort).toArray()).length).toBeGreaterThan(300);
      await events.dropIndex('by_time_id');
    });
  });
});
