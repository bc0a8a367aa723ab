import type { Store } from '../../../store/Store';
import { storedAppNames } from '../askFacts';

/** An app outside the catalogue that the tenant's history holds ("SharePoint (unrecognised)"), as a question names it. */
export interface TenantApp {
  /** `other:<suffix>`, as stored. */
  key: string;
  /** Its stored display name. */
  name: string;
  /** The words a question names it by: the suffix's ("other:fabric-notebook": fabric, notebook). */
  words: readonly string[];
}

/**
 * The tenant's apps outside the catalogue (Graph's appClass names more Copilot surfaces than the catalogue knows, and
 * the sync keeps each as its own app): "who used Copilot in SharePoint" names one of them when the history holds it.
 */
export async function unrecognisedApps(store: Store, tenantId: string): Promise<TenantApp[]> {
  const keys = (await store.agents.distinct('appKey', { tenantId, appKey: { $regex: '^other:' } })).filter(
    (k): k is string => typeof k === 'string' && k !== 'other:unspecified',
  );
  if (!keys.length) return [];
  const names = await storedAppNames(store, tenantId, keys);
  return keys.sort().map((key) => ({
    key,
    name: names.get(key) ?? key,
    words: key.slice('other:'.length).split('-').filter(Boolean),
  }));
}
