import { AsyncLocalStorage } from 'node:async_hooks';
import { pinnedIds } from './congoIdLookup';
import { buildSortedIndex, inStorageOrder, sameKeyAt, type SortedIndex } from './congoIndexKeys';
import {
  indexSortDirection,
  orBranches,
  parseFilter,
  planIndex,
  sortableSlice,
  type IndexPlan,
  type IndexSpec,
  type ParsedFilter,
} from './congoIndexPlan';
import { countShape, wrapHandlers, wrapStorageWrites, type CongoParts, type ReadRequest } from './congoIndexWiring';
import { CongoPlanner, SortMemoryLimitError, type PlanRecord } from './congoPlanLog';

/**
 * Secondary indexes for the CongoDB emulator.
 *
 * CongoDB keeps index definitions as metadata only and scans the whole collection for every read. For find,
 * count, distinct and aggregate (first `$match`) we pick the declared index that narrows the filter best, keep
 * the collection's documents sorted by that index's key (rebuilt lazily after any write to the collection), and
 * hand CongoDB only the documents in the matching slices, in storage order. CongoDB still applies the whole
 * filter, sort, skip and limit, so results equal a scan. Counts the slices express exactly are answered from their
 * length. Any array or unsupported value on an index path disables that index.
 *
 * It does what MongoDB's planner does and nothing better, so that what is fast here is fast on MongoDB: an index
 * gives a sort its order only by MongoDB's rule (`indexSortDirection`: after the equality prefix, the sort's keys are
 * the index's next keys, all in its directions or all reversed); only then is a limited read walked in sort order
 * until the limit is met (plus ties). Otherwise every matching document goes through a blocking sort, which fails
 * past MongoDB's 100 MB sort memory limit unless the read allows disk use. Each read's plan can be recorded in
 * MongoDB's explain terms (congoPlanLog.ts).
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
export function installCongoIndexes(
  server: unknown,
  parts: CongoParts,
  planner: CongoPlanner = new CongoPlanner(),
): CongoIndexStats {
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
    const declared = await indexSpecs(db, collection, parsed);
    if (declared.length === 0) return null;
    const snap = await snapshot(db, collection);
    const plans: IndexPlan[] = [];
    for (const spec of declared) {
      if (!snap.indexes.has(spec.name)) snap.indexes.set(spec.name, buildSortedIndex(snap.docs, spec.paths));
      const index = snap.indexes.get(spec.name);
      const plan = index ? planIndex(index, spec, parsed) : null;
      if (plan) plans.push(plan);
    }
    return { plans, size: snap.docs.length, docs: snap.docs, empty: false };
  }

  /** The collection's indexes the accelerator can read (`_id_` included); with `parsed`, those led by a path it filters. */
  async function indexSpecs(db: string, collection: string, parsed?: ParsedFilter): Promise<IndexSpec[]> {
    const specs = await storage.getIndexes(db, collection);
    const usable: IndexSpec[] = [];
    for (const spec of specs) {
      const key = (spec.name === '_id_' ? { _id: 1 } : spec.key) as Record<string, unknown> | undefined;
      if (!key || spec.sparse || spec.partialFilterExpression) continue;
      const paths = Object.keys(key);
      const directions = Object.values(key);
      if (paths.length === 0 || !directions.every((d) => d === 1 || d === -1)) continue;
      if (!parsed || parsed.paths.has(paths[0] as string))
        usable.push({ name: String(spec.name), paths, directions: directions as Array<1 | -1> });
    }
    return usable;
  }

  /**
   * Whole-index scans of the indexes whose keys give the read's sort with no equality prefix (the `_id` index for a
   * sort on `_id`): MongoDB's planner adds them when no plan from the filter gives the order, and runs them, without
   * bounds, beside the filter's plans (or alone, when the filter has none).
   */
  async function sortPlans(request: ReadRequest): Promise<IndexPlan[]> {
    const sort = request.sort ?? [];
    const specs = (await indexSpecs(request.db, request.collection)).filter((s) => indexSortDirection(s, 0, sort));
    if (specs.length === 0) return [];
    const snap = await snapshot(request.db, request.collection);
    const plans: IndexPlan[] = [];
    for (const spec of specs) {
      if (!snap.indexes.has(spec.name)) snap.indexes.set(spec.name, buildSortedIndex(snap.docs, spec.paths));
      const index = snap.indexes.get(spec.name);
      const n = snap.docs.length;
      if (index)
        plans.push({
          index,
          spec,
          paths: spec.paths,
          points: 0,
          equalities: 0,
          slices: [[0, n]],
          total: n,
          exact: false,
          nextKey: 0,
        });
    }
    return plans;
  }

  /** How a read finds its documents: `docs` a superset of its matches in storage order (null: the whole collection). */
  interface Choice {
    docs: unknown[] | null;
    stage: PlanRecord['stage'];
    index?: string;
    /** The index gives the read's order (true too when the read has no sort). */
    ordered: boolean;
    keysExamined: number;
    /** Documents fetched; null: as many as `docs` holds. */
    docsExamined: number | null;
  }

  async function choose(request: ReadRequest): Promise<Choice> {
    const ids = pinnedIds(request.filter);
    const unsorted = !request.sort || request.sort.length === 0;
    if (ids) return { docs: null, stage: 'IDHACK', ordered: unsorted, keysExamined: ids.length, docsExamined: null };
    const found = await plansFor(request.db, request.collection, request.filter);
    const collscan: Choice = { docs: null, stage: 'COLLSCAN', ordered: unsorted, keysExamined: 0, docsExamined: null };
    if (found?.empty) {
      stats.planned += 1;
      return { docs: [], stage: 'EOF', ordered: true, keysExamined: 0, docsExamined: 0 };
    }
    const wanted = request.limit > 0 ? request.skip + request.limit : 0;
    let best: Candidate | null = null;
    for (const plan of found?.plans ?? []) {
      const way = unsorted ? 0 : indexSortDirection(plan.spec, plan.equalities, request.sort ?? []);
      const cost = way && wanted > 0 ? Math.min(plan.total, 10 * wanted) : plan.total;
      // Of equal costs, one that gives the order, then the narrower (more equality keys, fewer keys to walk past).
      const better =
        !best ||
        cost < best.cost ||
        (cost === best.cost && ((way && !best.way) || (!way === !best.way && plan.total < best.plan.total)));
      if (better) best = { plan, cost, way };
    }
    if (!unsorted && !best?.way) {
      // MongoDB tries each whole-index scan that gives the order beside the filter's best plan and keeps the first to
      // return a trial batch (or all `wanted`) or to finish: the walk after the keys it visits to meet that many
      // matches, the blocking plan after all of its keys.
      const batch = wanted > 0 ? Math.min(wanted, TRIAL_RESULTS) : TRIAL_RESULTS;
      for (const plan of await sortPlans(request)) {
        const way = indexSortDirection(plan.spec, 0, request.sort ?? []);
        const budget = best ? best.cost : Infinity;
        const step = walkStep(plan, request);
        const cost = best ? walk(plan, step, request.filter, batch, false, budget).visited : 0;
        if (cost < budget) best = { plan, cost, way };
      }
    }
    if (!found && !best) return collscan;
    const branches = found ? orBranches(request.filter) : null;
    if (branches && found) {
      // A walk in sort order stops at the limit only if matches are dense; a selective $or is cheaper as a union.
      const budget = !best
        ? found.size
        : best.way && wanted > 0
          ? Math.min(best.plan.total, Math.max(best.cost, UNION_SORT_MAX))
          : best.cost;
      const union = await unionOfBranches(request, branches, budget);
      if (union) {
        stats.planned += 1;
        stats.unions += 1;
        return union;
      }
    }
    if (!best) return collscan;
    if (!best.way && best.plan.total >= best.plan.index.docs.length) {
      // The index narrows nothing here, so CongoDB's own scan is as good; MongoDB would still scan the index.
      const keys = best.plan.total;
      return { ...collscan, stage: 'IXSCAN', index: best.plan.spec.name, keysExamined: keys, docsExamined: keys };
    }
    stats.planned += 1;
    const { plan } = best;
    const ordered = unsorted || best.way !== 0;
    const base = { stage: 'IXSCAN' as const, index: plan.spec.name, ordered };
    const step = best.way ? walkStep(plan, request) : 0;
    if (step && wanted > 0) {
      if (sortableSlice(plan, plan.nextKey)) {
        const walked = walk(plan, step, request.filter, wanted, true);
        return { ...base, docs: walked.docs, keysExamined: walked.visited, docsExamined: walked.visited };
      }
      // CongoDB's own sort decides the order of these keys (or several scans are merged): hand it the slices, and
      // count what MongoDB's walk of each reads.
      const visited = !planner.recording ? plan.total : scansToLimit(plan, step, request.filter, wanted);
      return { ...base, docs: sliceDocs(plan), keysExamined: visited, docsExamined: visited };
    }
    return { ...base, docs: sliceDocs(plan), keysExamined: plan.total, docsExamined: plan.total };
  }

  /**
   * Keys MongoDB reads to meet `wanted` matches when it merges one index scan per slice in sort order: each scan walked
   * until it alone has `wanted` (an upper bound of the merge, which stops when all of them together have).
   */
  function scansToLimit(plan: IndexPlan, step: number, filter: unknown, wanted: number): number {
    return plan.slices.reduce(
      (n, slice) => n + walk({ ...plan, slices: [slice] }, step, filter, wanted, false).visited,
      0,
    );
  }

  function sliceDocs(plan: IndexPlan): unknown[] {
    const ordinals: number[] = [];
    for (const [start, end] of plan.slices) {
      for (let pos = start; pos < end; pos += 1) ordinals.push(plan.index.order[pos] as number);
    }
    return inStorageOrder(plan.index, ordinals);
  }

  /**
   * An `$or` read as the union of its branches' best slices (a branch that can match nothing adds nothing), when
   * every branch has a plan and together they are smaller than `budget`; null otherwise. MongoDB merges the
   * branches in order only if every branch's index gives the sort (SORT_MERGE); otherwise it sorts the union.
   */
  async function unionOfBranches(request: ReadRequest, branches: unknown[], budget: number): Promise<Choice | null> {
    let docs: unknown[] | null = null;
    const picked: IndexPlan[] = [];
    const filters: unknown[] = [];
    let total = 0;
    let ordered = !request.sort || request.sort.length === 0;
    let merged = !ordered;
    for (const branch of branches) {
      const found = await plansFor(request.db, request.collection, branch);
      if (!found || (docs && found.docs !== docs)) return null; // unplannable, or a write came in between
      docs = found.docs;
      if (found.empty) continue;
      // The smallest slice; of equal ones, one whose index gives the sort (so the branches can be merged in order).
      const gives = (p: IndexPlan) => !ordered && indexSortDirection(p.spec, p.equalities, request.sort ?? []) !== 0;
      const plan = found.plans.reduce<IndexPlan | null>(
        (a, b) => (!a || b.total < a.total || (b.total === a.total && gives(b) && !gives(a)) ? b : a),
        null,
      );
      if (!plan) return null;
      total += plan.total;
      if (total >= budget) return null;
      picked.push(plan);
      filters.push(branch);
      if (merged && !indexSortDirection(plan.spec, plan.equalities, request.sort ?? [])) merged = false;
    }
    if (!docs) return null;
    ordered = ordered || merged;
    const seen = new Uint8Array(docs.length);
    const ordinals: number[] = [];
    for (const plan of picked)
      for (const [start, end] of plan.slices)
        for (let pos = start; pos < end; pos += 1) {
          const ordinal = plan.index.order[pos] as number;
          if (!seen[ordinal]) ordinals.push(ordinal);
          seen[ordinal] = 1;
        }
    const union = picked[0] ? inStorageOrder(picked[0].index, ordinals) : [];
    const index = picked.map((p) => p.spec.name).join(' + ');
    const wanted = request.limit > 0 ? request.skip + request.limit : 0;
    if (merged && wanted > 0 && planner.recording) {
      // SORT_MERGE under a limit: MongoDB pulls each branch's scan in sort order and stops once the merge has `wanted`,
      // so it reads what each branch needs for its part of the page, not the branches' whole ranges.
      const keys = picked.reduce(
        (n, plan, i) => n + scansToLimit(plan, walkStep(plan, request), filters[i], wanted),
        0,
      );
      return {
        docs: union,
        stage: 'OR',
        index,
        ordered,
        keysExamined: keys,
        docsExamined: Math.min(keys, union.length),
      };
    }
    return { docs: union, stage: 'OR', index, ordered, keysExamined: total, docsExamined: union.length };
  }

  /**
   * Walks the plan's slice in sort order, testing documents until `wanted` match, then takes every tie of the last
   * on the first sort key (CongoDB's sort orders them by the others). `collect` false only counts the keys visited;
   * `maxVisits` stops the walk there.
   */
  function walk(
    plan: IndexPlan,
    step: number,
    filter: unknown,
    wanted: number,
    collect: boolean,
    maxVisits = Infinity,
  ) {
    const { index, nextKey } = plan;
    const query = new parts.Query(filter ?? {});
    const picked: number[] = [];
    let visited = 0;
    let boundary = -1;
    let found = 0;
    const positions = [...plan.slices].sort((a, b) => a[0] - b[0]);
    if (step < 0) positions.reverse();
    outer: for (const [start, end] of positions) {
      for (let i = 0; i < end - start; i += 1) {
        const pos = step > 0 ? start + i : end - 1 - i;
        const ordinal = index.order[pos] as number;
        if (boundary >= 0) {
          if (!sameKeyAt(index, pos, boundary, nextKey)) break outer;
          if (collect) picked.push(ordinal);
          continue;
        }
        if (visited >= maxVisits) break outer;
        visited += 1;
        if (collect) stats.walked += 1;
        if (!query.test(index.docs[ordinal])) continue;
        if (collect) picked.push(ordinal);
        found += 1;
        if (found === wanted) boundary = pos;
      }
    }
    return { docs: collect ? inStorageOrder(index, picked) : [], visited };
  }

  /** The exact count of a filter from slice lengths, or null when no plan expresses the whole filter. */
  async function exactCount(db: string, collection: string, filter: unknown): Promise<number | null> {
    if (!(await storage.collectionExists(db, collection))) return null;
    const found = await plansFor(db, collection, filter);
    const plan = found?.plans.find((p) => p.exact);
    if (!plan || !found) return null;
    stats.counted += 1;
    planner.add({
      command: 'count',
      collection,
      filter,
      limit: 0,
      stage: 'COUNT_SCAN',
      index: plan.spec.name,
      sortFromIndex: null,
      keysExamined: plan.total,
      docsExamined: 0,
      nReturned: 1,
      inMemorySort: 0,
      collectionSize: found.size,
    });
    return plan.total;
  }

  /**
   * Records the read's plan and applies MongoDB's blocking-sort memory limit: the documents that match go through the
   * sort (with a limit, only the best `skip + limit` are held at once).
   */
  function settle(request: ReadRequest, choice: Choice, docs: unknown[], collectionSize: number): void {
    const sorted = !!request.sort && request.sort.length > 0;
    const blocking = sorted && !choice.ordered;
    const held = request.limit > 0 ? request.skip + request.limit : Infinity;
    const limit = planner.blockingSortLimitBytes;
    const memoryCheck = blocking && !request.allowDiskUse && Math.min(docs.length, held) * MAX_DOCUMENT_BYTES > limit;
    if (!planner.recording && !memoryCheck) return;
    const query = new parts.Query(request.filter ?? {});
    let matched = 0;
    let bytes = 0;
    for (const doc of docs) {
      if (!query.test(doc)) continue;
      matched += 1;
      if (memoryCheck) bytes += parts.documentSize(doc);
    }
    if (memoryCheck && matched > 0 && (bytes * Math.min(matched, held)) / matched > limit) {
      throw new SortMemoryLimitError(request.command, limit);
    }
    const returned = request.command === 'find' ? Math.min(Math.max(0, matched - request.skip), held) : matched;
    planner.add({
      command: request.command,
      collection: request.collection,
      filter: request.filter,
      sort: request.sort,
      limit: request.limit,
      stage: choice.stage,
      index: choice.index,
      sortFromIndex: sorted ? choice.ordered : null,
      keysExamined: choice.keysExamined,
      docsExamined: choice.docsExamined ?? (choice.stage === 'IDHACK' ? docs.length : collectionSize),
      nReturned: returned,
      inMemorySort: blocking ? matched : 0,
      collectionSize,
    });
  }

  storage.findAll = async (db: string, collection: string): Promise<unknown[]> => {
    const request = reads.getStore();
    if (!request || request.done || request.db !== db || request.collection !== collection) return scan(db, collection);
    request.done = true;
    const choice = await choose(request);
    const docs = choice.docs ?? (await scan(db, collection));
    const size =
      choice.docs === null && choice.stage === 'COLLSCAN' ? docs.length : await collectionSize(db, collection);
    settle(request, choice, docs, size);
    return docs;
  };

  async function collectionSize(db: string, collection: string): Promise<number> {
    return planner.recording ? (await snapshot(db, collection)).docs.length : 0;
  }

  wrapHandlers(router, {
    read: (request, run) => reads.run(request, run),
    count: exactCount,
    countShape,
    Long: parts.Long,
  });
  return stats;
}

/** A plan with its estimated cost (documents to examine) and the way it gives the sort (0: it does not). */
interface Candidate {
  plan: IndexPlan;
  cost: number;
  way: number;
}

/** MongoDB's trial period ends when a plan has returned this many documents (`internalQueryPlanEvaluationMaxResults`). */
const TRIAL_RESULTS = 101;

/** MongoDB's largest document (16 MB): fewer documents than the limit over this cannot pass it. */
const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

/** A union of up to this many documents beats walking a larger slice in sort order (CongoDB sorts them). */
const UNION_SORT_MAX = 20_000;

/**
 * Which way to walk the ascending sorted array for a sort the index gives: the direction of the sort's first key
 * after the equality prefix (0 when the sort names only pinned keys, so any order of the slice is sorted).
 */
function walkStep(plan: IndexPlan, request: ReadRequest): number {
  const pinned = new Set(plan.paths.slice(0, plan.equalities));
  const first = request.sort?.find(([path]) => !pinned.has(path));
  if (!first || plan.paths[plan.nextKey] !== first[0]) return 0;
  return first[1];
}
