/**
 * Sorted index arrays for the CongoDB accelerator (congoIndexes.ts): documents ordered by a compound key in
 * MongoDB's comparison order for the scalar types we index, and binary search over that order.
 */

/** Type ranks in MongoDB's BSON order: null/missing < numbers < strings < ObjectId < boolean < Date. */
export const Rank = { Null: 0, Number: 1, String: 2, ObjectId: 3, Boolean: 4, Date: 5 } as const;
export type Rank = (typeof Rank)[keyof typeof Rank];

/** A normalised scalar: its rank, and its value as a number (numbers, booleans, dates) or string. */
export interface KeyValue {
  rank: Rank;
  num: number;
  str: string;
}

/** A value that cannot be indexed without MongoDB's multikey or object semantics. */
export const UNINDEXABLE = null;

/** Normalises a scalar; `UNINDEXABLE` for arrays, objects, NaN, invalid dates and other BSON types. */
export function keyValue(value: unknown): KeyValue | typeof UNINDEXABLE {
  if (value === undefined || value === null) return { rank: Rank.Null, num: 0, str: '' };
  switch (typeof value) {
    case 'number':
      return Number.isNaN(value) ? UNINDEXABLE : { rank: Rank.Number, num: value, str: '' };
    case 'string':
      return { rank: Rank.String, num: 0, str: value };
    case 'boolean':
      return { rank: Rank.Boolean, num: value ? 1 : 0, str: '' };
    case 'object':
      if (value instanceof Date) {
        const time = value.getTime();
        return Number.isNaN(time) ? UNINDEXABLE : { rank: Rank.Date, num: time, str: '' };
      }
      if ((value as { _bsontype?: unknown })._bsontype === 'ObjectId') {
        return { rank: Rank.ObjectId, num: 0, str: (value as { toHexString(): string }).toHexString() };
      }
      return UNINDEXABLE;
    default:
      return UNINDEXABLE;
  }
}

/** The value at a dotted path, or `UNKNOWN_PATH` when an array or a non-plain object is on the way. */
export const UNKNOWN_PATH = Symbol('unknown path');

export function valueAtPath(doc: unknown, path: string): unknown {
  let current: unknown = doc;
  for (const part of path.split('.')) {
    if (current === undefined || current === null) return undefined;
    if (typeof current !== 'object' || Array.isArray(current)) return UNKNOWN_PATH;
    if (Object.getPrototypeOf(current) !== Object.prototype && Object.getPrototypeOf(current) !== null) {
      return UNKNOWN_PATH;
    }
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** One column of an index: the normalised key of every document at one index path, in storage order. */
interface Column {
  rank: Uint8Array;
  num: Float64Array;
  str: string[];
}

/** Documents of one collection version ordered by an index's compound key (ascending on every key). */
export interface SortedIndex {
  /** The collection as storage returned it; positions in it are "ordinals" (storage order). */
  docs: unknown[];
  /** Ordinals in key order (ties in storage order). */
  order: Int32Array;
  columns: Column[];
}

/** Builds the sorted index, or null when a document holds an array or unsupported value on an index path. */
export function buildSortedIndex(docs: unknown[], paths: string[]): SortedIndex | null {
  const n = docs.length;
  const columns: Column[] = paths.map(() => ({
    rank: new Uint8Array(n),
    num: new Float64Array(n),
    str: new Array<string>(n).fill(''),
  }));
  for (let i = 0; i < n; i += 1) {
    for (let k = 0; k < paths.length; k += 1) {
      const raw = valueAtPath(docs[i], paths[k] as string);
      const key = raw === UNKNOWN_PATH ? UNINDEXABLE : keyValue(raw);
      if (key === UNINDEXABLE) return null;
      const column = columns[k] as Column;
      column.rank[i] = key.rank;
      column.num[i] = key.num;
      column.str[i] = key.str;
    }
  }
  const order = new Int32Array(n);
  for (let i = 0; i < n; i += 1) order[i] = i;
  order.sort((a, b) => {
    for (const column of columns) {
      const c = compareAt(column, a, column.rank[b] as Rank, column.num[b] as number, column.str[b] as string);
      if (c !== 0) return c;
    }
    return a - b;
  });
  return { docs, order, columns };
}

function compareAt(column: Column, i: number, rank: Rank, num: number, str: string): number {
  const r = column.rank[i] as Rank;
  if (r !== rank) return r - rank;
  if (r === Rank.String || r === Rank.ObjectId) {
    const s = column.str[i] as string;
    return s < str ? -1 : s > str ? 1 : 0;
  }
  const x = column.num[i] as number;
  return x < num ? -1 : x > num ? 1 : 0;
}

/** Compares the entry at sorted position `pos` with a bound on key `k` (rank only when `value` is null). */
function compareKey(index: SortedIndex, pos: number, k: number, rank: Rank, value: KeyValue | null): number {
  const column = index.columns[k] as Column;
  const ordinal = index.order[pos] as number;
  if (!value) return (column.rank[ordinal] as Rank) - rank;
  return compareAt(column, ordinal, value.rank, value.num, value.str);
}

/** First position in [lo, hi) whose key `k` compares >= 0 (or > 0 when `strict`) with the bound. */
function lowerBound(
  index: SortedIndex,
  lo: number,
  hi: number,
  k: number,
  rank: Rank,
  value: KeyValue | null,
  strict: boolean,
): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = compareKey(index, mid, k, rank, value);
    if (c < 0 || (strict && c === 0)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A range on one key: bounds of a single rank; a missing bound means "to the end of that type". */
export interface KeyRange {
  rank: Rank;
  lower?: { value: KeyValue; inclusive: boolean };
  upper?: { value: KeyValue; inclusive: boolean };
}

/** The [start, end) positions whose leading keys equal `prefix` and whose next key lies in `range`. */
export function sliceOf(index: SortedIndex, prefix: KeyValue[], range?: KeyRange): [number, number] {
  let lo = 0;
  let hi = index.order.length;
  prefix.forEach((value, k) => {
    const start = lowerBound(index, lo, hi, k, value.rank, value, false);
    hi = lowerBound(index, start, hi, k, value.rank, value, true);
    lo = start;
  });
  if (range) {
    const k = prefix.length;
    const { lower, upper } = range;
    const start = lower
      ? lowerBound(index, lo, hi, k, range.rank, lower.value, !lower.inclusive)
      : lowerBound(index, lo, hi, k, range.rank, null, false);
    hi = upper
      ? lowerBound(index, start, hi, k, range.rank, upper.value, upper.inclusive)
      : lowerBound(index, start, hi, k, range.rank, null, true);
    lo = start;
  }
  return [lo, Math.max(lo, hi)];
}

/** The rank of key `k` at sorted position `pos`. */
export function rankAt(index: SortedIndex, pos: number, k: number): Rank {
  return (index.columns[k] as Column).rank[index.order[pos] as number] as Rank;
}

/** Whether key `k` is equal at two sorted positions. */
export function sameKeyAt(index: SortedIndex, a: number, b: number, k: number): boolean {
  const column = index.columns[k] as Column;
  const ob = index.order[b] as number;
  return (
    compareAt(
      column,
      index.order[a] as number,
      column.rank[ob] as Rank,
      column.num[ob] as number,
      column.str[ob] as string,
    ) === 0
  );
}

/** The documents at the given ordinals, in storage order (which a scan would have produced). */
export function inStorageOrder(index: SortedIndex, ordinals: number[] | Int32Array): unknown[] {
  const sorted = Int32Array.from(ordinals).sort();
  const out = new Array<unknown>(sorted.length);
  for (let i = 0; i < sorted.length; i += 1) out[i] = index.docs[sorted[i] as number];
  return out;
}
