import { createStore } from '../../server/store/Store';
import { openTestStore, type TestStore } from '../support/testStore';

/** Indexes of the operational collections: what expires by itself, what retention reads by, and what was dropped. */

let t: TestStore;

beforeAll(async () => {
  t = await openTestStore('opindexes');
});

afterAll(async () => t?.close());

const indexesOf = async (name: string) => t.client.db(t.dbName).collection(name).indexes();

describe('the operational collections', () => {
  it('let MongoDB expire admin sightings two days after they were seen', async () => {
    const ttl = (await indexesOf('adminSightings')).find((i) => i.name === 'expire_seen');
    expect(ttl).toMatchObject({ key: { seenAt: 1 }, expireAfterSeconds: 172_800 });
  });

  it('index summary deliveries by tenant and claim time, which retention deletes by', async () => {
    const index = (await indexesOf('summaryDeliveries')).find((i) => i.name === 'by_tenant_claimed');
    expect(index?.key).toEqual({ tenantId: 1, claimedAt: 1 });
  });

  it('drop the unique indexes on random ids that mirrored _id, where an earlier version made them', async () => {
    const db = t.client.db(t.dbName);
    await db.collection('syncBatches').createIndex({ batchId: 1 }, { name: 'natural_key', unique: true });
    await db.collection('consentStates').createIndex({ nonce: 1 }, { name: 'natural_key', unique: true });
    await createStore(db).ensureIndexes();
    expect((await indexesOf('syncBatches')).map((i) => i.name).sort()).toEqual(['_id_', 'by_tenant_time']);
    expect((await indexesOf('consentStates')).map((i) => i.name)).not.toContain('natural_key');
    // And again, with nothing left to drop.
    await createStore(db).ensureIndexes();
  });
});
