import { readFile } from 'node:fs/promises';
import type { Config } from './config';
import { NotificationWorker } from './core/realtime/notificationWorker';
import { ensureNotificationCertificate, loadNotificationSealKey } from './core/realtime/certificateStore';
import { pollingDue, recordReconciliation } from './core/realtime/reconciliation';
import { SubscriptionManager } from './core/realtime/subscriptionManager';
import type { SyncControl } from './core/sync/syncControl';
import { componentLogger, type Logger } from './logger';
import type { Services } from './services';
import type { SyncRunDoc } from './store/documents';
import { ensureRealtimeIndexes, realtimeCollections } from './store/realtimeCollections';

/** The near-real-time channel: the subscription's owner hook and the queue worker, started and stopped by main. */
export interface RealtimeChannel {
  /** Creates, renews or recreates the subscription; call from one owner (after the scheduled sync). */
  ensureSubscription(): Promise<void>;
  /** After a polling pass: records it as reconciliation (and a gap when it stored what notifications had not). */
  reconcile(run: SyncRunDoc): Promise<void>;
  /** Whether the scheduled polling pass should run now (always while the channel is unhealthy). */
  pollingDue(): Promise<boolean>;
  start(): void;
  stop(): Promise<void>;
}

export interface RealtimeChannelOptions {
  config: Config;
  services: Services;
  syncControl: SyncControl;
  instanceId: string;
  /** Where this server listens (the demo's loopback notification URL). */
  listeningOrigin: string;
  logger: Logger;
  /** How often the worker looks at the queue. */
  pollMs?: number;
}

/**
 * The notification URL in force: NOTIFICATION_URL with a real tenant; the loopback URL in the demo when
 * DEMO_NOTIFICATIONS=on; else null (polling only).
 */
export function notificationUrlOf(config: Config, listeningOrigin: string): string | null {
  if (config.mode === 'tenant') return config.NOTIFICATION_URL ?? null;
  if (config.DEMO_NOTIFICATIONS !== 'on') return null;
  return config.NOTIFICATION_URL ?? `${listeningOrigin.replace('localhost', '127.0.0.1')}/api/notifications`;
}

/** Builds the channel, or null when no notification URL is configured. Starts nothing. */
export async function buildRealtimeChannel(options: RealtimeChannelOptions): Promise<RealtimeChannel | null> {
  const { config, services, syncControl, logger: parent } = options;
  const notificationUrl = notificationUrlOf(config, options.listeningOrigin);
  if (!notificationUrl) return null;
  const logger = componentLogger(parent, 'realtime');
  const collections = realtimeCollections(services.store.db);
  await ensureRealtimeIndexes(collections);
  const pem = config.NOTIFICATION_CERTIFICATE_PATH
    ? await readFile(config.NOTIFICATION_CERTIFICATE_PATH, 'utf8')
    : undefined;
  const sealKey = await loadNotificationSealKey({
    configuredKey: config.STATE_SIGNING_KEY,
    dataDir: config.DATA_DIR,
    mode: config.mode,
  });
  const manager = new SubscriptionManager({
    collections,
    tenantId: services.tenantId,
    api: services.subscriptionApi,
    notificationUrl,
    lifecycleNotificationUrl: `${notificationUrl.replace(/\/+$/, '')}/lifecycle`,
    certificate: () =>
      ensureNotificationCertificate({
        collections,
        tenantId: services.tenantId,
        now: services.now,
        sealKey,
        configuredPem: pem,
      }),
    now: services.now,
    logger,
  });
  const ensureSubscription = async (): Promise<void> => {
    await manager.ensure();
  };
  const worker = new NotificationWorker({
    store: services.store,
    collections,
    tenantId: services.tenantId,
    now: services.now,
    logger,
    riskHashKey: services.riskHashKey,
    instanceId: `${options.instanceId}:notifications`,
    onMissed: async () => {
      await syncControl.requestSync({ trigger: 'notifications-missed', mode: 'incremental' });
    },
    onSubscriptionChanged: ensureSubscription,
  });
  let timer: NodeJS.Timeout | null = null;
  let draining: Promise<unknown> | null = null;
  const tick = (): void => {
    draining ??= worker
      .drain()
      .catch((error: unknown) => logger.error({ err: error }, 'Draining the notification queue failed.'))
      .finally(() => {
        draining = null;
      });
  };
  const reconciliation = {
    store: services.store,
    collections,
    tenantId: services.tenantId,
    now: services.now,
    logger,
    reconcileIntervalMs: config.RECONCILE_INTERVAL_MINUTES * 60_000,
    silenceMs: config.NOTIFICATION_SILENCE_MINUTES * 60_000,
  };
  logger.info({ notificationUrl }, 'Change notifications are on; the subscription follows the next sync.');
  return {
    ensureSubscription,
    reconcile: async (run) => {
      await recordReconciliation(reconciliation, run);
    },
    pollingDue: () => pollingDue(reconciliation),
    start: () => {
      timer ??= setInterval(tick, options.pollMs ?? 500);
    },
    stop: async () => {
      if (timer) clearInterval(timer);
      timer = null;
      await draining;
    },
  };
}
