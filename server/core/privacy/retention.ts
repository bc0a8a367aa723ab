import { ObjectId } from 'mongodb';
import type { Logger } from '../../logger';
import type { RetentionRunDoc } from '../../store/documents';
import type { Store } from '../../store/Store';

const DAY_MS = 86_400_000;

/** How long each kind of data is kept, in days (validated in config.ts). */
export interface RetentionSettings {
  /** Prompt and response text (bodies, attachments, mentions). */
  textDays: number;
  /** Interactions and conversations themselves; aggregates (per day, user, app, source) keep their counts. */
  metadataDays: number;
  /** The access log. */
  accessLogDays: number;
  /** Sync runs and summary deliveries. */
  operationalDays: number;
}

/** A pass runs at most this often (after syncs, so a busy schedule does not repeat it). */
export const RETENTION_EVERY_MS = 20 * 60 * 60 * 1000;

/**
 * Applies the retention periods once: text older than `textDays` is removed from interactions (the record of what
 * happened stays), interactions and conversations older than `metadataDays` are deleted, the access log and the
 * operational records after their own periods. Counts in the aggregates are left as they are, so every figure over
 * an old range keeps its value. Each pass is recorded (`retentionRuns`); text is removed from the previous pass's
 * cut-off on, so a pass reads only what aged since.
 */
export async function applyRetention(
  store: Store,
  tenantId: string,
  settings: RetentionSettings,
  now: Date,
  logger: Logger,
): Promise<RetentionRunDoc> {
  const before = (days: number) => new Date(now.getTime() - days * DAY_MS);
  const run: RetentionRunDoc = {
    _id: new ObjectId(),
    tenantId,
    at: now,
    textCutoff: before(settings.textDays),
    metadataCutoff: before(settings.metadataDays),
    accessLogCutoff: before(settings.accessLogDays),
    operationalCutoff: before(settings.operationalDays),
    counts: {},
  };
  const previous = await lastRetentionRun(store, tenantId);
  const textFrom = previous && previous.textCutoff <= run.textCutoff ? previous.textCutoff : null;
  const aged = { $lt: run.textCutoff, ...(textFrom ? { $gte: textFrom } : {}) };
  run.counts.textRemoved = (
    await store.interactions.updateMany(
      { tenantId, createdAt: aged, textRemovedAt: { $exists: false } },
      { $set: { body: null, attachments: [], mentions: [], textRemovedAt: now } },
    )
  ).modifiedCount;
  run.counts.interactionsDeleted = (
    await store.interactions.deleteMany({ tenantId, createdAt: { $lt: run.metadataCutoff } })
  ).deletedCount;
  run.counts.conversationsDeleted = (
    await store.conversations.deleteMany({ tenantId, lastAt: { $lt: run.metadataCutoff } })
  ).deletedCount;
  run.counts.accessLogDeleted = (
    await store.accessLog.deleteMany({ tenantId, at: { $lt: run.accessLogCutoff } })
  ).deletedCount;
  run.counts.syncRunsDeleted = (
    await store.syncRuns.deleteMany({ tenantId, status: { $ne: 'running' }, startedAt: { $lt: run.operationalCutoff } })
  ).deletedCount;
  run.counts.summaryDeliveriesDeleted = (
    await store.summaryDeliveries.deleteMany({ tenantId, claimedAt: { $lt: run.operationalCutoff } })
  ).deletedCount;
  run.counts.retentionRunsDeleted = (
    await store.retentionRuns.deleteMany({ tenantId, at: { $lt: run.operationalCutoff } })
  ).deletedCount;
  await store.retentionRuns.insertOne(run);
  logger.info({ ...run.counts, textCutoff: run.textCutoff }, 'Retention applied.');
  return run;
}

/** The latest retention pass, if any. */
export function lastRetentionRun(store: Store, tenantId: string): Promise<RetentionRunDoc | null> {
  return store.retentionRuns.findOne({ tenantId }, { sort: { at: -1 } });
}

/** Applies retention unless a pass ran within RETENTION_EVERY_MS; answers the pass it made, or null. */
export async function applyRetentionIfDue(
  store: Store,
  tenantId: string,
  settings: RetentionSettings,
  now: Date,
  logger: Logger,
): Promise<RetentionRunDoc | null> {
  const last = await lastRetentionRun(store, tenantId);
  if (last && now.getTime() - last.at.getTime() < RETENTION_EVERY_MS) return null;
  return applyRetention(store, tenantId, settings, now, logger);
}

/** The retention periods a configuration sets. */
export function retentionSettingsOf(config: {
  RETENTION_DAYS: number;
  METADATA_RETENTION_DAYS: number;
  ACCESS_LOG_RETENTION_DAYS: number;
  OPERATIONAL_RETENTION_DAYS: number;
}): RetentionSettings {
  return {
    textDays: config.RETENTION_DAYS,
    metadataDays: config.METADATA_RETENTION_DAYS,
    accessLogDays: config.ACCESS_LOG_RETENTION_DAYS,
    operationalDays: config.OPERATIONAL_RETENTION_DAYS,
  };
}
