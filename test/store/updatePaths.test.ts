import { MongoBulkWriteError, MongoServerError, type Collection, type ObjectId } from 'mongodb';
import { naturalId } from '../../server/store/naturalId';
import { openTestStore, type TestStore } from '../support/testStore';

/**
 * An update path that is empty or holds an empty part is refused as MongoDB refuses it (code 56 EmptyFieldName,
 * checked while the update is parsed, before any document is read), on every engine the tests run on: code that
 * passed here with such a path would fail on a real server.
 */

const EMPTY = 'An empty update path is not valid.';
const emptyPart = (path: string) => `The update path '${path}' contains an empty field name, which is not allowed.`;

type Doc = { _id: ObjectId; n?: number; marks?: string[]; a?: unknown };
const [d1, d2, d3, none] = ['d1', 'd2', 'd3', 'none'].map((key) => naturalId('updatePaths', key)) as [ObjectId, ObjectId, ObjectId, ObjectId]; // prettier-ignore

describe('an update path MongoDB refuses', () => {
  let t: TestStore;
  let c: Collection<Doc>;
  beforeAll(async () => {
    t = await openTestStore('updatepaths');
  });
  afterAll(async () => t.close());
  beforeEach(async () => {
    c = t.client.db(t.dbName).collection<Doc>(`paths${Date.now()}`);
    await c.insertMany([
      { _id: d1, n: 1 },
      { _id: d2, n: 2 },
    ]);
  });
  const all = () => c.find({}, { sort: { _id: 1 } }).toArray();
  /** Documents in `_id` order, as `all()` reads them. */
  const inIdOrder = (docs: Doc[]) => docs.sort((a, b) => a._id.toHexString().localeCompare(b._id.toHexString()));
  const refusal = async (write: Promise<unknown>) => {
    const error = (await write.then(
      () => null,
      (e: unknown) => e,
    )) as MongoServerError | null;
    expect(error).toBeInstanceOf(MongoServerError);
    return { code: error!.code, message: error!.message };
  };

  it.each([
    ['$set', { $set: { '': 1 } }, EMPTY],
    ['$unset', { $unset: { '': '' } }, EMPTY],
    ['$push', { $push: { '': 'm' } }, EMPTY],
    ['$inc', { $inc: { '': 1 } }, EMPTY],
    ['$set with a dotted path', { $set: { 'a..b': 1 } }, emptyPart('a..b')],
    ['$unset with a trailing dot', { $unset: { 'a.': '' } }, emptyPart('a.')],
    ['$addToSet with a leading dot', { $addToSet: { '.a': 'm' } }, emptyPart('.a')],
  ])('refuses %s, whether or not a document matches, and changes nothing', async (_, update, message) => {
    const before = await all();
    for (const filter of [{ _id: d1 }, { _id: none }, {}])
      expect(await refusal(c.updateMany(filter, update as object))).toEqual({ code: 56, message });
    expect(await refusal(c.updateOne({ _id: d3 }, update as object, { upsert: true }))).toEqual({ code: 56, message }); // prettier-ignore
    expect(await refusal(c.findOneAndUpdate({ _id: d1 }, update as object))).toEqual({ code: 56, message });
    expect(await all()).toEqual(before);
  });

  it('takes a path of non-empty parts, and an empty value', async () => {
    await c.updateOne({ _id: d1 }, { $set: { 'a.b': '' }, $push: { marks: '' } });
    expect(await c.findOne({ _id: d1 })).toEqual({ _id: d1, n: 1, a: { b: '' }, marks: [''] });
  });

  it('runs the other statements of an unordered batch, reporting the refused one at its index', async () => {
    const error = (await c
      .bulkWrite(
        [
          { updateOne: { filter: { _id: d1 }, update: { $inc: { n: 10 } } } },
          { updateOne: { filter: { _id: d2 }, update: { $push: { '': 'm' } } } },
          { updateOne: { filter: { _id: d3 }, update: { $set: { n: 3 } }, upsert: true } },
          { updateOne: { filter: { _id: d2 }, update: { $inc: { n: 20 } } } },
        ],
        { ordered: false },
      )
      .catch((e: unknown) => e)) as MongoBulkWriteError;
    expect(error).toBeInstanceOf(MongoBulkWriteError);
    expect(error.writeErrors).toEqual([expect.objectContaining({ index: 1, code: 56, errmsg: EMPTY })]);
    expect(error.result).toMatchObject({ matchedCount: 2, modifiedCount: 2, upsertedCount: 1, upsertedIds: { 2: d3 } });
    expect(await all()).toEqual(
      inIdOrder([
        { _id: d1, n: 11 },
        { _id: d2, n: 22 },
        { _id: d3, n: 3 },
      ]),
    );
  });

  it('stops an ordered batch at the refused statement, keeping what ran before it', async () => {
    const error = (await c
      .bulkWrite([
        { updateOne: { filter: { _id: d1 }, update: { $inc: { n: 10 } } } },
        { updateOne: { filter: { _id: d2 }, update: { $unset: { 'a..b': '' } } } },
        { updateOne: { filter: { _id: d2 }, update: { $inc: { n: 20 } } } },
      ])
      .catch((e: unknown) => e)) as MongoBulkWriteError;
    expect(error).toBeInstanceOf(MongoBulkWriteError);
    expect(error.writeErrors).toEqual([expect.objectContaining({ index: 1, code: 56, errmsg: emptyPart('a..b') })]);
    expect(error.result).toMatchObject({ matchedCount: 1, modifiedCount: 1 });
    expect(await all()).toEqual(
      inIdOrder([
        { _id: d1, n: 11 },
        { _id: d2, n: 2 },
      ]),
    );
  });
});
