import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../../logger';
import { installCongoIdLookup } from './congoIdLookup';
import { installCongoIndexes, type CongoIndexStats } from './congoIndexes';
import type { CongoParts } from './congoIndexWiring';
import { CongoPlanner } from './congoPlanLog';
import { installCongoServerRules, type CongoServerRuleOptions, type CongoServerRules } from './congoServerRules';
import { installCongoUpdatePaths } from './congoUpdatePaths';

/** A MongoDB server this process started because no MONGODB_URI was given. */
export interface EmbeddedMongo {
  uri: string;
  /** `mongod` (a real server via mongodb-memory-server) or `congodb` (the wire-protocol emulator). */
  engine: 'mongod' | 'congodb';
  /** Whether data survives a restart. */
  persistent: boolean;
  /** What CongoDB's index accelerator did (congodb only). */
  indexStats?: CongoIndexStats;
  /** The accelerator's planner: MongoDB explain-style plan records and the blocking-sort limit (congodb only). */
  planner?: CongoPlanner;
  /** Switches of the emulator's server rules (congodb only). */
  rules?: CongoServerRules;
  stop(): Promise<void>;
}

export interface EmbeddedMongoOptions {
  /** Where a real mongod keeps its files (git-ignored `.data/mongo`). */
  dataDir: string;
  logger: Logger;
  /** Try mongodb-memory-server first (default true). Tests turn it off unless a binary is configured. */
  tryRealMongod?: boolean;
}

/** Don't retry a failed mongod download on every start: it costs ~7 s offline. */
const DOWNLOAD_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * Starts the embedded default: a real `mongod` where one is on this machine (or a download was asked for), else the
 * CongoDB emulator in memory on a free 127.0.0.1 port.
 */
export async function startEmbeddedMongo(options: EmbeddedMongoOptions): Promise<EmbeddedMongo> {
  const log = options.logger.child({ component: 'mongo' });
  if (options.tryRealMongod !== false) {
    const real = await tryMongod(options.dataDir, log);
    if (real) return real;
  }
  const emulator = await startCongo();
  log.warn(
    { engine: 'congodb', uri: emulator.uri },
    'No mongod binary is available here, so the embedded database is the CongoDB emulator: data lives in memory only and is lost when the process exits. Set MONGODB_URI to keep data.',
  );
  return emulator;
}

/**
 * A real mongod when one is on this machine already (MONGOMS_SYSTEM_BINARY, or mongodb-memory-server's cache).
 * Downloading one (from fastdl.mongodb.org) happens only when asked: any `MONGOMS_*` variable of
 * mongodb-memory-server set (e.g. MONGOMS_VERSION, MONGOMS_DOWNLOAD_URL); a first start stays on this machine.
 */
async function tryMongod(dataDir: string, log: Logger): Promise<EmbeddedMongo | null> {
  const downloadAsked = Object.keys(process.env).some((name) => name.startsWith('MONGOMS_'));
  const marker = path.join(dataDir, '.mongod-unavailable');
  if (downloadAsked && !process.env.MONGOMS_SYSTEM_BINARY && (await recentlyFailed(marker))) {
    log.info({ marker }, 'Skipping the mongod download (it failed recently); delete the marker to try again.');
    return null;
  }
  try {
    const { DryMongoBinary, MongoBinary, MongoMemoryServer } = await import('mongodb-memory-server-core');
    const local = await DryMongoBinary.locateBinary(await DryMongoBinary.generateOptions());
    if (!local && !downloadAsked) {
      log.debug('No local mongod binary, and no MONGOMS_* variable asks to download one.');
      return null;
    }
    // Resolving the binary first fails fast offline and leaves no temp directory behind.
    await MongoBinary.getPath();
    const dbPath = path.join(dataDir, 'mongod');
    await mkdir(dbPath, { recursive: true });
    const server = await MongoMemoryServer.create({
      instance: { ip: '127.0.0.1', dbPath, storageEngine: 'wiredTiger' },
    });
    log.info({ engine: 'mongod', dbPath }, 'Started an embedded mongod; data is kept between runs.');
    return {
      uri: server.getUri(),
      engine: 'mongod',
      persistent: true,
      stop: async () => {
        await server.stop({ doCleanup: false });
      },
    };
  } catch (error) {
    const reason = (error as Error).message.replace(/\s+/g, ' ').trim() || String(error);
    log.warn({ reason }, 'Could not start a real mongod; using the CongoDB emulator instead.');
    await mkdir(dataDir, { recursive: true });
    await writeFile(marker, new Date().toISOString());
    return null;
  }
}

async function recentlyFailed(marker: string): Promise<boolean> {
  try {
    const at = Date.parse((await readFile(marker, 'utf8')).trim());
    return Number.isFinite(at) && Date.now() - at < DOWNLOAD_RETRY_AFTER_MS;
  } catch {
    return false; // no marker: never failed
  }
}

/** Starts CongoDB in memory on a free port; exported for the test harness (which may switch server rules on). */
export async function startCongo(rules: CongoServerRuleOptions = {}): Promise<EmbeddedMongo> {
  // Deep import: the package root pulls in mongodb-memory-server and smartdata, which we stub out.
  const { CongoServer, QueryEngine, Long, plugins } = await import('@push.rocks/smartmongo/dist_ts/congodb/index.js');
  const server = new CongoServer({ host: '127.0.0.1', port: 0, storage: 'memory' });
  installCongoIdLookup(server, QueryEngine);
  const planner = new CongoPlanner();
  const indexStats = installCongoIndexes(
    server,
    {
      Query: plugins.mingo.Query as unknown as CongoParts['Query'],
      Long,
      documentSize: (doc) => plugins.bson.calculateObjectSize(doc as Record<string, unknown>),
    },
    planner,
  );
  // After the accelerator, so a read's time includes the index work.
  const switches = installCongoServerRules(server, rules);
  // MongoDB refuses an empty update path; so does the emulator, or code that works here would fail on a real server.
  installCongoUpdatePaths(server);
  await server.start();
  const address = (server as unknown as { server: { address(): { port: number } } }).server.address();
  return {
    // Polling monitoring: CongoDB cannot do the streaming hello, which otherwise stalls operations ~500 ms.
    uri: `mongodb://127.0.0.1:${address.port}/?directConnection=true&serverMonitoringMode=poll`,
    engine: 'congodb',
    persistent: false,
    indexStats,
    planner,
    rules: switches,
    stop: () => server.stop(),
  };
}
