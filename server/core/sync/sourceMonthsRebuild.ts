import { ObjectId, type AnyBulkWriteOperation } from 'mongodb';
import type { DataSourceKind, SourceMonthDoc } from '../../store/documents';
import { naturalId } from '../../store/naturalId';
import type { Store } from '../../store/Store';
import { aggregateIds } from './aggregateOps';

// Stryker disable next-line StringLiteral: any other fixed prefix names the mark alike (only read and written here)
const builtId = (tenantId: string) => naturalId('sourceMonthsBuilt', tenantId);

/** Whether the tenant's per-source monthly counts hold every stored interaction's references (else readers count). */
export async function sourceMonthsBuilt(store: Store, tenantId: string): Promise<boolean> {
  // Stryker disable next-line ObjectLiteral: a projection only trims the read; whether a mark exists is the answer
  return (await store.sourceMonthsBuilt.findOne({ _id: builtId(tenantId) }, { projection: { _id: 1 } })) !== null;
}

/** Marks the per-source monthly counts built (a store whose every batch already kept them: the benches' tenant). */
export async function markSourceMonthsBuilt(store: Store, tenantId: string, now: Date = new Date()): Promise<void> {
  await store.sourceMonthsBuilt.updateOne(
    { _id: builtId(tenantId) },
    { $set: { tenantId, builtAt: now } },
    { upsert: true },
  );
}

/**
 * Rebuilds the per-source monthly counts from the stored interactions (each data source an interaction cites counts
 * once in its UTC month, as the sync's ops count it), then marks them built. Idempotent (every month's count is set,
 * documents no stored interaction makes are removed), so a crash midway is finished by the next call. Months whose
 * interactions retention has deleted are rebuilt without them, as counting the interactions themselves gives. Call
 * it where no batch writes: at the start of a sync, under its lease. Returns how many documents it wrote.
 */
export async function rebuildSourceMonths(store: Store, tenantId: string, now: Date = new Date()): Promise<number> {
  // Every document this build writes carries its id; those without it are what no stored interaction makes.
  const build = new ObjectId().toHexString();
  const counts = new Map<string, { month: string; key: string; n: number }>();
  const cited = store.interactions.find(
    { tenantId, 'dataSourceKeys.0': { $exists: true } },
    // Stryker disable next-line ObjectLiteral: the projection and batch size only trim and pace the read
    { projection: { _id: 0, createdAt: 1, dataSourceKeys: 1 }, batchSize: 5_000 },
  );
  for await (const i of cited) {
    const month = i.createdAt.toISOString().slice(0, 7);
    for (const key of i.dataSourceKeys) {
      const id = `${month}\u0000${key}`;
      const entry = counts.get(id) ?? { month, key, n: 0 };
      entry.n += 1;
      counts.set(id, entry);
    }
  }
  const kinds = new Map<string, DataSourceKind>();
  const sources = store.dataSources.find(
    { tenantId },
    // Stryker disable next-line ObjectLiteral: a projection only trims the read; key and kind are read either way
    { projection: { _id: 0, key: 1, kind: 1 } },
  );
  for await (const s of sources) kinds.set(s.key, s.kind);
  const writes: AnyBulkWriteOperation<SourceMonthDoc>[] = [...counts.values()].map(({ month, key, n }) => ({
    updateOne: {
      filter: { _id: aggregateIds.sourceMonth(tenantId, month, key) },
      update: { $set: { tenantId, month, key, kind: kinds.get(key) ?? 'other', referenceCount: n, build } },
      upsert: true,
    },
  }));
  for (let i = 0; i < writes.length; i += 1_000)
    // Slices only bound a request's size (each pass writing all sets the same values); distinct ids end alike unordered
    // Stryker disable next-line MethodExpression,ObjectLiteral,BooleanLiteral: see the line above
    await store.sourceMonths.bulkWrite(writes.slice(i, i + 1_000), { ordered: false });
  await store.sourceMonths.deleteMany({ tenantId, build: { $ne: build } });
  await markSourceMonthsBuilt(store, tenantId, now);
  return writes.length;
}

/**
 * Builds the per-source monthly counts where they were never built (a store synced before they existed), or again
 * when asked (data sources were merged: their months move to the current key). Returns whether it built.
 */
export async function ensureSourceMonths(
  store: Store,
  tenantId: string,
  options: { rebuild?: boolean; now?: Date } = {},
): Promise<boolean> {
  if (!options.rebuild && (await sourceMonthsBuilt(store, tenantId))) return false;
  await rebuildSourceMonths(store, tenantId, options.now);
  return true;
}
