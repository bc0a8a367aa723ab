import { isSupportedCountry } from 'libphonenumber-js';
import type { Store } from '../../store/Store';
import { tenantHostMatcher, type HostMatcher } from './tenantHosts';
import type { Severity, WatchlistEntry } from './types';

/** A suppression as the scanner applies it. */
export interface Suppression {
  rule: string;
  userId: string | null;
  resource: string | null;
}

/** What the rules need to know about one tenant: its own hosts, the watch-list, the suppressions. */
export interface TenantRiskSettings {
  isTenantHost: HostMatcher;
  watchlist: WatchlistEntry[];
  suppressions: Suppression[];
  phoneRegions: string[];
}

/**
 * The tenant's domains are the domains of its users' sign-in names and mail addresses (the directory the sync keeps),
 * with `<name>.onmicrosoft.com`. Loaded at most every `ttlMs` per tenant: a scan runs per sync batch.
 */
export function createRiskSettingsLoader(
  store: Store,
  now: () => Date,
  ttlMs = 30_000,
): (tenantId: string) => Promise<TenantRiskSettings> {
  const cache = new Map<string, { at: number; settings: TenantRiskSettings }>();
  return async (tenantId) => {
    const cached = cache.get(tenantId);
    if (cached && now().getTime() - cached.at < ttlMs) return cached.settings;
    const [upns, mails, locations, watch, suppressions] = await Promise.all([
      store.directoryUsers.distinct('userPrincipalName', { tenantId }),
      store.directoryUsers.distinct('mail', { tenantId }),
      store.directoryUsers.distinct('usageLocation', { tenantId }),
      store.watchlistEntries.find({ tenantId }).toArray(),
      store.findingSuppressions.find({ tenantId }).toArray(),
    ]);
    const domains = new Set<string>();
    for (const address of [...upns, ...mails]) {
      if (typeof address !== 'string') continue;
      const domain = address.split('@')[1]?.toLowerCase();
      if (domain) domains.add(domain);
    }
    const settings: TenantRiskSettings = {
      isTenantHost: tenantHostMatcher(domains),
      watchlist: watch.map((w) => ({
        id: w.entryId,
        name: w.name,
        pattern: w.pattern,
        regex: w.regex,
        severity: w.severity as Severity,
      })),
      suppressions: suppressions.map((s) => ({ rule: s.rule, userId: s.userId, resource: s.resource })),
      phoneRegions: phoneRegionsOf(locations),
    };
    cache.set(tenantId, { at: now().getTime(), settings });
    return settings;
  };
}

/** The directory's usage locations the phone library knows (each is tried on a number); US when there are none. */
function phoneRegionsOf(locations: readonly unknown[]): string[] {
  const regions = locations
    .filter((l): l is string => typeof l === 'string')
    .map((l) => l.trim().toUpperCase())
    .filter((l) => isSupportedCountry(l));
  return regions.length > 0 ? [...new Set(regions)].sort() : ['US'];
}

/** Whether a suppression covers a rule's finding on this user's interaction citing these URLs. */
export function suppressed(
  suppressions: readonly Suppression[],
  rule: string,
  userId: string,
  urls: readonly string[],
): boolean {
  return suppressions.some(
    (s) =>
      (s.rule === '*' || s.rule === rule) &&
      (s.userId === null || s.userId === userId) &&
      (s.resource === null || urls.some((url) => coversUrl(s.resource!, url))),
  );
}

function coversUrl(resource: string, url: string): boolean {
  const r = resource.toLowerCase();
  const u = url.toLowerCase();
  if (u.startsWith(r)) return true;
  try {
    return new URL(u).hostname === r;
  } catch {
    // Not a URL: only the prefix test applies.
    return false;
  }
}
