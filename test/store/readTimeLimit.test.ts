import { MongoClient, type Collection } from 'mongodb';
import { AppError } from '../../server/errors';
import { startCongo, type EmbeddedMongo } from '../../server/store/embedded/embeddedMongo';
import { limitReadTime } from '../../server/store/readTimeLimit';

/**
 * Every kind of read through a limited collection carries `maxTimeMS`, and MaxTimeMSExpired reaches the caller as
 * `query_timeout` however the read is consumed; writes are untouched. On an emulator that honours `maxTimeMS` and is
 * told to take 1.5 s per read. The limit leaves a quick read (30 rows) room on a loaded machine, where 50 ms did not.
 */

interface Row {
  key: number;
  n: number;
}

const hidden = { projection: { _id: 0 } };

let mongo: EmbeddedMongo;
let client: MongoClient;
let rows: Collection<Row>;

beforeAll(async () => {
  mongo = await startCongo({ honourMaxTimeMS: true });
  client = await MongoClient.connect(mongo.uri);
  const raw = client.db('limits').collection<Row>('rows');
  await raw.insertMany(Array.from({ length: 30 }, (_, i) => ({ key: i, n: i % 3 })));
  rows = limitReadTime(raw, 500);
});

afterAll(async () => {
  await client?.close();
  await mongo?.stop();
});

afterEach(() => mongo.rules!.setReadDelayMs(0));

const timeout = expect.objectContaining({ code: 'query_timeout', status: 503 }) as unknown;

describe('a collection with a read time limit', () => {
  it('reads as usual while reads are quick', async () => {
    expect(await rows.find({ n: 1 }, hidden).sort({ key: -1 }).limit(2).toArray()).toEqual([
      { key: 28, n: 1 },
      { key: 25, n: 1 },
    ]);
    expect(await rows.countDocuments({ n: 2 })).toBe(10);
    expect((await rows.distinct('n')).sort()).toEqual([0, 1, 2]);
    expect(await rows.findOne({ key: 3 }, hidden)).toEqual({ key: 3, n: 0 });
  });

  it('answers query_timeout for a slow read, whichever way it is read', async () => {
    mongo.rules!.setReadDelayMs(1500);
    await expect(rows.find({}).sort({ key: 1 }).limit(5).toArray()).rejects.toEqual(timeout);
    await expect(rows.find({}).next()).rejects.toEqual(timeout);
    await expect(rows.findOne({ key: 1 })).rejects.toEqual(timeout);
    await expect(rows.countDocuments({})).rejects.toEqual(timeout);
    await expect(rows.distinct('n', {})).rejects.toEqual(timeout);
    await expect(rows.aggregate([{ $match: { n: 1 } }]).toArray()).rejects.toEqual(timeout);
    const iterate = async () => {
      for await (const row of rows.find({})) void row;
    };
    await expect(iterate()).rejects.toBeInstanceOf(AppError);
  });

  it('keeps a read’s own maxTimeMS, and leaves writes alone', async () => {
    mongo.rules!.setReadDelayMs(1500);
    expect(await rows.countDocuments({}, { maxTimeMS: 5000 })).toBe(30);
    await rows.insertOne({ key: 100, n: 9 });
    await rows.updateOne({ key: 100 }, { $set: { n: 8 } });
    mongo.rules!.setReadDelayMs(0);
    expect(await rows.findOne({ key: 100 }, hidden)).toEqual({ key: 100, n: 8 });
  });
});
