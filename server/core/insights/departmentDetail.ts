import { AppError, notFound } from '../../errors';
import { departmentKey } from '../../store/departmentKey';
import type { Store } from '../../store/Store';
import { adoptionByDepartment } from './adoption';
import { figuresOf, NO_FIGURES, previousPeriod } from './departmentAdoption';
import type { DepartmentDetail, DepartmentDayRow } from './departmentTypes';
import { dayFilter, daysOf } from './timeRange';
import { topUsers } from './topUsers';
import type { TimeRange } from './types';

/** Top users on a department's page. */
export const DEPARTMENT_TOP_USERS = 10;

/** A department smaller than the minimum group size: its figures are withheld (403 `group_too_small`). */
export const groupTooSmall = (minGroupSize: number): AppError =>
  new AppError(
    'group_too_small',
    `This department has fewer than ${minGroupSize} licensed users, so its figures are shown only within "Other (small groups)".`,
    403,
  );

interface Member {
  userId: string;
  department?: string | null;
}

/** The department's licensed users and everyone active in it, by exact name (case-insensitive, on `departmentKey`). */
async function membersOf(store: Store, tenantId: string, name: string) {
  const filter = { tenantId, departmentKey: departmentKey(name) };
  const projection = { _id: 0, userId: 1, department: 1 } as const;
  const [licensed, active] = await Promise.all([
    store.directoryUsers.find(filter, { projection }).toArray() as Promise<Member[]>,
    store.users.find(filter, { projection }).toArray() as Promise<Member[]>,
  ]);
  const ids = new Set([...licensed, ...active].map((m) => m.userId));
  const canonical = licensed[0]?.department ?? active[0]?.department ?? null;
  return { ids: [...ids], canonical };
}

interface UserDay {
  userId: string;
  day: string;
  promptCount: number;
  interactionCount: number;
  appCounts?: Record<string, number>;
  appPrompts?: Record<string, number>;
}

function readDays(store: Store, tenantId: string, ids: string[], range: TimeRange): Promise<UserDay[]> {
  return store.dailyUserActivity
    .find(
      { tenantId, userId: { $in: ids }, day: dayFilter(range) },
      { projection: { _id: 0, userId: 1, day: 1, promptCount: 1, interactionCount: 1, appCounts: 1, appPrompts: 1 } },
    )
    .toArray() as Promise<UserDay[]>;
}

/**
 * One department over a range: its adoption figures and the previous period's (core/insights/adoption.ts, as on the
 * department view: readable licensed users, the unreadable counted beside), its apps, its top users (with their
 * prompts in the previous period) and activity per day (every day of the range, zero days included) — these three
 * are everyone's in the department as synced. Throws not_found for a department nobody belongs to and
 * group_too_small below the minimum group size (readable licensed users).
 */
export async function departmentDetail(
  store: Store,
  tenantId: string,
  name: string,
  range: TimeRange,
  minGroupSize: number,
): Promise<DepartmentDetail> {
  const members = await membersOf(store, tenantId, name);
  if (members.canonical === null) throw notFound('Department');
  const previousRange = previousPeriod(range);
  const { total } = await adoptionByDepartment(store, tenantId, {
    range,
    previous: previousRange,
    departments: [members.canonical],
    minGroupSize,
  });
  if (total.licensedUsers < minGroupSize) throw groupTooSmall(minGroupSize);
  const [now, before, top] = await Promise.all([
    readDays(store, tenantId, members.ids, range),
    readDays(store, tenantId, members.ids, previousRange),
    topUsers(store, tenantId, { range, department: members.canonical, limit: DEPARTMENT_TOP_USERS }),
  ]);
  const previousPrompts = new Map<string, number>();
  for (const r of before) previousPrompts.set(r.userId, (previousPrompts.get(r.userId) ?? 0) + r.promptCount);
  return {
    department: members.canonical,
    range,
    previousRange,
    minGroupSize,
    unreadableUsers: total.unreadableUsers,
    figures: figuresOf(total.licensedUsers, total.now),
    // Read with `previous` above, so never null here; an absent period would show no change, not today's figures.
    previous: total.before ? figuresOf(total.licensedUsers, total.before) : NO_FIGURES,
    apps: await appsOf(store, tenantId, range, now),
    topUsers: top.map((u) => ({ ...u, previousPrompts: previousPrompts.get(u.userId) ?? 0 })),
    daily: dailyOf(range, now),
  };
}

async function appsOf(store: Store, tenantId: string, range: TimeRange, rows: UserDay[]) {
  const apps = new Map<string, { users: Set<string>; prompts: number; interactions: number }>();
  for (const r of rows)
    for (const [appKey, interactions] of Object.entries(r.appCounts ?? {})) {
      const app = apps.get(appKey) ?? { users: new Set<string>(), prompts: 0, interactions: 0 };
      if (interactions > 0) app.users.add(r.userId);
      app.interactions += interactions;
      app.prompts += r.appPrompts?.[appKey] ?? 0;
      apps.set(appKey, app);
    }
  const names = await appNames(store, tenantId, range);
  return [...apps]
    .map(([appKey, a]) => ({
      appKey,
      appName: names.get(appKey) ?? appKey,
      users: a.users.size,
      prompts: a.prompts,
      interactions: a.interactions,
    }))
    .sort((a, b) => b.interactions - a.interactions || a.appKey.localeCompare(b.appKey));
}

async function appNames(store: Store, tenantId: string, range: TimeRange): Promise<Map<string, string>> {
  const rows = await store.dailyActivity
    .aggregate<{ _id: string; appName: string }>([
      { $match: { tenantId, day: dayFilter(range) } },
      { $group: { _id: '$appKey', appName: { $first: '$appName' } } },
    ])
    .toArray();
  return new Map(rows.map((r) => [r._id, r.appName]));
}

function dailyOf(range: TimeRange, rows: UserDay[]): DepartmentDayRow[] {
  const days = new Map(daysOf(range).map((day) => [day, { users: new Set<string>(), prompts: 0 }]));
  for (const r of rows) {
    const d = days.get(r.day);
    if (!d) continue;
    d.users.add(r.userId);
    d.prompts += r.promptCount;
  }
  return [...days].map(([day, d]) => ({ day, activeUsers: d.users.size, prompts: d.prompts }));
}
