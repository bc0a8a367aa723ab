import { randomBytes, randomUUID } from 'node:crypto';
import type { AiInteraction, GraphUser } from '../../graph/types';
import { componentLogger, type Logger } from '../../logger';
import type { DirectoryUserDoc } from '../../store/documents';
import { naturalId } from '../../store/naturalId';
import type { NotificationQueueDoc, RealtimeCollections } from '../../store/realtimeCollections';
import type { Store } from '../../store/Store';
import { createRiskScanner, type InteractionScanner } from '../risk/riskScanner';
import { prepareBatch, type GatheredPage } from '../sync/batchPreparer';
import { BatchWriter } from '../sync/batchWriter';
import { markActive } from '../sync/markActive';
import { mapInteraction } from '../sync/interactionMapper';
import { SyncLease, thisProcess } from '../sync/syncLease';
import { applyDeletedNotification, applyUpdate, type ChangeDeps } from './interactionChanges';
import { interactionKey, latestVersions } from './latestVersions';
import { subscriptionStateId } from './notificationIntake';

export interface NotificationWorkerDeps {
  store: Store;
  collections: RealtimeCollections;
  tenantId: string;
  now: () => Date;
  logger: Logger;
  /** As the sync's; unset: a random key per process (hashes then group per process). */
  riskHashKey?: Buffer;
  instanceId: string;
  /** A `missed` lifecycle event: Graph dropped notifications, so sweep the watermarks now. */
  onMissed: () => Promise<void>;
  /** `subscriptionRemoved` / `reauthorizationRequired`: the subscription manager should act now. */
  onSubscriptionChanged?: () => Promise<void>;
}

/** What one drain did. */
export interface DrainResult {
  busy: boolean;
  stored: number;
  /** Stored interactions replaced by a newer version (`updated`). */
  updated: number;
  /** Stored interactions removed (`deleted`). */
  deleted: number;
  deferred: number;
  lifecycle: number;
}

const BATCH = 500;
/** A response waits this many drains for its prompt (to learn whose it is); then the polling pass takes it. */
const MAX_ATTEMPTS = 5;
/** Claimed but unfinished for this long: the process that claimed it died; take it again. */
const STALE_CLAIM_MS = 60_000;
const LEASE_TTL_MS = 60_000;

/**
 * Drains the durable notification queue through the sync's own pipeline: the same mapper, batch preparation
 * (which drops what is already stored), journal and risk scan as a polled page. It holds the tenant's sync lease
 * while writing, because the journal's guards assume one writer at a time; while a sync runs, the queue waits.
 */
export class NotificationWorker {
  private readonly lease: SyncLease;
  private readonly riskHashKey: Buffer;
  private scanner: InteractionScanner | null = null;

  constructor(private readonly deps: NotificationWorkerDeps) {
    this.riskHashKey = deps.riskHashKey ?? randomBytes(32);
    this.lease = new SyncLease(deps.store, deps.tenantId, thisProcess(deps.instanceId), LEASE_TTL_MS, deps.now);
  }

  async drain(): Promise<DrainResult> {
    const result: DrainResult = { busy: false, stored: 0, updated: 0, deleted: 0, deferred: 0, lifecycle: 0 };
    const claim = await this.lease.acquire();
    if (!claim.acquired) return { ...result, busy: true };
    let missed = false;
    try {
      for (;;) {
        const items = await this.claim();
        if (items.length === 0) break;
        const lifecycle = items.filter((i) => i.kind === 'lifecycle');
        const changes = items.filter((i) => i.kind === 'change');
        await this.applyChanges(changes, result);
        for (const item of lifecycle) missed = (await this.applyLifecycle(item)) || missed;
        result.lifecycle += lifecycle.length;
        if (items.length < BATCH) break;
        await this.lease.renew();
      }
    } finally {
      await this.lease.release();
    }
    // After the lease is released: the sweep it asks for takes the same lease.
    if (missed) await this.deps.onMissed();
    if (result.stored + result.updated + result.deleted + result.lifecycle > 0)
      this.deps.logger.info(result, 'Notification queue drained.');
    return result;
  }

  private async claim(): Promise<NotificationQueueDoc[]> {
    const { collections, tenantId, now } = this.deps;
    const stale = new Date(now().getTime() - STALE_CLAIM_MS);
    const items = await collections.queue
      .find({
        tenantId,
        $or: [{ status: 'pending' }, { status: 'processing', claimedAt: { $lt: stale } }],
      })
      .sort({ receivedAt: 1 })
      .limit(BATCH)
      .toArray();
    if (items.length > 0)
      await collections.queue.updateMany(
        { _id: { $in: items.map((i) => i._id) } },
        { $set: { status: 'processing', claimedAt: now() }, $inc: { attempts: 1 } },
      );
    return items.map((i) => ({ ...i, attempts: i.attempts + 1 }));
  }

  private async applyChanges(items: NotificationQueueDoc[], result: DrainResult): Promise<void> {
    const { store, tenantId, now, logger } = this.deps;
    const { latest: live, superseded } = latestVersions(
      items.filter((i) => i.changeType !== 'deleted' && i.interaction),
    );
    await this.settle(superseded, 'done', 'Superseded by a later notification of the same interaction.');
    const owners = await this.owners(live.map((i) => i.interaction!));
    const pages = new Map<string, GatheredPage>();
    const placed: NotificationQueueDoc[] = [];
    const waiting: NotificationQueueDoc[] = [];
    const syncedAt = now();
    const changes = this.changeDeps();
    const mapped = live.map((item) => {
      const user = owners.get(interactionKey(item.interaction!));
      return { item, user, m: user ? mapInteraction(tenantId, user.id, item.interaction!, syncedAt) : null };
    });
    // Graph deleted some before we could store them: they stay deleted.
    const deletedIds = mapped.flatMap(({ m }) => (m ? [m.doc._id] : []));
    const tombstoned = new Set(
      (
        await this.deps.collections.tombstones.find({ _id: { $in: deletedIds } }, { projection: { _id: 1 } }).toArray()
      ).map((t) => t._id.toHexString()),
    );
    for (const { item, user, m } of mapped) {
      if (!user || !m) {
        waiting.push(item);
        continue;
      }
      placed.push(item);
      if (tombstoned.has(m.doc._id.toHexString())) continue;
      const stored = item.changeType === 'updated' ? await store.interactions.findOne({ _id: m.doc._id }) : null;
      if (stored) {
        if (await applyUpdate(changes, stored, m)) result.updated += 1;
        continue;
      }
      const page = pages.get(user.id) ?? { user, interactions: [] };
      page.interactions.push(m);
      pages.set(user.id, page);
    }
    if (pages.size > 0) {
      const writer = new BatchWriter(store, logger, changes.risk);
      await writer.recover(tenantId);
      const prepared = await prepareBatch(store, tenantId, `realtime-${randomUUID()}`, syncedAt, [...pages.values()]);
      for (const batch of prepared?.batches ?? []) result.stored += (await writer.write(batch)).interactionsNew;
      // A licence holder's first use may come this way, before any sync run completes them.
      await markActive(store, tenantId, [...pages.keys()]);
    }
    await this.settle(placed, 'done', null);
    await this.recordLag(placed, syncedAt);
    const giveUp = waiting.filter((i) => i.attempts >= MAX_ATTEMPTS);
    await this.settle(giveUp, 'skipped', 'Owner unknown; the polling pass stores it.');
    await this.settle(
      waiting.filter((i) => i.attempts < MAX_ATTEMPTS),
      'pending',
      'Waiting for the prompt of this answer (to know whose it is).',
    );
    result.deferred += waiting.length;
    // After the creations of the same drain, so created-then-deleted ends deleted.
    for (const item of items.filter((i) => i.changeType === 'deleted')) await this.applyDeleted(item, result);
  }

  private async applyDeleted(item: NotificationQueueDoc, result: DrainResult): Promise<void> {
    const resourceId = item.interaction?.id ?? item.resourceId;
    if (!resourceId) return this.settle([item], 'skipped', 'A deleted notification without an interaction id.');
    const outcome = await applyDeletedNotification(this.changeDeps(), item.interaction, resourceId);
    if (outcome === 'removed') result.deleted += 1;
    const notes = {
      removed: null,
      notStored: 'Deleted before it was stored; a tombstone keeps it from being stored later.',
      ambiguous: 'Two users hold this Graph id and the notification does not say whose; left to retention.',
    };
    await this.settle([item], outcome === 'ambiguous' ? 'skipped' : 'done', notes[outcome]);
  }

  /** Notification lag per stored item: Graph's createdDateTime to the moment it was stored (the Sync view's figure). */
  private async recordLag(items: NotificationQueueDoc[], storedAt: Date): Promise<void> {
    const created = items.filter((i) => i.changeType === 'created' && i.interaction);
    if (created.length === 0) return;
    await this.deps.collections.queue.bulkWrite(
      created.map((i) => ({
        updateOne: {
          filter: { _id: i._id },
          update: { $set: { lagMs: Math.max(0, storedAt.getTime() - Date.parse(i.interaction!.createdDateTime)) } },
        },
      })),
      { ordered: false },
    );
  }

  private changeDeps(): ChangeDeps {
    const { store, collections, tenantId, now } = this.deps;
    this.scanner ??= this.risk();
    return { store, collections, tenantId, now, risk: this.scanner };
  }

  /**
   * Whose interaction each is, as a directory user: a prompt is from its user; an answer belongs to the user of
   * the prompt with its requestId (in this drain, or already stored). Unknown users wait for the directory sync.
   */
  private async owners(interactions: AiInteraction[]): Promise<Map<string, GraphUser>> {
    const { store, tenantId } = this.deps;
    const byRequest = new Map<string, string>();
    for (const i of interactions)
      if (i.interactionType === 'userPrompt' && i.from.user?.id && i.requestId)
        byRequest.set(i.requestId, i.from.user.id);
    const userOf = new Map<string, string>();
    for (const i of interactions) {
      let userId =
        i.interactionType === 'userPrompt' ? i.from.user?.id : i.requestId ? byRequest.get(i.requestId) : undefined;
      if (!userId && i.requestId) {
        const prompt = await store.interactions.findOne(
          { tenantId, sessionId: i.sessionId, requestId: i.requestId, interactionType: 'userPrompt' },
          { projection: { userId: 1 } },
        );
        userId = prompt?.userId;
      }
      if (userId) userOf.set(interactionKey(i), userId);
    }
    const ids = [...new Set(userOf.values())];
    const directory = await store.directoryUsers
      .find({ _id: { $in: ids.map((id) => naturalId('directoryUser', tenantId, id)) } })
      .toArray();
    const users = new Map(directory.map((d) => [d.userId, toGraphUser(d)]));
    const owners = new Map<string, GraphUser>();
    for (const [key, userId] of userOf) {
      const user = users.get(userId);
      if (user) owners.set(key, user);
    }
    return owners;
  }

  /** Applies a lifecycle event; true for `missed` (the caller asks for a sweep once the lease is released). */
  private async applyLifecycle(item: NotificationQueueDoc): Promise<boolean> {
    const { collections, tenantId, logger } = this.deps;
    const event = item.lifecycleEvent;
    logger.info({ event }, 'Subscription lifecycle event.');
    if (event === 'subscriptionRemoved' || event === 'reauthorizationRequired') {
      await collections.subscriptions.updateOne(
        { _id: subscriptionStateId(tenantId) },
        { $set: { status: event === 'subscriptionRemoved' ? 'removed' : 'reauthorizationRequired' } },
      );
      await this.deps.onSubscriptionChanged?.();
    }
    await this.settle([item], 'done', null);
    return event === 'missed';
  }

  private async settle(
    items: NotificationQueueDoc[],
    status: NotificationQueueDoc['status'],
    note: string | null,
  ): Promise<void> {
    if (items.length === 0) return;
    await this.deps.collections.queue.updateMany(
      { _id: { $in: items.map((i) => i._id) } },
      status === 'pending'
        ? { $set: { status, note, processedAt: null } }
        : // Settled: the text (secrets unmasked) leaves the queue; the entry stays until its TTL to recognise redeliveries.
          { $set: { status, note, processedAt: this.deps.now(), interaction: null } },
    );
  }

  private risk() {
    const { store, now, logger } = this.deps;
    return createRiskScanner({ store, hashKey: this.riskHashKey, now, logger: componentLogger(logger, 'risk') });
  }
}

function toGraphUser(d: DirectoryUserDoc): GraphUser {
  const { displayName, userPrincipalName, mail, department, jobTitle, officeLocation } = d;
  return {
    id: d.userId,
    ...{ displayName, userPrincipalName, mail, department, jobTitle, officeLocation },
    accountEnabled: d.accountEnabled,
    assignedLicenses: [],
  };
}
