import type { Server } from 'node:http';
import { derivePseudonymKey } from './core/privacy/pseudonyms';
import { hostname } from 'node:os';
import path from 'node:path';
import { assertSafeServerConfig, loadConfig, type Config } from './config';
import type { AppContext } from './appContext';
import { buildAuthenticator } from './auth/buildAuthenticator';
import { createApp } from './createApp';
import { applyRetentionIfDue, retentionSettingsOf } from './core/privacy/retention';
import { buildMounts } from './http/mounts';
import { ConfigError } from './errors';
import { createLogger } from './logger';
import { removeRuntimeInfo, writeRuntimeInfo } from './runtimeFile';
import { AgendaSyncScheduler } from './scheduling/AgendaSyncScheduler';
import { buildRealtimeChannel } from './realtimeChannel';
import { buildServices } from './services';
import { assertNoDemoIdentity } from './startupChecks';

/** The configuration, or exit 1 with every problem listed (a server refuses unsafe production settings). */
function configOrExit(): Config {
  try {
    const config = loadConfig();
    assertSafeServerConfig(config);
    return config;
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Copilot Observatory will not start. ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/**
 * Listens on `port`, or fails with what to do when the port is taken. Express 5 hands a listen error to the callback
 * instead of throwing it (https://expressjs.com/en/guide/migrating-5.html#app.listen), so the callback reads it.
 */
async function listen(app: ReturnType<typeof createApp>, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) => {
      if (!error) return resolve(server);
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') return reject(error);
      reject(
        new ConfigError([
          `PORT ${port}: another program already listens on ${host}:${port} (another Copilot Observatory?). ` +
            'Stop it, or start with PORT set to a free port.',
        ]),
      );
    });
  });
}

/** Composition root: config -> services -> HTTP server -> scheduled sync; graceful stop on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const config = configOrExit();
  // A person at a terminal running the demo reads lines; anything else (a pipe, a log collector, a tenant) gets JSON.
  const human = process.stdout.isTTY === true && config.mode === 'demo';
  const logger = createLogger({ level: config.LOG_LEVEL, human });
  const instanceId = config.INSTANCE_ID ?? `${hostname()}:${process.pid}`;
  const services = await buildServices(config, logger, { liveDemoActivity: true });
  const scheduler = new AgendaSyncScheduler({
    db: services.mongo.db,
    store: services.store,
    runner: services.syncRunner,
    tenantId: services.tenantId,
    logger,
    instanceId,
    intervalMs: Math.round(config.SYNC_INTERVAL_MINUTES * 60_000),
    lockLifetimeMs: config.SYNC_LOCK_SECONDS * 1000,
    singleFieldLockSort: services.mongo.flavor === 'cosmos-ru',
  });
  // Retention runs on the instance that just ran the tenant's sync (one at a time, under its lock), once a day.
  scheduler.onRunFinished(async () => {
    await applyRetentionIfDue(services.store, services.tenantId, retentionSettingsOf(config), services.now(), logger);
  });
  const ctx: AppContext = {
    config,
    logger,
    store: services.apiStore,
    tenantId: services.tenantId,
    mode: config.mode,
    now: services.now,
    mongoEngine: services.mongo.engine,
    mongoPersistent: services.embeddedMongo ? services.embeddedMongo.persistent : true,
    syncControl: scheduler,
    gateway: services.gateway,
    graphApp: services.graphApp,
    httpFetch: services.httpFetch,
    pseudonymKey: services.riskHashKey && derivePseudonymKey(services.riskHashKey),
    auth: buildAuthenticator({
      config,
      tenantId: services.tenantId,
      clientId: services.graphApp.clientId,
      authorityHost: services.graphApp.authorityHost,
      fetch: services.httpFetch,
      now: services.now,
    }),
  };
  await assertNoDemoIdentity(ctx);
  const app = createApp(ctx, buildMounts(ctx));
  let server: Server;
  try {
    server = await listen(app, config.PORT, config.HOST);
  } catch (error) {
    // Nothing is served: the embedded database and the demo's simulator stop before the process exits.
    await services.close();
    throw error;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const dataDir = path.resolve(config.DATA_DIR);
  if (config.mode === 'demo') {
    await writeRuntimeInfo(dataDir, {
      pid: process.pid,
      mongoUri: services.embeddedMongo?.uri ?? null,
      demo: services.demo
        ? {
            tenantId: services.demo.tenant.tenantId,
            clientId: services.demo.tenant.app.clientId,
            clientSecret: services.demo.tenant.app.clientSecret,
            origin: services.demo.simulator.origin,
            certPath: services.demo.certPath,
          }
        : null,
    });
  }
  const origin = `http://${config.HOST}:${port}`;
  const realtime = await buildRealtimeChannel({
    config,
    services,
    syncControl: scheduler,
    instanceId,
    listeningOrigin: `http://127.0.0.1:${port}`,
    logger,
  });
  if (realtime) {
    // The subscription's one owner: the instance that just ran the tenant's sync, under the sync job's lock.
    scheduler.onRunFinished(async (run) => {
      await realtime
        .reconcile(run)
        .catch((error: unknown) => logger.warn({ err: error }, 'Could not record the reconciliation.'));
      await realtime
        .ensureSubscription()
        .catch((error: unknown) => logger.warn({ err: error }, 'Could not keep the change-notification subscription.'));
    });
    // Healthy notifications: the scheduled polling pass runs every RECONCILE_INTERVAL_MINUTES instead.
    scheduler.setScheduleGate(() => realtime.pollingDue());
    realtime.start();
  }
  logger.info(
    {
      url: origin,
      tab: `${origin}/tab/`,
      mode: config.mode,
      instanceId,
      health: `${origin}/healthz`,
      ready: `${origin}/readyz`,
    },
    'Copilot Observatory is listening.',
  );
  if (human)
    process.stdout.write(
      `\n  Copilot Observatory (demo tenant) is running: open ${origin}/tab/\n  Ctrl+C stops it.\n\n`,
    );

  let stopping = false;
  let starting: Promise<void> = Promise.resolve();
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'Shutting down: finishing the page in flight.');
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    // A signal while the scheduler is still starting waits for it, so it is stopped whole and MongoDB is closed
    // under nobody (closing it first made the start fail and the process exit 1 on an ordinary SIGTERM).
    await starting.catch((error: unknown) =>
      logger.warn({ err: error }, 'The scheduler did not start before the stop.'),
    );
    await realtime?.stop();
    await scheduler.stop();
    await closed;
    if (config.mode === 'demo') await removeRuntimeInfo(dataDir);
    await services.close();
    logger.info('Stopped.');
    // Agenda leaves a timer per job it ran (up to half a lock lifetime); everything is closed, so leave now.
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  starting = scheduler.start();
  try {
    await starting;
  } catch (error) {
    if (stopping) return; // the stop in progress reports and exits
    throw error;
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`Copilot Observatory will not start. ${error.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`Copilot Observatory could not start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
