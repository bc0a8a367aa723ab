import type { Server } from 'node:http';
import path from 'node:path';
import { loadConfig } from './config';
import type { AppContext } from './appContext';
import { buildAuthenticator } from './auth/buildAuthenticator';
import { createApp } from './createApp';
import { buildMounts } from './http/mounts';
import { ConfigError } from './errors';
import { createLogger } from './logger';
import { removeRuntimeInfo, writeRuntimeInfo } from './runtimeFile';
import { buildServices } from './services';
import { SyncScheduler } from './syncScheduler';

/** Composition root: config -> services -> HTTP server -> background sync; graceful stop on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger({ level: config.LOG_LEVEL });
  const services = await buildServices(config, logger, { liveDemoActivity: true });
  const scheduler = new SyncScheduler(
    services.syncRunner,
    config.SYNC_INTERVAL_MINUTES,
    logger.child({ component: 'sync' }),
  );
  const ctx: AppContext = {
    config,
    logger,
    store: services.store,
    tenantId: services.tenantId,
    mode: config.mode,
    now: services.now,
    mongoEngine: services.mongo.engine,
    mongoPersistent: services.embeddedMongo ? services.embeddedMongo.persistent : true,
    syncControl: scheduler,
    gateway: services.gateway,
    graphApp: services.graphApp,
    auth: buildAuthenticator({
      config,
      tenantId: services.tenantId,
      clientId: services.graphApp.clientId,
      authorityHost: services.graphApp.authorityHost,
      fetch: services.httpFetch,
      now: services.now,
    }),
  };
  const app = createApp(ctx, buildMounts(ctx));
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(config.PORT, config.HOST, () => resolve(s));
    s.once('error', reject);
  });
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
  logger.info(
    { url: `http://${config.HOST}:${port}`, mode: config.mode, health: `http://${config.HOST}:${port}/healthz` },
    'Copilot Observatory is listening.',
  );

  scheduler.start();

  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'Shutting down: finishing the page in flight.');
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await scheduler.stop();
    await closed;
    if (config.mode === 'demo') await removeRuntimeInfo(dataDir);
    await services.close();
    logger.info('Stopped.');
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Copilot Observatory could not start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
