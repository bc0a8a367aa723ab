import { ObjectId } from 'mongodb';
import { naturalId } from '../../server/store/naturalId';
import { openTestStore, type TestStore } from '../support/testStore';

/** The update operators the sync's idempotent writes rely on behave the same on every engine we run on. */
describe('the MongoDB server the store runs on', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore('semantics');
  });
  afterAll(async () => t.close());

  it('derives the same ObjectId from the same natural key and different ones otherwise', () => {
    expect(naturalId('t', 'u', '1').equals(naturalId('t', 'u', '1'))).toBe(true);
    expect(naturalId('t', 'u', '1').equals(naturalId('t', 'u1', ''))).toBe(false);
    expect(naturalId('x')).toBeInstanceOf(ObjectId);
  });

  it('applies a guarded increment once per batch and ignores replays', async () => {
    const c = t.client
      .db(t.dbName)
      .collection<{ _id: ObjectId; n?: number; first?: Date; tags?: string[]; applied?: Record<string, boolean> }>(
        'guard',
      );
    const _id = naturalId('guard', 1);
    const apply = async (batch: string) => {
      await c.bulkWrite([
        { updateOne: { filter: { _id }, update: { $setOnInsert: { n: 0, tags: [] } }, upsert: true } },
        {
          updateOne: {
            filter: { _id, [`applied.${batch}`]: { $exists: false } },
            update: {
              $inc: { n: 2 },
              $min: { first: new Date('2026-01-02') },
              $addToSet: { tags: { $each: ['a', 'b'] } },
              $set: { [`applied.${batch}`]: true },
            },
          },
        },
      ]);
    };
    await apply('b1');
    await apply('b1');
    await apply('b2');
    await c.updateOne({ _id }, { $unset: { 'applied.b1': '', 'applied.b2': '' } });
    const doc = await c.findOne({ _id });
    expect(doc).toMatchObject({ n: 4, first: new Date('2026-01-02'), tags: ['a', 'b'] });
    expect(doc?.applied ?? {}).toEqual({});
  });

  it('finds documents by an $in list of _ids and by _id with extra conditions', async () => {
    const c = t.client.db(t.dbName).collection<{ _id: ObjectId; k: number; lastBatch?: string }>('lookup');
    const ids = [1, 2, 3].map((k) => naturalId('lookup', k));
    await c.insertMany(ids.map((_id, k) => ({ _id, k })));
    const found = await c.find({ _id: { $in: [ids[0]!, ids[2]!, naturalId('missing')] } }).toArray();
    expect(found.map((d) => d.k).sort()).toEqual([0, 2]);
    const guarded = await c.updateOne({ _id: ids[1]!, lastBatch: { $ne: 'x' } }, { $set: { lastBatch: 'x' } });
    const again = await c.updateOne({ _id: ids[1]!, lastBatch: { $ne: 'x' } }, { $set: { lastBatch: 'x' } });
    expect([guarded.modifiedCount, again.modifiedCount]).toEqual([1, 0]);
    expect(await c.countDocuments({ k: { $gte: 1 } })).toBe(2);
  });

  it('reports which upserts inserted a document', async () => {
    const c = t.client.db(t.dbName).collection<{ _id: ObjectId; v: number }>('upserts');
    const a = naturalId('u', 'a');
    const b = naturalId('u', 'b');
    await c.insertOne({ _id: a, v: 1 });
    const result = await c.bulkWrite([
      { updateOne: { filter: { _id: a }, update: { $setOnInsert: { v: 9 } }, upsert: true } },
      { updateOne: { filter: { _id: b }, update: { $setOnInsert: { v: 2 } }, upsert: true } },
    ]);
    expect(result.upsertedCount).toBe(1);
    expect(Object.keys(result.upsertedIds)).toEqual(['1']);
    expect((await c.findOne({ _id: a }))?.v).toBe(1);
  });
});
