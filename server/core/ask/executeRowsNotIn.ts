import type { AnswerDeps, Executed, Row } from './executed';
import { SMALL_GROUPS } from '../insights/departmentTypes';
import { appName } from './lexicon';
import type { Dimension, MeasureQuery } from './querySchema';

/** A breakdown's total (breakdownTotal.ts), said of all its rows. */
const TOTAL = /\bin all\b|do not add up over the rows/;

type Answer = (deps: AnswerDeps, q: MeasureQuery) => Promise<Executed>;

/**
 * "Apps used by Finance but not Sales", "departments using Word but not Excel": a department (or app) named and another
 * of the same kind left out cannot narrow a filter that already holds only the first, so it asks for a difference of
 * rows: the first's rows that the second has none of. Null when the question is no such difference.
 */
export function rowsNotIn(q: MeasureQuery): 'departments' | 'apps' | null {
  const out = q.filters.exclude;
  if (q.by.length !== 1 || !out || q.compare || q.having || q.who || q.versus) return null;
  const [dim] = q.by;
  if (q.filters.departments.length && out.departments.length && !out.apps.length && dim !== 'department')
    return 'departments';
  if (q.filters.apps.length && out.apps.length && !out.departments.length && dim !== 'app' && dim !== 'agent')
    return 'apps';
  return null;
}

const NOUNS: Partial<Record<Dimension, string>> = { app: 'apps', department: 'departments', user: 'people', agent: 'agents', source: 'sources', site: 'sites', day: 'days', week: 'weeks', month: 'months', hour: 'hours', weekday: 'days of the week' }; // prettier-ignore

/** The label that names a row of the dimension (a person's name and department together: names can repeat). */
const keyOf = (row: Row, dim: Dimension) => (dim === 'user' ? `${String(row.user)}|${String(row.department)}` : String(row[dim] ?? '')); // prettier-ignore

/**
 * The first filter's rows (all of them) less those the excluded values' rows hold with a figure above 0; each side read
 * by the one measure path, so a small department withheld on either side withholds the answer with the reason.
 */
export async function answerRowsNotIn(deps: AnswerDeps, q: MeasureQuery, answer: Answer): Promise<Executed> {
  const kind = rowsNotIn(q)!;
  const { exclude, ...rest } = q.filters;
  const others = exclude![kind];
  const every = (filters: MeasureQuery['filters']): MeasureQuery => ({ ...q, filters, limit: undefined, all: true, share: undefined }); // prettier-ignore
  const [mine, theirs] = await Promise.all([
    answer(deps, every(rest)),
    answer(deps, every({ ...rest, [kind]: others })),
  ]);
  if (mine.kind !== 'table') return mine;
  if (theirs.kind !== 'table') return theirs;
  const dim = q.by[0]!;
  const used = new Set(theirs.rows.filter((r) => Number(r.value ?? 0) > 0).map((r) => keyOf(r, dim)));
  // The merged small departments are no one department: never a row of a difference.
  const rows = mine.rows.filter(
    (r) =>
      Number(r.value ?? 0) > 0 && !used.has(keyOf(r, dim)) && !(dim === 'department' && r.department === SMALL_GROUPS),
  );
  const kept = q.limit === undefined ? rows : rows.slice(0, q.limit);
  const label = (values: string[]) => values.map((v) => (kind === 'apps' ? appName(v) : v)).join(' and ');
  const [own, their] = [label(rest[kind]), label(others)];
  const noun = NOUNS[dim] ?? 'rows';
  const named = kept
    .slice(0, 5)
    .map((r) => (dim === 'user' ? String(r.user) : String(r[dim])))
    .join(', ');
  const summary = kept.length
    ? `${kept.length} ${noun} of ${own}'s that ${their} had none of: ${named}${kept.length > 5 ? ` and ${kept.length - 5} more` : ''}.`
    : `Every one of ${own}'s ${noun} was ${their}'s too: none is ${own}'s alone.`;
  // Each side's total is of its own rows, not of the difference: left out.
  const notes = [...mine.notes, ...theirs.notes.filter((n) => !mine.notes.includes(n))].filter((n) => !TOTAL.test(n));
  return { ...mine, summary: [summary, ...notes].join(' '), rows: kept, notes };
}
