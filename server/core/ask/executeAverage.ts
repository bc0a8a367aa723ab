import { adoptionByDepartment } from '../insights/adoption';
import type { AnswerDeps, Executed, Row } from './executed';
import { num, plural } from './executed';
import { MEASURE_LABELS } from './interpretation';
import type { MeasureQuery } from './querySchema';
import { RATIO_UNITS } from './ratio';

type Answer = (deps: AnswerDeps, q: MeasureQuery) => Promise<Executed>;

const PEOPLE_MEASURES = new Set(['active_users', 'licensed_inactive', 'licensed_users', 'new_users', 'source_users', 'adoption']); // prettier-ignore

/** Why "per active user" cannot be given for this query, or null. */
export function perPersonUnsupported(q: MeasureQuery): string | null {
  if (!q.perPerson && !q.per) return null;
  if (PEOPLE_MEASURES.has(q.measure) || q.measure === 'agents')
    return `${MEASURE_LABELS[q.measure]} are people already: an average per person is given for prompts, responses, sessions, interactions and references.`;
  if (
    q.by.length > 1 ||
    q.by.some((d) => d === 'user' || d === 'agent' || d === 'source' || d === 'site' || d === 'kind')
  )
    return `An average per ${unitOf(q)} is given overall or by one of app, department, day, week, month, hour or day of the week.`;
  if (q.compare || q.share || q.having)
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
  if (q.by.length) rows.sort((a, b) => (q.order === 'asc' ? 1 : -1) * (Number(a.value) - Number(b.value)));
  const cut = q.limit ? rows.slice(0, q.limit) : rows;
  const noun = MEASURE_LABELS[q.measure].toLowerCase();
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
  const notes = [...amounts.notes, ...people.notes.filter((n) => !amounts.notes.includes(n))];
  return { ...amounts, summary: [summary, ...notes].join(' '), columns, rows: cut, notes };
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
