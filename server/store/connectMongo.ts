import { MongoClient, type Db, type MongoClientOptions } from 'mongodb';
import { AppError } from '../errors';
import type { Logger } from '../logger';

export interface MongoConnection {
  client: MongoClient;
  db: Db;
  /** `congodb` when the server is the emulator (detected via buildInfo), else `mongodb`. */
  engine: 'mongodb' | 'congodb';
  close(): Promise<void>;
}

/**
 * Connects with the official driver over TCP and tells which engine answered. The database is the one the URI's path
 * names (`mongodb://host/observatory`), else `defaultDb` (MONGODB_DB). The CongoDB emulator cannot serve the
 * driver's streaming heartbeat (the pool is then cleared about once a second and operations stall ~500 ms, which
 * timers such as Agenda's notice), so against it the client polls; real MongoDB keeps the driver's default
 * (streaming notices a replica-set failover sooner).
 */
export async function connectMongo(uri: string, defaultDb: string, logger: Logger): Promise<MongoConnection> {
  const dbName = databaseNameOf(uri) ?? defaultDb;
  const connection = await connect(uri, dbName, logger, {});
  if (connection.engine !== 'congodb' || connection.client.options.serverMonitoringMode === 'poll') return connection;
  await connection.close();
  return connect(uri, dbName, logger, { serverMonitoringMode: 'poll' });
}

async function connect(
  uri: string,
  dbName: string,
  logger: Logger,
  extra: MongoClientOptions,
): Promise<MongoConnection> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 10_000, appName: 'copilot-observatory', ...extra });
  try {
    await client.connect();
  } catch (error) {
    await client.close().catch(() => undefined); // nothing to close if it never connected
    throw new AppError(
      'mongo_unreachable',
      `Could not connect to MongoDB at ${hostsOf(uri)}: ${(error as Error).message}`,
      503,
      undefined,
      error,
    );
  }
  const db = client.db(dbName);
  const info = await db.admin().command({ buildInfo: 1 });
  const engine = info.gitVersion === 'congodb' ? 'congodb' : 'mongodb';
  if (engine === 'congodb' && client.options.serverMonitoringMode !== 'poll')
    return { client, db, engine, close: () => client.close() };
  logger.child({ component: 'mongo' }).info({ engine, version: info.version, db: dbName }, 'Connected to MongoDB.');
  return { client, db, engine, close: () => client.close() };
}

/**
 * The database a connection string names in its path (`mongodb://user@host:27017/<name>?options`), if any. The
 * driver would fall back to `test` without one, so the name is read here and MONGODB_DB applies otherwise.
 */
export function databaseNameOf(uri: string): string | undefined {
  const path = /^mongodb(?:\+srv)?:\/\/[^/?]*\/([^?]*)/.exec(uri)?.[1] ?? '';
  if (path === '') return undefined;
  try {
    return decodeURIComponent(path);
  } catch {
    return path; // not percent-encoding: the driver refuses the URI with its own message
  }
}

/** The hosts of a connection string, without credentials or options (safe to show). */
export function hostsOf(uri: string): string {
  const match = /^mongodb(?:\+srv)?:\/\/(?:[^@/]*@)?([^/?]+)/.exec(uri);
  return match?.[1] ?? 'the configured address';
}
