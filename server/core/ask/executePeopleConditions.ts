import { COPILOT_APPS } from '../appCatalog';
import { dailyUserFacts, interactionFacts } from '../insights/askFacts';
import { syncFactsOf } from '../insights/syncFacts';
import type { AnswerDeps, Executed, Row } from './executed';
import { dayAligned } from './measureFacts';
import { localDayKey } from './timeZone';
import type { MeasureQuery } from './querySchema';
import { describeRowsKept, meetsThreshold } from './thresholds';
import { MEASURE_LABELS } from './interpretation';
import { appName } from './lexicon';
import { describePeopleCondition } from './peopleConditions';
import { describeDays } from './periods';

const DAY = 86_400_000;

/** What each person did in a range: the days they were active and the apps they used. */
interface PersonActivity {
  days: Set<string>;
  apps: Set<string>;
  /** `day|app` for each app used on a day. */
  appDays: Set<string>;
}

/**
 * Per person, their active days and apps in a range, for the people in scope (null: everyone): from the per-user
 * daily aggregate on whole UTC days, else from single interactions (a rolling window, a local time zone).
 */
export async function activityOf(
  deps: AnswerDeps,
  q: MeasureQuery,
  range: { from: Date; to: Date },
  userIds: string[] | null,
): Promise<Map<string, PersonActivity>> {
  const out = new Map<string, PersonActivity>();
  const at = (userId: string) => {
    let a = out.get(userId);
    if (!a) out.set(userId, (a = { days: new Set(), apps: new Set(), appDays: new Set() }));
    return a;
  };
  if (dayAligned({ ...q, period: { ...q.period, ...range } }, deps.timeZone)) {
    for (const f of await dailyUserFacts(deps.store, deps.tenantId, range, userIds)) {
      const apps = Object.entries(f.appCounts).filter(([, n]) => n > 0);
      if (!apps.length) continue;
      const a = at(f.userId);
      a.days.add(f.day);
      for (const [app] of apps) {
        a.apps.add(app);
        a.appDays.add(`${f.day}|${app}`);
      }
    }
    return out;
  }
  for (const f of await interactionFacts(deps.store, deps.tenantId, range, { appKeys: [], userIds })) {
    const a = at(f.userId);
    const day = localDayKey(f.at, deps.timeZone);
    a.days.add(day);
    a.apps.add(f.appKey);
    a.appDays.add(`${day}|${f.appKey}`);
  }
  return out;
}

/** The calendar days of a range from the first synced day on: "every day" of the period means each of these. */
function daysIn(range: { from: Date; to: Date }, first: string | null): number {
  const start = Math.max(range.from.getTime(), first ? Date.parse(`${first}T00:00:00Z`) : 0);
  return Math.max(1, Math.ceil((range.to.getTime() - start) / DAY));
}

/**
 * The people the answer counts once its condition on people is applied (`who`): those of `scoped` (null: everyone)
 * who meet it. Unchanged without a condition on people (a fall or rise is a condition on rows, applied to them).
 */
export async function conditionedUsers(
  deps: AnswerDeps,
  q: MeasureQuery,
  scoped: string[] | null,
): Promise<string[] | null> {
  const who = q.who;
  if (
    !who ||
    !(who.soleApp || who.everyApp || who.notApps || who.activeDays || who.everyDay || who.lapsedDays || who.quietIn)
  )
    return scoped;

  const first = await syncFactsOf(deps).firstSyncedDay();
  const range = { from: q.period.from, to: q.period.to };
  if (who.lapsedDays) return lapsedUsers(deps, q, scoped, first, who.lapsedDays);
  const [activity, quiet] = await Promise.all([
    activityOf(deps, q, range, scoped),
    who.quietIn ? activityOf(deps, q, who.quietIn, scoped) : null,
  ]);
  const apps = new Set(q.filters.apps);
  // Active in the period without: in the apps asked about, else in any app.
  const activeIn = (a: PersonActivity | undefined) => !!a && (!apps.size || [...a.apps].some((app) => apps.has(app)));
  const everyDay = daysIn(range, first);
  return [...activity]
    .filter(([, a]) => !who.soleApp || [...a.apps].every((app) => apps.has(app)))
    .filter(([, a]) => !who.everyApp || [...apps].every((app) => a.apps.has(app)))
    .filter(([, a]) => !who.notApps?.some((app) => a.apps.has(app)))
    .filter(([, a]) => !who.activeDays || meetsThreshold(a.days.size, who.activeDays))
    .filter(([, a]) => !who.everyDay || a.days.size >= everyDay)
    .filter(([userId]) => !quiet || !activeIn(quiet.get(userId)))
    .map(([userId]) => userId);
}

/** Active in the first days of the synced history, and not in as many days up to the period's end. */
async function lapsedUsers(
  deps: AnswerDeps,
  q: MeasureQuery,
  scoped: string[] | null,
  first: string | null,
  days: number,
): Promise<string[]> {
  if (!first) return [];
  const from = new Date(`${first}T00:00:00Z`);
  const early = { from, to: new Date(from.getTime() + days * DAY) };
  const late = { from: new Date(Math.max(early.to.getTime(), q.period.to.getTime() - days * DAY)), to: q.period.to };
  const aligned = { ...q, period: { ...q.period, from, to: q.period.to } };
  const [before, after] = await Promise.all([
    activityOf(deps, aligned, early, scoped),
    activityOf(deps, aligned, late, scoped),
  ]);
  return [...before.keys()].filter((id) => !after.has(id));
}

/** Whether a row's figure moved the way asked against the period before. */
export function movedAsAsked(q: MeasureQuery, value: number, before: number): boolean {
  if (!q.who?.moved) return true;
  return q.who.moved === 'fall' ? value < before : value > before;
}

/** "Which apps has nobody tried": the catalogue's apps named, so an app it does not know is not read as unused. */
export function catalogueNote(q: MeasureQuery): string[] {
  if (!q.having || q.having.op !== 'eq' || q.having.value !== 0 || q.by[0] !== 'app' || q.measure !== 'active_users')
    return [];
  return [`The catalogue's Copilot apps: ${COPILOT_APPS.map((a) => a.displayName).join(', ')}.`];
}

type Answer = (deps: AnswerDeps, q: MeasureQuery) => Promise<Executed>;

/**
 * "Prompts by department, only departments with more than 5 active users": the condition's measure read by the one
 * measure path over the same filters and period, per the rows it names; then the answer's rows of those kept, the
 * condition's figure beside each.
 */
export async function answerOtherCondition(deps: AnswerDeps, q: MeasureQuery, answer: Answer): Promise<Executed> {
  const having = q.having!;
  const per = having.per ?? q.by.at(-1) ?? 'user';
  const { having: _h, limit: _l, changeOrder: _c, share: _s, ...base } = q;
  const all = { op: 'gte' as const, value: 0 };
  const [kept, shown] = await Promise.all([
    answer(deps, { ...base, measure: having.of!, by: [per], having: all, order: 'desc', compare: undefined }),
    answer(deps, { ...base, ...(q.by.length === 1 ? { having: all } : { limit: 100 }) }),
  ]);
  if (kept.kind === 'not_available') return kept;
  if (shown.kind === 'not_available') return shown;
  const label = (r: Row) => String(r[per] ?? '');
  const figures = new Map(kept.rows.map((r) => [label(r), Number(r.value ?? 0)]));
  const rows = shown.rows
    .filter((r) => !r.__tie && meetsThreshold(figures.get(label(r)) ?? 0, having))
    .map((r): Row => ({ ...r, condition: figures.get(label(r)) ?? 0 }));
  rows.sort((a, b) => (q.order === 'asc' ? 1 : -1) * (Number(a.value) - Number(b.value)));
  const cut = q.limit ? rows.slice(0, q.limit) : rows;
  const groups = new Set(cut.map(label)).size;
  const { of: _of, per: _per, ...bounds } = having;
  const kept_ = describeRowsKept(bounds, having.of!, per, groups);
  const lead = cut[0];
  const noun = MEASURE_LABELS[q.measure].toLowerCase();
  const summary = lead
    ? `${kept_} in this period; highest: ${q.by.map((d) => String(lead[d] ?? '')).join(', ')} with ${Number(lead.value).toLocaleString('en-US')} ${noun}.`
    : `None in this period: no ${describeRowsKept(bounds, having.of!, per)}.`;
  const valueAt = shown.columns.findIndex((c) => c.key === 'value');
  const columns = [
    ...shown.columns,
    ...(valueAt >= 0 ? [{ key: 'condition', title: MEASURE_LABELS[having.of!], kind: 'number' as const }] : []),
  ];
  const notes = shown.notes.filter((n) => !/ with (more|fewer|at|exactly) /.test(n));
  return { ...shown, summary: [summary, ...notes].join(' '), columns, rows: cut, notes };
}

/**
 * Use absent from a period says both periods: when the people were active ("active this week (16 Nov – 20 Nov)",
 * "active in October 2026 (…)"), then when they were not.
 */
function activeWhen(period: MeasureQuery['period'], tz: string): string {
  const days = describeDays(period, tz);
  const label = /^(?:this|last|before|the)\b/.test(period.label) ? period.label : `in ${period.label}`;
  return `active ${label}${period.label === days ? '' : ` (${days})`}`;
}

/**
 * The summary of an answer over the people meeting a condition: how many there are ("3 people who used only Teams in
 * the period, no other app"), and said plainly when nobody does, rather than "no prompts".
 */
export function conditionSummary(q: MeasureQuery, e: Executed, tz = 'UTC'): Executed {
  const said = describePeopleCondition(q, q.filters.apps.map(appName).join(' and '), tz).join('; ');
  if (!said || q.who?.moved) return e;
  const people = q.by.length === 1 && q.by[0] === 'user' ? e.rows.filter((r) => !r.__tie).length : null;
  const counted = q.measure === 'active_users' && q.by.length === 0 ? Number(e.rows[0]?.value ?? 0) : people;
  if (counted === null) return e;
  const when = q.who?.quietIn ? activeWhen(q.period, tz) : 'in this period';
  const lead =
    counted === 0
      ? `Nobody ${when}`
      : `${counted.toLocaleString('en-US')} ${counted === 1 ? 'person' : 'people'} ${when}`;
  const said_ = `${lead}${q.who?.quietIn ? ',' : ':'} ${said.replace(/^people /, '')}.`;
  // A count's own sentence ("Active users: 4.") is the count said again; a ranking's names who leads it.
  const rest = people === null || counted === 0 ? e.summary.replace(/^[^.]*\.\s*/, '') : e.summary;
  return { ...e, summary: [said_, rest].filter(Boolean).join(' ') };
}
