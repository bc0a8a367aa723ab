import { MongoClient, type Db } from 'mongodb';
import type { Logger } from '../logger';

export interface MongoConnection {
  client: MongoClient;
  db: Db;
  /** `congodb` when the server is the emulator (detected via buildInfo), else `mongodb`. */
  engine: 'mongodb' | 'congodb';
  close(): Promise<void>;
}

/** Connects with the official driver over TCP and tells which engine answered. */
export async function connectMongo(uri: string, dbName: string, logger: Logger): Promise<MongoConnection> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 10_000, appName: 'copilot-observatory' });
  await client.connect();
  const db = client.db(dbName);
  const info = await db.admin().command({ buildInfo: 1 });
  const engine = info.gitVersion === 'congodb' ? 'congodb' : 'mongodb';
  logger.child({ component: 'mongo' }).info({ engine, version: info.version, db: dbName }, 'Connected to MongoDB.');
  return { client, db, engine, close: () => client.close() };
}
