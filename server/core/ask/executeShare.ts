import type { AnswerDeps, Executed, Row } from './executed';
import { num } from './executed';
import { DIMENSION_LABELS, MEASURE_LABELS } from './interpretation';
import { appName } from './lexicon';
import type { Dimension, MeasureQuery } from './querySchema';
import { TIME_DIMS } from './dimensions';

type Answer = (deps: AnswerDeps, q: MeasureQuery) => Promise<Executed>;

/** Measures a part of which is a part of the whole: the named app's prompts are some of all prompts. */
const PART_MEASURES = new Set(['prompts', 'responses', 'sessions', 'interactions', 'references', 'active_users']);
/** Rows both the part and the whole are read by in full (a ranking of people or sources is cut, so not joinable). */
const SHARE_ROWS = new Set<Dimension>(['app', 'department', 'day', 'week', 'month', 'hour', 'weekday']);

// The whole of a department's share is everyone's, people without a department included.
const WHOLE_LABELS = { app: 'all apps', department: 'the whole tenant' } as const;

/** Why "the share of the named app (or department)" cannot be given for this query, or null. */
export function shareOfUnsupported(q: MeasureQuery): string | null {
  if (!q.shareOf) return null;
  const noun = shortNoun(q);
  if (!PART_MEASURES.has(q.measure))
    return `A share of ${WHOLE_LABELS[q.shareOf]} is given for prompts, responses, sessions, interactions, references and active users; not for ${noun}.`;
  if (q.perPerson || q.per || q.mean || q.having || q.compare === 'previous')
    return 'A share cannot also be averaged, set against another period or thresholded: ask for each on its own.';
  const rows = q.by.filter((d) => d !== q.shareOf);
  if (rows.length > 1 || rows.some((d) => !SHARE_ROWS.has(d)))
    return `A share of ${WHOLE_LABELS[q.shareOf]} is given overall or by one of app, department, day, week, month, hour or day of the week.`;
  return null;
}

/** The query without the filter the share is taken of: the whole each part is divided by. */
function wholeOf(q: MeasureQuery, of: 'app' | 'department'): MeasureQuery {
  const { exclude } = q.filters;
  const filters =
    of === 'app'
      ? { ...q.filters, apps: [], exclude: exclude && { ...exclude, apps: [] } }
      : { ...q.filters, departments: [], exclude: exclude && { ...exclude, departments: [] } };
  const { share: _s, shareOf: _o, compare: _c, limit: _l, ...rest } = q;
  return { ...rest, filters, by: q.by.filter((d) => d !== of), order: 'natural' };
}

/**
 * "What share of prompts went to Copilot Chat", "proportion of sessions in Outlook by department": the figure for the
 * named apps (or departments) over the same figure without that filter — same period, other filters and rows — each
 * row showing its share, its figure and the whole. Both are read by the one measure path, so the small-group rules
 * apply to each as they do to any answer.
 */
export async function answerShareOf(deps: AnswerDeps, q: MeasureQuery, answer: Answer): Promise<Executed> {
  const of = q.shareOf!;
  const { share: _s, shareOf: _o, ...partQuery } = q;
  const whole = wholeOf(q, of);
  const [parts, wholes] = await Promise.all([answer(deps, partQuery), answer(deps, whole)]);
  if (parts.kind === 'not_available') return parts;
  if (wholes.kind === 'not_available') return wholes;
  const joinDims = whole.by;
  const keyOf = (r: Row) => joinDims.map((d) => String(r[d] ?? '')).join('\u0001');
  const wholeBy = new Map(wholes.rows.map((r) => [keyOf(r), Number(r.value ?? 0)]));
  const partBy = new Map(parts.rows.map((r) => [keyOf(r), r]));
  // Split by the named values ("Teams vs Outlook"): a row each; otherwise a row for every row of the whole, so a
  // department with none of it shows 0 rather than going missing.
  const base = q.by.includes(of) || !joinDims.length ? parts.rows : wholes.rows;
  const rows: Row[] = base.map((r) => {
    const part = q.by.includes(of) || !joinDims.length ? r : partBy.get(keyOf(r));
    const figure = Number(part?.value ?? 0);
    const all = wholeBy.get(keyOf(r)) ?? 0;
    const cells = Object.fromEntries(Object.entries(r).filter(([k]) => k !== 'value' && k !== 'measure'));
    return { ...cells, share: all ? Math.round((figure / all) * 1000) / 10 : 0, value: figure, whole: all };
  });
  const noun = shortNoun(q);
  if (!joinDims.some((d) => TIME_DIMS.has(d))) rows.sort((a, b) => Number(b.share) - Number(a.share));
  const named = namedPart(q, of);
  const figureAt = parts.columns.findIndex((c) => c.key === 'value');
  const columns = [
    ...parts.columns.slice(0, figureAt).filter((c) => c.key !== 'measure'),
    { key: 'share', title: 'Share %', kind: 'number' as const },
    { key: 'value', title: `${parts.columns[figureAt]?.title ?? 'Figure'}${q.by.includes(of) ? '' : ` (${named})`}`, kind: 'number' as const }, // prettier-ignore
    { key: 'whole', title: `${capital(noun)} in ${WHOLE_LABELS[of]}`, kind: 'number' as const },
  ];
  const notes = [...parts.notes, ...wholes.notes.filter((n) => !parts.notes.includes(n))];
  const summary = summaryOf(q, rows, named, noun, of);
  return { ...parts, summary: [summary, ...notes].join(' '), columns, rows, notes };
}

/** "Microsoft 365 Chat: 20.8 % of prompts (81 of 388 in all apps)." — each row, up to three, else the highest. */
function summaryOf(q: MeasureQuery, rows: Row[], named: string, noun: string, of: 'app' | 'department'): string {
  if (!rows.length || rows.every((r) => Number(r.whole) === 0)) return `No ${noun} in this period to take a share of.`;
  // By department with Outlook named: each department's share of its own sessions.
  const its = q.by.length > 0 && !q.by.includes(of) ? 'its ' : '';
  const figures = (r: Row) =>
    `${num(Number(r.share))} % of ${its}${noun} (${num(Number(r.value))} of ${num(Number(r.whole))} in ${WHOLE_LABELS[of]})`;
  const label = (r: Row) => q.by.map((d) => String(r[d] ?? '')).join(', ');
  if (q.by.length === 0) return `${named}: ${figures(rows[0]!)}.`;
  if (rows.length <= 3) return `${its ? `${named}: ` : ''}${rows.map((r) => `${label(r)} ${figures(r)}`).join('; ')}.`;
  const top = [...rows].sort((a, b) => Number(b.share) - Number(a.share))[0]!;
  return `${its ? `${named}, highest` : 'Highest'} share: ${label(top)} with ${figures(top)}.`;
}

/** The named apps or departments, as the line says them ("Microsoft 365 Chat", "Sales"). */
function namedPart(q: MeasureQuery, of: 'app' | 'department'): string {
  const values = of === 'app' ? q.filters.apps : q.filters.departments;
  return values.length ? values.map(of === 'app' ? appName : (d) => d).join(' and ') : DIMENSION_LABELS[of];
}

/** "interactions", not "interactions (prompts and responses)", inside a sentence that already has brackets. */
export const shortNoun = (q: MeasureQuery): string => MEASURE_LABELS[q.measure].toLowerCase().replace(/ \(.*\)$/, '');

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
