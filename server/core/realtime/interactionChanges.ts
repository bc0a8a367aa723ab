import { createHash } from 'node:crypto';
import type { AnyBulkWriteOperation, Collection, Document } from 'mongodb';
import type { AiInteraction, GraphUser } from '../../graph/types';
import type { AggregateCollection, AggregateOp, InteractionDoc } from '../../store/documents';
import type { CountChange, InteractionTombstoneDoc, RealtimeCollections } from '../../store/realtimeCollections';
import type { Store } from '../../store/Store';
import type { InteractionScanner } from '../risk/riskScanner';
import { siteOfKey } from '../dataSourceSite';
import { aggregateIds, buildAggregateOps } from '../sync/aggregateOps';
import { interactionId, type MappedInteraction } from '../sync/interactionMapper';

export interface ChangeDeps {
  store: Store;
  collections: RealtimeCollections;
  tenantId: string;
  now: () => Date;
  risk: InteractionScanner;
}

/**
 * The counters one stored interaction added to the aggregates, as buildAggregateOps computed them when it was
 * stored (the same function, so a field added there is undone here too). Its conversation and data-source usages
 * count as existing, so conversation and user counts are not part of it: a session or source stays counted once
 * seen, even if the interaction that first showed it is deleted.
 */
export function countsOf(doc: InteractionDoc, dataSourceKeys: readonly string[] = doc.dataSourceKeys): CountChange[] {
  const { tenantId, userId } = doc;
  const ops = buildAggregateOps({
    tenantId,
    user: { id: userId } as GraphUser,
    interactions: [{ doc, dataSources: dataSourceKeys.map((key) => ({ key })) } as MappedInteraction],
    existingConversations: new Set([aggregateIds.conversation(tenantId, userId, doc.sessionId).toHexString()]),
    existingUsages: new Set(dataSourceKeys.map((k) => aggregateIds.dataSourceUsage(tenantId, k, userId).toHexString())),
  });
  return ops
    .map((op) => ({ collection: op.collection, _id: op._id, inc: Object.entries(op.inc) }))
    .filter((c) => c.inc.length > 0);
}

/** `after - before`, per document and field; zero deltas dropped. */
export function countDelta(before: CountChange[], after: CountChange[]): CountChange[] {
  const merged = new Map<string, CountChange>();
  const add = (changes: CountChange[], sign: number) => {
    for (const c of changes) {
      const key = `${c.collection}:${c._id.toHexString()}`;
      const into = merged.get(key) ?? { collection: c.collection, _id: c._id, inc: [] };
      for (const [field, n] of c.inc) {
        const at = into.inc.findIndex(([f]) => f === field);
        if (at < 0) into.inc.push([field, sign * n]);
        else into.inc[at] = [field, into.inc[at]![1] + sign * n];
      }
      merged.set(key, into);
    }
  };
  add(after, 1);
  add(before, -1);
  return [...merged.values()]
    .map((c) => ({ ...c, inc: c.inc.filter(([, n]) => n !== 0) }))
    .filter((c) => c.inc.length > 0);
}

/**
 * Applies counter changes exactly once under `marker` (a field `realtimeApplied.<marker>` on each document: a retry
 * after a crash skips the documents already changed). Call clearMarker once the change is recorded as done.
 */
export async function applyCountsOnce(store: Store, changes: CountChange[], marker: string): Promise<void> {
  for (const [collection, list] of byCollection(changes)) {
    const writes: AnyBulkWriteOperation<Document>[] = list.map((c) => ({
      updateOne: {
        filter: { _id: c._id, [`realtimeApplied.${marker}`]: { $exists: false } },
        update: { $inc: Object.fromEntries(c.inc), $set: { [`realtimeApplied.${marker}`]: true } },
      },
    }));
    await (store[collection] as unknown as Collection<Document>).bulkWrite(writes, { ordered: false });
  }
}

/** Removes the markers applyCountsOnce left (after the change is recorded as done, so a retry cannot re-apply). */
export async function clearMarker(store: Store, changes: CountChange[], marker: string): Promise<void> {
  for (const [collection, list] of byCollection(changes))
    await (store[collection] as unknown as Collection<Document>).updateMany(
      { _id: { $in: list.map((c) => c._id) } },
      { $unset: { [`realtimeApplied.${marker}`]: '' } },
    );
}

function byCollection(changes: CountChange[]): Map<AggregateCollection, CountChange[]> {
  const map = new Map<AggregateCollection, CountChange[]>();
  for (const c of changes) map.set(c.collection, [...(map.get(c.collection) ?? []), c]);
  return map;
}

const markerOf = (...parts: string[]) => createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 24);

/**
 * What deleting a stored interaction takes back: its counters and, where it was the last interaction of its session
 * (or the user's last reference to a data source), the conversation (the source user) it alone made count. Read
 * from the aggregates before anything changes, and kept in the tombstone, so a retry applies the same thing.
 */
async function deletionCounts(store: Store, doc: InteractionDoc): Promise<CountChange[]> {
  const { tenantId, userId } = doc;
  const changes = countDelta(countsOf(doc), []);
  const conversation = await store.conversations.findOne(
    { _id: aggregateIds.conversation(tenantId, userId, doc.sessionId) },
    { projection: { interactionCount: 1 } },
  );
  if (conversation && conversation.interactionCount <= 1) {
    const lastOne: [string, number][] = [['conversationCount', -1]];
    changes.push({ collection: 'agents', _id: aggregateIds.agent(tenantId, userId, doc.appKey), inc: lastOne });
    changes.push({ collection: 'users', _id: aggregateIds.user(tenantId, userId), inc: lastOne });
  }
  for (const key of new Set(doc.dataSourceKeys)) {
    const usage = await store.dataSourceUsage.findOne(
      { _id: aggregateIds.dataSourceUsage(tenantId, key, userId) },
      { projection: { referenceCount: 1 } },
    );
    const mine = doc.dataSourceKeys.filter((k) => k === key).length;
    if (usage && usage.referenceCount <= mine)
      changes.push({
        collection: 'dataSources',
        _id: aggregateIds.dataSource(tenantId, key),
        inc: [['userCount', -1]],
      });
  }
  return countDelta([], changes);
}

/** The counter each aggregate is "empty" at: a document left at zero is removed, as if it had never been made. */
const EMPTY_AT: Record<AggregateCollection, string> = {
  conversations: 'interactionCount',
  agents: 'interactionCount',
  users: 'interactionCount',
  dailyActivity: 'interactionCount',
  dailyUserActivity: 'interactionCount',
  dataSources: 'referenceCount',
  dataSourceUsage: 'referenceCount',
  siteActivity: 'referenceCount',
  sourceMonths: 'referenceCount',
  dayTotals: 'interactionCount',
};

/** Removes the documents among `changes` left at zero, as if they had never been made. */
async function dropEmptied(store: Store, changes: CountChange[]): Promise<void> {
  for (const [collection, list] of byCollection(changes))
    await (store[collection] as unknown as Collection<Document>).deleteMany({
      _id: { $in: list.map((c) => c._id) },
      [EMPTY_AT[collection]]: { $lte: 0 },
    });
}

/** After a deletion: documents it emptied go; its conversation's first and last times come from what remains. */
async function tidyAfterDeletion(store: Store, tombstone: InteractionTombstoneDoc): Promise<void> {
  await dropEmptied(store, tombstone.counts);
  const { tenantId, userId, sessionId } = tombstone;
  if (!userId || !sessionId) return;
  const remaining = store.interactions.find({ tenantId, sessionId, userId }, { projection: { createdAt: 1 } });
  const times = (await remaining.toArray()).map((i) => i.createdAt.getTime());
  if (times.length === 0) return;
  await store.conversations.updateOne(
    { _id: aggregateIds.conversation(tenantId, userId, sessionId) },
    { $set: { firstAt: new Date(Math.min(...times)), lastAt: new Date(Math.max(...times)) } },
  );
}

/**
 * Graph deleted an interaction: a tombstone records what was deleted and when (no text), the counters it added are
 * taken back, then the stored interaction (its text) is removed, and aggregates it alone made exist go too. Each
 * step is idempotent and the tombstone says whether the counters were corrected, so a crash at any point is finished
 * by processing the notification again. Returns whether a stored interaction was removed now.
 */
export async function applyDeletion(
  deps: ChangeDeps,
  target: { _id: InteractionDoc['_id']; userId: string | null; graphId: string },
): Promise<boolean> {
  const { store, collections, tenantId, now } = deps;
  let kept = await collections.tombstones.findOne({ _id: target._id });
  if (!kept) {
    const stored = await store.interactions.findOne({ _id: target._id });
    const tombstone: InteractionTombstoneDoc = {
      _id: target._id,
      tenantId,
      userId: stored?.userId ?? target.userId,
      graphId: target.graphId,
      sessionId: stored?.sessionId ?? null,
      interactionType: stored?.interactionType ?? null,
      appKey: stored?.appKey ?? null,
      createdAt: stored?.createdAt ?? null,
      deletedAt: now(),
      wasStored: stored !== null,
      counts: stored ? await deletionCounts(store, stored) : [],
      countsCorrectedAt: stored ? null : now(),
    };
    await collections.tombstones.updateOne({ _id: target._id }, { $setOnInsert: tombstone }, { upsert: true });
    kept = (await collections.tombstones.findOne({ _id: target._id }))!;
  }
  if (kept.countsCorrectedAt) {
    await store.interactions.deleteOne({ _id: target._id });
    return false;
  }
  const marker = markerOf('deleted', target._id.toHexString());
  await applyCountsOnce(store, kept.counts, marker);
  const removed = (await store.interactions.deleteOne({ _id: target._id })).deletedCount > 0;
  await collections.tombstones.updateOne({ _id: target._id }, { $set: { countsCorrectedAt: now() } });
  await clearMarker(store, kept.counts, marker);
  await tidyAfterDeletion(store, kept);
  return removed;
}

/** The aggregates of a data source: the source, one user's use of it, its site, its month. */
const SOURCE_AGGREGATES: ReadonlySet<AggregateCollection> = new Set([
  'dataSources',
  'dataSourceUsage',
  'siteActivity',
  'sourceMonths',
]);

/** What an edit changes in data sources beyond their reference counts (see sourceEdits). */
interface SourceEdits {
  /** The sync's ops for the sources the new version cites and the old did not (their documents and sets). */
  added: AggregateOp[];
  /** Sources' user counts: +1 where this user now cites one they cited nowhere, -1 where they no longer cite it. */
  userCounts: CountChange[];
  /** Sources the old version cited and the new does not: their documents are removed if left at zero. */
  removed: CountChange[];
}

/**
 * How an edit that cites other data sources changes them, as a sync storing the new version would have: a source no
 * stored interaction cited is created with the sync's own ops (buildAggregateOps, so its fields are the sync's), and
 * its user count follows whether this user cites it anywhere else. Read before anything changes. A retry after a
 * crash may read usages the first attempt changed, but the user counts they decide sit on the source documents,
 * which applyCountsOnce writes before the usages (collection by collection, in the order buildAggregateOps lists
 * them: a source before its usage), so those already carry the marker and are skipped.
 */
async function sourceEdits(store: Store, stored: InteractionDoc, next: MappedInteraction): Promise<SourceEdits> {
  const { tenantId, userId } = stored;
  const addedSources = next.dataSources.filter((s) => !stored.dataSourceKeys.includes(s.key));
  const removedKeys = [...new Set(stored.dataSourceKeys.filter((k) => !next.doc.dataSourceKeys.includes(k)))];
  const added =
    addedSources.length === 0
      ? []
      : buildAggregateOps({
          tenantId,
          user: { id: userId } as GraphUser,
          interactions: [{ doc: next.doc, dataSources: addedSources }],
          existingConversations: new Set([aggregateIds.conversation(tenantId, userId, stored.sessionId).toHexString()]),
          existingUsages: new Set(),
        }).filter((op) => SOURCE_AGGREGATES.has(op.collection) || op.collection === 'conversations');
  const userCounts: CountChange[] = [];
  const removed: CountChange[] = [];
  const occurrences = (keys: readonly string[], key: string) => keys.filter((k) => k === key).length;
  for (const key of new Set([...addedSources.map((s) => s.key), ...removedKeys])) {
    const usage = await store.dataSourceUsage.findOne(
      { _id: aggregateIds.dataSourceUsage(tenantId, key, userId) },
      { projection: { referenceCount: 1 } },
    );
    const before = usage?.referenceCount ?? 0;
    const after = before + occurrences(next.doc.dataSourceKeys, key) - occurrences(stored.dataSourceKeys, key);
    const users = (after > 0 ? 1 : 0) - (before > 0 ? 1 : 0);
    const sourceId = aggregateIds.dataSource(tenantId, key);
    if (users !== 0) userCounts.push({ collection: 'dataSources', _id: sourceId, inc: [['userCount', users]] });
    if (removedKeys.includes(key))
      removed.push(
        { collection: 'dataSources', _id: sourceId, inc: [] },
        { collection: 'dataSourceUsage', _id: aggregateIds.dataSourceUsage(tenantId, key, userId), inc: [] },
        { collection: 'siteActivity', _id: aggregateIds.site(tenantId, siteOfKey(key) ?? ''), inc: [] },
        {
          collection: 'sourceMonths',
          _id: aggregateIds.sourceMonth(tenantId, stored.createdAt.toISOString().slice(0, 7), key),
          inc: [],
        },
      );
  }
  return { added, userCounts, removed };
}

/**
 * Makes the documents of newly cited sources exist (created at zero, exactly as the sync's shared-document ops
 * create them, so the counters applied next find them) and adds the new source to their sets and times and to the
 * conversation's source list. Each write is idempotent: a retry changes nothing more.
 */
async function ensureSources(store: Store, ops: AggregateOp[]): Promise<void> {
  for (const op of ops) {
    const target = store[op.collection] as unknown as Collection<Document>;
    if (op.collection !== 'conversations')
      await target.updateOne({ _id: op._id }, { $setOnInsert: op.setOnInsert }, { upsert: true });
    const sets = Object.entries(op.addToSet).map(([field, values]) => [field, { $each: values }]);
    const update: Document = {
      ...(sets.length ? { $addToSet: Object.fromEntries(sets) } : {}),
      ...(Object.keys(op.min).length ? { $min: op.min } : {}),
      ...(Object.keys(op.max).length ? { $max: op.max } : {}),
    };
    if (Object.keys(update).length) await target.updateOne({ _id: op._id }, update);
  }
}

/**
 * Graph changed an interaction already stored: the new version replaces it (risk detection masks it first, as for a
 * new one), and only the difference in counters is applied, once, so nothing is counted twice. A source the new
 * version cites for the first time gets its documents made as a sync would make them; one it no longer cites loses
 * this user (and its documents, if nothing else cites it). An older or equal version (same etag) changes nothing.
 * Returns whether the stored copy changed.
 */
export async function applyUpdate(deps: ChangeDeps, stored: InteractionDoc, next: MappedInteraction): Promise<boolean> {
  const { store } = deps;
  // Same version, or text retention already removed (an edit does not bring old text back).
  if ((stored.etag !== null && stored.etag === next.doc.etag) || stored.textRemovedAt) return false;
  const sources = await sourceEdits(store, stored, next);
  const delta = countDelta(countsOf(stored), [...countsOf(next.doc), ...sources.userCounts]);
  // From the old and new versions only, so a retry after a crash meets the same marker.
  const marker = markerOf('updated', stored._id.toHexString(), stored.etag ?? '', next.doc.etag ?? '');
  await deps.risk.scan([next.doc]);
  await ensureSources(store, sources.added);
  await applyCountsOnce(store, delta, marker);
  const { _id, ...fields } = next.doc;
  await store.interactions.updateOne({ _id }, { $set: fields });
  await clearMarker(store, delta, marker);
  await dropEmptied(store, sources.removed);
  return true;
}

/** What became of a `deleted` notification. */
export type DeletionOutcome = 'removed' | 'notStored' | 'ambiguous';

/**
 * Finds and applies the interaction a `deleted` notification names. With resource data it is looked up by session
 * and Graph id (the by_session index); with only an id, by the id: Graph ids are unique per user only, so an id
 * two users share is left alone (`ambiguous`) rather than guessed.
 */
export async function applyDeletedNotification(
  deps: ChangeDeps,
  interaction: Pick<AiInteraction, 'id' | 'sessionId' | 'from'> | null,
  resourceId: string,
): Promise<DeletionOutcome> {
  const { store, tenantId } = deps;
  const graphId = interaction?.id ?? resourceId;
  const filter = interaction?.sessionId
    ? { tenantId, sessionId: interaction.sessionId, graphId }
    : { tenantId, graphId };
  const found = await store.interactions
    .find(filter, { projection: { _id: 1, userId: 1 } })
    .limit(2)
    .toArray();
  if (found.length > 1) return 'ambiguous';
  const userId = found[0]?.userId ?? interaction?.from.user?.id ?? null;
  if (!found[0] && !userId) return 'notStored';
  const _id = found[0]?._id ?? interactionId(tenantId, userId!, graphId);
  return (await applyDeletion(deps, { _id, userId, graphId })) ? 'removed' : 'notStored';
}
