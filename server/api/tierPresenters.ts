import { pseudonymousRef, type Pseudonymizer } from '../core/privacy/pseudonyms';
import { tierAtLeast, type Tier } from '../core/privacy/tiers';
import type { UserRef } from '../core/insights/types';
export { pseudonymsOf } from '../appPseudonyms';
import type * as W from './contracts';

/** Below Analyst, people in a list of rows become pseudonyms. */
export function peopleForTier<T extends UserRef>(rows: T[], tier: Tier | null, pseudonyms: Pseudonymizer): T[] {
  return tierAtLeast(tier, 'Analyst') ? rows : rows.map((r) => pseudonymousRef(r, pseudonyms));
}

/** The Overview within a tier: a Viewer's top users are pseudonyms and the last run lists no one's read errors. */
export function overviewForTier(o: W.Overview, tier: Tier | null, pseudonyms: Pseudonymizer): W.Overview {
  if (tierAtLeast(tier, 'Analyst')) return o;
  return {
    ...o,
    topUsers: peopleForTier(o.topUsers, tier, pseudonyms),
    lastSync: o.lastSync ? { ...o.lastSync, errors: [] } : null,
  };
}
