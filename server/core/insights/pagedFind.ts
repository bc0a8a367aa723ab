import type { Collection, Document, Filter } from 'mongodb';
import { compareSortValues, decodeCursor, encodeCursor, keysetFilter, keysetSort, type SortValue } from './cursor';
import type { Page, SortDirection } from './types';

export interface PagedFindOptions<TDoc extends Document> {
  filter: Filter<TDoc>;
  /** A field of the document to sort on (ties broken by `_id`). */
  sortField: string;
  direction: SortDirection;
  limit: number;
  cursor?: string;
  projection?: Document;
  /**
   * A text field: sorted here (case-insensitively, then by code point) rather than by the store, whose string
   * order differs between MongoDB (binary) and the emulator (locale). Fine for the per-user-sized collections.
   */
  textSort?: boolean;
}

/**
 * One keyset page of a collection: sort (field, _id), the rows after the cursor, limit + 1 to know whether a
 * next page exists, and the total of the filter. Works from an index on real MongoDB; no skip, so deep pages
 * cost what the first page costs.
 */
export async function pagedFind<TDoc extends Document & { _id: { toHexString(): string } }>(
  collection: Collection<TDoc>,
  options: PagedFindOptions<TDoc>,
): Promise<Page<TDoc>> {
  if (options.textSort) return pagedFindByText(collection, options);
  const { sortField, direction, limit } = options;
  const sortKey = `${sortField}:${direction}`;
  const after = options.cursor ? keysetFilter(sortField, direction, decodeCursor(sortKey, options.cursor)) : null;
  const filter = (after ? { $and: [options.filter, after] } : options.filter) as Filter<TDoc>;
  const [docs, total] = await Promise.all([
    collection
      .find(filter, { projection: options.projection, sort: keysetSort(sortField, direction), limit: limit + 1 })
      .toArray() as Promise<TDoc[]>,
    collection.countDocuments(options.filter),
  ]);
  const items = docs.slice(0, limit);
  const last = items[items.length - 1];
  const nextCursor =
    docs.length > limit && last
      ? encodeCursor(sortKey, { value: valueAt(last, sortField), id: last._id.toHexString() })
      : null;
  return { items, nextCursor, total };
}

async function pagedFindByText<TDoc extends Document & { _id: { toHexString(): string } }>(
  collection: Collection<TDoc>,
  options: PagedFindOptions<TDoc>,
): Promise<Page<TDoc>> {
  const keys = await collection.find(options.filter, { projection: { [options.sortField]: 1 } }).toArray();
  const ids = new Map(keys.map((k) => [k._id.toHexString(), k._id]));
  const page = pageKeys(
    keys.map((k) => ({ value: valueAt(k, options.sortField), id: k._id.toHexString() })),
    options,
  );
  const docs = await collection
    .find({ _id: { $in: page.keys.map((k) => ids.get(k.id)) } } as Filter<TDoc>, { projection: options.projection })
    .toArray();
  const byId = new Map(docs.map((d) => [d._id.toHexString(), d as TDoc]));
  const items = page.keys.flatMap((k) => {
    const doc = byId.get(k.id);
    return doc ? [doc] : [];
  });
  return { items, nextCursor: page.nextCursor, total: page.total };
}

function valueAt(doc: Document, path: string): SortValue {
  let current: unknown = doc;
  for (const part of path.split('.')) current = (current as Record<string, unknown> | null)?.[part];
  if (current === undefined || current === null) return null;
  if (current instanceof Date || typeof current === 'number' || typeof current === 'string') return current;
  return null;
}

/** Maps a page's items, keeping its cursor and total. */
export function mapPage<A, B>(page: Page<A>, map: (item: A) => B): Page<B> {
  return { items: page.items.map(map), nextCursor: page.nextCursor, total: page.total };
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });
/** Case-insensitive, numbers in numeric order, then code points: a total order people expect. */
const TEXT_ORDER = (a: string, b: string): number => collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);

/** A row of an in-memory sort: its sort value and id (what a cursor holds). */
export interface SortedKey {
  value: SortValue;
  id: string;
}

/**
 * Keyset paging over keys sorted in memory, for sorts the store cannot do itself (a name joined from another
 * collection). Same order as MongoDB's (nulls first ascending) and the same cursor format as pagedFind.
 */
export function pageKeys(
  keys: SortedKey[],
  options: { sortField: string; direction: SortDirection; limit: number; cursor?: string },
): { keys: SortedKey[]; nextCursor: string | null; total: number } {
  const sortKey = `${options.sortField}:${options.direction}`;
  const sign = options.direction === 'asc' ? 1 : -1;
  const compare = (a: SortedKey, b: SortedKey): number =>
    sign * (compareSortValues(a.value, b.value, TEXT_ORDER) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const sorted = [...keys].sort(compare);
  const position = options.cursor ? decodeCursor(sortKey, options.cursor) : null;
  const rest = position ? sorted.filter((k) => compare(k, position) > 0) : sorted;
  const page = rest.slice(0, options.limit);
  const last = page[page.length - 1];
  const nextCursor = rest.length > options.limit && last ? encodeCursor(sortKey, last) : null;
  return { keys: page, nextCursor, total: keys.length };
}
