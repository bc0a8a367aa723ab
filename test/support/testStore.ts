import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { createStore, type Store } from '../../server/store/Store';

export interface TestStore {
  store: Store;
  client: MongoClient;
  /** The suite server's URI naming this database in its path, so a server started with it uses this database. */
  uri: string;
  dbName: string;
  /** Whether the server is the CongoDB emulator (which cannot show unique-index guarantees). */
  emulator: boolean;
  close(): Promise<void>;
}

/** `uri` with `name` as the database its path names (whatever path it had; '' for none). */
export const withDatabase = (uri: string, name: string): string =>
  uri.replace(/^(mongodb(?:\+srv)?:\/\/[^/?]*)(\/[^?]*)?/, `$1/${name}`);

/** A fresh database on the suite's MongoDB server (or the one `serverUri` names), with indexes; `close()` drops it. */
export async function openTestStore(label = 'test', serverUri?: string): Promise<TestStore> {
  const uri = serverUri ?? process.env.TEST_MONGODB_URI;
  if (!uri) throw new Error('TEST_MONGODB_URI is not set: run the tests through jest (globalSetup starts MongoDB)');
  const client = new MongoClient(uri);
  await client.connect();
  const dbName = `t_${label.replace(/[^a-z0-9]/gi, '').slice(0, 20)}_${randomUUID().slice(0, 8)}`;
  const store = createStore(client.db(dbName));
  await store.ensureIndexes();
  return {
    store,
    client,
    uri: withDatabase(uri, dbName),
    dbName,
    emulator: process.env.TEST_MONGODB_ENGINE === 'congodb',
    async close() {
      await client.db(dbName).dropDatabase();
      await client.close();
    },
  };
}
