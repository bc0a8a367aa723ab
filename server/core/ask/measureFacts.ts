import { dailyAppFacts, dailyUserFacts, departmentMembers, interactionFacts, sessionFacts } from '../insights/askFacts';
import type { Store } from '../../store/Store';
import { countedActivity, countedReferences, countedSessions } from './countedFacts';
import { countedDepartments } from './departmentFacts';
import type { Dimension, MeasureQuery } from './querySchema';
import { isUtc, localTime } from './timeZone';
import { inClock } from './clockFilters';
import { withoutExcluded } from './exclusions';

/**
 * One contribution to an answer: the values of the dimensions it falls in, and either an amount to add or a
 * distinct key to count (a person for active users, a person in an app for agents, a person for reach).
 */
export interface Contribution {
  userId?: string;
  appKey?: string;
  /** Local calendar day YYYY-MM-DD. */
  day?: string;
  hour?: number;
  sourceKey?: string;
  /** The site, where it is read without its sources ('' for sources without one). */
  site?: string;
  /** The department's key, where figures are read per department rather than per person (departmentFacts.ts). */
  departmentKey?: string | null;
  amount: number;
  distinct?: string;
  /** An unrecognised app's stored name, where it was read beside the figures (no read of it after them). */
  appName?: string;
}

export interface FactScope {
  store: Store;
  tenantId: string;
  timeZone: string;
  /** People the filters allow (people and departments), or null for everyone. */
  userIds: string[] | null;
}

const COUNTED = new Set(['prompts', 'responses', 'interactions']);
const USER_DIMS = new Set<Dimension>(['user', 'department', 'agent']);

/** Who the person and department filters leave in (null: no such filter). */
export async function scopedUsers(store: Store, tenantId: string, q: MeasureQuery): Promise<string[] | null> {
  const { people, departments } = q.filters;
  let ids: string[] | null = people.length ? people.map((p) => p.userId) : null;
  if (departments.length) {
    const members = new Set(await departmentMembers(store, tenantId, departments));
    ids = ids ? ids.filter((id) => members.has(id)) : [...members];
  }
  return withoutExcluded(store, tenantId, ids, q.filters);
}

/**
 * Whether the whole-day aggregates can answer: the period starts and ends on UTC days in a UTC time zone and
 * no dimension needs single interactions. Otherwise single interactions are read (exact, slower on long periods).
 */
export function dayAligned(q: MeasureQuery, timeZone: string): boolean {
  const aligned = (d: Date) => d.getTime() % 86_400_000 === 0;
  return isUtc(timeZone) && !q.period.rolling && aligned(q.period.from) && aligned(q.period.to);
}

/** Reads the contributions to a prompts / responses / interactions / active users / agents question. */
export async function activityContributions(scope: FactScope, q: MeasureQuery, range: { from: Date; to: Date }) {
  const { store, tenantId, timeZone, userIds } = scope;
  const apps = q.filters.apps;
  const needsUsers = q.by.some((d) => USER_DIMS.has(d)) || userIds !== null || !COUNTED.has(q.measure);
  const hourly = q.by.includes('hour');
  const aggregates = dayAligned({ ...q, period: { ...q.period, ...range } }, timeZone);
  const counted =
    (await countedDepartments(scope, q, range, aggregates)) ?? (await countedActivity(scope, q, range, aggregates));
  if (counted) return counted;
  const out: Contribution[] = [];
  if (aggregates && !needsUsers && (!hourly || q.measure === 'interactions')) {
    for (const f of await dailyAppFacts(store, tenantId, range, apps, hourly)) {
      const amount = q.measure === 'prompts' ? f.prompts : q.measure === 'responses' ? f.responses : f.interactions;
      if (hourly) f.hours.forEach((n, hour) => n && out.push({ appKey: f.appKey, day: f.day, hour, amount: n }));
      else if (amount) out.push({ appKey: f.appKey, day: f.day, amount });
    }
    return out;
  }
  const perApp = q.by.includes('app') || q.by.includes('agent');
  const perAppResponses = q.measure === 'responses' && (apps.length > 0 || perApp);
  if (aggregates && !hourly && !perAppResponses) {
    for (const f of await dailyUserFacts(store, tenantId, range, userIds)) {
      const appsOfDay = Object.entries(f.appCounts).filter(([k, n]) => n > 0 && (!apps.length || apps.includes(k)));
      const base = { userId: f.userId, day: f.day };
      if (q.measure === 'active_users') {
        if (q.by.includes('app'))
          for (const [appKey] of appsOfDay) out.push({ ...base, appKey, amount: 1, distinct: f.userId });
        else if (appsOfDay.length) out.push({ ...base, amount: 1, distinct: f.userId });
      } else if (q.measure === 'agents') {
        for (const [appKey] of appsOfDay) out.push({ ...base, appKey, amount: 1, distinct: `${f.userId}|${appKey}` });
      } else if (q.measure === 'responses') {
        if (f.responses) out.push({ ...base, amount: f.responses });
      } else if (perApp || apps.length) {
        const per = q.measure === 'prompts' ? f.appPrompts : f.appCounts;
        for (const [appKey] of appsOfDay) if (per[appKey]) out.push({ ...base, appKey, amount: per[appKey]! });
      } else {
        const amount = q.measure === 'prompts' ? f.prompts : f.interactions;
        if (amount) out.push({ ...base, amount });
      }
    }
    return out;
  }
  for (const f of await interactionFacts(store, tenantId, range, { appKeys: apps, userIds })) {
    const t = localTime(f.at, timeZone);
    const base = { userId: f.userId, appKey: f.appKey, day: dayOf(t), hour: t.hour };
    if (q.measure === 'active_users') out.push({ ...base, amount: 1, distinct: f.userId });
    else if (q.measure === 'agents') out.push({ ...base, amount: 1, distinct: `${f.userId}|${f.appKey}` });
    else if (q.measure === 'interactions' || (q.measure === 'prompts' ? f.prompt : f.response))
      out.push({ ...base, amount: 1 });
  }
  return out;
}

const dayOf = (t: { year: number; month: number; day: number }) =>
  `${t.year}-${String(t.month).padStart(2, '0')}-${String(t.day).padStart(2, '0')}`;

/** Sessions active in the period; time dimensions place a session at its start. */
export async function sessionContributions(scope: FactScope, q: MeasureQuery, range: { from: Date; to: Date }) {
  const counted = await countedSessions(scope, q, range);
  if (counted) return counted;
  const rows = await sessionFacts(scope.store, scope.tenantId, range, {
    appKeys: q.filters.apps,
    userIds: scope.userIds,
  });
  return rows.map((s): Contribution => {
    const t = localTime(s.firstAt, scope.timeZone);
    return { userId: s.userId, appKey: s.appKey, day: dayOf(t), hour: t.hour, amount: 1 };
  });
}

/** Data-source references (or distinct people reaching a source) in the period, one per source per interaction. */
export async function referenceContributions(scope: FactScope, q: MeasureQuery, range: { from: Date; to: Date }) {
  const counted = await countedReferences(scope, q, range);
  if (counted) return counted;
  const rows = await interactionFacts(scope.store, scope.tenantId, range, {
    appKeys: q.filters.apps,
    userIds: scope.userIds,
    withSources: true,
  });
  const out: Contribution[] = [];
  for (const f of rows) {
    const t = localTime(f.at, scope.timeZone);
    for (const sourceKey of f.dataSourceKeys) {
      const base = { userId: f.userId, appKey: f.appKey, day: dayOf(t), hour: t.hour, sourceKey };
      out.push(q.measure === 'source_users' ? { ...base, amount: 1, distinct: f.userId } : { ...base, amount: 1 });
    }
  }
  return out;
}

/** Measures read from each interaction's (or session's) time, so an hour-of-day or weekday filter applies to them. */
export const CLOCKED_MEASURES = new Set(['prompts', 'responses', 'interactions', 'active_users', 'agents', 'sessions', 'references', 'source_users']); // prettier-ignore

/**
 * The contributions of a question with a time-of-day or weekday filter: single interactions (sessions by their start)
 * read over the period by index, each kept when its time in the filter's zone falls in it; days and hours are grouped
 * in TIME_ZONE as everywhere else. The per-day aggregates hold no hours per person, so none of their reads serve it.
 */
export async function clockedContributions(scope: FactScope, q: MeasureQuery, range: { from: Date; to: Date }) {
  const clock = q.filters.clock!;
  const kept = (at: Date) => {
    const c = localTime(at, clock.zone);
    return inClock(clock, c.hour, c.weekday);
  };
  const placed = (at: Date) => {
    const t = localTime(at, scope.timeZone);
    return { day: dayOf(t), hour: t.hour };
  };
  const options = { appKeys: q.filters.apps, userIds: scope.userIds };
  if (q.measure === 'sessions') {
    const rows = await sessionFacts(scope.store, scope.tenantId, range, options);
    return rows
      .filter((s) => kept(s.firstAt))
      .map((s): Contribution => ({ userId: s.userId, appKey: s.appKey, ...placed(s.firstAt), amount: 1 }));
  }
  const sources = q.measure === 'references' || q.measure === 'source_users';
  const out: Contribution[] = [];
  for (const f of await interactionFacts(scope.store, scope.tenantId, range, { ...options, withSources: sources })) {
    if (!kept(f.at)) continue;
    const base = { userId: f.userId, appKey: f.appKey, ...placed(f.at) };
    if (sources)
      for (const sourceKey of f.dataSourceKeys)
        out.push(q.measure === 'source_users' ? { ...base, sourceKey, amount: 1, distinct: f.userId } : { ...base, sourceKey, amount: 1 }); // prettier-ignore
    else if (q.measure === 'active_users') out.push({ ...base, amount: 1, distinct: f.userId });
    else if (q.measure === 'agents') out.push({ ...base, amount: 1, distinct: `${f.userId}|${f.appKey}` });
    else if (q.measure === 'interactions' || (q.measure === 'prompts' ? f.prompt : f.response))
      out.push({ ...base, amount: 1 });
  }
  return out;
}
