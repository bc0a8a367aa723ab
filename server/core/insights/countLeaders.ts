import type { Collection, Document, Filter } from 'mongodb';

/**
 * The documents that can make a top `limit` by a count, ties at the cut-off included: every document whose `field`
 * reaches the `limit`-th highest value, so a ranking of them is exact. One read of `limit + 1` documents in the
 * count's order answers it when the one past the cut-off counts less (or there is none); only a tie there reads the
 * range reaching the cut-off's count. With `max`: null when more than `max` documents reach it, or `limit` is over
 * `max` (the caller reads every document). Both reads are ranges of an index of the filter's equality fields then `field`
 * descending; the sort is that one key (the cut-off's count does not depend on how ties are ordered, and Cosmos DB
 * refuses a sort of several fields without an index of exactly those fields).
 */
export async function countLeaders<T extends Document>(
  collection: Collection<T>,
  filter: Filter<T>,
  options: { field: keyof T & string; limit: number; projection: Document; max?: number },
): Promise<T[] | null> {
  const { field, limit, projection, max } = options;
  if (limit < 1 || (max !== undefined && limit > max)) return null;
  const sort = { [field]: -1 } as const;
  const first = await collection.find(filter, { sort, limit: limit + 1, projection }).toArray();
  const count = (doc: T | undefined) => (doc ? (doc[field] as number) : -Infinity);
  if (first.length <= limit || count(first[limit] as T) < count(first[limit - 1] as T))
    return first.slice(0, limit) as T[];
  const reaching = { ...filter, [field]: { $gte: count(first[limit - 1] as T) } } as Filter<T>;
  const tied = await collection
    .find(reaching, { sort, projection, ...(max !== undefined && { limit: max + 1 }) })
    .toArray();
  return max !== undefined && tied.length > max ? null : (tied as T[]);
}
