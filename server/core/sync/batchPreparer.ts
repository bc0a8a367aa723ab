import { randomUUID } from 'node:crypto';
import { BSON } from 'mongodb';
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

/**
 * A journal entry's packed ops stay within this: MongoDB refuses a document over 16 MB (BSON Document Size, in the
 * manual's "MongoDB Limits and Thresholds"), and half of it leaves room for the entry's ids and a merged op's growth.
 */
export const JOURNAL_OPS_LIMIT_BYTES = 8 * 1024 * 1024;

/**
 * Gathered pages ready to write — as one batch, or as several when their ops would not fit one journal entry — and
 * the ids they store or create, so the batch prepared after them can count those as existing.
 */
export interface PreparedBatch {
  /** Written in this order, one at a time. */
  batches: PendingBatch[];
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
 * touched by many pages (a popular file, today's Teams figures) gets one op. Null when nothing is new. Ops that
 * would pack to more than `opsLimitBytes` (long citation URLs) are split over several batches.
 */
export async function prepareBatch(
  store: Store,
  tenantId: string,
  runId: string,
  now: Date,
  pages: readonly GatheredPage[],
  pending: PendingIds = { interactions: new Set(), conversations: new Set(), usages: new Set() },
  opsLimitBytes = JOURNAL_OPS_LIMIT_BYTES,
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

  const fresh = [...unique.values()];
  const conversationIds = new Map<string, ReturnType<typeof naturalId>>();
  const usageIds = new Map<string, ReturnType<typeof naturalId>>();
  for (const { user, mapped } of fresh) {
    for (const id of createdIds(tenantId, user, mapped))
      (id.kind === 'conversation' ? conversationIds : usageIds).set(id.hex, id.id);
  }
  const [conversations, usages] = await Promise.all([
    store.conversations.find({ _id: { $in: [...conversationIds.values()] } }, { projection: { _id: 1 } }).toArray(),
    usageIds.size
      ? store.dataSourceUsage.find({ _id: { $in: [...usageIds.values()] } }, { projection: { _id: 1 } }).toArray()
      : [],
  ]);
  const existing: Existing = {
    conversations: new Set([...conversations.map((c) => c._id.toHexString()), ...pending.conversations]),
    usages: new Set([...usages.map((u) => u._id.toHexString()), ...pending.usages]),
  };
  const batches = splitToFit(tenantId, fresh, existing, opsLimitBytes).map((part) =>
    pendingBatch(tenantId, runId, now, part),
  );
  return {
    batches,
    creates: {
      interactions: [...unique.keys()],
      conversations: [...conversationIds.keys()].filter((id) => !existing.conversations.has(id)),
      usages: [...usageIds.keys()].filter((id) => !existing.usages.has(id)),
    },
  };
}

type Fresh = { user: GraphUser; mapped: MappedInteraction };

/** Hex `_id`s of conversations and data-source usages that already exist (or a batch before this one creates). */
interface Existing {
  conversations: ReadonlySet<string>;
  usages: ReadonlySet<string>;
}

interface Part {
  items: Fresh[];
  ops: AggregateOp[];
}

/** The conversation and data-source usage records an interaction adds to (or creates). */
function createdIds(
  tenantId: string,
  user: GraphUser,
  mapped: MappedInteraction,
): { kind: 'conversation' | 'usage'; id: ReturnType<typeof naturalId>; hex: string }[] {
  const conversation = aggregateIds.conversation(tenantId, user.id, mapped.doc.sessionId);
  return [
    { kind: 'conversation', id: conversation, hex: conversation.toHexString() },
    ...mapped.dataSources.map((source) => {
      const usage = aggregateIds.dataSourceUsage(tenantId, source.key, user.id);
      return { kind: 'usage' as const, id: usage, hex: usage.toHexString() };
    }),
  ];
}

/** Every user's aggregate changes for these interactions, merged so a shared document gets one op. */
function opsFor(tenantId: string, items: readonly Fresh[], existing: Existing): AggregateOp[] {
  const byUser = new Map<string, { user: GraphUser; fresh: MappedInteraction[] }>();
  for (const { user, mapped } of items) {
    const group = byUser.get(user.id) ?? { user, fresh: [] };
    group.fresh.push(mapped);
    byUser.set(user.id, group);
  }
  return mergeOps(
    [...byUser.values()].flatMap(({ user, fresh }) =>
      buildAggregateOps({
        tenantId,
        user,
        interactions: fresh,
        existingConversations: existing.conversations,
        existingUsages: existing.usages,
      }),
    ),
  );
}

/**
 * The interactions in parts whose packed ops each stay within `limit` bytes: halves until they fit (one interaction
 * is never split). The second half counts what the first creates as existing, exactly as a later batch would; the
 * parts are written one after another, each journalled and applied on its own, so a crash leaves at most one of them
 * unfinished and recovery treats it like any batch.
 */
function splitToFit(tenantId: string, items: Fresh[], existing: Existing, limit: number): Part[] {
  const ops = opsFor(tenantId, items, existing);
  if (items.length === 1 || BSON.calculateObjectSize({ ops }) <= limit) return [{ items, ops }];
  const half = Math.ceil(items.length / 2);
  const first = items.slice(0, half);
  const after = { conversations: new Set(existing.conversations), usages: new Set(existing.usages) };
  for (const { user, mapped } of first) {
    for (const id of createdIds(tenantId, user, mapped))
      (id.kind === 'conversation' ? after.conversations : after.usages).add(id.hex);
  }
  return [...splitToFit(tenantId, first, existing, limit), ...splitToFit(tenantId, items.slice(half), after, limit)];
}

function pendingBatch(tenantId: string, runId: string, now: Date, part: Part): PendingBatch {
  const batchId = randomUUID().replace(/-/g, '');
  const interactions = part.items.map((item) => item.mapped.doc);
  return {
    entry: {
      _id: naturalId('syncBatch', batchId),
      batchId,
      tenantId,
      userIds: [...new Set(part.items.map((item) => item.user.id))],
      runId,
      createdAt: now,
      interactionIds: interactions.map((d) => d._id),
      opsBson: packOps(part.ops),
      opCount: part.ops.length,
    },
    interactions,
    ops: part.ops,
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
