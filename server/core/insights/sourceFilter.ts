import type { Filter } from 'mongodb';
import type { DataSourceDoc, InteractionDoc } from '../../store/documents';
import type { Store } from '../../store/Store';
import { siteOfKey } from '../dataSourceSite';
import { readInteractionFacts, WHOLE_READ_BATCH, type InteractionFact } from './askFacts';
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
 * The tenant's sources and sites by name, read once and kept for `ttlMs` (0: read on every call). `missed`: a name
 * was looked for and not found, so a copy older than a few seconds is read again (the source may be new).
 */
export type SourceCatalog = (missed?: boolean) => Promise<readonly NamedSourceEntry[]>;

/** A name not found re-reads a copy at most this old: asking for a name nothing has never reads on every question. */
export const MISS_REREAD_MS = 10_000;

/** Every stored source of the tenant with its name and site (an index read on `{tenantId, key}`). */
export async function readSourceCatalog(store: Store, tenantId: string): Promise<NamedSourceEntry[]> {
  const docs = await store.dataSources
    .find({ tenantId }, { batchSize: WHOLE_READ_BATCH, projection: { _id: 0, key: 1, kind: 1, name: 1, url: 1 } })
    .toArray();
  return docs.map((d) => ({ key: d.key, kind: d.kind, name: d.name, url: d.url, site: siteOfKey(d.key) }));
}

/**
 * A catalog cached for `ttlMs` (sources change with syncs, not per question); a failed read is not kept. `forget()`
 * drops the copy (a sync finished), and a name not found re-reads one older than MISS_REREAD_MS.
 */
export function createSourceCatalog(
  store: Store,
  tenantId: string,
  ttlMs: number,
  clock = () => Date.now(),
): SourceCatalog & { forget(): void } {
  let cached: { at: number; value: Promise<NamedSourceEntry[]> } | null = null;
  const catalog = (missed = false): Promise<NamedSourceEntry[]> => {
    const at = clock();
    const age = cached ? at - cached.at : Infinity;
    if (ttlMs <= 0 || age > ttlMs || (missed && age > MISS_REREAD_MS)) {
      const value = readSourceCatalog(store, tenantId);
      value.catch(() => (cached = null));
      cached = { at, value };
    }
    return cached!.value;
  };
  return Object.assign(catalog, { forget: () => void (cached = null) });
}

/** The address prefix every key of a site starts with: `url:https://host/sites/Name` (escapes as stored). */
export function sitePrefixOfKey(key: string): string | null {
  return /^(url:https?:\/\/[^/?#]+\/(?:sites|teams)\/[^/?#]+)/i.exec(key)?.[1] ?? null;
}

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
