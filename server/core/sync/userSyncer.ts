import { randomUUID } from 'node:crypto';
import type { GraphGateway, InteractionWindow } from '../../graph/GraphGateway';
import type { GraphUser } from '../../graph/types';
import type { PendingBatch } from './batchWriter';
import { naturalId } from '../../store/naturalId';
import type { Store } from '../../store/Store';
import { aggregateIds, buildAggregateOps } from './aggregateOps';
import { emptyBatchResult, type BatchResult, type BatchWriter } from './batchWriter';

import { mapInteraction, type MappedInteraction } from './interactionMapper';

export interface UserSyncResult extends BatchResult {
  fetched: number;
  pages: number;
}

export interface UserSyncDeps {
  store: Store;
  gateway: GraphGateway;
  writer: BatchWriter;
  tenantId: string;
  runId: string;
  now: () => Date;
}

/** The `_id` of a user's sync state (watermark). */
export const syncStateId = (tenantId: string, userId: string) => naturalId('syncState', tenantId, userId);

/**
 * Syncs one user's interactions in `window`: each page's new interactions are written as one batch, and the
 * watermark moves to `window.before` only after every page is durably written — so an interrupted user is
 * simply read again next time, and interactions already stored are recognised and skipped.
 */
export async function syncUser(
  deps: UserSyncDeps,
  user: GraphUser,
  window: InteractionWindow,
  onPage: (fetched: number) => void,
  signal?: AbortSignal,
): Promise<UserSyncResult> {
  const { store, tenantId } = deps;
  const total: UserSyncResult = { ...emptyBatchResult(), fetched: 0, pages: 0 };
  for await (const page of deps.gateway.listInteractions(user.id, window, signal)) {
    total.pages += 1;
    total.fetched += page.interactions.length;
    onPage(page.interactions.length);
    const syncedAt = deps.now();
    const unique = new Map<string, MappedInteraction>();
    for (const interaction of page.interactions) {
      const mapped = mapInteraction(tenantId, user.id, interaction, syncedAt);
      unique.set(mapped.doc._id.toHexString(), mapped);
    }
    const fresh = await withoutStored(store, [...unique.values()]);
    if (fresh.length === 0) continue;
    const batch = await prepareBatch(deps, user, fresh);
    add(total, await deps.writer.write(batch));
  }
  await store.syncState.updateOne(
    { _id: syncStateId(tenantId, user.id) },
    {
      $set: {
        watermark: window.before,
        lastSyncedAt: deps.now(),
        lastRunId: deps.runId,
        status: 'ok',
        lastError: null,
      },
      $setOnInsert: { tenantId, userId: user.id },
    },
    { upsert: true },
  );
  if (await store.users.findOne({ _id: aggregateIds.user(tenantId, user.id) }, { projection: { _id: 1 } })) {
    await store.directoryUsers.updateOne(
      { _id: naturalId('directoryUser', tenantId, user.id) },
      { $set: { hasActivity: true } },
    );
  }
  return total;
}

async function withoutStored(store: Store, mapped: MappedInteraction[]): Promise<MappedInteraction[]> {
  const ids = mapped.map((m) => m.doc._id);
  const stored = await store.interactions.find({ _id: { $in: ids } }, { projection: { _id: 1 } }).toArray();
  const known = new Set(stored.map((d) => d._id.toHexString()));
  return mapped.filter((m) => !known.has(m.doc._id.toHexString()));
}

async function prepareBatch(deps: UserSyncDeps, user: GraphUser, fresh: MappedInteraction[]): Promise<PendingBatch> {
  const { store, tenantId } = deps;
  const conversationIds = [...new Set(fresh.map((m) => m.doc.sessionId))].map((s) =>
    aggregateIds.conversation(tenantId, user.id, s),
  );
  const usageIds = [...new Set(fresh.flatMap((m) => m.dataSources.map((s) => s.key)))].map((k) =>
    aggregateIds.dataSourceUsage(tenantId, k, user.id),
  );
  const [conversations, usages] = await Promise.all([
    store.conversations.find({ _id: { $in: conversationIds } }, { projection: { _id: 1 } }).toArray(),
    usageIds.length ? store.dataSourceUsage.find({ _id: { $in: usageIds } }, { projection: { _id: 1 } }).toArray() : [],
  ]);
  const ops = buildAggregateOps({
    tenantId,
    user,
    interactions: fresh,
    existingConversations: new Set(conversations.map((c) => c._id.toHexString())),
    existingUsages: new Set(usages.map((u) => u._id.toHexString())),
  });
  const batchId = randomUUID().replace(/-/g, '');
  return {
    entry: {
      _id: naturalId('syncBatch', batchId),
      batchId,
      tenantId,
      userId: user.id,
      runId: deps.runId,
      createdAt: deps.now(),
      interactionIds: fresh.map((m) => m.doc._id),
      ops,
    },
    interactions: fresh.map((m) => m.doc),
  };
}

function add(total: UserSyncResult, result: BatchResult): void {
  total.interactionsNew += result.interactionsNew;
  total.conversationsNew += result.conversationsNew;
  total.agentsNew += result.agentsNew;
  total.dataSourcesNew += result.dataSourcesNew;
  total.usersNew += result.usersNew;
}
