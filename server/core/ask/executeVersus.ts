import type { AnswerDeps, Executed, Row } from './executed';
import { num } from './executed';
import type { MeasureQuery } from './querySchema';
import { VERSUS_LABELS } from './versusWhole';

type Answer = (deps: AnswerDeps, q: MeasureQuery) => Promise<Executed>;

/**
 * "Marketing adoption vs the company average", "IT vs the rest of the company": the named departments' answer and the
 * same query over the whole tenant (no department filter) or over everyone outside them (those departments left out),
 * one after the other with a column naming each. Both are read by the one measure path, so the small-group rules apply
 * to each: a department under the minimum group size is withheld with the reason, and the rest is never its figure by
 * difference.
 */
export async function answerVersus(deps: AnswerDeps, q: MeasureQuery, answer: Answer): Promise<Executed> {
  const { versus, ...named } = q;
  const { exclude } = q.filters;
  const departments = versus === 'rest' ? [...(exclude?.departments ?? []), ...q.filters.departments] : [];
  const filters = { ...q.filters, departments: [], exclude: { apps: exclude?.apps ?? [], departments } };
  const [part, other] = await Promise.all([answer(deps, named), answer(deps, { ...named, filters })]);
  if (part.kind === 'not_available') return part;
  if (other.kind === 'not_available') return other;
  const own = q.filters.departments.join(' and ');
  const whole = VERSUS_LABELS[versus!];
  const label = (group: string) => (r: Row) => ({ group, ...r });
  const rows = [...part.rows.map(label(own)), ...other.rows.map(label(whole))];
  const notes = [...part.notes, ...other.notes.filter((n) => !part.notes.includes(n))];
  const figure = (a: Executed) => (a.rows.length === 1 ? num(Number(a.rows[0]!.value ?? 0)) : null);
  const [mine, theirs] = [figure(part), figure(other)];
  const unit = q.measure === 'adoption' ? ' %' : '';
  const summary =
    mine !== null && theirs !== null
      ? `${own}: ${mine}${unit}; ${whole}: ${theirs}${unit}.`
      : `${own}'s rows first, then ${whole}'s.`;
  return {
    ...part,
    summary: [summary, ...notes].join(' '),
    columns: [{ key: 'group', title: 'Compared', kind: 'text' }, ...part.columns],
    rows,
    notes,
  };
}
