import type { AnswerDeps, Executed, Row } from './executed';
import { num } from './executed';
import type { MeasureQuery } from './querySchema';
import { userRefs } from '../insights/userDirectory';
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
  if (versus === 'department_rest') return answerDepartmentRest(deps, q, answer);
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

/** Measures whose department figure is the person's plus the others' (each prompt, session, person counted once). */
const ADDITIVE = new Set(['prompts', 'responses', 'sessions', 'interactions', 'active_users']);

/**
 * "How does Diego compare to the rest of his department": the person's figure and their department's less it, same
 * measure and period. The department is read by the one measure path, so one under the minimum group size is withheld
 * with the reason (its others' figure would be its own by difference).
 */
async function answerDepartmentRest(deps: AnswerDeps, q: MeasureQuery, answer: Answer): Promise<Executed> {
  const { versus: _v, ...named } = q;
  const person = q.filters.people[0]!;
  const notAvailable = (summary: string): Executed => ({ kind: 'not_available', summary, columns: [], rows: [], notes: [] }); // prettier-ignore
  if (!ADDITIVE.has(q.measure) || q.by.length || q.perPerson || q.per || q.mean || q.having || q.who)
    return notAvailable(
      'One person is set against the rest of their department for prompts, responses, sessions, interactions or active users, overall: ask for one of them.',
    );
  const department = (await userRefs(deps.store, deps.tenantId, [person.userId]))
    .get(person.userId)
    ?.department?.trim();
  if (!department)
    return notAvailable(
      `${person.name} has no department in the directory, so there is no rest of it to compare with.`,
    );
  const whole = { ...named, filters: { ...q.filters, people: [], departments: [department] } };
  const [mine, theirs] = await Promise.all([answer(deps, named), answer(deps, whole)]);
  if (mine.kind === 'not_available') return mine;
  if (theirs.kind === 'not_available') return theirs;
  const own = Number(mine.rows[0]?.value ?? 0);
  const rest = Number(theirs.rows[0]?.value ?? 0) - own;
  const others = `the rest of ${department}`;
  const notes = [...mine.notes, ...theirs.notes.filter((n) => !mine.notes.includes(n))];
  return {
    ...mine,
    summary: [`${person.name}: ${num(own)}; ${others}: ${num(rest)}.`, ...notes].join(' '),
    columns: [{ key: 'group', title: 'Compared', kind: 'text' }, ...mine.columns],
    rows: [
      { ...mine.rows[0], group: person.name, value: own },
      { ...theirs.rows[0], group: others, value: rest },
    ],
    notes,
  };
}
