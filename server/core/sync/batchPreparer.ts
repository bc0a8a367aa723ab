import { randomUUID } from 'node:crypto';
import type { GraphUser } from '../../graph/types';
import type { AggregateOp } from '../../store/documents';
import { naturalId } from '../../store/naturalId';
import type { Store } from '../../store/Store';
import { aggregateIds, buildAggregateOps } from './aggregateOps';
import { packOps, type PendingBatch } from './batchWriter';
import type { MappedInteraction } from './interactionMapper';

/** Pages of several users gathered for one write. */
export interface GatheredPage {
  user: GraphUser;
  interactions: MappedInteraction[];
}

/** Hex ids that batches prepared but not yet written will store (interactions) or create (the rest). */
export interface PendingIds {
  interactions: Set<string>;
  conversations: Set<string>;
  usages: Set<string>;
}

/** A batch and the ids it stores or creates, so the batch prepared after it can count them as existing. */
export interface PreparedBatch {
  batch: PendingBatch;
  creates: { interactions: string[]; conversations: string[]; usages: string[] };
}

/** Adds a prepared batch's ids to the pending set, or removes them once it is written (or failed). */
export function trackPending(pending: PendingIds, prepared: PreparedBatch, action: 'add' | 'delete'): void {
  for (const id of prepared.creates.interactions) pending.interactions[action](id);
  for (const id of prepared.creates.conversations) pending.conversations[action](id);
  for (const id of prepared.creates.usages) pending.usages[action](id);
}

/**
 * Turns gathered pages into one batch: drops interactions already stored (or repeated across pages), checks
 * which conversations and data-source usages exist, and merges every user's aggregate changes so a document
 * touched by many pages (a popular file, today's Teams figures) gets one op. Null when nothing is new.
 */
export async function prepareBatch(
  store: Store,
  tenantId: string,
  runId: string,
  now: Date,
  pages: readonly GatheredPage[],
  pending: PendingIds = { interactions: new Set(), conversations: new Set(), usages: new Set() },
): Promise<PreparedBatch | null> {
  const unique = new Map<string, { user: GraphUser; mapped: MappedInteraction }>();
  for (const page of pages) {
    for (const mapped of page.interactions) unique.set(mapped.doc._id.toHexString(), { user: page.user, mapped });
  }
  if (unique.size === 0) return null;
  const stored = await store.interactions
    .find({ _id: { $in: [...unique.values()].map((u) => u.mapped.doc._id) } }, { projection: { _id: 1 } })
    .toArray();
  for (const doc of stored) unique.delete(doc._id.toHexString());
  for (const id of pending.interactions) unique.delete(id);
  if (unique.size === 0) return null;

  const byUser = new Map<string, { user: GraphUser; fresh: MappedInteraction[] }>();
  for (const { user, mapped } of unique.values()) {
    const group = byUser.get(user.id) ?? { user, fresh: [] };
    group.fresh.push(mapped);
    byUser.set(user.id, group);
  }
  const conversationIds = new Map<string, ReturnType<typeof naturalId>>();
  const usageIds = new Map<string, ReturnType<typeof naturalId>>();
  for (const { user, fresh } of byUser.values()) {
    for (const m of fresh) {
      const c = aggregateIds.conversation(tenantId, user.id, m.doc.sessionId);
      conversationIds.set(c.toHexString(), c);
      for (const source of m.dataSources) {
        const u = aggregateIds.dataSourceUsage(tenantId, source.key, user.id);
        usageIds.set(u.toHexString(), u);
      }
    }
  }
  const [conversations, usages] = await Promise.all([
    store.conversations.find({ _id: { $in: [...conversationIds.values()] } }, { projection: { _id: 1 } }).toArray(),
    usageIds.size
      ? store.dataSourceUsage.find({ _id: { $in: [...usageIds.values()] } }, { projection: { _id: 1 } }).toArray()
      : [],
  ]);
  const existingConversations = new Set([...conversations.map((c) => c._id.toHexString()), ...pending.conversations]);
  const existingUsages = new Set([...usages.map((u) => u._id.toHexString()), ...pending.usages]);
  const ops = mergeOps(
    [...byUser.values()].flatMap(({ user, fresh }) =>
      buildAggregateOps({ tenantId, user, interactions: fresh, existingConversations, existingUsages }),
    ),
  );
  const batchId = randomUUID().replace(/-/g, '');
  const interactions = [...unique.values()].map((u) => u.mapped.doc);
  const batch: PendingBatch = {
    entry: {
      _id: naturalId('syncBatch', batchId),
      batchId,
      tenantId,
      userIds: [...byUser.keys()],
      runId,
      createdAt: now,
      interactionIds: interactions.map((d) => d._id),
      opsBson: packOps(ops),
      opCount: ops.length,
    },
    interactions,
    ops,
  };
  return {
    batch,
    creates: {
      interactions: [...unique.keys()],
      conversations: [...conversationIds.keys()].filter((id) => !existingConversations.has(id)),
      usages: [...usageIds.keys()].filter((id) => !existingUsages.has(id)),
    },
  };
}

/** Merges ops on the same document: counts add up, spans widen, sets unite, later profile fields win. */
export function mergeOps(ops: readonly AggregateOp[]): AggregateOp[] {
  const merged = new Map<string, AggregateOp>();
  for (const op of ops) {
    const key = `${op.collection}:${op._id.toHexString()}`;
    const into = merged.get(key);
    if (!into) {
      merged.set(key, {
        ...op,
        inc: { ...op.inc },
        min: { ...op.min },
        max: { ...op.max },
        addToSet: cloneSets(op.addToSet),
        set: { ...op.set },
      });
      continue;
    }
    for (const [field, n] of Object.entries(op.inc)) into.inc[field] = (into.inc[field] ?? 0) + n;
    for (const [field, at] of Object.entries(op.min))
      if (!into.min[field] || at < into.min[field]!) into.min[field] = at;
    for (const [field, at] of Object.entries(op.max))
      if (!into.max[field] || at > into.max[field]!) into.max[field] = at;
    for (const [field, values] of Object.entries(op.addToSet)) {
      const list = (into.addToSet[field] ??= []);
      for (const value of values) if (!list.includes(value)) list.push(value);
    }
    Object.assign(into.set, op.set);
  }
  return [...merged.values()];
}

function cloneSets(sets: Record<string, unknown[]>): Record<string, unknown[]> {
  return Object.fromEntries(Object.entries(sets).map(([field, values]) => [field, [...values]]));
}
