import { MongoClient, type Db, type MongoClientOptions } from 'mongodb';
import { AppError } from '../errors';
import { componentLogger, type Logger } from '../logger';

/** `cosmos-ru`: Azure Cosmos DB for MongoDB (RU), which refuses some of what MongoDB does (see docs/production.md). */
export type MongoFlavor = 'mongodb' | 'cosmos-ru';

export interface MongoConnection {
  client: MongoClient;
  db: Db;
  /** `congodb` when the server is the emulator (detected via buildInfo), else `mongodb`. */
  engine: 'mongodb' | 'congodb';
  flavor: MongoFlavor;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** MONGODB_FLAVOR: `auto` tells RU by its host name; the others say which it is. */
  flavor?: 'auto' | MongoFlavor;
}

/**
 * RU accounts of server version 3.6 and later answer at `*.mongo.cosmos.azure.com` (`.azure.cn` in Azure China), per
 * Microsoft Learn's "Azure Cosmos DB for MongoDB (4.2 server version): supported features and syntax"; vCore clusters
 * at `*.mongocluster.cosmos.azure.com`, which this does not match.
 */
const RU_HOST = /\.mongo\.cosmos\.azure\.(com|cn)(:\d+)?$/i;

/** The flavor a connection string reaches, as far as its hosts tell. */
export function flavorOfUri(uri: string): MongoFlavor {
  return hostsOf(uri)
    .split(',')
    .some((host) => RU_HOST.test(host))
    ? 'cosmos-ru'
    : 'mongodb';
}

/**
 * RU's retryable writes do not support unordered bulk writes, which the sync relies on (the same page, "Retryable
 * writes"), and the driver retries writes unless told otherwise: refuse to start without `retryWrites=false` rather
 * than fail on the first batch.
 */
function flavorProblem(flavor: MongoFlavor, client: MongoClient): AppError | null {
  if (flavor !== 'cosmos-ru' || client.options.retryWrites === false) return null;
  return new AppError(
    'cosmos_retry_writes',
    'MONGODB_URI reaches Azure Cosmos DB for MongoDB (RU): add retryWrites=false to it (as the connection string the Azure portal shows does), or set MONGODB_FLAVOR=mongodb if this is not an RU account.',
    500,
  );
}

/**
 * On RU the server version is the account's API version. Support there starts at 5.0 (docs/production.md), so an
 * older account is refused at start-up rather than failing on some read later.
 */
export function ruVersionProblem(flavor: MongoFlavor, version: string): AppError | null {
  const major = Number.parseInt(version, 10);
  if (flavor !== 'cosmos-ru' || major >= 5) return null;
  return new AppError(
    'cosmos_server_version',
    `Azure Cosmos DB for MongoDB (RU) answers as server version ${version}: raise the account's server version to 5.0 or later.`,
    500,
  );
}

/**
 * Connects with the official driver over TCP and tells which engine answered. The database is the one the URI's path
 * names (`mongodb://host/observatory`), else `defaultDb` (MONGODB_DB). The CongoDB emulator cannot serve the
 * driver's streaming heartbeat (the pool is then cleared about once a second and operations stall ~500 ms, which
 * timers such as Agenda's notice), so against it the client polls; real MongoDB keeps the driver's default
 * (streaming notices a replica-set failover sooner).
 */
export async function connectMongo(
  uri: string,
  defaultDb: string,
  logger: Logger,
  options: ConnectOptions = {},
): Promise<MongoConnection> {
  const dbName = databaseNameOf(uri) ?? defaultDb;
  const flavor = !options.flavor || options.flavor === 'auto' ? flavorOfUri(uri) : options.flavor;
  const connection = await connect(uri, dbName, flavor, logger, {});
  if (connection.engine !== 'congodb' || connection.client.options.serverMonitoringMode === 'poll') return connection;
  await connection.close();
  return connect(uri, dbName, flavor, logger, { serverMonitoringMode: 'poll' });
}

async function connect(
  uri: string,
  dbName: string,
  flavor: MongoFlavor,
  logger: Logger,
  extra: MongoClientOptions,
): Promise<MongoConnection> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 10_000, appName: 'copilot-observatory', ...extra });
  const problem = flavorProblem(flavor, client);
  if (problem) throw problem;
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
  const tooOld = ruVersionProblem(flavor, String(info.version));
  if (tooOld) {
    await client.close();
    throw tooOld;
  }
  if (engine === 'congodb' && client.options.serverMonitoringMode !== 'poll')
    return { client, db, engine, flavor, close: () => client.close() };
  componentLogger(logger, 'mongo').info({ engine, flavor, version: info.version, db: dbName }, 'Connected to MongoDB.');
  return { client, db, engine, flavor, close: () => client.close() };
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
