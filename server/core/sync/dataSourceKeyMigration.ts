import type { AnyBulkWriteOperation, Collection, Document } from 'mongodb';
import type { Logger } from '../../logger';
import type { DataSourceDoc, DataSourceUsageDoc } from '../../store/documents';
import type { Store } from '../../store/Store';
import { aggregateIds } from './aggregateOps';
import { currentDataSourceKey, MAYBE_OUTDATED_KEY } from './dataSourceUrl';

/** What one pass merged. */
export interface KeyMigrationResult {
  /** Data sources stored under a key the current normalisation spells otherwise, now merged into it. */
  merged: number;
  /** Data sources they were merged into. */
  targets: number;
  /** Interactions whose data-source keys were rewritten. */
  interactions: number;
}

/** Marks on `dailyActivity` documents: "this interaction's duplicate references were already taken off". */
const DAILY_MARKS = 'dataSourceKeyMerges';
/** Marks on a merged `dataSourceUsage` document: the old keys its figures already include. */
const USAGE_MARKS = 'mergedKeys';

type Usage = Pick<DataSourceUsageDoc, 'userId' | 'key' | 'referenceCount' | 'appKeys' | 'firstAt' | 'lastAt'>;

/**
 * Brings data sources stored under an earlier spelling of their key to the current one (dataSourceUrl.ts): a file
 * once keyed `…/Pr%c3%a9vision.docx` and `…/Pr%C3%A9vision.docx` becomes one data source whose figures are exactly
 * those a sync from scratch would give. Runs at the start of a sync, under its lease and after unfinished batches are
 * settled, so no batch writes meanwhile. Every step is idempotent or guarded, so a crash anywhere is finished by the
 * next run:
 *
 * 1. per user, the usage record under the new key gets the sum of the user's records under the group's keys, less
 *    the interactions that referenced two spellings at once (counted twice, once is right), written whole with the
 *    old keys it includes (a re-run skips it);
 * 2. the data source under the new key is rebuilt from its usage records (references, users, apps, first and last);
 * 3. interactions and conversations get the new key; a day's data-source access count loses each interaction's
 *    duplicates once (marked per interaction until the group is done);
 * 4. the marks, the old usage records, then the old data sources go — last, so a crashed pass is found again.
 */
export async function migrateDataSourceKeys(
  store: Store,
  tenantId: string,
  logger: Logger,
): Promise<KeyMigrationResult> {
  const result: KeyMigrationResult = { merged: 0, targets: 0, interactions: 0 };
  const candidates = await store.dataSources
    .find(
      { tenantId, key: { $regex: MAYBE_OUTDATED_KEY } },
      // Stryker disable next-line ObjectLiteral: a projection only trims the read; whole documents give the same answer
      { projection: { key: 1 } },
    )
    .toArray();
  const groups = new Map<string, string[]>();
  for (const { key } of candidates) {
    const target = currentDataSourceKey(key);
    if (target !== key) groups.set(target, [...(groups.get(target) ?? []), key]);
  }
  if (groups.size === 0) return result;
  for (const [target, oldKeys] of groups) {
    result.interactions += await mergeGroup(store, tenantId, target, oldKeys);
    result.merged += oldKeys.length;
    result.targets += 1;
  }
  logger.info(result, 'Merged data sources stored under an earlier spelling of their URL.');
  return result;
}

/** Merges the data sources stored under `oldKeys` into `target`; returns how many interactions it rewrote. */
async function mergeGroup(store: Store, tenantId: string, target: string, oldKeys: string[]): Promise<number> {
  const group = new Set([target, ...oldKeys]);
  const oldUsages = await store.dataSourceUsage.find({ tenantId, key: { $in: oldKeys } }).toArray();
  const users = new Map<string, Usage[]>();
  for (const usage of oldUsages) users.set(usage.userId, [...(users.get(usage.userId) ?? []), usage]);

  for (const [userId, usages] of users) await mergeUsage(store, tenantId, target, group, userId, usages);
  await rebuildSource(store, tenantId, target, oldKeys);
  let rewritten = 0;
  for (const userId of users.keys()) {
    rewritten += await rewriteInteractions(store, tenantId, userId, target, group);
    await rewriteConversations(store, tenantId, userId, target, group);
  }

  // Every interaction of this group (and of the groups before it) is rewritten: no mark is needed any more. Cleared
  // before the old data sources go, so a pass that dies here finds this group again and clears them then.
  await collection(store, 'dailyActivity').updateMany(
    { tenantId, [DAILY_MARKS]: { $exists: true } },
    // Stryker disable next-line StringLiteral: $unset ignores the value it is given (MongoDB manual, $unset)
    { $unset: { [DAILY_MARKS]: '' } },
  );
  const usageCollection = collection(store, 'dataSourceUsage');
  await usageCollection.deleteMany({ tenantId, key: { $in: oldKeys } });
  await usageCollection.updateMany(
    { tenantId, key: target, [USAGE_MARKS]: { $exists: true } },
    // Stryker disable next-line StringLiteral: $unset ignores the value it is given (MongoDB manual, $unset)
    { $unset: { [USAGE_MARKS]: '' } },
  );
  await store.dataSources.deleteMany({ tenantId, key: { $in: oldKeys } });
  return rewritten;
}

/** Step 1 for one user: their usage record under `target`, written whole (skipped when already merged). */
async function mergeUsage(
  store: Store,
  tenantId: string,
  target: string,
  group: ReadonlySet<string>,
  userId: string,
  usages: Usage[],
): Promise<void> {
  const usageCollection = collection(store, 'dataSourceUsage');
  const _id = aggregateIds.dataSourceUsage(tenantId, target, userId);
  const existing = (await usageCollection.findOne({ _id })) as (Usage & { [USAGE_MARKS]?: string[] }) | null;
  // Stryker disable next-line MethodExpression: sorted for a stable stored mark; it is read with includes and $in
  const oldKeys = usages.map((u) => u.key).sort();
  // Stryker disable next-line MethodExpression: every -> some; a user's old keys are marked in one write, all or none
  if (existing?.[USAGE_MARKS] && oldKeys.every((key) => existing[USAGE_MARKS]!.includes(key))) return;

  // Interactions that referenced two spellings of the source were counted under each: once is right.
  const twice = await store.interactions
    .find(
      { tenantId, userId, dataSourceKeys: { $in: oldKeys } },
      // Stryker disable next-line ObjectLiteral: a projection only trims the read; whole documents give the same answer
      { projection: { dataSourceKeys: 1 } },
    )
    .toArray();
  const overcount = twice.reduce(
    (sum, doc) => sum + Math.max(0, doc.dataSourceKeys.filter((key) => group.has(key)).length - 1),
    0,
  );
  const merged = combine(existing ? [existing, ...usages] : usages);
  await usageCollection.updateOne(
    { _id },
    {
      $set: {
        tenantId,
        key: target,
        userId,
        referenceCount: merged.referenceCount - overcount,
        appKeys: merged.appKeys,
        firstAt: merged.firstAt,
        lastAt: merged.lastAt,
        [USAGE_MARKS]: oldKeys,
      },
    },
    { upsert: true },
  );
}

/** Step 2: the data source under `target`, from its usage records (its figures are their sums, by construction). */
async function rebuildSource(store: Store, tenantId: string, target: string, oldKeys: string[]): Promise<void> {
  const usages = await store.dataSourceUsage
    .find(
      { tenantId, key: target },
      // Stryker disable next-line ObjectLiteral: a projection only trims the read; whole documents give the same answer
      { projection: { referenceCount: 1, appKeys: 1, firstAt: 1, lastAt: 1 } },
    )
    .toArray();
  // Stryker disable next-line ConditionalExpression: unreachable; an old source's batch wrote its usage, merged in step 1
  if (usages.length === 0) return;
  const sources = await store.dataSources.find({ tenantId, key: { $in: [target, ...oldKeys] } }).toArray();
  const base: DataSourceDoc | undefined =
    sources.find((s) => s.key === target) ?? [...sources].sort((a, b) => a.firstAt.getTime() - b.firstAt.getTime())[0];
  const url = target.slice('url:'.length);
  const merged = combine(usages);
  await store.dataSources.updateOne(
    { _id: aggregateIds.dataSource(tenantId, target) },
    {
      $set: {
        tenantId,
        key: target,
        // Stryker disable next-line OptionalChaining,StringLiteral: unreachable; the old sources are still stored
        kind: base?.kind ?? 'other',
        // Stryker disable next-line OptionalChaining: unreachable; the old sources are still stored
        name: base?.name ?? null,
        url,
        host: new URL(url).host,
        referenceCount: merged.referenceCount,
        userCount: usages.length,
        appKeys: merged.appKeys,
        firstAt: merged.firstAt,
        lastAt: merged.lastAt,
      },
    },
    { upsert: true },
  );
}

/** Step 3 for one user's interactions; returns how many it rewrote. */
async function rewriteInteractions(
  store: Store,
  tenantId: string,
  userId: string,
  target: string,
  group: ReadonlySet<string>,
): Promise<number> {
  const docs = await store.interactions
    .find(
      { tenantId, userId, dataSourceKeys: { $in: [...group].filter((k) => k !== target) } },
      // Stryker disable next-line ObjectLiteral: a projection only trims the read; whole documents give the same answer
      { projection: { dataSourceKeys: 1, createdAt: 1, appKey: 1 } },
    )
    .toArray();
  if (docs.length === 0) return 0;
  const dailyFixes: AnyBulkWriteOperation<Document>[] = [];
  const rewrites: AnyBulkWriteOperation<Document>[] = [];
  for (const doc of docs) {
    const keys = respell(doc.dataSourceKeys, target, group);
    const duplicates = doc.dataSourceKeys.length - keys.length;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: no duplicate: $inc -0, mark cleared at the end
    if (duplicates > 0) {
      const mark = `${doc._id.toHexString()}:${target}`;
      const day = doc.createdAt.toISOString().slice(0, 10);
      dailyFixes.push({
        updateOne: {
          filter: { _id: aggregateIds.daily(tenantId, day, doc.appKey), [DAILY_MARKS]: { $ne: mark } },
          update: { $inc: { dataSourceAccessCount: -duplicates }, $push: { [DAILY_MARKS]: mark } } as Document,
        },
      });
    }
    rewrites.push({ updateOne: { filter: { _id: doc._id }, update: { $set: { dataSourceKeys: keys } } } });
  }
  // The day's count first: were the interaction rewritten first, a crash in between would lose the correction.
  // Stryker disable next-line ObjectLiteral,BooleanLiteral: updates by _id, no upsert: none fails alone
  if (dailyFixes.length > 0) await collection(store, 'dailyActivity').bulkWrite(dailyFixes, { ordered: false });
  // Stryker disable next-line ObjectLiteral,BooleanLiteral: updates by _id, no upsert: none fails alone
  await collection(store, 'interactions').bulkWrite(rewrites, { ordered: false });
  return docs.length;
}

/** Step 3 for one user's conversations. */
async function rewriteConversations(
  store: Store,
  tenantId: string,
  userId: string,
  target: string,
  group: ReadonlySet<string>,
): Promise<void> {
  const docs = await store.conversations
    .find(
      // Stryker disable next-line MethodExpression,ConditionalExpression: the current key alone is respelt as itself
      { tenantId, userId, dataSourceKeys: { $in: [...group].filter((k) => k !== target) } },
      // Stryker disable next-line ObjectLiteral: a projection only trims the read; whole documents give the same answer
      { projection: { dataSourceKeys: 1 } },
    )
    .toArray();
  if (docs.length === 0) return;
  await collection(store, 'conversations').bulkWrite(
    docs.map((doc) => ({
      updateOne: {
        filter: { _id: doc._id },
        update: { $set: { dataSourceKeys: respell(doc.dataSourceKeys, target, group) } },
      },
    })),
    // Stryker disable next-line ObjectLiteral,BooleanLiteral: updates by _id, no upsert: none fails alone
    { ordered: false },
  );
}

/** The keys with every spelling in `group` replaced by `target`, each key once, in their order. */
function respell(keys: readonly string[], target: string, group: ReadonlySet<string>): string[] {
  return [...new Set(keys.map((key) => (group.has(key) ? target : key)))];
}

/** Sums, unions and spans of usage figures. */
function combine(parts: readonly Omit<Usage, 'userId' | 'key'>[]) {
  return {
    referenceCount: parts.reduce((sum, p) => sum + p.referenceCount, 0),
    appKeys: [...new Set(parts.flatMap((p) => p.appKeys))],
    firstAt: new Date(Math.min(...parts.map((p) => p.firstAt.getTime()))),
    lastAt: new Date(Math.max(...parts.map((p) => p.lastAt.getTime()))),
  };
}

/** A collection typed loosely, for the marker fields the documents' own types do not carry. */
function collection(store: Store, name: 'dailyActivity' | 'dataSourceUsage' | 'interactions' | 'conversations') {
  return store[name] as unknown as Collection<Document>;
}
