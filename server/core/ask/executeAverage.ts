import type { AnswerDeps, Executed, Row } from './executed';
import { num } from './executed';
import { MEASURE_LABELS } from './interpretation';
import type { MeasureQuery } from './querySchema';

type Answer = (deps: AnswerDeps, q: MeasureQuery) => Promise<Executed>;

const PEOPLE_MEASURES = new Set(['active_users', 'licensed_inactive', 'licensed_users', 'new_users', 'source_users', 'adoption']); // prettier-ignore

/** Why "per active user" cannot be given for this query, or null. */
export function perPersonUnsupported(q: MeasureQuery): string | null {
  if (!q.perPerson) return null;
  if (PEOPLE_MEASURES.has(q.measure) || q.measure === 'agents')
    return `${MEASURE_LABELS[q.measure]} are people already: an average per person is given for prompts, responses, sessions, interactions and references.`;
  if (
    q.by.length > 1 ||
    q.by.some((d) => d === 'user' || d === 'agent' || d === 'source' || d === 'site' || d === 'kind')
  )
    return 'An average per person is given overall or by one of app, department, day, week, month, hour or day of the week.';
  if (q.compare || q.share || q.having) return 'An average per person cannot also be compared, shared or thresholded.';
  return null;
}

/**
 * "Average prompts per person last week": the measure and the active users over the same filters and period, read by
 * the one measure path, and each row's figure divided by its active users (one decimal), both shown beside it.
 */
export async function answerPerPerson(deps: AnswerDeps, q: MeasureQuery, answer: Answer): Promise<Executed> {
  const base: MeasureQuery = { ...q, perPerson: undefined, limit: undefined };
  const [amounts, people] = await Promise.all([answer(deps, base), answer(deps, { ...base, measure: 'active_users' })]);
  if (amounts.kind === 'not_available') return amounts;
  if (people.kind === 'not_available') return people;
  const keyOf = (r: Row) => q.by.map((d) => String(r[d] ?? '')).join('\u0001');
  const users = new Map(people.rows.map((r) => [keyOf(r), Number(r.value ?? 0)]));
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
    { key: 'value', title: 'Per active user', kind: 'number' as const },
    { key: 'total', title: amounts.columns[valueAt]?.title ?? 'Total', kind: 'number' as const },
    { key: 'people', title: 'Active users', kind: 'number' as const },
  ];
  const lead = cut[0];
  const summary = !lead
    ? `No ${noun} in this period.`
    : q.by.length === 0
      ? `${num(Number(lead.value))} ${noun} per active user (${num(Number(lead.total))} by ${num(Number(lead.people))} active users).`
      : `${q.order === 'asc' ? 'Lowest' : 'Highest'}: ${q.by.map((d) => String(lead[d])).join(', ')} with ${num(Number(lead.value))} ${noun} per active user.`;
  const notes = [...amounts.notes];
  return { ...amounts, summary: [summary, ...notes].join(' '), columns, rows: cut, notes };
}
