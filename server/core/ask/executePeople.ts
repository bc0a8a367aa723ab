import {
  dailyUserFacts,
  firstAppUseFacts,
  firstUseFacts,
  firstUsePage,
  lastUseOf,
  licensedFacts,
  type LicensedFact,
} from '../insights/askFacts';
import { syncFactsOf } from '../insights/syncFacts';
import { licenceHolderCount, openRangeStart, usersInactiveSince } from '../insights/askCounts';
import { WEEKDAYS, weekStart } from './dimensions';
import { plural, type AnswerDeps, type Executed, type Row, PERSON_COLUMNS } from './executed';
import type { MeasureQuery } from './querySchema';
import { localDayKey } from './timeZone';
import { appName } from './lexicon';
import { licensedWithCondition } from './executeHolders';
import { departmentGroups } from '../insights/adoption';
import { SMALL_GROUPS } from '../insights/departmentTypes';
import { groupOf, mergedNote, smallGroupRefusal } from './smallGroups';
import { smallGroupsOf } from './smallGroupRows';

type Named = { displayName: string | null; userPrincipalName: string | null; userId: string };
const display = (u: Named) => (u.displayName ?? u.userPrincipalName ?? u.userId).trim();
/** The order `localeCompare` gives (the default locale), from one collator, each name worked out once. */
const NAME_ORDER = new Intl.Collator();
const byName = <T extends Named>(people: T[]): T[] =>
  people
    .map((u) => ({ u, name: display(u) }))
    .sort((a, b) => NAME_ORDER.compare(a.name, b.name))
    .map(({ u }) => u);

/** Licensed users (all, or without activity: never, or in the period, in the apps asked) and new users. */
export async function answerPeopleMeasure(deps: AnswerDeps, q: MeasureQuery): Promise<Executed> {
  // "how many licences are unused in Operations": a department's count (and its licence holders beside it), refused
  // for a department under the minimum group size as any usage figure narrowed to it is.
  const minGroupSize = deps.minGroupSize ?? 5;
  const groups = await smallGroupsOf(deps, q, minGroupSize);
  const refused = groups && smallGroupRefusal(groups, q.filters, minGroupSize);
  if (refused) return refused;
  if (q.measure === 'licensed_users' && q.having) return licensedWithCondition(deps, q);
  return q.measure === 'new_users' ? newUsers(deps, q) : licensedInactive(deps, q);
}

/** Said when licence holders whose history the export API refused are left out of an answer. */
export const unreadableNote = (unknown: number) =>
  `${plural(unknown, 'licensed user')} whose history could not be read ${unknown === 1 ? 'is' : 'are'} not counted: their use is unknown (see the Sync view).`;

async function licensedInactive(deps: AnswerDeps, q: MeasureQuery): Promise<Executed> {
  const never = q.period.all && q.filters.apps.length === 0;
  // "Never used", tenant-wide: only the never active are read (an index equality), the rest only counted.
  const people = new Set(q.filters.people.map((p) => p.userId));
  const neverActive = never && q.measure === 'licensed_inactive' && !q.filters.departments.length && !people.size;
  const holdersOnly = q.measure === 'licensed_users';
  // The users whose history could not be read are read beside the licence holders, not after them.
  const [holding, holders, unreadableIds] = await Promise.all([
    licensedFacts(deps.store, deps.tenantId, q.filters.departments, { neverActive }),
    neverActive ? licenceHolderCount(deps.store, deps.tenantId) : null,
    holdersOnly ? [] : syncFactsOf(deps).unreadableUserIds(),
  ]);
  // "Has Fiona Peterson ever used Copilot? She has a licence": the people named, not every holder.
  const licensed = people.size ? holding.filter((f) => people.has(f.userId)) : holding;
  if (holdersOnly)
    return licensedUsers(deps, q, q.filters.apps.length ? await activeInApps(deps, q, licensed) : licensed);
  const { idle: all, unreadable, notes } = await idleLicensed(deps, q, licensed, unreadableIds);
  let idle = all;
  const unknown = idle.filter((u) => unreadable.has(u.userId)).length;
  idle = idle.filter((u) => !unreadable.has(u.userId));
  if (unknown > 0) notes.push(unreadableNote(unknown));
  idle = byName(idle);
  const where = q.filters.departments.length ? ` in ${q.filters.departments.join(', ')}` : '';
  const summaryOf = (count: number) =>
    count === 0
      ? `Every licensed user${where} was active${never ? ' at some point' : ' in this period'}.`
      : `${plural(count, 'licensed user')}${where} ${count === 1 ? 'has' : 'have'} ${never ? 'no Copilot activity (all time)' : 'no Copilot activity in this period'} (of ${holders ?? licensed.length} licensed).`;
  if (q.by.includes('department')) return byDepartment(deps, idle, 'Users', (n) => [summaryOf(n), ...notes].join(' '), notes); // prettier-ignore
  // When each was last active, if ever: idle in the period asked is not the same as never.
  const lastUse = never
    ? new Map<string, Date>()
    : await lastUseOf(
        deps.store,
        deps.tenantId,
        idle.map((u) => u.userId),
      );
  // A use stored between the two reads (a sync running meanwhile) makes that person active in the period: never
  // listed as idle beside a last use inside it.
  const usedIn = (at: Date | undefined) => !!at && at >= q.period.from && at < q.period.to;
  if (!q.filters.apps.length) idle = idle.filter((u) => !usedIn(lastUse.get(u.userId)));
  const summary = summaryOf(idle.length);
  return {
    kind: 'table',
    summary: [summary, ...notes].join(' '),
    notes,
    columns: [
      ...PERSON_COLUMNS,
      { key: 'jobTitle', title: 'Job title', kind: 'text' },
      { key: 'copilotEnabled', title: 'Copilot enabled', kind: 'text' },
      ...(never ? [] : [{ key: 'lastActiveAt', title: 'Last Copilot use', kind: 'datetime' as const }]),
    ],
    rows: idle.map((u) => ({
      user: display(u),
      department: u.department,
      jobTitle: u.jobTitle,
      copilotEnabled: u.copilotEnabled ? 'Yes' : 'No (service plan off)',
      ...(!never && { lastActiveAt: lastUse.get(u.userId)?.toISOString() ?? null }),
    })),
    view: { path: 'users', params: { list: 'inactive', department: q.filters.departments[0] } },
  };
}

/**
 * The licensed users without activity in the query's period and apps (never active, for all synced history and any
 * app), the users whose history the export API refused (their use is unknown: neither idle nor active), and notes
 * about the synced window. `unreadableIds`: the unreadable users, when the caller has read them.
 */
export async function idleLicensed(
  deps: AnswerDeps,
  q: MeasureQuery,
  licensed: LicensedFact[],
  unreadableIds?: string[],
): Promise<{ idle: LicensedFact[]; unreadable: Set<string>; notes: string[] }> {
  const never = q.period.all && q.filters.apps.length === 0;
  let idle = licensed.filter((u) => !u.hasActivity);
  const notes: string[] = [];
  const unreadable = new Set(unreadableIds ?? (await syncFactsOf(deps).unreadableUserIds()));
  if (!never) {
    // A period ending after the newest activity, any app: idle = never active, or last active before it began.
    const since = q.filters.apps.length ? null : await openRangeStart(deps.store, deps.tenantId, q.period, true);
    if (since) {
      const stale = new Set(await usersInactiveSince(deps.store, deps.tenantId, since));
      idle = licensed.filter((u) => !u.hasActivity || stale.has(u.userId));
    } else {
      const facts = await dailyUserFacts(
        deps.store,
        deps.tenantId,
        q.period,
        licensed.map((u) => u.userId),
      );
      const active = new Set(
        facts
          .filter((f) => !q.filters.apps.length || q.filters.apps.some((a) => (f.appCounts[a] ?? 0) > 0))
          .map((f) => f.userId),
      );
      idle = licensed.filter((u) => !active.has(u.userId));
    }
    notes.push(...(await syncedWindowNotes(deps, q)));
  }
  return { idle, unreadable, notes };
}

/** A note when the query's period starts before the synced history (activity before it is not known). */
export async function syncedWindowNotes(deps: AnswerDeps, q: MeasureQuery): Promise<string[]> {
  if (q.period.all) return [];
  const start = await syncFactsOf(deps).firstSyncedDay();
  return start && q.period.from.getTime() < Date.parse(`${start}T00:00:00Z`)
    ? [`The synced history starts on ${start}: activity before it is not known.`]
    : [];
}

/**
 * "How many licensed users use Excel": the licence holders with activity in one of the apps asked, in the period
 * (all synced history when none is named), rather than every holder with the app dropped.
 */
async function activeInApps(deps: AnswerDeps, q: MeasureQuery, licensed: LicensedFact[]): Promise<LicensedFact[]> {
  const ids = licensed.filter((u) => u.hasActivity).map((u) => u.userId);
  const facts = ids.length ? await dailyUserFacts(deps.store, deps.tenantId, q.period, ids) : [];
  const active = new Set(
    facts.filter((f) => q.filters.apps.some((a) => (f.appCounts[a] ?? 0) > 0)).map((f) => f.userId),
  );
  return licensed.filter((u) => active.has(u.userId));
}

/**
 * Who holds a Copilot license now (the directory as last synced; a period does not apply to it), or, with apps asked,
 * those of them who used one of those apps in the period.
 */
function licensedUsers(deps: AnswerDeps, q: MeasureQuery, licensed: LicensedFact[]): Promise<Executed> | Executed {
  const apps = q.filters.apps;
  const notes =
    q.period.default || apps.length
      ? []
      : ['Licences are as of the last sync: the period asked does not apply to them.'];
  const used = apps.length
    ? ` and used ${apps.map(appName).join(' or ')} ${q.period.all ? '(all synced history)' : 'in this period'}`
    : '';
  const named = q.filters.people.map((p) => p.name).join(', ');
  const summaryOf = (count: number) => {
    const who = named
      ? `${named} ${count ? (q.filters.people.length > 1 ? `(${count}) hold a` : 'holds a') : 'holds no'}`
      : `${plural(count, 'person', 'people')} hold a`;
    const where = q.filters.departments.length ? ` in ${q.filters.departments.join(', ')}` : '';
    return [`${who} Copilot license${where}${used}.`, ...notes].join(' ');
  };
  const summary = summaryOf(licensed.length);
  if (q.by.includes('department')) return byDepartment(deps, licensed, 'Licensed users', summaryOf, notes);
  const rows = byName(licensed);
  return {
    kind: 'table',
    summary,
    notes,
    columns: [
      ...PERSON_COLUMNS,
      { key: 'copilotEnabled', title: 'Copilot enabled', kind: 'text' },
      { key: 'active', title: 'Ever used Copilot', kind: 'text' },
    ],
    rows: rows.map((u) => ({
      user: display(u),
      department: u.department,
      copilotEnabled: u.copilotEnabled ? 'Yes' : 'No (service plan off)',
      active: u.hasActivity ? 'Yes' : 'No',
    })),
  };
}

async function newUsers(deps: AnswerDeps, q: MeasureQuery): Promise<Executed> {
  const dim = q.by[0];
  // The tenant's new users as a list: only the page shown is read, newest first from the index, and the rest counted.
  const apps = q.filters.apps;
  const page = !dim && !q.filters.departments.length && !apps.length ? deps.answerPage : undefined;
  if (page) return newUsersList(await firstUsePage(deps.store, deps.tenantId, q.period, page), q, page.start);
  // "New Excel users": each person's first use of the apps asked (the per-app agents keep it), not of Copilot.
  const rows = apps.length
    ? await firstAppUseFacts(deps.store, deps.tenantId, q.period, apps, q.filters.departments)
    : await firstUseFacts(deps.store, deps.tenantId, q.period, q.filters.departments);
  rows.sort((a, b) => b.firstActiveAt.getTime() - a.firstActiveAt.getTime());
  const summary = newUsersSummary(rows.length, apps);
  if (dim) {
    if (dim === 'department') return byDepartment(deps, rows, 'New users', (n) => newUsersSummary(n, apps), []);
    const keyOf = (at: Date): string => {
      const day = localDayKey(at, deps.timeZone);
      if (dim === 'week') return weekStart(day);
      if (dim === 'month') return day.slice(0, 7);
      if (dim === 'weekday') return WEEKDAYS[(new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7]!;
      return day;
    };
    const title =
      { day: 'Day', week: 'Week starting', month: 'Month', weekday: 'Day of the week' }[dim as 'day'] ?? dim;
    return countBy(
      rows.map((u) => keyOf(u.firstActiveAt)),
      dim,
      title,
      'New users',
      summary,
      [],
      true,
    );
  }
  return newUsersList({ rows, total: rows.length }, q, 0);
}

const newUsersSummary = (n: number, apps: string[] = []) =>
  apps.length
    ? `${plural(n, 'person', 'people')} first used Copilot in ${apps.map(appName).join(' or ')} in this period (whatever they used before in other apps).`
    : `${plural(n, 'person', 'people')} first used Copilot in this period.`;

/** New users newest first: `rows` are the list's rows from index `from` (0: all of them), of `total`. */
function newUsersList(
  { rows, total }: { rows: Awaited<ReturnType<typeof firstUseFacts>>; total: number },
  q: MeasureQuery,
  from: number,
): Executed {
  return {
    kind: 'table',
    summary: newUsersSummary(total, q.filters.apps),
    notes: [],
    columns: [...PERSON_COLUMNS, { key: 'firstActiveAt', title: 'First use', kind: 'datetime' }],
    rows: rows.map((u) => ({
      user: display(u),
      department: u.department ?? null,
      firstActiveAt: u.firstActiveAt.toISOString(),
    })),
    ...(rows.length < total && { paged: { from, total } }),
    // The Users view sorts by first use of Copilot, not of one app.
    ...(!q.filters.apps.length && {
      view: { path: 'users', params: { sort: 'firstActiveAt', dir: 'desc', department: q.filters.departments[0] } },
    }),
  };
}

/**
 * People counted by department, under the minimum group size of the tab's department view: a department with fewer
 * licensed users than the minimum is counted within "Other (small groups)", which is withheld while even merged it is
 * too small (a count per department would otherwise show who in a small team holds or leaves a licence unused).
 */
async function byDepartment(
  deps: AnswerDeps,
  people: ReadonlyArray<{ department?: string | null }>,
  valueTitle: string,
  /** The summary for a count: of the rows shown, when the merged small groups' row is withheld (the whole minus the
   * rows shown would be its figure). */
  summaryFor: (count: number) => string,
  notes: string[],
): Promise<Executed> {
  const minGroupSize = deps.minGroupSize ?? 5;
  const rule = await departmentGroups(deps.store, deps.tenantId, minGroupSize);
  const keys = people.map((u) => groupOf(rule, u.department));
  const merged = keys.includes(SMALL_GROUPS) ? mergedNote(rule, minGroupSize) : null;
  const kept = merged?.withheld ? keys.filter((k) => k !== SMALL_GROUPS) : keys;
  const said = merged ? [...notes, merged.note] : notes;
  const shownOnly = merged?.withheld ? ['The count above is of the departments shown.'] : [];
  const summary = [summaryFor(kept.length), ...(merged ? [merged.note] : []), ...shownOnly].join(' ');
  return countBy(kept, 'department', 'Department', valueTitle, summary, said);
}

function countBy(
  keys: string[],
  key: string,
  title: string,
  valueTitle: string,
  summary: string,
  notes: string[],
  byKey = false,
): Executed {
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  const rows: Row[] = [...counts]
    .sort((a, b) => (byKey ? a[0].localeCompare(b[0]) : b[1] - a[1] || a[0].localeCompare(b[0])))
    .map(([k, n]) => ({ [key]: k, value: n }));
  return {
    kind: 'table',
    summary,
    notes,
    columns: [
      { key, title, kind: key === 'day' || key === 'week' ? 'date' : 'text' },
      { key: 'value', title: valueTitle, kind: 'number' },
    ],
    rows,
  };
}
