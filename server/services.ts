import path from 'node:path';
import type { Config } from './config';
import { loadStateSigningKey } from './core/connection/stateSigningKey';
import { deriveRiskHashKey } from './core/risk/hashKey';
import { SyncRunner } from './core/sync/syncRunner';
import type { DemoGraph } from './demoGraph';
import type { GraphGateway } from './graph/GraphGateway';
import { loadClientCertificate } from './graph/clientCertificate';
import { createSdkGraphGateway } from './graph/sdkGraphGateway';
import { createSubscriptionClient, type SubscriptionApi } from './graph/subscriptionClient';
import { createTokenProvider } from './graph/tokenProvider';
import { createFetch } from './graph/trustedFetch';
import type { Logger } from './logger';
import { connectMongo, type MongoConnection } from './store/connectMongo';
import type { EmbeddedMongo } from './store/embedded/embeddedMongo';
import { createStore, type Store } from './store/Store';
import type { CrossRiskThresholds } from './core/risk/crossRiskTypes';

/** Everything the server and the CLI run on, built in this one place. */
export interface Services {
  config: Config;
  logger: Logger;
  store: Store;
  /** The same collections with QUERY_MAX_TIME_MS on every read: what the API, the tab and the bot read through. */
  apiStore: Store;
  mongo: MongoConnection;
  embeddedMongo: EmbeddedMongo | null;
  gateway: GraphGateway;
  demo: DemoGraph | null;
  tenantId: string;
  /** The Entra app the sync signs in as (no secret): consent URLs and diagnostics need it. */
  graphApp: GraphAppIdentity;
  /** Fetch for Entra and Graph calls (trusts the demo simulator's certificate in demo mode). */
  httpFetch: typeof fetch;
  syncRunner: SyncRunner;
  /** Graph's `/subscriptions` with the sync's credentials (change notifications). */
  subscriptionApi: SubscriptionApi;
  /** Key of risk findings' evidence hashes: the sync and the notification worker hash alike (unset: per process). */
  riskHashKey: Buffer | undefined;
  now: () => Date;
  close(): Promise<void>;
}

export interface BuildOptions {
  now?: () => Date;
  /** Reuse a MongoDB already running (the CLI beside a demo server) instead of starting one. */
  mongoUri?: string;
  /** Add live demo activity on a timer (the server does; a one-off CLI run does not). */
  liveDemoActivity?: boolean;
  /** Talk to the demo simulator a running server started, instead of starting another. */
  attachDemo?: AttachedDemo;
}

export interface GraphAppIdentity {
  tenantId: string;
  clientId: string;
  authorityHost: string;
  graphBaseUrl: string;
}

/** How to reach a demo simulator another process runs (see runtimeFile.ts). */
export interface AttachedDemo {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  origin: string;
  certPem: string;
}

/** Connects the store, the Graph client (real tenant or the demo simulator) and the sync. */
export async function buildServices(config: Config, logger: Logger, options: BuildOptions = {}): Promise<Services> {
  const now = options.now ?? (() => new Date());
  const cleanups: Array<() => Promise<void>> = [];
  try {
    let embeddedMongo: EmbeddedMongo | null = null;
    let uri = config.MONGODB_URI ?? options.mongoUri;
    if (!uri) {
      // Loaded only here: a start with MONGODB_URI (every tenant start) never imports the emulator.
      const { startEmbeddedMongo } = await import('./store/embedded/embeddedMongo.js');
      const started = await startEmbeddedMongo({ dataDir: path.resolve(config.DATA_DIR, 'mongo'), logger });
      cleanups.push(() => started.stop());
      embeddedMongo = started;
      uri = started.uri;
    }
    const mongo = await connectMongo(uri, config.MONGODB_DB, logger, { flavor: config.MONGODB_FLAVOR });
    cleanups.push(() => mongo.close());
    const store = createStore(mongo.db, { flavor: mongo.flavor });
    await store.ensureIndexes();
    const apiStore = createStore(mongo.db, { readMaxTimeMS: config.QUERY_MAX_TIME_MS });

    const demo =
      config.mode === 'demo' && !options.attachDemo
        ? await startDemo(config, logger, now, options.liveDemoActivity ?? false)
        : null;
    if (demo) cleanups.push(() => demo.stop());
    const attached = config.mode === 'demo' ? options.attachDemo : undefined;
    const credentials = demo
      ? {
          tenantId: demo.tenant.tenantId,
          clientId: demo.tenant.app.clientId,
          clientSecret: demo.tenant.app.clientSecret,
          authorityHost: demo.simulator.authorityHost,
          graphBaseUrl: demo.simulator.graphBaseUrl,
        }
      : attached
        ? {
            tenantId: attached.tenantId,
            clientId: attached.clientId,
            clientSecret: attached.clientSecret,
            authorityHost: attached.origin,
            graphBaseUrl: `${attached.origin}/`,
          }
        : {
            tenantId: config.TENANT_ID!,
            clientId: config.CLIENT_ID!,
            // One of the two, as loadConfig ensured; a certificate file is read (and checked) here.
            ...(config.CLIENT_CERTIFICATE_PATH
              ? { clientCertificate: await loadClientCertificate(config.CLIENT_CERTIFICATE_PATH) }
              : { clientSecret: config.CLIENT_SECRET! }),
            authorityHost: config.AUTHORITY_HOST,
            graphBaseUrl: config.GRAPH_BASE_URL,
          };
    const extraCaPem = demo?.certPem ?? attached?.certPem;
    const httpFetch = createFetch(extraCaPem ? { extraCaPem } : {});
    const gateway = createSdkGraphGateway({
      ...credentials,
      fetch: httpFetch,
      maxRps: config.GRAPH_MAX_RPS,
      concurrency: config.SYNC_CONCURRENCY,
      logger,
    });
    const riskHashKey = await riskHashKeyOf(config, logger);
    const subscriptionApi = createSubscriptionClient({
      graphBaseUrl: credentials.graphBaseUrl,
      tokens: createTokenProvider({ ...credentials, fetch: httpFetch, logger }),
      fetch: httpFetch,
    });
    const syncRunner = new SyncRunner({
      store,
      gateway,
      logger,
      now,
      riskHashKey,
      riskThresholds: riskThresholdsOf(config),
      settings: {
        tenantId: credentials.tenantId,
        skuIds: config.COPILOT_SKU_IDS,
        backfillDays: config.BACKFILL_DAYS,
        overlapMinutes: config.SYNC_OVERLAP_MINUTES,
        concurrency: config.SYNC_CONCURRENCY,
      },
    });
    return {
      config,
      logger,
      store,
      apiStore,
      mongo,
      embeddedMongo,
      gateway,
      demo,
      tenantId: credentials.tenantId,
      graphApp: {
        tenantId: credentials.tenantId,
        clientId: credentials.clientId,
        authorityHost: credentials.authorityHost,
        graphBaseUrl: credentials.graphBaseUrl,
      },
      httpFetch,
      syncRunner,
      subscriptionApi,
      riskHashKey,
      now,
      close: () => runCleanups(cleanups, logger),
    };
  } catch (error) {
    await runCleanups(cleanups, logger);
    throw error;
  }
}

/** The demo tenant's Graph simulator: demo code, imported only here so a tenant start never loads it. */
async function startDemo(config: Config, logger: Logger, now: () => Date, liveActivity: boolean): Promise<DemoGraph> {
  const { startDemoGraph } = await import('./demoGraph.js');
  return startDemoGraph({
    dataDir: path.resolve(config.DATA_DIR),
    users: config.DEMO_USERS,
    seed: config.DEMO_SEED,
    logger,
    now,
    liveActivityMs: liveActivity ? 60_000 : 0,
  });
}

/** The evidence-hash key: from STATE_SIGNING_KEY (or the demo's generated key); per process when a tenant has none. */
export async function riskHashKeyOf(config: Config, logger: Logger): Promise<Buffer | undefined> {
  if (config.mode === 'tenant' && !config.STATE_SIGNING_KEY) {
    logger.warn('STATE_SIGNING_KEY is not set: risk evidence hashes group repeats only within one process.');
    return undefined;
  }
  const key = await loadStateSigningKey({
    configuredKey: config.STATE_SIGNING_KEY,
    dataDir: path.resolve(config.DATA_DIR),
    mode: config.mode,
  });
  return deriveRiskHashKey(key);
}

async function runCleanups(cleanups: Array<() => Promise<void>>, logger: Logger): Promise<void> {
  for (const cleanup of cleanups.reverse()) {
    try {
      await cleanup();
    } catch (error) {
      logger.warn({ err: error }, 'A resource did not close cleanly during shutdown.');
    }
  }
  cleanups.length = 0;
}

/** The oversharing and account rules' thresholds from the configuration. */
export function riskThresholdsOf(config: Config): Partial<CrossRiskThresholds> {
  return {
    minDepartments: config.RISK_OVERSHARING_MIN_DEPARTMENTS,
    siteMinUsers: config.RISK_OVERSHARING_SITE_MIN_USERS,
    volumeFactor: config.RISK_VOLUME_SPIKE_FACTOR,
    volumeMinPrompts: config.RISK_VOLUME_SPIKE_MIN_PROMPTS,
  };
}
