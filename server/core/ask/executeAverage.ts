import { adoptionByDepartment } from '../insights/adoption';
import type { AnswerDeps, Executed, Row } from './executed';
import { num, plural } from './executed';
import { MEASURE_LABELS } from './interpretation';
import type { MeasureQuery } from './querySchema';
import { RATIO_UNITS } from './ratio';
import { TIME_DIMS } from './dimensions';
import { seriesDirection } from './trendDirection';

const DIRECTIONS = /^(?:Going up|Going down|No clear direction):/;

type Answer = (deps: AnswerDeps, q: MeasureQuery) => Promise<Executed>;

const PEOPLE_MEASURES = new Set(['active_users', 'licensed_inactive', 'licensed_users', 'new_users', 'source_users', 'adoption']); // prettier-ignore

/** Why "per active user" cannot be given for this query, or null. */
export function perPersonUnsupported(q: MeasureQuery): string | null {
  if (!q.perPerson && !q.per) return null;
  if (PEOPLE_MEASURES.has(q.measure) || (q.measure === 'agents' && (q.per || q.by.includes('app'))))
    return `${MEASURE_LABELS[q.measure]} are people already: an average per person is given for prompts, responses, sessions, interactions, references and apps used (not by app).`;
  if (
    q.by.length > 1 ||
    q.by.some((d) => d === 'user' || d === 'agent' || d === 'source' || d === 'site' || d === 'kind')
  )
    return `An average per ${unitOf(q)} is given overall or by one of app, department, day, week, month, hour or day of the week.`;
  // "Sales vs Engineering" is a row each, as any breakdown; against another period it is not given.
  if (q.compare === 'previous' || q.share || q.having)
    return `An average per ${unitOf(q)} cannot also be compared, shared or thresholded.`;
  if (q.perLicensed && q.by.some((d) => d !== 'department'))
    return `A figure per licensed user is given overall or by department: a licence is held by a person, not by ${q.by.includes('app') ? 'an app' : 'a day, week or hour'}. Ask for it per active user instead.`;
  return null;
}

/** What the figure is divided by: one of `per` ("session"), a licence holder or an active user. */
function unitOf(q: MeasureQuery): string {
  return q.per ? RATIO_UNITS[q.per] : q.perLicensed ? 'licensed user' : 'active user';
}

/**
 * "Average prompts per person last week": the measure and the active users over the same filters and period, read by
 * the one measure path, and each row's figure divided by its active users (one decimal), both shown beside it.
 * "Prompts per session": the same over another measure (`per`) instead of the active users.
 */
export async function answerPerPerson(deps: AnswerDeps, q: MeasureQuery, answer: Answer): Promise<Executed> {
  const base: MeasureQuery = { ...q, perPerson: undefined, perLicensed: undefined, per: undefined, limit: undefined };
  const keyOf = (r: Row) => q.by.map((d) => String(r[d] ?? '')).join('\u0001');
  const [amounts, people] = await Promise.all([
    answer(deps, base),
    q.perLicensed ? holders(deps, q) : answer(deps, { ...base, per: undefined, measure: q.per ?? 'active_users' }),
  ]);
  if (amounts.kind === 'not_available') return amounts;
  if (people.kind === 'not_available') return people;
  const users = new Map(people.rows.map((r) => [keyOf(r), Number(r.value ?? 0)]));
  const per = unitOf(q);
  const rows: Row[] = amounts.rows.map((r) => {
    const total = Number(r.value ?? 0);
    const active = users.get(keyOf(r)) ?? 0;
    return { ...r, total, people: active, value: active ? Math.round((total / active) * 10) / 10 : 0 };
  });
  // A series stays in time order ("prompts per person per day"); other rows are ranked by their figure.
  const series = TIME_DIMS.has(q.by[0]!) && q.order === 'natural';
  if (q.by.length && !series) rows.sort((a, b) => (q.order === 'asc' ? 1 : -1) * (Number(a.value) - Number(b.value)));
  const cut = q.limit ? rows.slice(0, q.limit) : rows;
  // A person's agents are the apps they used: "1.9 apps per active user".
  const noun = q.measure === 'agents' ? 'apps' : MEASURE_LABELS[q.measure].toLowerCase();
  const valueAt = amounts.columns.findIndex((c) => c.key === 'value');
  const columns = [
    ...amounts.columns.slice(0, valueAt),
    { key: 'value', title: `Per ${per}`, kind: 'number' as const },
    { key: 'total', title: amounts.columns[valueAt]?.title ?? 'Total', kind: 'number' as const },
    {
      key: 'people',
      title: q.per ? MEASURE_LABELS[q.per] : q.perLicensed ? 'Licensed users' : 'Active users',
      kind: 'number' as const,
    },
  ];
  const lead = cut[0];
  const summary = !lead
    ? `No ${noun} in this period.`
    : q.by.length === 0
      ? `${num(Number(lead.value))} ${noun} per ${per} (${num(Number(lead.total))} over ${plural(Number(lead.people), per)}).`
      : `${q.order === 'asc' ? 'Lowest' : 'Highest'}: ${q.by.map((d) => String(lead[d])).join(', ')} with ${num(Number(lead.value))} ${noun} per ${per}.`;
  // The numerator's and denominator's own directions are not the ratio's: the ratio's series is said instead.
  const own = (n: string) => !DIRECTIONS.test(n);
  const notes = [...amounts.notes.filter(own), ...people.notes.filter((n) => own(n) && !amounts.notes.includes(n))];
  const direction = series ? seriesDirection(q.by, rows, `${noun} per ${per}`) : null;
  if (direction) notes.push(direction);
  const overall = q.by.length === 1 && TIME_DIMS.has(q.by[0]!) && !q.per ? overPeriod(rows, noun, q.by[0]!) : null;
  if (overall) notes.unshift(overall);
  return { ...amounts, summary: [summary, ...notes].join(' '), columns, rows: cut, notes };
}

/**
 * "Prompts per person per day": the period's figure over its active user-days (each day's active users added up), so
 * one figure for the whole period beside the day-by-day rows.
 */
function overPeriod(rows: Row[], noun: string, unit: string): string | null {
  const total = rows.reduce((s, r) => s + Number(r.total ?? 0), 0);
  const personUnits = rows.reduce((s, r) => s + Number(r.people ?? 0), 0);
  if (!personUnits || !['day', 'week', 'month'].includes(unit)) return null;
  return `Over the period: ${num(Math.round((total / personUnits) * 10) / 10)} ${noun} per active user a ${unit} (${num(total)} over ${num(personUnits)} active user-${unit}s).`;
}

/**
 * Licence holders per row, overall or by department, as the department view counts them (core/insights/adoption.ts:
 * holders whose history could be read, small departments merged as the measure's rows are) — the denominator of
 * "prompts per licensed user".
 */
async function holders(deps: AnswerDeps, q: MeasureQuery): Promise<Executed> {
  const { groups, total } = await adoptionByDepartment(deps.store, deps.tenantId, {
    range: q.period,
    departments: q.filters.departments,
    minGroupSize: deps.minGroupSize ?? 5,
  });
  const rows: Row[] = q.by.includes('department')
    ? groups.map((g) => ({ department: g.department ?? '(no department)', value: g.licensedUsers }))
    : [{ value: total.licensedUsers }];
  const unknown = total.unreadableUsers;
  const notes = unknown
    ? [
        `${plural(unknown, 'licensed user')} whose history could not be read ${unknown === 1 ? 'is' : 'are'} not counted among the licence holders.`,
      ]
    : [];
  return { kind: 'table', summary: '', columns: [], rows, notes };
}
