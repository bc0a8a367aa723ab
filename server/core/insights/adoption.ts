import type { Document, Filter } from 'mongodb';
import { departmentKey } from '../../store/departmentKey';
import { naturalId } from '../../store/naturalId';
import type { DirectoryUserDoc } from '../../store/documents';
import type { Store } from '../../store/Store';
import { SMALL_GROUPS } from './departmentTypes';
import { dayFilter } from './timeRange';
import type { TimeRange } from './types';
import { unreadableUserIds } from './userSyncErrors';

/*
 * Adoption, the one definition the department view, a department's page, the API, the bot and the tab's Ask share:
 * of the people holding a Copilot licence (the directory as last synced) whose history could be read, the share
 * active in the period (in the apps asked). People whose history the export API refused (the latest sync's per-user
 * error, e.g. a 403) are on neither side — whether they used Copilot is unknown, so they are never counted as unused
 * licences — and are counted beside, so a reader can say "N users could not be read and are not counted".
 */

/** What one group's people did in one period. */
export interface AdoptionUsage {
  /** Readable licensed users active in the period (in the apps asked). */
  activeUsers: number;
  /** Their prompts in the period (in the apps asked). */
  prompts: number;
}

/** One department's adoption (or every small department's, merged). */
export interface AdoptionGroup {
  /** The department; null for licence holders without one; SMALL_GROUPS for the merged small departments. */
  department: string | null;
  kind: 'department' | 'none' | 'small_groups';
  /** Departments the group stands for (1, or how many small ones were merged). */
  departments: number;
  /** Licensed users whose history could be read: the share's denominator. */
  licensedUsers: number;
  /** Licensed users whose history could not be read: in neither side of the share. */
  unreadableUsers: number;
  now: AdoptionUsage;
  /** The same over `previous`, when asked. */
  before: AdoptionUsage | null;
  /** A merged group still smaller than the minimum group size: its figures must not be shown. */
  withheld: boolean;
}

export interface AdoptionQuery {
  range: TimeRange;
  /** A second period to read the same people over (the change), or none. */
  previous?: TimeRange;
  /** Only activity in these apps counts ([] or absent: any app). */
  apps?: string[];
  /** Only licence holders of these departments (whole names, any case or spacing; [] or absent: everyone). */
  departments?: string[];
  /** Groups with fewer readable licensed users than this are merged into one SMALL_GROUPS group. */
  minGroupSize: number;
}

export interface Adoption {
  /** Every group of at least `minGroupSize` readable licensed users, most first, then the merged small ones. */
  groups: AdoptionGroup[];
  /** Everyone asked, as one group (never withheld: callers decide whether it may be shown). */
  total: AdoptionGroup;
}

/** Active share as a percentage with one decimal; null without readable licensed users. */
export function adoptionPercent(active: number, licensed: number): number | null {
  return licensed > 0 ? Math.round((active / licensed) * 1000) / 10 : null;
}

interface Person {
  userId: string;
  department: string | null;
}

/**
 * The licence holders asked. A department is its key (store/departmentKey.ts: "Sales" and " sales" are one, as in
 * every department filter), read by an index equality, and shown by its people's most common spelling (trimmed; ties
 * by code point), null for none.
 */
async function licenceHolders(store: Store, tenantId: string, departments: string[]): Promise<Person[]> {
  const filter: Filter<DirectoryUserDoc> = { tenantId };
  if (departments.length) filter.departmentKey = { $in: departments.map(departmentKey) };
  const docs = await store.directoryUsers.find(filter, { projection: { _id: 0, userId: 1, department: 1 } }).toArray();
  const shown = mostCommonSpellings(docs.map((d) => [d.department ?? null, 1]));
  return docs.map((d) => ({ userId: d.userId, department: shown.get(departmentKey(d.department)) ?? null }));
}

/**
 * Per department key, the spelling (trimmed) most of its people have (ties: the first in code-point order), from
 * the directory's spellings as stored, each with how many people have it.
 */
function mostCommonSpellings(stored: Array<[string | null, number]>): Map<string | null, string> {
  const counts = new Map<string | null, Map<string, number>>();
  for (const [raw, n] of stored) {
    const spelling = raw?.trim() || null;
    if (spelling === null) continue;
    const key = departmentKey(spelling);
    const byKey = counts.get(key) ?? new Map<string, number>();
    byKey.set(spelling, (byKey.get(spelling) ?? 0) + n);
    counts.set(key, byKey);
  }
  const shown = new Map<string | null, string>();
  for (const [key, byKey] of counts) {
    const [best] = [...byKey].sort(([a, n], [b, m]) => m - n || (a < b ? -1 : a > b ? 1 : 0));
    if (best) shown.set(key, best[0]);
  }
  return shown;
}

/** Per user active in the range (in `apps`, else any app): their prompts (in those apps). */
async function usageByUser(
  store: Store,
  tenantId: string,
  range: TimeRange,
  apps: string[],
  userIds: string[] | null,
): Promise<Map<string, number>> {
  const match: Document = { tenantId, day: dayFilter(range) };
  if (userIds) match.userId = { $in: userIds };
  const sumOf = (field: 'appCounts' | 'appPrompts', whole: string) =>
    apps.length ? { $add: apps.map((a) => ({ $ifNull: [`$${field}.${a}`, 0] })) } : whole;
  const rows = await store.dailyUserActivity
    .aggregate<{ _id: string; interactions: number; prompts: number }>([
      { $match: match },
      {
        $group: {
          _id: '$userId',
          interactions: { $sum: sumOf('appCounts', '$interactionCount') },
          prompts: { $sum: sumOf('appPrompts', '$promptCount') },
        },
      },
    ])
    .toArray();
  return new Map(rows.filter((r) => r.interactions > 0).map((r) => [r._id, r.prompts]));
}

const emptyGroup = (department: string | null, kind: AdoptionGroup['kind'], withBefore: boolean): AdoptionGroup => ({
  department,
  kind,
  departments: 1,
  licensedUsers: 0,
  unreadableUsers: 0,
  now: { activeUsers: 0, prompts: 0 },
  before: withBefore ? { activeUsers: 0, prompts: 0 } : null,
  withheld: false,
});

function addUsage(into: AdoptionUsage | null, from: AdoptionUsage | null): void {
  if (!into || !from) return;
  into.activeUsers += from.activeUsers;
  into.prompts += from.prompts;
}

/** Adds `g`'s people and use to `into`. */
function mergeInto(into: AdoptionGroup, g: AdoptionGroup): void {
  into.licensedUsers += g.licensedUsers;
  into.unreadableUsers += g.unreadableUsers;
  addUsage(into.now, g.now);
  addUsage(into.before, g.before);
}

/**
 * Adoption by department over a range (and, when asked, a previous period), by the definition above. Departments
 * with fewer readable licensed users than `minGroupSize` (people without a department alike) are merged into one
 * SMALL_GROUPS group, withheld when even the merged group is smaller than that.
 */
export async function adoptionByDepartment(store: Store, tenantId: string, q: AdoptionQuery): Promise<Adoption> {
  const departments = q.departments ?? [];
  const apps = q.apps ?? [];
  const [people, refused] = await Promise.all([
    licenceHolders(store, tenantId, departments),
    unreadableUserIds(store, tenantId).then((ids) => new Set(ids)),
  ]);
  // Named departments read their own people's days only; the whole tenant reads the range once.
  const scope = departments.length ? people.filter((p) => !refused.has(p.userId)).map((p) => p.userId) : null;
  const [now, before] = await Promise.all([
    usageByUser(store, tenantId, q.range, apps, scope),
    q.previous ? usageByUser(store, tenantId, q.previous, apps, scope) : null,
  ]);
  const byDepartment = new Map<string | null, AdoptionGroup>();
  for (const p of people) {
    const g =
      byDepartment.get(p.department) ?? emptyGroup(p.department, p.department ? 'department' : 'none', !!before);
    byDepartment.set(p.department, g);
    if (refused.has(p.userId)) {
      g.unreadableUsers += 1;
      continue;
    }
    g.licensedUsers += 1;
    count(g.now, now.get(p.userId));
    if (g.before && before) count(g.before, before.get(p.userId));
  }
  const total = emptyGroup(null, 'none', !!before);
  const small = { ...emptyGroup(SMALL_GROUPS, 'small_groups', !!before), departments: 0 };
  const groups: AdoptionGroup[] = [];
  for (const g of byDepartment.values()) {
    mergeInto(total, g);
    if (g.licensedUsers >= q.minGroupSize) groups.push(g);
    else {
      mergeInto(small, g);
      small.departments += 1;
    }
  }
  groups.sort((a, b) => b.licensedUsers - a.licensedUsers || (a.department ?? '').localeCompare(b.department ?? ''));
  if (small.departments > 0) groups.push({ ...small, withheld: small.licensedUsers < q.minGroupSize });
  return { groups, total };
}

function count(usage: AdoptionUsage, prompts: number | undefined): void {
  if (prompts === undefined) return;
  usage.activeUsers += 1;
  usage.prompts += prompts;
}

/** Which departments a figure may show on their own, and how many licensed users the merged small ones hold. */
export interface DepartmentGroups {
  /** Departments with at least `minGroupSize` readable licensed users. */
  alone: Set<string>;
  /** Readable licensed users of every other department (and of none), merged into SMALL_GROUPS. */
  mergedLicensed: number;
}

/**
 * The minimum group size as the department view applies it, for any figure grouped by or narrowed to a
 * department: the departments that may be shown alone, the rest merged into SMALL_GROUPS.
 */
export async function departmentGroups(
  store: Store,
  tenantId: string,
  minGroupSize: number,
): Promise<DepartmentGroups> {
  // The licence holders counted per stored spelling by the store (a row per spelling, not per person), less those
  // whose history could not be read (a few, looked up by `_id`).
  const [spellings, refused] = await Promise.all([
    store.directoryUsers
      .aggregate<{ _id: string | null; n: number }>([
        { $match: { tenantId } },
        { $group: { _id: '$department', n: { $sum: 1 } } },
      ])
      .toArray(),
    unreadableUserIds(store, tenantId).then((ids) =>
      ids.length === 0
        ? []
        : store.directoryUsers
            .find(
              { _id: { $in: ids.map((id) => naturalId('directoryUser', tenantId, id)) } },
              { projection: { _id: 0, department: 1 } },
            )
            .toArray(),
    ),
  ]);
  const stored = spellings.map((r): [string | null, number] => [r._id ?? null, r.n]);
  const shown = mostCommonSpellings(stored);
  const counts = new Map<string | null, number>();
  const add = (raw: string | null | undefined, n: number) => {
    const department = shown.get(departmentKey(raw)) ?? null;
    counts.set(department, (counts.get(department) ?? 0) + n);
  };
  for (const [raw, n] of stored) add(raw, n);
  for (const r of refused) add(r.department, -1);
  const alone = new Set<string>();
  let mergedLicensed = 0;
  for (const [department, n] of counts) {
    if (department && n >= minGroupSize) alone.add(department);
    else mergedLicensed += n;
  }
  return { alone, mergedLicensed };
}
