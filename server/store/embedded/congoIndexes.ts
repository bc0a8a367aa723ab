import { AsyncLocalStorage } from 'node:async_hooks';
import { pinnedIds } from './congoIdLookup';
import { buildSortedIndex, inStorageOrder, sameKeyAt, type SortedIndex } from './congoIndexKeys';
import { orBranches, parseFilter, planIndex, sortableSlice, type IndexPlan, type ParsedFilter } from './congoIndexPlan';
import { countShape, wrapHandlers, wrapStorageWrites, type CongoParts, type ReadRequest } from './congoIndexWiring';

/**
 * Secondary indexes for the CongoDB emulator.
 *
 * CongoDB keeps index definitions as metadata only and scans the whole collection for every read. For find,
 * count, distinct and aggregate (first `$match`) we pick the declared index that narrows the filter best, keep
 * the collection's documents sorted by that index's key (rebuilt lazily after any write to the collection), and
 * hand CongoDB only the documents in the matching slices, in storage order. CongoDB still applies the whole
 * filter, sort, skip and limit, so results equal a scan. With a sort on the key after the equality prefix and a
 * limit, the slice is walked in sort order until the limit is met (plus ties). Counts the slices express exactly
 * are answered from their length. Any array or unsupported value on an index path disables that index.
 */

/** What the accelerator did, for tests and diagnostics. */
export interface CongoIndexStats {
  /** Reads answered from an index slice instead of a scan. */
  planned: number;
  /** Documents tested against a filter while walking an index in sort order. */
  walked: number;
  /** Counts answered from slice lengths. */
  counted: number;
  /** Reads of an `$or` answered from the union of its branches' slices (also counted in `planned`). */
  unions: number;
}

interface Snapshot {
  version: number;
  docs: unknown[];
  indexes: Map<string, SortedIndex | null>;
}

/** Installs the accelerator on a not-yet-started CongoServer (after the `_id` lookup); returns its counters. */
export function installCongoIndexes(server: unknown, parts: CongoParts): CongoIndexStats {
  const stats: CongoIndexStats = { planned: 0, walked: 0, counted: 0, unions: 0 };
  const reads = new AsyncLocalStorage<ReadRequest>();
  const versions = new Map<string, number>();
  const snapshots = new Map<string, Snapshot>();
  const { storage, router } = wrapStorageWrites(server, versions, snapshots);
  const scan = storage.findAll.bind(storage);

  async function snapshot(db: string, collection: string): Promise<Snapshot> {
    const ns = `${db}.${collection}`;
    const version = versions.get(ns) ?? 0;
    const cached = snapshots.get(ns);
    if (cached && cached.version === version) return cached;
    const fresh: Snapshot = { version, docs: await scan(db, collection), indexes: new Map() };
    if ((versions.get(ns) ?? 0) === version) snapshots.set(ns, fresh);
    return fresh;
  }

  /** Every applicable plan for a filter, over the collection's declared indexes. */
  async function plansFor(
    db: string,
    collection: string,
    filter: unknown,
  ): Promise<{ plans: IndexPlan[]; size: number; docs: unknown[]; empty: boolean } | null> {
    if (pinnedIds(filter)) return null; // the _id lookup answers these
    const parsed = parseFilter(filter);
    if (!parsed) return null;
    if (parsed.empty) {
      const snap = await snapshot(db, collection);
      return { plans: [], size: snap.docs.length, docs: snap.docs, empty: true };
    }
    if (parsed.paths.size === 0) return null;
    const declared = await indexPaths(db, collection, parsed);
    if (declared.length === 0) return null;
    const snap = await snapshot(db, collection);
    const plans: IndexPlan[] = [];
    for (const { name, paths } of declared) {
      if (!snap.indexes.has(name)) snap.indexes.set(name, buildSortedIndex(snap.docs, paths));
      const index = snap.indexes.get(name);
      const plan = index ? planIndex(index, paths, parsed) : null;
      if (plan) plans.push(plan);
    }
    return { plans, size: snap.docs.length, docs: snap.docs, empty: false };
  }

  async function indexPaths(db: string, collection: string, parsed: ParsedFilter) {
    const specs = await storage.getIndexes(db, collection);
    const usable: Array<{ name: string; paths: string[] }> = [];
    for (const spec of specs) {
      const key = spec.key as Record<string, unknown> | undefined;
      if (!key || spec.name === '_id_' || spec.sparse) continue;
      const paths = Object.keys(key);
      if (paths.length === 0 || !Object.values(key).every((d) => d === 1 || d === -1)) continue;
      if (parsed.paths.has(paths[0] as string)) usable.push({ name: String(spec.name), paths });
    }
    return usable;
  }

  /** The documents a read needs (a superset of its result, in storage order), or null to scan. */
  async function candidates(request: ReadRequest): Promise<unknown[] | null> {
    const found = await plansFor(request.db, request.collection, request.filter);
    if (!found) return null;
    if (found.empty) {
      stats.planned += 1;
      return [];
    }
    const wanted = request.limit > 0 ? request.skip + request.limit : 0;
    let best: { plan: IndexPlan; cost: number; direction: number } | null = null;
    for (const plan of found.plans) {
      const direction = wanted > 0 ? sortDirection(plan, request) : 0;
      const cost = direction ? Math.min(plan.total, 10 * wanted) : plan.total;
      if (!best || cost < best.cost || (cost === best.cost && direction && !best.direction))
        best = { plan, cost, direction };
    }
    const branches = orBranches(request.filter);
    if (branches) {
      // A walk in sort order stops at the limit only if matches are dense; a selective $or is cheaper as a union.
      const budget = !best
        ? found.size
        : best.direction
          ? Math.min(best.plan.total, Math.max(best.cost, UNION_SORT_MAX))
          : best.cost;
      const union = await unionOfBranches(request, branches, budget);
      if (union) {
        stats.planned += 1;
        stats.unions += 1;
        return union;
      }
    }
    if (!best || (!best.direction && best.plan.total >= found.size)) return null;
    stats.planned += 1;
    if (best.direction) return walk(best.plan, best.direction, request.filter, wanted);
    const ordinals: number[] = [];
    for (const [start, end] of best.plan.slices) {
      for (let pos = start; pos < end; pos += 1) ordinals.push(best.plan.index.order[pos] as number);
    }
    return inStorageOrder(best.plan.index, ordinals);
  }

  /**
   * An `$or` read as the union of its branches' best slices (a branch that can match nothing adds nothing), when
   * every branch has a plan and together they are smaller than `budget`; null otherwise.
   */
  async function unionOfBranches(request: ReadRequest, branches: unknown[], budget: number): Promise<unknown[] | null> {
    let docs: unknown[] | null = null;
    const picked: IndexPlan[] = [];
    let total = 0;
    for (const branch of branches) {
      const found = await plansFor(request.db, request.collection, branch);
      if (!found || (docs && found.docs !== docs)) return null; // unplannable, or a write came in between
      docs = found.docs;
      if (found.empty) continue;
      const plan = found.plans.reduce<IndexPlan | null>((a, b) => (!a || b.total < a.total ? b : a), null);
      if (!plan) return null;
      total += plan.total;
      if (total >= budget) return null;
      picked.push(plan);
    }
    if (!docs) return null;
    const seen = new Uint8Array(docs.length);
    const ordinals: number[] = [];
    for (const plan of picked)
      for (const [start, end] of plan.slices)
        for (let pos = start; pos < end; pos += 1) {
          const ordinal = plan.index.order[pos] as number;
          if (!seen[ordinal]) ordinals.push(ordinal);
          seen[ordinal] = 1;
        }
    return picked[0] ? inStorageOrder(picked[0].index, ordinals) : [];
  }

  /** Walks the single slice in sort order, keeping matches until `wanted` are found, then every tie of the last. */
  function walk(plan: IndexPlan, direction: number, filter: unknown, wanted: number): unknown[] {
    const { index, nextKey } = plan;
    const [start, end] = plan.slices[0] as [number, number];
    const query = new parts.Query(filter ?? {});
    const picked: number[] = [];
    let boundary = -1;
    for (let i = 0; i < end - start; i += 1) {
      const pos = direction > 0 ? start + i : end - 1 - i;
      const ordinal = index.order[pos] as number;
      if (boundary >= 0) {
        if (!sameKeyAt(index, pos, boundary, nextKey)) break;
        picked.push(ordinal); // a tie with the last match: CongoDB's sort orders it by the other keys
        continue;
      }
      stats.walked += 1;
      if (!query.test(index.docs[ordinal])) continue;
      picked.push(ordinal);
      if (picked.length === wanted) boundary = pos;
    }
    return inStorageOrder(index, picked);
  }

  /** The exact count of a filter from slice lengths, or null when no plan expresses the whole filter. */
  async function exactCount(db: string, collection: string, filter: unknown): Promise<number | null> {
    if (!(await storage.collectionExists(db, collection))) return null;
    const found = await plansFor(db, collection, filter);
    const plan = found?.plans.find((p) => p.exact);
    if (!plan) return null;
    stats.counted += 1;
    return plan.total;
  }

  storage.findAll = async (db: string, collection: string): Promise<unknown[]> => {
    const request = reads.getStore();
    if (!request || request.done || request.db !== db || request.collection !== collection) return scan(db, collection);
    request.done = true;
    return (await candidates(request)) ?? scan(db, collection);
  };

  wrapHandlers(router, {
    read: (request, run) => reads.run(request, run),
    count: exactCount,
    countShape,
    Long: parts.Long,
  });
  return stats;
}

/** A union of up to this many documents beats walking a larger slice in sort order (CongoDB sorts them). */
const UNION_SORT_MAX = 20_000;

/** 1 or -1 when the read's first sort key is the key after the plan's equality prefix and its order is safe. */
function sortDirection(plan: IndexPlan, request: ReadRequest): number {
  const first = request.sort?.[0];
  if (!first || plan.paths[plan.nextKey] !== first[0]) return 0;
  return sortableSlice(plan, plan.nextKey) ? first[1] : 0;
}
