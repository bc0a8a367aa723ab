import { withNeverUsedHolders } from './neverUsedHolders';
import { seriesDirection } from './trendDirection';
import { answerVersus } from './executeVersus';
import { answerClockSides } from './executeClockSides';
import { answerRowsNotIn, rowsNotIn } from './executeRowsNotIn';
import { sourceFacts, storedAppNames, type SourceFact } from '../insights/askFacts';
import { syncFactsOf } from '../insights/syncFacts';
import { departmentsOf as departmentsOfUsers, sourceLeaders } from '../insights/askCounts';
import { departmentKey } from '../../store/departmentKey';
import { rankUsers } from '../insights/topUsers';
import { userRefs } from '../insights/userDirectory';
import type { UserRef } from '../insights/types';
import { pseudonymousRefs } from '../privacy/pseudonyms';
import { answerRecent } from './executeRecent';
import { plural, type Executed, type Row, type TabView } from './executed';
import { periodName } from './measureColumns';
import { breakdownTotal } from './breakdownTotal';
import { leadersOf, namesOfLeaders } from './headline';
import { fillBuckets, labelOf, siteOf, TIME_DIMS, weekStart } from './dimensions';
import {
  activityContributions,
  clockedContributions,
  dayAligned,
  referenceContributions,
  scopedUsers,
  sessionContributions,
  type Contribution,
  type FactScope,
} from './measureFacts';
import { DIMENSION_LABELS, measureTitle } from './interpretation';
import type { AnswerDeps } from './executed';
import type { Dimension, MeasureQuery } from './querySchema';
import { countedMonthLeaders, countedSites } from './countedFacts';
import { answerPeopleMeasure } from './executePeople';
import { answerAdoption } from './executeAdoption';
import { describeRowsKept, meetsThreshold } from './thresholds';
import type { DepartmentGroups } from '../insights/adoption';
import { answerPerPerson } from './executeAverage';
import { answerShareOf } from './executeShare';
import { keptApps, NOTHING_LEFT } from './exclusions';
import { groupOf, smallGroupRefusal, withheldSides } from './smallGroups';
import { namedSourceContributions, storedIn } from './namedSourceFacts';
import {
  answerOtherCondition,
  catalogueNote,
  conditionSummary,
  conditionedUsers,
  movedAsAsked,
} from './executePeopleConditions';
import { answerActiveDays } from './executeActiveDays';
import { answerAccesses } from './executeAccesses';
import { clockUnsupported, REFERENCE_DIMS, unsupported } from './measureDeclines';
import { UNLISTED, unequalNote, unlistedNote, windowNotes } from './measureNotes';
import { mergeSmallGroups, smallGroupsOf } from './smallGroupRows';
import { addEmptyDepartments } from './emptyDepartments';
import { cutAtLimit, tieNote } from './cutOffTies';
import { idleHolders, ranksIdleHolders } from './idleHolders';
import { coveredSpan, partialEnds, type PartialEnds } from './partialBuckets';
import { DEFAULT_LIMIT, defaultCutNote, rowLimit } from './defaultTop';

/** Runs a measure query: contributions from the aggregates (or single records), grouped, ordered, cut, compared. */
export async function answerMeasure(deps: AnswerDeps, asked: MeasureQuery): Promise<Executed> {
  const unclocked = clockUnsupported(asked);
  if (unclocked) return { kind: 'not_available', summary: unclocked, columns: [], rows: [], notes: [] };
  if (asked.recent) return answerRecent(deps, asked);
  if (asked.having?.of) return answerOtherCondition(deps, asked, answerMeasure);
  if (asked.who?.countDays) return answerActiveDays(deps, asked);
  const problem = unsupported(asked);
  if (problem) return { kind: 'not_available', summary: problem, columns: [], rows: [], notes: [] };
  // "Apps used by Finance but not Sales": Finance's rows that Sales has none of.
  if (rowsNotIn(asked)) return answerRowsNotIn(deps, asked, answerMeasure);
  // "not in Teams": every other app the tenant uses, as if they had been named.
  const apps = await keptApps(deps.store, deps.tenantId, asked.filters);
  if (!apps) return { kind: 'not_available', summary: NOTHING_LEFT, columns: [], rows: [], notes: [] };
  const base: MeasureQuery = { ...asked, filters: { ...asked.filters, apps } };
  if (base.each && base.filters.source) return answerAccesses(deps, base);
  if (base.shareOf) return answerShareOf(deps, base, answerMeasure);
  if (base.versus) return answerVersus(deps, base, answerMeasure);
  if (base.clockSides && base.filters.clock) return answerClockSides(deps, base, answerMeasure);
  if (base.perPerson || base.per) return answerPerPerson(deps, base, answerMeasure);
  if (['licensed_inactive', 'licensed_users', 'new_users'].includes(base.measure))
    return answerPeopleMeasure(deps, base);
  if (base.measure === 'adoption') return answerAdoption(deps, base);
  const minGroupSize = deps.minGroupSize ?? 5;
  const groupsRule = await smallGroupsOf(deps, base, minGroupSize);
  // "Sales vs Marketing" with Marketing small: Sales is shown, Marketing withheld with the reason.
  const sides = groupsRule && withheldSides(groupsRule, base.filters, base.by, minGroupSize);
  const q: MeasureQuery = sides ? { ...base, filters: sides.filters } : base;
  const refused = groupsRule && smallGroupRefusal(groupsRule, q.filters, minGroupSize);
  if (refused) return refused;
  const ranks = ranksPeople(q, deps.timeZone);
  const first = syncFactsOf(deps).firstSyncedDay();
  const againstRange =
    q.compare === 'previous'
      ? (q.against ?? { from: new Date(2 * q.period.from.getTime() - q.period.to.getTime()), to: q.period.from })
      : null;
  const [start, ranked, read, filterRefs] = await Promise.all([
    first,
    ranks ? rankedUsers(deps, q) : null,
    ranks ? null : readFacts(deps, q, first, againstRange),
    // The people filtered on are named in the answer whatever it finds: read beside the facts, not after them.
    q.filters.people.length
      ? userRefs(
          deps.store,
          deps.tenantId,
          q.filters.people.map((p) => p.userId),
        )
      : null,
  ]);
  const notes = [...windowNotes(q, start, deps.timeZone, againstRange), ...unequalNote(q, againstRange, deps.timeZone)];
  if (sides) notes.unshift(sides.note);
  const range = clampToData(q.period, start);
  const sources = read?.sources ?? new Map<string, SourceFact>();
  const grouped =
    ranked?.groups ?? group(read!.current, q.by, sources, await departmentsOf(deps, read!.current, q.by, groupsRule));
  // "least active users": licence holders without activity are the least, ranked with 0 (idleHolders.ts).
  const idle = ranksIdleHolders(q) ? await idleHolders(deps, q, new Set(grouped.keys())) : null;
  for (const id of idle?.ids ?? []) grouped.set(id, { keys: [id], amount: 0, distinct: null });
  notes.push(...(idle?.notes ?? []));
  addEmptyDepartments(q, grouped, groupsRule);
  let previous: Map<string, number> | null = null;
  if (read?.before) {
    const [before, beforeSources] = read.before;
    previous = totals(group(before, q.by, beforeSources, await departmentsOf(deps, before, q.by, groupsRule)));
  }
  if (groupsRule) notes.push(...mergeSmallGroups(q, grouped, previous, groupsRule, minGroupSize));
  // "how many people were active this week + the top app": the rows per app hold counts, so the people in all are read.
  const people = peopleCountedApart(q, grouped, ranked !== null) ? await activeInAll(deps, q) : null;
  const total = ranked
    ? null
    : breakdownTotal(q, [...grouped.values()], shortMeasure(q).toLowerCase(), previous, people);
  if (total) notes.unshift(total);
  const knownRefs = new Map([...(ranked?.refs ?? []), ...(filterRefs ?? [])]);
  const labels = await labelsFor(deps, q, shownGroups(q, grouped), sources, previous, appNamesRead(read), knownRefs);
  const rows = shape(q, grouped, labels, previous, deps.timeZone, range, start);
  // The ranking read one row past the cut-off: a tie there is known, not how many more share it.
  if (ranked && rows.at(-1)?.__tie) rows.at(-1)!.__atLeast = 1;
  if (q.mean) notes.unshift(meanNote(q, grouped, range, start));
  // Rows a default top 10 left out are said; a ranking or a leaders' read knows only that there are more.
  // Only sources and sites ranked from the top are read as their leaders (contributionsOf's index reads).
  const leaders =
    REFERENCE_MEASURES.has(q.measure) && (q.by[0] === 'source' || q.by[0] === 'site') && q.order !== 'asc';
  const cut = defaultCutNote(q, grouped.size, ranked ? 'onePast' : leaders ? 'leaders' : 'every');
  if (cut) notes.push(cut);
  notes.push(...catalogueNote(q));
  const ends = seriesEnds(q, rows, coveredSpan(range, start, deps.now()), deps.timeZone, deps.now());
  const e = {
    ...present(q, rows, notes, previous !== null, againstRange, deps.timeZone, ends, deps.now() < q.period.to),
    view: viewOf(q),
  };
  // Licence holders without activity counted: the note that people without activity are not listed does not hold.
  if (idle) {
    e.summary = e.summary.replace(` ${UNLISTED}`, '').replace(UNLISTED, '');
    e.notes = e.notes.filter((n) => n !== UNLISTED);
  }
  // The note on the cut says how many are shown: the people ranking's "; 10 shown" is not said twice.
  if (cut) e.summary = e.summary.replace(/; \d+ shown\./, '.');
  // "Whose last use was more than 2 weeks ago": licence holders who never used Copilot have none, and are said.
  return q.who ? conditionSummary(q, await withNeverUsedHolders(deps, q, e), deps.timeZone) : e;
}

/** Active users over apps or days, read as counts per row: the people in all are not their sum (a second read). */
function peopleCountedApart(q: MeasureQuery, grouped: Map<string, Group>, ranked: boolean): boolean {
  const dim = q.by[0];
  return (
    !ranked &&
    !q.having &&
    !q.who &&
    !q.namesToo &&
    !q.mean &&
    !q.changeOrder &&
    !q.distinct &&
    !q.compare &&
    q.measure === 'active_users' &&
    q.by.length === 1 &&
    dim !== 'department' &&
    grouped.size > 1 &&
    [...grouped.values()].some((g) => !g.distinct)
  );
}

/** The distinct people active over the query's filters and period, as its total without the breakdown. */
async function activeInAll(deps: AnswerDeps, q: MeasureQuery): Promise<number | null> {
  const { limit: _limit, ...rest } = q;
  const whole = await answerMeasure(deps, { ...rest, by: [], order: 'desc' });
  const value = whole.kind === 'table' ? Number(whole.rows[0]?.value) : NaN;
  return Number.isFinite(value) ? value : null;
}

/**
 * "Average sessions per day last month": every group's figure added up over the period's days (or weeks) since the
 * synced history began, days without activity counted as zero.
 */
function meanNote(q: MeasureQuery, grouped: Map<string, Group>, range: { from: Date; to: Date }, start: string | null) {
  const total = [...grouped.values()].reduce((sum, g) => sum + valueOf(g), 0);
  const first = start ? Math.max(range.from.getTime(), Date.parse(`${start}T00:00:00Z`)) : range.from.getTime();
  const days = Math.max(1, Math.round((range.to.getTime() - first) / 86_400_000));
  const unit = q.by[0] === 'week' ? 'week' : 'day';
  const units = unit === 'week' ? days / 7 : days;
  const mean = Math.round((total / units) * 10) / 10;
  const over = unit === 'week' ? `${Math.round(units * 10) / 10} weeks` : plural(days, 'day');
  return `Mean per ${unit}: ${mean.toLocaleString('en-US')} (${total.toLocaleString('en-US')} over ${over}).`;
}

/** The partial first or last bucket of a series by day, week or month (none for other answers). */
function seriesEnds(q: MeasureQuery, rows: Row[], covered: { from: Date; to: Date }, tz: string, now: Date) {
  const unit = q.by.length === 1 ? q.by[0] : undefined;
  if (unit !== 'day' && unit !== 'week' && unit !== 'month') return {};
  return partialEnds(unit, rows[rows.length - 1]?.__tie ? rows.slice(0, -1) : rows, covered, tz, now);
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The tab view showing the same data with the answer's filters: data sources for sources, the Users list for a
 * department's people, the activity feed for one person, else the Overview for the period and app.
 */
export function viewOf(q: MeasureQuery): TabView {
  const app = q.filters.apps.length === 1 ? q.filters.apps[0] : undefined;
  if (q.measure === 'references' || q.measure === 'source_users')
    return {
      path: 'data-sources',
      params: {
        kind: q.filters.sourceKind,
        appKey: app,
        sort: q.measure === 'source_users' ? 'userCount' : 'referenceCount',
        dir: 'desc',
      },
    };
  if (q.filters.people.length === 1)
    return { path: 'observability', params: { userId: q.filters.people[0]!.userId, appKey: app } };
  if (q.by.includes('user') && q.filters.departments.length === 1)
    return {
      path: 'users',
      params: { department: q.filters.departments[0], appKey: app, sort: 'promptCount', dir: 'desc' },
    };
  const last = new Date(Math.max(q.period.from.getTime(), q.period.to.getTime() - 1));
  return { path: 'overview', params: { from: isoDay(q.period.from), to: isoDay(last), appKey: app } };
}

function clampToData(p: { from: Date; to: Date; all?: boolean }, start: string | null) {
  if (!p.all || !start) return { from: p.from, to: p.to };
  const first = new Date(`${start}T00:00:00Z`);
  return { from: first > p.from ? first : p.from, to: p.to };
}

/**
 * "Top users" in the common shape — prompts or interactions by person, everyone or one department, in all apps or
 * one, no person or comparison, whole UTC days — through the tab's own ranking (topUsers), which for long ranges
 * ranks from all-time bounds instead of reading every per-user day. One row past the cut-off tells a tie (rankedUsers).
 */
/**
 * The contributions to an answer (and to the period it is compared with), read beside the first synced day: only a
 * period of all synced history waits for it, to start there.
 */
async function readFacts(
  deps: AnswerDeps,
  q: MeasureQuery,
  first: Promise<string | null>,
  against: { from: Date; to: Date } | null,
) {
  const userIds = await conditionedUsers(deps, q, await scopedUsers(deps.store, deps.tenantId, q));
  const scope: FactScope = { store: deps.store, tenantId: deps.tenantId, timeZone: deps.timeZone, userIds };
  const range = clampToData(q.period, q.period.all ? await first : null);
  const [[current, sources], before] = await Promise.all([
    contributionsOf(scope, q, range),
    against ? contributionsOf(scope, q, against) : null,
  ]);
  return {
    current: distinctKeyed(q, current, sources),
    sources,
    before: before && ([distinctKeyed(q, before[0], before[1]), before[1]] as const),
  };
}

/** "How many different documents": each reference keyed by its source (or site), so each group counts them once. */
function distinctKeyed(q: MeasureQuery, cs: Contribution[], sources: Map<string, SourceFact>): Contribution[] {
  if (!q.distinct) return cs;
  return cs.flatMap((c) => {
    const key = q.distinct === 'sites' ? keyOf(c, 'site', sources, new Map()) : (c.sourceKey ?? NONE);
    return key === NONE ? [] : [{ ...c, distinct: key }];
  });
}

function ranksPeople(q: MeasureQuery, timeZone: string): boolean {
  return (
    (q.measure === 'prompts' || q.measure === 'interactions') &&
    q.by.length === 1 &&
    q.by[0] === 'user' &&
    q.order !== 'asc' &&
    !q.compare &&
    !q.having &&
    !q.filters.source &&
    !q.who &&
    !q.namesToo &&
    !q.all &&
    // A share is of everyone's total, which the N + 1 rows a ranking reads do not hold.
    !q.share &&
    // Hours and weekdays are read from single interactions, which the ranking's per-day totals are not.
    !q.filters.clock &&
    q.filters.apps.length <= 1 &&
    q.filters.people.length === 0 &&
    q.filters.departments.length <= 1 &&
    !q.filters.exclude?.departments.length &&
    !q.period.all &&
    dayAligned(q, timeZone)
  );
}

async function rankedUsers(deps: AnswerDeps, q: MeasureQuery): Promise<Ranked> {
  // The answer names the rows it shows (labelsFor), with the names the ranking read on its way where it read them.
  const rows = await rankUsers(deps.store, deps.tenantId, {
    range: q.period,
    limit: (q.limit ?? 10) + 1,
    sort: q.measure === 'prompts' ? 'prompts' : 'interactions',
    ...(q.filters.departments[0] ? { department: q.filters.departments[0] } : {}),
    ...(q.filters.apps[0] ? { appKey: q.filters.apps[0] } : {}),
  });
  const groups = new Map<string, Group>();
  const refs = new Map<string, UserRef>();
  for (const r of rows) {
    const amount = q.measure === 'prompts' ? r.prompts : r.interactions;
    if (amount > 0) groups.set(r.userId, { keys: [r.userId], amount, distinct: null });
    if (r.ref) refs.set(r.userId, r.ref);
  }
  return { groups, refs };
}

/** A ranking of people, with the names it read on the way (their users records). */
interface Ranked {
  groups: Map<string, Group>;
  refs: Map<string, UserRef>;
}

async function contributionsOf(
  scope: FactScope,
  q: MeasureQuery,
  range: { from: Date; to: Date },
): Promise<[Contribution[], Map<string, SourceFact>]> {
  // One named source or site, or others' OneDrive files: the interactions that referenced them.
  if (q.filters.source || q.filters.owner) return namedSourceContributions(scope, q, range);
  if (q.filters.clock) {
    const clocked = await clockedContributions(scope, q, range);
    return q.measure === 'references' || q.measure === 'source_users'
      ? withSourceFacts(scope, q, clocked)
      : [clocked, new Map()];
  }
  if (q.measure === 'sessions') return [await sessionContributions(scope, q, range), new Map()];
  if (q.measure !== 'references' && q.measure !== 'source_users')
    return [await activityContributions(scope, q, range), new Map()];
  // All synced history, no person, department or app filter, no time dimension: the sources' own all-time counts
  // (distinct users need a breakdown by source: across sources they are not a sum).
  const distinctTotal = q.measure === 'source_users' && (q.by.length !== 1 || q.by[0] !== 'source');
  if (
    q.period.all &&
    !scope.userIds &&
    !q.filters.apps.length &&
    !q.filters.host &&
    !distinctTotal &&
    q.by.every((d) => REFERENCE_DIMS.has(d))
  ) {
    const kind = q.filters.sourceKind ? { kind: q.filters.sourceKind } : {};
    // Sites from the per-site aggregate (a top N: the sites reaching its cut-off).
    const ranked = q.order !== 'asc' && !q.compare && !q.having;
    const sites = await countedSites(scope, q, ranked ? rowLimit(q) : undefined);
    if (sites) return [sites, new Map()];
    // A top N by source needs only the sources that reach the Nth count (ties included): an index range read.
    const leaders =
      q.by.length === 1 && q.by[0] === 'source' && q.order !== 'asc' && !q.compare && !q.all
        ? await sourceLeaders(scope.store, scope.tenantId, {
            by: q.measure === 'source_users' ? 'userCount' : 'referenceCount',
            limit: q.limit ?? DEFAULT_LIMIT.source!,
            ...kind,
          })
        : null;
    const facts = leaders ?? (await sourceFacts(scope.store, scope.tenantId, kind));
    const byKey = new Map(facts.map((f) => [f.key, f]));
    const amount = (f: SourceFact) => (q.measure === 'source_users' ? f.userCount : f.referenceCount);
    return [facts.map((f) => ({ sourceKey: f.key, amount: amount(f) })), byKey];
  }
  // A month so far ranked by source: only the sources reaching its cut-off, from the per-source monthly counts.
  const all =
    (q.all ? null : await countedMonthLeaders(scope, q, range, q.limit ?? DEFAULT_LIMIT.source!)) ??
    (await referenceContributions(scope, q, range));
  return withSourceFacts(scope, q, all);
}

/** References with their sources' facts, kept to the kind and host asked. */
async function withSourceFacts(
  scope: FactScope,
  q: MeasureQuery,
  all: Contribution[],
): Promise<[Contribution[], Map<string, SourceFact>]> {
  const facts = await sourceFacts(scope.store, scope.tenantId, { keys: [...new Set(all.map((c) => c.sourceKey!))] });
  const byKey = new Map(facts.map((f) => [f.key, f]));
  const kept = all.filter((c) => {
    const s = byKey.get(c.sourceKey!);
    return (!q.filters.sourceKind || s?.kind === q.filters.sourceKind) && storedIn(q.filters.host, s);
  });
  return [kept, byKey];
}

async function departmentsOf(
  deps: AnswerDeps,
  cs: Contribution[],
  by: Dimension[],
  groups: DepartmentGroups | null,
): Promise<Map<string, string | null>> {
  if (!by.includes('department')) return new Map();
  const ids = cs.map((c) => c.userId).filter((x): x is string => !!x);
  const depts = await departmentsOfUsers(deps.store, deps.tenantId, ids);
  // Figures read per department key: the key's department as the rule shows it (a large one's spelling), else merged.
  const shown = new Map([...(groups?.alone ?? [])].map((d) => [departmentKey(d), d]));
  for (const c of cs)
    if (c.departmentKey !== undefined) depts.set(keyed(c.departmentKey), shown.get(c.departmentKey) ?? c.departmentKey);
  if (!groups) return depts;
  return new Map([...depts].map(([id, d]) => [id, groupOf(groups, d)]));
}

/** departmentsOf's entry for a department key (apart from people's ids). */
const keyed = (key: string | null) => `\u0002${key ?? ''}`;

interface Group {
  keys: string[];
  amount: number;
  distinct: Set<string> | null;
}

const NONE = '\u0000';

function keyOf(c: Contribution, d: Dimension, sources: Map<string, SourceFact>, depts: Map<string, string | null>): string {
  switch (d) {
    case 'user': return c.userId ?? NONE;
    case 'app': return c.appKey ?? NONE;
    case 'agent': return c.userId && c.appKey ? `${c.userId}|${c.appKey}` : NONE;
    case 'department': return (c.departmentKey !== undefined ? depts.get(keyed(c.departmentKey)) : c.userId ? depts.get(c.userId) : null) ?? NONE;
    case 'day': return c.day ?? NONE;
    case 'week': return c.day ? weekStart(c.day) : NONE;
    case 'month': return c.day ? c.day.slice(0, 7) : NONE;
    case 'hour': return c.hour === undefined ? NONE : String(c.hour);
    case 'weekday': return c.day ? String((new Date(`${c.day}T00:00:00Z`).getUTCDay() + 6) % 7) : NONE;
    case 'source': return c.sourceKey ?? NONE;
    case 'site': return (c.site ?? siteOf(sources.get(c.sourceKey ?? ''))) || NONE;
    case 'kind': return sources.get(c.sourceKey ?? '')?.kind ?? NONE;
  }
} // prettier-ignore

function group(
  cs: Contribution[],
  by: Dimension[],
  sources: Map<string, SourceFact>,
  depts: Map<string, string | null>,
) {
  const groups = new Map<string, Group>();
  for (const c of cs) {
    const keys = by.map((d) => keyOf(c, d, sources, depts));
    const id = keys.join('\u0001');
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { keys, amount: 0, distinct: c.distinct === undefined ? null : new Set() }));
    if (g.distinct && c.distinct !== undefined) g.distinct.add(c.distinct);
    else g.amount += c.amount;
  }
  return groups;
}

const REFERENCE_MEASURES = new Set<MeasureQuery['measure']>(['references', 'source_users']);
const valueOf = (g: Group) => (g.distinct ? g.distinct.size : g.amount);
const totals = (groups: Map<string, Group>) => new Map([...groups].map(([id, g]) => [id, valueOf(g)]));

/**
 * The groups a breakdown by one dimension shows: its first `limit` in the order shape() sorts them, where no
 * condition, comparison or time bucket adds rows; else every group. Names are read for these only, not for the
 * thousands of people a top 10 passes over.
 */
function shownGroups(q: MeasureQuery, groups: Map<string, Group>): Map<string, Group> {
  const limit = rowLimit(q);
  if (
    q.by.length !== 1 ||
    TIME_DIMS.has(q.by[0]!) ||
    q.having ||
    q.who ||
    q.namesToo ||
    q.compare ||
    limit === undefined
  )
    return groups;
  if (groups.size <= limit) return groups;
  const sign = q.order === 'asc' ? 1 : -1;
  const order = ([a, x]: [string, Group], [b, y]: [string, Group]) =>
    sign * (valueOf(x) - valueOf(y)) || (a < b ? -1 : a > b ? 1 : 0);
  return new Map([...groups].sort(order).slice(0, limit));
}

/** The app names read with the figures (countedFacts.ts), so the labels need not read them again. */
function appNamesRead(read: { current: Contribution[] } | null): Map<string, string> {
  const names = new Map<string, string>();
  for (const c of read?.current ?? []) if (c.appKey && c.appName !== undefined) names.set(c.appKey, c.appName);
  return names;
}

async function labelsFor(
  deps: AnswerDeps,
  q: MeasureQuery,
  groups: Map<string, Group>,
  sources: Map<string, SourceFact>,
  previous: Map<string, number> | null = null,
  known: ReadonlyMap<string, string> = new Map(),
  knownRefs: ReadonlyMap<string, UserRef> = new Map(),
) {
  // The rows of the period before are shown too (someone whose use fell to nothing has a row only there): named alike.
  const keyLists = [...[...groups.values()].map((g) => g.keys), ...[...(previous?.keys() ?? [])].map((id) => id.split('\u0001'))]; // prettier-ignore
  const userIds = new Set<string>();
  q.by.forEach((d, i) => d === 'user' && keyLists.forEach((k) => k[i] !== NONE && userIds.add(k[i]!)));
  const agentAt = q.by.indexOf('agent');
  if (agentAt >= 0) keyLists.forEach((k) => k[agentAt] !== NONE && userIds.add(k[agentAt]!.split('|')[0]!));
  for (const p of q.filters.people) userIds.add(p.userId);
  const unnamed = [...userIds].filter((id) => !knownRefs.has(id));
  const unknownApps = new Set<string>();
  q.by.forEach(
    (d, i) =>
      (d === 'app' || d === 'agent') &&
      keyLists.forEach((k) => {
        const app = d === 'agent' ? (k[i]!.split('|')[1] ?? '') : k[i]!;
        if (app.startsWith('other:')) unknownApps.add(app);
      }),
  );
  const unread = [...unknownApps].filter((app) => !known.has(app));
  // People's names and unknown apps' names in one round trip.
  const [looked, apps] = await Promise.all([
    unnamed.length ? userRefs(deps.store, deps.tenantId, unnamed) : new Map<string, UserRef>(),
    unread.length ? storedAppNames(deps.store, deps.tenantId, unread) : new Map<string, string>(),
  ]);
  const named = new Map<string, UserRef>();
  for (const id of userIds) named.set(id, knownRefs.get(id) ?? looked.get(id)!);
  // Below Analyst, people are their keyed pseudonyms (core/privacy/pseudonyms.ts): no name, address or department.
  const refs = deps.pseudonyms ? pseudonymousRefs(named, deps.pseudonyms) : named;
  for (const app of unknownApps) if (known.has(app)) apps.set(app, known.get(app)!);
  return { refs, sources, apps };
}

/** Time buckets in their natural order ("2" before "10"): localeCompare's 'en' numeric order, one collator for all. */
const NATURAL_ORDER = new Intl.Collator('en', { numeric: true });

function shape(
  q: MeasureQuery,
  groups: Map<string, Group>,
  labels: Awaited<ReturnType<typeof labelsFor>>,
  previous: Map<string, number> | null,
  tz: string,
  range: { from: Date; to: Date },
  start: string | null,
): Row[] {
  const byId = new Map([...groups].map(([id, g]) => [id, valueOf(g)]));
  const ids = new Set(byId.keys());
  fillBuckets(q, ids, tz, range, start);
  if (previous) for (const id of previous.keys()) ids.add(id);
  const list = [...ids]
    .map((id) => ({ id, keys: q.by.length ? id.split('\u0001') : [], value: byId.get(id) ?? 0 }))
    .filter((item) => !q.having || meetsThreshold(item.value, q.having))
    .filter((item) => !previous || movedAsAsked(q, item.value, previous.get(item.id) ?? 0));
  const naturalTime = q.order === 'natural' && TIME_DIMS.has(q.by[0]!);
  const byChange = q.changeOrder && previous ? changeRank(q, previous) : null;
  list.sort(
    (a, b) =>
      (byChange ? byChange(a, b) : 0) ||
      (naturalTime ? NATURAL_ORDER.compare(a.keys[0]!, b.keys[0]!) : 0) ||
      (q.order === 'asc' ? a.value - b.value : b.value - a.value) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  if (q.by.length === 2 && !TIME_DIMS.has(q.by[0]!))
    list.sort(
      (a, b) => a.keys[0]!.localeCompare(b.keys[0]!) || (q.order === 'asc' ? a.value - b.value : b.value - a.value),
    );
  const whole = list.reduce((sum, item) => sum + item.value, 0);
  // Rows kept by a condition are all shown (paged), unless a number was asked for too.
  const limit = q.having || q.who || q.namesToo ? q.limit : rowLimit(q);
  const rows: Row[] = [];
  const { kept, tiedOut, lastShown } = cutAtLimit(list, limit, q.by.length);
  for (const item of kept) {
    const row: Row = {};
    q.by.forEach((d, i) => Object.assign(row, labelOf(d, item.keys[i]!, labels, tz)));
    row.value = item.value;
    if (q.share) row.share = whole === 0 ? 0 : Math.round((item.value / whole) * 1000) / 10;
    if (previous) {
      const before = previous.get(item.id) ?? 0;
      row.previous = before;
      row.change =
        before === 0
          ? item.value === 0
            ? '0%'
            : 'new'
          : `${item.value >= before ? '+' : ''}${Math.round(((item.value - before) / before) * 100)}%`;
    }
    rows.push(row);
  }
  if (tiedOut > 0) rows.push({ __tie: tiedOut, __tieValue: lastShown });
  return rows;
}

/** The relative change of a row against the period before (a row new in this period has no share: see changeRank). */
function relativeChange(value: number, before: number): number {
  if (before === 0) return value === 0 ? 0 : Number.POSITIVE_INFINITY;
  return (value - before) / before;
}

/**
 * The comparison that puts the biggest fall, rise or change (either way) first, or with `smallest` last. People rank by
 * how much their figure moved (70 -> 0 falls further than 6 -> 0; someone new rises by their whole figure); other rows
 * (apps, departments, of very different sizes) by the relative change, ties by how much.
 */
function changeRank(q: MeasureQuery, previous: Map<string, number>): (a: Item, b: Item) => number {
  const keyOf = (change: number) => {
    const key = q.changeOrder === 'fall' ? change : q.changeOrder === 'rise' ? -change : -Math.abs(change);
    // Infinity - Infinity is NaN: a key stays finite so the sort's comparisons hold.
    const finite = Number.isFinite(key) ? key : Math.sign(key) * Number.MAX_VALUE;
    return q.order === 'asc' ? -finite : finite;
  };
  const amount = (x: Item) => keyOf(x.value - (previous.get(x.id) ?? 0));
  const relative = (x: Item) => keyOf(relativeChange(x.value, previous.get(x.id) ?? 0));
  if (q.by[0] === 'user') return (a, b) => amount(a) - amount(b);
  // A row new in this period (none before) moved by no share: after every row that did, whichever way is asked (an
  // app going from 0 to 2 is not the one that grew most, nor the one that grew least).
  const isNew = (x: Item) => Number(x.value !== 0 && !(previous.get(x.id) ?? 0));
  return (a, b) => isNew(a) - isNew(b) || relative(a) - relative(b) || amount(a) - amount(b);
}

type Item = { id: string; value: number };

/** "Biggest fall: Excel, from 34 to 4 (-88%)."; said plainly when no row moved the way asked. */
function changeSummary(q: MeasureQuery, body: Row[]): string {
  const word = { fall: 'fall', rise: 'rise', size: 'change' }[q.changeOrder!];
  const lead = body[0]!;
  const name = q.by.map((d) => String(lead[d] ?? '')).join(', ');
  const value = Number(lead.value ?? 0);
  const before = Number(lead.previous ?? 0);
  const moved =
    q.changeOrder === 'fall' ? value < before : q.changeOrder === 'rise' ? value > before : value !== before;
  const dim = DIMENSION_LABELS[q.by[0]!].toLowerCase();
  if (!moved && q.order !== 'asc') return `No ${dim} shows a ${word} against the period before.`;
  const said = `${q.order === 'asc' ? 'Smallest' : 'Biggest'} ${word}: ${name}, from ${fmt(before)} to ${fmt(value)} (${String(lead.change)}).`;
  // Rows other than people rank by the share they moved by: the one that moved most in number is said too, when another.
  if (q.by[0] === 'user' || q.order === 'asc' || q.changeOrder === 'size') return said;
  const delta = (r: Row) => (Number(r.value ?? 0) - Number(r.previous ?? 0)) * (q.changeOrder === 'fall' ? -1 : 1);
  const most = body.reduce((m, r) => (delta(r) > delta(m) ? r : m), lead);
  if (most === lead || delta(most) <= 0) return said;
  const mostName = q.by.map((d) => String(most[d] ?? '')).join(', ');
  const by = Number(most.value ?? 0) - Number(most.previous ?? 0);
  return `${said} The largest in number: ${mostName}, from ${fmt(Number(most.previous ?? 0))} to ${fmt(Number(most.value ?? 0))} (${by > 0 ? '+' : ''}${fmt(by)}).`;
}

function present(
  q: MeasureQuery,
  rows: Row[],
  notes: string[],
  compared: boolean,
  against: { from: Date; to: Date } | null,
  tz: string,
  ends: PartialEnds,
  ongoing: boolean,
): Executed {
  const tie = rows.at(-1)?.__tie as number | undefined;
  const tieValue = rows.at(-1)?.__tieValue as number | undefined;
  const atLeast = Boolean(rows.at(-1)?.__atLeast);
  const body = tie ? rows.slice(0, -1) : rows;
  const measure = measureTitle(q);
  const columns: Executed['columns'] = q.by.length ? [] : [{ key: 'measure', title: 'Measure', kind: 'text' }];
  for (const d of q.by) columns.push(...columnsOf(d, tz));
  const named = compared
    ? { now: periodName(q.period, tz, ongoing), before: against && periodName(against, tz) }
    : null;
  columns.push({ key: 'value', title: named ? `${shortMeasure(q)}, ${named.now}` : shortMeasure(q), kind: 'number' });
  if (q.share) columns.push({ key: 'share', title: 'Share %', kind: 'number' });
  if (compared) {
    columns.push({ key: 'previous', title: named?.before ?? 'Period before', kind: 'number' });
    columns.push({ key: 'change', title: 'Change', kind: 'text' });
  }
  const total = body.reduce((s, r) => s + Number(r.value ?? 0), 0);
  let summary: string;
  if (q.having) {
    summary =
      body.length === 0
        ? `${q.by[0] === 'user' ? 'Nobody' : 'None'} in this period: no ${describeRowsKept(q.having, q.measure, q.by[0]!)}.`
        : `${describeRowsKept(q.having, q.measure, q.by[0]!, body.length)} in this period.`;
  } else if (q.namesToo) {
    // "How many used Forms, and who?": the count of people and the total, then each person below.
    const people = body.length === 1 ? '1 person' : `${fmt(body.length)} people`;
    const noun = singularIfOne(shortMeasure(q).toLowerCase(), total);
    summary = body.length
      ? `${people} in this period, with ${fmt(total)} ${noun} in all; each is listed below.`
      : `Nobody in this period: 0 people, 0 ${noun} for these filters.`;
  } else if (q.by.length === 0) {
    const r = body[0] ?? { value: 0, previous: 0, change: '0%' };
    const when = named ? ` in ${named.now}` : '';
    summary = `${measure}${when}: ${fmt(Number(r.value ?? 0))}${compared ? `, against ${fmt(Number(r.previous ?? 0))} ${named?.before ? `in ${named.before}` : 'in the period before'} (${r.change})` : ''}.`;
  } else if (q.changeOrder && compared && body.length) {
    summary = changeSummary(q, body);
  } else if (body.length === 0 || (total === 0 && !ranksIdleHolders(q))) {
    // Licence holders ranked with 0 are the least active, not "no prompts" (others above the cut-off have some).
    summary = `No ${measure.toLowerCase()} in this period${q.filters.apps.length || q.filters.departments.length || q.filters.people.length ? ' for these filters' : ''}.`;
  } else {
    const lead = [...body].sort((a, b) =>
      q.order === 'asc' ? Number(a.value) - Number(b.value) : Number(b.value) - Number(a.value),
    )[0]!;
    const nameOf = (row: Row) =>
      q.by.map((d) => (d === 'agent' ? `${row.user} in ${row.app}` : String(row[d] ?? ''))).join(', ');
    // Rows sharing the lead's figure are all named, and those tied past a cut-off counted: no leader picked by sort.
    const leaders = leadersOf(body, lead);
    const name = namesOfLeaders(leaders.map(nameOf), tie && tieValue === Number(lead.value) ? tie : 0);
    const tied = leaders.length > 1 || (tie !== undefined && tieValue === Number(lead.value));
    // "1 active user", "1 prompt": counted nouns agree with the figure.
    const noun = singularIfOne(shortMeasure(q).toLowerCase(), Number(lead.value));
    const each = tied ? ' each' : '';
    summary =
      q.by.length === 1 && q.by[0] === 'user'
        ? `${name} ${tied ? 'were tied as' : 'was'} the ${q.order === 'asc' ? 'least' : 'most'} active Copilot ${tied ? 'users' : 'user'} here, with ${fmt(Number(lead.value))} ${noun}${each}; ${body.length} shown.`
        : `${q.order === 'asc' ? 'Lowest' : 'Highest'}${tied ? ' (tied)' : ''}: ${name} with ${fmt(Number(lead.value))} ${noun}${each}.`;
  }
  notes.push(...unlistedNote(q));
  // "going up or down over the last 8 weeks": the series' direction, not only its highest bucket. Not over rows a
  // condition kept ("days with at least 5 prompts"): their first and last are not the period's.
  const direction =
    q.order === 'natural' && !q.having ? seriesDirection(q.by, body, shortMeasure(q).toLowerCase(), ends) : null;
  if (direction) notes.push(direction);
  if (tie) notes.push(tieNote(tie, tieValue ?? 0, atLeast));
  const shown = q.by.length
    ? body
    : [{ measure, value: 0, ...(compared ? { previous: 0, change: '0%' } : {}), ...body[0] }];
  return { kind: 'table', summary: [summary, ...notes].join(' '), columns, rows: shown, notes };
}

const fmt = (n: number) => n.toLocaleString('en-US');

/** "active users" → "active user" for one; nouns that are not plural in "s" are left as they are. */
const singularIfOne = (noun: string, n: number) => (n === 1 && noun.endsWith('s') ? noun.slice(0, -1) : noun);

function shortMeasure(q: MeasureQuery): string {
  if (q.distinct) return q.distinct === 'sites' ? 'Distinct sites' : 'Distinct sources';
  return { active_users: 'Active users', prompts: 'Prompts', responses: 'Responses', sessions: 'Sessions', interactions: 'Interactions', agents: 'Agents', references: 'References', source_users: 'Users reaching it', licensed_inactive: 'Users', licensed_users: 'Licensed users', new_users: 'New users', adoption: 'Adoption %' }[q.measure]; // prettier-ignore
}

function columnsOf(d: Dimension, tz: string): Executed['columns'] {
  const zone = tz === 'UTC' ? 'UTC' : tz;
  switch (d) {
    case 'user': return [{ key: 'user', title: 'User', kind: 'text' }, { key: 'department', title: 'Department', kind: 'text' }];
    case 'app': return [{ key: 'app', title: 'App', kind: 'text' }];
    case 'agent': return [{ key: 'user', title: 'User', kind: 'text' }, { key: 'app', title: 'App', kind: 'text' }];
    case 'department': return [{ key: 'department', title: 'Department', kind: 'text' }];
    case 'day': return [{ key: 'day', title: 'Day', kind: 'date' }];
    case 'week': return [{ key: 'week', title: 'Week starting', kind: 'date' }];
    case 'month': return [{ key: 'month', title: 'Month', kind: 'text' }];
    case 'hour': return [{ key: 'hour', title: `Hour (${zone})`, kind: 'text' }];
    case 'weekday': return [{ key: 'weekday', title: 'Day of the week', kind: 'text' }];
    case 'source': return [{ key: 'source', title: 'Source', kind: 'text' }, { key: 'kind', title: 'Kind', kind: 'text' }, { key: 'url', title: 'Address', kind: 'text' }];
    case 'site': return [{ key: 'site', title: 'Site', kind: 'text' }];
    case 'kind': return [{ key: 'kind', title: 'Kind', kind: 'text' }];
  }
} // prettier-ignore
