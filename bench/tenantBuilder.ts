import { ObjectId, type Document } from 'mongodb';
import { buildAggregateOps, profileOf } from '../server/core/sync/aggregateOps';
import { ensureSiteActivity } from '../server/core/sync/siteActivityRebuild';
import { ensureSourceNames } from '../server/core/sync/sourceNamesBuild';
import { markSourceMonthsBuilt } from '../server/core/sync/sourceMonthsRebuild';
import { markDayTotalsBuilt } from '../server/core/sync/dayTotalsRebuild';
import { emptyCounts } from '../server/core/sync/syncRunRecorder';
import { mapInteraction, type MappedInteraction } from '../server/core/sync/interactionMapper';
import { M365_COPILOT_SKU_ID } from '../server/graph/constants';
import type { GraphUser } from '../server/graph/types';
import { createSyntheticTenant, type SyntheticTenant } from '../server/graph/simulator/syntheticTenant';
import type { AggregateOp, InteractionDoc } from '../server/store/documents';
import { naturalId } from '../server/store/naturalId';
import type { Store } from '../server/store/Store';

/**
 * A large synthetic tenant written straight into a store, for the benches (bench:api, bench:bot) and the plan test at
 * scale: every interaction of the simulator's tenant in the 90 days before `now`, mapped and aggregated exactly as the
 * sync would (its own mapper and aggregate-op builder, the ops folded in memory, then inserted), minutes instead of
 * the sync's hours. Dev code: production never imports it.
 */

const DAY = 86_400_000;
const BATCH = 20_000;

export interface BuiltTenant {
  tenantId: string;
  interactions: number;
  conversations: number;
  activeUsers: number;
}

export interface TenantBuildOptions {
  /** Runs over each batch of interactions before it is stored (the sync's risk scanner, which writes findings). */
  scan?: (interactions: InteractionDoc[]) => Promise<unknown>;
  /** Progress lines (every 1,000 active users). */
  progress?: (line: string) => void;
}

/** The benches' tenant: `users` users (seeded), `avg` interactions per active user over the history. */
export function benchTenant(args: { seed: number; users: number; avg: number }, now: Date): SyntheticTenant {
  return createSyntheticTenant({
    seed: args.seed,
    userCount: args.users,
    referenceTime: now,
    avgInteractionsPerActiveUser: args.avg,
  });
}

/** Every interaction of `tenant` in the 90-day window before `now`, with its aggregates, directory and sync runs. */
export async function buildTenant(
  store: Store,
  tenant: SyntheticTenant,
  now: Date,
  options: TenantBuildOptions = {},
): Promise<BuiltTenant> {
  const tenantId = tenant.tenantId;
  const aggregates = new Map<string, Map<string, Document>>();
  const usersById = new Map(tenant.users.map((u) => [u.graph.id, u.graph]));
  const active = new Set<string>();
  let pending: MappedInteraction[] = [];
  let interactions = 0;
  const storePending = async () => {
    const docs = pending.map((m) => m.doc);
    pending = [];
    await options.scan?.(docs);
    await store.interactions.insertMany(docs, { ordered: false });
  };
  const flush = async (user: GraphUser, mapped: MappedInteraction[]) => {
    for (const op of buildAggregateOps({
      tenantId,
      user,
      interactions: mapped,
      existingConversations: new Set(),
      existingUsages: new Set(),
    }))
      fold(aggregates, op);
    pending.push(...mapped);
    if (pending.length >= BATCH) await storePending();
  };
  const state: { current: { user: GraphUser; rows: MappedInteraction[] } | null } = { current: null };
  for (const row of tenant.groundTruth({ after: new Date(now.getTime() - 90 * DAY), before: now })) {
    if (state.current?.user.id !== row.userId) {
      if (state.current) await flush(state.current.user, state.current.rows);
      state.current = { user: usersById.get(row.userId)!, rows: [] };
      active.add(row.userId);
      if (active.size % 1000 === 0) options.progress?.(`  … ${active.size} active users, ${interactions} interactions`);
    }
    state.current.rows.push(mapInteraction(tenantId, row.userId, row.interaction, now));
    interactions += 1;
  }
  if (state.current) await flush(state.current.user, state.current.rows);
  if (pending.length) await storePending();
  for (const [name, docs] of aggregates) {
    const list = [...docs.values()];
    for (let i = 0; i < list.length; i += BATCH)
      await store.db.collection(name).insertMany(list.slice(i, i + BATCH), { ordered: false });
  }
  // The per-site aggregate is complete (the ops above kept it): marked built, as a sync's start would, with the
  // sources' name heads and the sites' prefixes (kept by the same ops).
  await ensureSourceNames(store, tenantId, { now });
  await ensureSiteActivity(store, tenantId, { now });
  // So are the per-source monthly counts and the per-day totals (kept by the same ops).
  await markSourceMonthsBuilt(store, tenantId, now);
  await markDayTotalsBuilt(store, tenantId, now);
  const licensed = tenant.users.filter((u) => u.licensed);
  await store.directoryUsers.insertMany(
    licensed.map((u) => ({
      _id: naturalId('directoryUser', tenantId, u.graph.id),
      tenantId,
      userId: u.graph.id,
      ...profileOf(u.graph),
      accountEnabled: u.graph.accountEnabled ?? null,
      skuIds: [M365_COPILOT_SKU_ID],
      copilotEnabled: u.copilotEnabled,
      hasActivity: active.has(u.graph.id),
      firstSeenAt: now,
      lastSeenAt: now,
    })),
  );
  await store.syncRuns.insertMany(syncRunHistory(tenantId, licensed.length, now));
  return {
    tenantId,
    interactions,
    conversations: aggregates.get('conversations')?.size ?? 0,
    activeUsers: active.size,
  };
}

/** Sixty hourly incremental runs that succeeded, the newest an hour before `now`. */
function syncRunHistory(tenantId: string, users: number, now: Date) {
  return Array.from({ length: 60 }, (_, i) => {
    const startedAt = new Date(now.getTime() - (i + 1) * 3_600_000);
    return {
      _id: new ObjectId(),
      runId: `bench-${i}`,
      tenantId,
      mode: 'incremental' as const,
      trigger: 'schedule',
      status: 'succeeded' as const,
      startedAt,
      endedAt: new Date(startedAt.getTime() + 60_000),
      heartbeatAt: startedAt,
      stage: 'done' as const,
      progress: { usersTotal: users, usersDone: users, pages: 100 },
      counts: emptyCounts(),
      errors: [],
      errorCount: 0,
      graph: { requests: 100, throttled: 0, retries: 0 },
      durationMs: 60_000,
      message: null,
    };
  });
}

/** Applies one aggregate op to the in-memory document it targets (the same update the batch writer sends). */
function fold(aggregates: Map<string, Map<string, Document>>, op: AggregateOp): void {
  let docs = aggregates.get(op.collection);
  if (!docs) aggregates.set(op.collection, (docs = new Map()));
  const key = op._id.toHexString();
  let doc = docs.get(key);
  if (!doc) docs.set(key, (doc = { _id: op._id, ...structuredClone(op.setOnInsert) }));
  for (const [field, n] of Object.entries(op.inc)) setPath(doc, field, (getPath(doc, field) ?? 0) + n);
  for (const [field, at] of Object.entries(op.min))
    if (!getPath(doc, field) || at < getPath(doc, field)) setPath(doc, field, at);
  for (const [field, at] of Object.entries(op.max))
    if (!getPath(doc, field) || at > getPath(doc, field)) setPath(doc, field, at);
  for (const [field, values] of Object.entries(op.addToSet)) {
    const list = (getPath(doc, field) ?? []) as unknown[];
    for (const v of values) if (!list.includes(v)) list.push(v);
    setPath(doc, field, list);
  }
  Object.assign(doc, op.set);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function getPath(doc: Document, field: string): any {
  return field.split('.').reduce<Document | undefined>((d, part) => d?.[part], doc);
}

function setPath(doc: Document, field: string, value: unknown): void {
  const parts = field.split('.');
  let target = doc;
  for (const part of parts.slice(0, -1)) target = (target[part] ??= {}) as Document;
  target[parts[parts.length - 1]!] = value;
}
