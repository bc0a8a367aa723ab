import type { Filter } from 'mongodb';
import type { DataSourceDoc, InteractionDoc } from '../../store/documents';
import type { Store } from '../../store/Store';
import { siteOfKey, sitePrefixOfKey } from '../dataSourceSite';
export { nameHeads } from '../sourceNames';
import { readInteractionFacts, WHOLE_READ_BATCH, type InteractionFact } from './askFacts';
import { sourceNamesBuilt } from '../sync/sourceNamesBuild';
import type { TimeRange } from './types';

/**
 * The reads behind a filter on one named data source or site: the tenant's sources by name (what a question can
 * name), the keys of one site, and the interactions that referenced any of a few keys in a range — an index read on
 * `{tenantId, dataSourceKeys, createdAt}` (Store.ts), so one file's figures never walk the tenant's other interactions.
 */

/** A stored data source as a question can name it: its name, and the site its address lies in. */
export interface NamedSourceEntry {
  key: string;
  kind: string;
  name: string | null;
  url: string | null;
  /** `host/sites/Name` (core/dataSourceSite.ts), or null for sources outside a SharePoint site. */
  site: string | null;
}

/**
 * Where a question may name a source: each of its words and each two adjacent words (the heads a name it holds
 * could have, nameHeads), and whether it may name a site (the word "site", or a quoted name).
 */
export interface NameLookup {
  heads: readonly string[];
  sites: boolean;
}

/**
 * The tenant's sources by name, for a question that may name one. `candidates`: the sources whose name starts with
 * one of the question's heads, and every site when asked (both by index), else every source until the store's
 * names are built. `all`: every source (the near names of a name none has), kept for `ttlMs`; `missed` re-reads a
 * copy older than MISS_REREAD_MS (the source may be new).
 */
export interface SourceCatalog {
  candidates(lookup: NameLookup): Promise<readonly NamedSourceEntry[]>;
  all(missed?: boolean): Promise<readonly NamedSourceEntry[]>;
}

/** A name not found re-reads a copy at most this old: asking for a name nothing has never reads on every question. */
export const MISS_REREAD_MS = 10_000;

const SOURCE_FIELDS = { _id: 0, key: 1, kind: 1, name: 1, url: 1 } as const;
const entryOf = (d: Pick<DataSourceDoc, 'key' | 'kind' | 'name' | 'url'>): NamedSourceEntry => ({
  key: d.key,
  kind: d.kind,
  name: d.name,
  url: d.url,
  site: siteOfKey(d.key),
});
const byKey = (a: NamedSourceEntry, b: NamedSourceEntry) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** Every stored source of the tenant with its name and site (an index read on `{tenantId, key}`). */
export async function readSourceCatalog(store: Store, tenantId: string): Promise<NamedSourceEntry[]> {
  const docs = await store.dataSources
    .find({ tenantId }, { batchSize: WHOLE_READ_BATCH, projection: SOURCE_FIELDS })
    .toArray();
  return docs.map(entryOf);
}

/**
 * The sources whose name or stem starts with one of `lookup.heads` (one `$or` over by_name_head and by_stem_head:
 * keys examined are the matching sources), and with `lookup.sites` every site with its key prefix, as entries
 * with no name (the per-site aggregate, one document a site); in key order (a site before its sources).
 */
export async function readNamedSources(
  store: Store,
  tenantId: string,
  lookup: NameLookup,
): Promise<NamedSourceEntry[]> {
  const heads = [...new Set(lookup.heads)];
  const [docs, sites] = await Promise.all([
    heads.length
      ? store.dataSources
          .find(
            { tenantId, $or: [{ nameHead: { $in: heads } }, { stemHead: { $in: heads } }] },
            { batchSize: WHOLE_READ_BATCH, projection: SOURCE_FIELDS },
          )
          .toArray()
      : [],
    lookup.sites ? store.siteActivity.find({ tenantId }, { projection: { _id: 0, site: 1, prefix: 1 } }).toArray() : [],
  ]);
  const siteEntries = sites.flatMap((s): NamedSourceEntry[] =>
    s.prefix ? [{ key: s.prefix, kind: 'other', name: null, url: null, site: s.site }] : [],
  );
  return [...siteEntries, ...docs.map(entryOf)].sort(byKey);
}

/**
 * The catalog of one tenant's source names. Candidates are read per question (a source synced a moment ago is found);
 * every source, for near names, is kept for `ttlMs` (0: read on every call; sources change with syncs, not per
 * question), and a failed read is not kept. `forget()` drops that copy (a sync finished).
 */
export function createSourceCatalog(
  store: Store,
  tenantId: string,
  ttlMs: number,
  clock = () => Date.now(),
): SourceCatalog & { forget(): void } {
  let cached: { at: number; value: Promise<NamedSourceEntry[]> } | null = null;
  let built = false;
  const all = (missed = false): Promise<NamedSourceEntry[]> => {
    const at = clock();
    const age = cached ? at - cached.at : Infinity;
    if (ttlMs <= 0 || age > ttlMs || (missed && age > MISS_REREAD_MS)) {
      const value = readSourceCatalog(store, tenantId);
      value.catch(() => (cached = null));
      cached = { at, value };
    }
    return cached!.value;
  };
  const candidates = async (lookup: NameLookup): Promise<NamedSourceEntry[]> => {
    // The mark is never taken back: once seen, it is not read again.
    built ||= await sourceNamesBuilt(store, tenantId);
    return built ? readNamedSources(store, tenantId, lookup) : all();
  };
  return { candidates, all, forget: () => void (cached = null) };
}

export { sitePrefixOfKey };

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The keys of one site's sources: an anchored, case-sensitive prefix of `key`, which MongoDB reads as a range of the
 * `{tenantId, key}` index ("Regular expression … prefix expression" in the MongoDB manual's $regex page).
 */
export async function siteKeys(store: Store, tenantId: string, prefix: string): Promise<string[]> {
  const filter: Filter<DataSourceDoc> = { tenantId, key: { $regex: `^${escapeRegex(prefix)}(?:[/?]|$)` } };
  const docs = await store.dataSources.find(filter, { projection: { _id: 0, key: 1 } }).toArray();
  return docs.map((d) => d.key);
}

/**
 * The keys of the sources whose names hold `phrase` (case-insensitive): an unanchored pattern reads every source of the
 * tenant through the `{tenantId, key}` index's tenant prefix, as the tab's source search does — sources number in the
 * thousands, not the millions interactions do.
 */
export async function keysNamedLike(store: Store, tenantId: string, phrase: string): Promise<string[]> {
  const filter: Filter<DataSourceDoc> = { tenantId, name: { $regex: escapeRegex(phrase), $options: 'i' } };
  const docs = await store.dataSources.find(filter, { projection: { _id: 0, key: 1 } }).toArray();
  return docs.map((d) => d.key);
}

/** The keys a named source stands for: itself, a site's sources, or every source whose name holds the words. */
export async function keysOfNamed(
  store: Store,
  tenantId: string,
  s: { of: 'source' | 'site' | 'match'; key: string },
): Promise<string[]> {
  if (s.of === 'site') return siteKeys(store, tenantId, s.key);
  if (s.of === 'match') return keysNamedLike(store, tenantId, s.key);
  return [s.key];
}

/**
 * Interactions that referenced any of `keys` in a range, narrowed to apps and people as asked: tenant, keys, then
 * time, in the order of the index by_source_time (Store.ts).
 */
export async function interactionsWithSources(
  store: Store,
  tenantId: string,
  keys: string[],
  range: TimeRange,
  options: { appKeys: string[]; userIds: string[] | null },
): Promise<InteractionFact[]> {
  if (keys.length === 0) return [];
  const filter: Filter<InteractionDoc> = { tenantId, dataSourceKeys: { $in: keys }, createdAt: { $gte: range.from, $lt: range.to } }; // prettier-ignore
  if (options.appKeys.length) filter.appKey = { $in: options.appKeys };
  if (options.userIds) filter.userId = { $in: options.userIds };
  return readInteractionFacts(store, filter);
}

/**
 * Which person reached which source, all synced history: the per-user reach the sync keeps (`dataSourceUsage`, one
 * document per source and person), read on its natural_key `{tenantId, key, userId}` and covered by it, so ranking
 * sites or sources by the people reaching them walks the tenant's sources' people, never its interactions.
 */
export async function sourceReach(store: Store, tenantId: string): Promise<Array<{ key: string; userId: string }>> {
  return store.dataSourceUsage
    .find({ tenantId }, { batchSize: WHOLE_READ_BATCH, projection: { _id: 0, key: 1, userId: 1 } })
    .toArray();
}

/**
 * The owner a OneDrive address names: `/personal/<upn with "." and "@" as "_">/` on `<tenant>-my.sharepoint.com`,
 * lower-cased (Microsoft Learn, "OneDrive URL": the user principal name with its punctuation replaced by underscores).
 */
export function oneDriveOwnerOf(url: string | null | undefined): string | null {
  const m = /^https?:\/\/[^/]+-my\.sharepoint\.com\/personal\/([^/?#]+)/i.exec(url ?? '');
  return m ? m[1]!.toLowerCase() : null;
}

/** A user principal name as a OneDrive address spells it. */
export const oneDriveSpelling = (upn: string): string => upn.toLowerCase().replace(/[.@]/g, '_');
