import { keyValue, Rank, rankAt, sliceOf, type KeyRange, type KeyValue, type SortedIndex } from './congoIndexKeys';

/**
 * The query planner of the CongoDB accelerator (congoIndexes.ts): which declared index narrows a filter, to which
 * slices of its sorted array. It only ever narrows by conditions every matching document must meet, so the slices
 * hold a superset of the matches; CongoDB still applies the whole filter to them.
 */

interface Bound {
  value: KeyValue;
  inclusive: boolean;
}

/** What a filter says about one path: value sets (from equality / `$in`) and range bounds. */
interface PathConditions {
  sets: KeyValue[][];
  lowers: Bound[];
  uppers: Bound[];
}

export interface ParsedFilter {
  paths: Map<string, PathConditions>;
  /** False when some condition was ignored or may not mean exactly what the slice means (counting needs exact). */
  exact: boolean;
  /** Some condition every match must meet can never hold (`$in: []`): nothing matches. */
  empty: boolean;
}

/** Reads the usable conditions of a filter (top-level fields and nested `$and`); null if it is not a document. */
export function parseFilter(filter: unknown): ParsedFilter | null {
  if (filter === undefined || filter === null) return { paths: new Map(), exact: true, empty: false };
  if (!isPlainObject(filter)) return null;
  const parsed: ParsedFilter = { paths: new Map(), exact: true, empty: false };
  addClause(filter, parsed);
  return parsed;
}

function addClause(clause: Record<string, unknown>, parsed: ParsedFilter): void {
  for (const [path, condition] of Object.entries(clause)) {
    if (path === '$and' && Array.isArray(condition) && condition.length > 0 && condition.every(isPlainObject)) {
      for (const sub of condition) addClause(sub, parsed);
    } else if (path.startsWith('$')) {
      parsed.exact = false;
    } else if (isPlainObject(condition)) {
      addOperators(path, condition, parsed);
    } else {
      const value = queryValue(condition, parsed);
      if (value) conditionsAt(parsed, path).sets.push([value]);
    }
  }
}

function addOperators(path: string, ops: Record<string, unknown>, parsed: ParsedFilter): void {
  const keys = Object.keys(ops);
  if (keys.length === 0 || keys.some((k) => !k.startsWith('$'))) {
    parsed.exact = false; // equality to an embedded document
    return;
  }
  for (const op of keys) {
    const operand = ops[op];
    if (op === '$in' && Array.isArray(operand) && operand.length === 0) {
      parsed.empty = true; // matches no document, whatever the field holds
      parsed.exact = false;
      continue;
    }
    if (op === '$in' && Array.isArray(operand) && operand.length > 0) {
      const values = operand.map((v) => keyValue(v));
      if (values.some((v) => !v || v.rank === Rank.Null)) {
        parsed.exact = false;
        continue;
      }
      // $in matches by mingo's hash-based intersection; we only vouch for exact counts on strings.
      if (!operand.every((v) => typeof v === 'string')) parsed.exact = false;
      conditionsAt(parsed, path).sets.push(values as KeyValue[]);
      continue;
    }
    const value = op === '$eq' || RANGE_OPS.has(op) ? queryValue(operand, parsed) : null;
    if (!value) {
      parsed.exact = false;
      continue;
    }
    const conditions = conditionsAt(parsed, path);
    if (op === '$eq') conditions.sets.push([value]);
    else if (op === '$gt' || op === '$gte') conditions.lowers.push({ value, inclusive: op === '$gte' });
    else conditions.uppers.push({ value, inclusive: op === '$lte' });
  }
}

const RANGE_OPS = new Set(['$gt', '$gte', '$lt', '$lte']);

/** A non-null scalar query value; anything else is ignored (and makes the parse inexact). */
function queryValue(value: unknown, parsed: ParsedFilter): KeyValue | null {
  const key = keyValue(value);
  if (!key || key.rank === Rank.Null || Array.isArray(value)) {
    parsed.exact = false;
    return null;
  }
  // mingo compares ObjectIds by constructor and -0 by hash in places: candidates are fine, exact counts are not.
  if (key.rank === Rank.ObjectId || Object.is(value, -0)) parsed.exact = false;
  return key;
}

function conditionsAt(parsed: ParsedFilter, path: string): PathConditions {
  let conditions = parsed.paths.get(path);
  if (!conditions) {
    conditions = { sets: [], lowers: [], uppers: [] };
    parsed.paths.set(path, conditions);
  }
  return conditions;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** A declared index: its name and key pattern (paths with their directions, 1 or -1). */
export interface IndexSpec {
  name: string;
  paths: string[];
  directions: Array<1 | -1>;
}

/** How to read one index for one filter. */
export interface IndexPlan {
  index: SortedIndex;
  spec: IndexSpec;
  /** The index's key paths. */
  paths: string[];
  /** How many leading keys the filter pins to one value each (the equality prefix). */
  points: number;
  /**
   * How many leading keys the filter holds to a few values each (equality or `$in`, no range): MongoDB reads one index
   * scan per combination of values, each in index order, and merges them in sort order (SORT_MERGE), for up to
   * MAX_EXPLODE combinations.
   */
  equalities: number;
  /** Disjoint [start, end) position ranges of the sorted array. */
  slices: Array<[number, number]>;
  total: number;
  /** Every condition of the filter is expressed by the slices: their length is the match count. */
  exact: boolean;
  /** The key position right after the equality prefix (where a range, or the order a sort needs, sits). */
  nextKey: number;
}

/** MongoDB's `internalQueryMaxScansToExplode`: index scans it will merge for a sort over an `$in` prefix. */
const MAX_EXPLODE = 200;

/** Equality combinations beyond this many are not expanded (the shorter prefix still narrows). */
const MAX_SLICES = 4096;

/** The plan for one index, or null when the filter says nothing about its leading key. */
export function planIndex(index: SortedIndex, spec: IndexSpec, parsed: ParsedFilter): IndexPlan | null {
  const { paths } = spec;
  let combos: KeyValue[][] = [[]];
  let consumed = 0; // paths fully expressed by the plan
  let points = 0;
  let equalities = 0;
  let k = 0;
  for (; k < paths.length; k += 1) {
    const conditions = parsed.paths.get(paths[k] as string);
    if (!conditions || conditions.sets.length === 0) break;
    const values = distinct(smallest(conditions.sets));
    if (combos.length * values.length > MAX_SLICES) break;
    const pure = conditions.lowers.length + conditions.uppers.length === 0;
    if (points === k && values.length === 1 && pure) points += 1;
    if (equalities === k && pure && combos.length * values.length <= MAX_EXPLODE) equalities += 1;
    combos = combos.flatMap((combo) => values.map((v) => [...combo, v]));
    if (conditions.sets.length === 1 && conditions.lowers.length === 0 && conditions.uppers.length === 0) consumed += 1;
  }
  const range = k < paths.length ? rangeOf(parsed.paths.get(paths[k] as string)) : null;
  if (range?.complete) consumed += 1;
  if (k === 0 && !range) return null;
  const slices = combos.map((combo) => sliceOf(index, combo, range?.range)).filter(([a, b]) => b > a);
  const total = slices.reduce((sum, [a, b]) => sum + b - a, 0);
  return {
    index,
    spec,
    paths,
    points,
    equalities,
    slices,
    total,
    exact: parsed.exact && consumed === parsed.paths.size,
    nextKey: k,
  };
}

/**
 * Whether an index's key pattern gives a sort its order, by MongoDB's rule ("Use Indexes to Sort Query Results" in
 * the manual): after the keys the filter pins to one value each (`points` leading keys; the sort may name them too),
 * the sort's keys must be the index's next keys, in order, each in the index's direction or each reversed. So
 * `{a: 1}` cannot give `{a: 1, _id: 1}`, `{a: 1, _id: 1}` can (and `{a: -1, _id: -1}` backwards), `{d: 1, a: 1, _id: 1}`
 * can with `d` pinned, and a sort that mixes directions the index does not have cannot. A prefix held to a few
 * values by `$in` counts as pinned too (`IndexPlan.equalities`): MongoDB merges one scan per value.
 * Returns 1 (forwards), -1 (backwards) or 0 (MongoDB sorts in memory).
 */
export function indexSortDirection(
  spec: Pick<IndexSpec, 'paths' | 'directions'>,
  points: number,
  sort: ReadonlyArray<readonly [string, 1 | -1]>,
): 1 | -1 | 0 {
  const pinned = new Set(spec.paths.slice(0, points));
  const rest = sort.filter(([path]) => !pinned.has(path));
  if (rest.length === 0) return 1;
  let way: 1 | -1 | 0 = 0;
  for (let i = 0; i < rest.length; i += 1) {
    const [path, direction] = rest[i] as readonly [string, 1 | -1];
    const k = points + i;
    if (spec.paths[k] !== path) return 0;
    const here = direction === spec.directions[k] ? 1 : -1;
    if (way !== 0 && here !== way) return 0;
    way = here;
  }
  return way;
}

/**
 * The filter split on its first `$or` (top level, or in a top-level `$and`): one filter per branch, each the rest
 * of the filter and that branch. A document matches the filter exactly when it matches one of them.
 */
export function orBranches(filter: unknown): unknown[] | null {
  if (!isPlainObject(filter)) return null;
  const split = (clause: Record<string, unknown>): { rest: Record<string, unknown>; branches: unknown[] } | null => {
    const branches = clause.$or;
    if (!Array.isArray(branches) || branches.length === 0 || !branches.every(isPlainObject)) return null;
    const { $or: _taken, ...rest } = clause;
    return { rest, branches };
  };
  const top = split(filter);
  if (top) return top.branches.map((branch) => ({ $and: [top.rest, branch] }));
  const and = filter.$and;
  if (!Array.isArray(and)) return null;
  for (let i = 0; i < and.length; i += 1) {
    const inner = isPlainObject(and[i]) ? split(and[i] as Record<string, unknown>) : null;
    if (!inner) continue;
    const { $and: _all, ...others } = filter;
    const siblings = [...and.slice(0, i), inner.rest, ...and.slice(i + 1)];
    return inner.branches.map((branch) => ({ ...others, $and: [...siblings, branch] }));
  }
  return null;
}

function smallest(sets: KeyValue[][]): KeyValue[] {
  return sets.reduce((best, set) => (set.length < best.length ? set : best));
}

function distinct(values: KeyValue[]): KeyValue[] {
  const seen = new Map(values.map((v) => [`${v.rank}:${v.num}:${v.str}`, v]));
  return [...seen.values()];
}

/** The range on a key from its bounds of one type (the tightest of each side); `complete` if nothing is left out. */
function rangeOf(conditions: PathConditions | undefined): { range: KeyRange; complete: boolean } | null {
  if (!conditions || conditions.sets.length > 0) return null;
  const first = conditions.lowers[0] ?? conditions.uppers[0];
  if (!first) return null;
  const rank = first.value.rank;
  const lowers = conditions.lowers.filter((b) => b.value.rank === rank);
  const uppers = conditions.uppers.filter((b) => b.value.rank === rank);
  const complete = lowers.length + uppers.length === conditions.lowers.length + conditions.uppers.length;
  const lower = lowers.reduce<Bound | undefined>((best, b) => (!best || tighter(b, best, 1) ? b : best), undefined);
  const upper = uppers.reduce<Bound | undefined>((best, b) => (!best || tighter(b, best, -1) ? b : best), undefined);
  // Several bounds on one side: the slice uses the tightest, and the others are implied by it.
  return { range: { rank, lower, upper }, complete: complete && lowers.length <= 1 && uppers.length <= 1 };
}

/** Whether bound `a` is tighter than `b` (direction 1: lower bounds, -1: upper bounds). */
function tighter(a: Bound, b: Bound, direction: 1 | -1): boolean {
  const c = a.value.str !== b.value.str ? (a.value.str < b.value.str ? -1 : 1) : Math.sign(a.value.num - b.value.num);
  if (c !== 0) return c * direction > 0;
  return !a.inclusive && b.inclusive;
}

/**
 * Whether key `k` has one rank with a total order CongoDB's sort agrees with over a slice: numbers, dates, or ObjectIds
 * (CongoDB compares their 24-digit lowercase hex strings with `localeCompare`, which orders 0-9 before a-f, as bytes do).
 */
export function sortableSlice(plan: IndexPlan, k: number): boolean {
  const [slice] = plan.slices;
  if (!slice || plan.slices.length !== 1) return false;
  const first = rankAt(plan.index, slice[0], k);
  const ordered = first === Rank.Number || first === Rank.Date || first === Rank.ObjectId;
  return ordered && rankAt(plan.index, slice[1] - 1, k) === first;
}
