import { departmentMembers, tenantUserIds, usedAppKeys } from '../insights/askFacts';
import type { Store } from '../../store/Store';
import type { Filters } from './querySchema';

/**
 * What "excluding IT" and "not in Teams" leave in, read the way the other filters are: the apps the tenant has used
 * but the excluded ones, and everyone but the excluded departments' members (people without a department stay in).
 */

/**
 * The filters' apps with the excluded ones taken out (every app used in the tenant when none was named); null when
 * none is left, which an empty list (no app filter) would not say.
 */
export async function keptApps(store: Store, tenantId: string, filters: Filters): Promise<string[] | null> {
  const out = filters.exclude?.apps ?? [];
  if (!out.length) return filters.apps;
  const base = filters.apps.length ? filters.apps : await usedAppKeys(store, tenantId);
  const kept = base.filter((a) => !out.includes(a));
  return kept.length ? kept : null;
}

/** Said when leaving out what was asked leaves nothing to count. */
export const NOTHING_LEFT = 'Nothing is left once those apps are excluded: no other app has Copilot activity.';

/** The people a scope allows (null: everyone) without the excluded departments' members. */
export async function withoutExcluded(
  store: Store,
  tenantId: string,
  userIds: string[] | null,
  filters: Filters,
): Promise<string[] | null> {
  const out = filters.exclude?.departments ?? [];
  if (!out.length) return userIds;
  const [left, base] = await Promise.all([
    departmentMembers(store, tenantId, out),
    userIds ?? tenantUserIds(store, tenantId),
  ]);
  const leftOut = new Set(left);
  return base.filter((id) => !leftOut.has(id));
}

/** The words the interpretation line and the filters use for what was left out ("excluding IT, Teams"). */
export function excludedLabel(filters: Filters, appName: (key: string) => string): string | null {
  const out = filters.exclude;
  if (!out || (!out.apps.length && !out.departments.length)) return null;
  return `excluding ${[...out.departments, ...out.apps.map(appName)].join(', ')}`;
}
