import type { AnswerColumn, CellValue } from './answerTypes';
import { DEFAULT_LIMIT, periodName } from './measureColumns';
import type { AnswerDeps, Executed, Row } from './executed';
import { MEASURE_LABELS, measureTitle } from './interpretation';
import type { Measure, MeasureQuery } from './querySchema';
import type { Reading } from './compose';

/**
 * "How many prompts and sessions did Sales have", "active users and prompts per app", "Word in November: users,
 * prompts, files": several measures over the same filters, period and rows, each answered, side by side when they
 * share their rows, else one part after the other.
 */

/** Measures counted over the same interactions, so one question's filters and grouping fit each. */
const COMBINABLE = new Set<Measure>(['prompts', 'responses', 'sessions', 'interactions', 'active_users', 'agents', 'references']); // prettier-ignore

/** Whether every measure asked together can be answered over the same filters (else each is offered on its own). */
export function combinable(measures: readonly Measure[]): boolean {
  return measures.length > 1 && measures.length <= 4 && measures.every((m) => COMBINABLE.has(m));
}

/**
 * "users" as an item of a list of measures ("active users and prompts", "users, prompts, files", "prompts plus
 * users", "compare … by active users and prompts"), not "by users" (a grouping) or "users who …" (the people asked
 * about).
 */
const LISTED_USERS =
  /(?:(?:^|[,&+:]|\band\b|\bplus\b)\s*(?:(?:active|unique|distinct)\s+)?(?:users|people)\b(?!\s+(?:who|that|with|whose))|(?<!\b(?:by|per|each|among|for)\s+(?:(?:unique|distinct)\s+)?|\b(?:per|each|among|for)\s+active\s+)\b(?:users|people)\s*(?:[,&+]|\band\b|\bplus\b)(?!\s*(?:their|departments?|apps?|teams|groups?|agents?)\b))/;

/** Whether the people using Copilot are counted as one item of a list of measures. */
export function usersListed(lower: string): boolean {
  return LISTED_USERS.test(lower);
}

/**
 * "Teams vs Word last week, prompts and users": users listed beside another measure are the active users counted, not
 * a row per person as well (no word asked for people as the rows).
 */
export function usersCounted(q: MeasureQuery, listed: boolean): MeasureQuery {
  return listed && q.by.includes('user') ? { ...q, by: q.by.filter((d) => d !== 'user') } : q;
}

/** The measures in the order the question names them (a noun's first place in the text; unknown ones last). */
export function inAskedOrder(measures: Measure[], lower: string): Measure[] {
  const WORDS: Partial<Record<Measure, RegExp>> = {
    active_users: /\b(?:users|people)\b/,
    references: /\b(?:files?|documents?|docs|sources?|references?|sites?|pages?|emails?|meetings?)\b/,
    prompts: /\b(?:prompts?|questions|queries|messages)\b/,
    responses: /\b(?:responses?|answers|replies)\b/,
    sessions: /\b(?:sessions?|conversations?|chats)\b/,
    interactions: /\b(?:interactions?|activity|usage)\b/,
  };
  const at = (m: Measure) => WORDS[m]?.exec(lower)?.index ?? lower.length;
  return [...measures].sort((a, b) => at(a) - at(b));
}

/** Each measure's own query: the same rows and filters; a kind of source named is what references count. */
export function partsOf(q: MeasureQuery): MeasureQuery[] {
  return [q.measure, ...(q.also ?? [])].map((measure) => {
    const part: MeasureQuery = { ...q, measure, also: undefined };
    if (measure === 'references') return part;
    // "users, prompts, files": "files" is what the references count, not a filter on the people or prompts.
    const { sourceKind: _kind, host: _host, ...filters } = q.filters;
    return { ...part, distinct: undefined, filters };
  });
}

/**
 * "users, prompts, files": a kind of source in a list of measures asks how many of them were used (distinct sources),
 * where "references" asks for the references themselves.
 */
export function filesCounted(r: Reading, measures: readonly Measure[]): { distinct?: 'sources' } {
  return measures.includes('references') && r.kinds.length > 0 && !r.measures.includes('references')
    ? { distinct: 'sources' }
    : {};
}

const labelOf = (q: MeasureQuery) => measureTitle(q);

/** The columns a part's measure owns (its figure, share, figure before and change); the others say which row it is. */
const FIGURES = ['value', 'share', 'previous', 'change'];

/**
 * Parts after the first are read this wide when the rows are people or sources (a top 10 by default): each of the
 * first part's rows then has its figure in the others, not a 0 for someone only outside their own top 10.
 */
const WIDE = 100;

/**
 * Answers each measure over the same rows: one table with a column per measure when every part answered with the
 * same row keys (a total, or the same grouping), else the parts one after another, each row saying its measure.
 * A part that cannot be answered is said with its reason, and the others are still answered.
 */
export async function answerSeveral(
  deps: AnswerDeps,
  q: MeasureQuery,
  answerOne: (deps: AnswerDeps, q: MeasureQuery) => Promise<Executed>,
): Promise<Executed> {
  // "prompts and sessions for every person": every row of each part, not the others cut at WIDE.
  const cut = q.all && q.limit === undefined ? undefined : (q.limit ?? DEFAULT_LIMIT[q.by.at(-1)!]);
  const parts = partsOf(q).map((p, i) => (i > 0 && cut !== undefined ? { ...p, limit: Math.max(cut, WIDE) } : p));
  // Every row of each part: the rows are joined here, then paged by the engine.
  const whole = { ...deps, answerPage: undefined };
  const answered: Array<{ q: MeasureQuery; e: Executed }> = [];
  for (const part of parts) answered.push({ q: part, e: await answerOne(whole, part) });
  // A part read wider says how many rows it read, not how many the joined table shows (the first part's say).
  for (const a of answered.slice(1)) a.e = { ...a.e, summary: a.e.summary.replace(/; [\d,]+ shown\./, '.') };
  const tables = answered.filter((a) => (a.e.kind ?? 'table') === 'table');
  const refused = answered.filter((a) => (a.e.kind ?? 'table') !== 'table');
  const refusedNotes = refused.map((a) => `${labelOf(a.q)} not answered: ${a.e.summary}`);
  // The same reason for every measure (a small department, a filter none can take) is said once.
  const reasons = new Set(refused.map((a) => a.e.summary));
  if (!tables.length && reasons.size === 1)
    return { ...refused[0]!.e, summary: `${refused.map((a) => labelOf(a.q)).join(', ')}: ${refused[0]!.e.summary}` };
  if (!tables.length)
    return { kind: 'not_available', summary: refusedNotes.join(' '), columns: [], rows: [], notes: [] };
  const now = periodName(q.period, deps.timeZone, deps.now() < q.period.to);
  const joined = sideBySide(tables, cut !== undefined, now) ?? oneAfterAnother(tables);
  // A note every part adds (the small groups merged) is said once.
  const summaries = [...new Set(tables.flatMap((a) => a.e.summary.split(/(?<=\.)\s+/)).filter(Boolean))];
  return {
    ...joined,
    summary: [...summaries, ...refusedNotes].join(' '),
    notes: [...new Set(tables.flatMap((a) => a.e.notes))],
    view: tables[0]!.e.view,
  };
}

type Part = { q: MeasureQuery; e: Executed };

const keysOf = (e: Executed) =>
  e.columns.filter((c) => !FIGURES.includes(c.key) && c.key !== 'measure' && c.kind !== 'number').map((c) => c.key);
const compared = (p: Part) => p.e.columns.some((c) => c.key === 'previous');

/** A part's figure column as the joined table shows it: its own key numbered, its title naming the measure. */
function figureColumn(p: Part, i: number, c: AnswerColumn): AnswerColumn {
  const label = labelOf(p.q);
  const title = {
    value: compared(p) ? c.title : label,
    share: `${label} share %`,
    previous: `${label}, ${c.title}`,
    change: `${label} change`,
  }[c.key]!;
  return { ...c, key: `${c.key}${i}`, title };
}

/**
 * One row per key, a column per measure (and per period compared), when each part's rows have the same key columns.
 * With `firstRows` (people or sources, cut to a top N) the rows are the first part's; a figure another part did not
 * reach is unknown (blank), not 0.
 */
function sideBySide(parts: Part[], firstRows: boolean, now: string): Pick<Executed, 'columns' | 'rows'> | null {
  const first = parts[0]!.e;
  const keys = keysOf(first);
  const same = parts.every((p) => p.e.columns.some((c) => c.key === 'value') && keysOf(p.e).join() === keys.join());
  if (!same) return null;
  if (!keys.length && parts.every(compared)) return measureRows(parts, now);
  const id = (r: Row) => JSON.stringify(keys.map((k) => r[k]));
  const figures = parts.map((p, i) =>
    p.e.columns.filter((c) => FIGURES.includes(c.key)).map((c) => ({ from: c.key, col: figureColumn(p, i, c) })),
  );
  const rows = new Map<string, Row>();
  parts.forEach((p, i) => {
    for (const r of p.e.rows) {
      const row =
        rows.get(id(r)) ?? (i > 0 && firstRows ? null : Object.fromEntries(keys.map((k) => [k, r[k] ?? null])));
      if (!row) continue;
      for (const f of figures[i]!) row[f.col.key] = (r[f.from] as CellValue) ?? null;
      rows.set(id(r), row);
    }
  });
  // A row one measure has and another lacks is none of that one (no activity of that kind), never a blank; unless
  // that part was cut before reaching it (its figure is then unknown).
  const reachedAll = parts.map((p, i) => i === 0 || !firstRows || p.e.rows.length < WIDE);
  const missing = (from: string, i: number): CellValue => (!reachedAll[i] ? null : from === 'change' ? '0%' : 0);
  const filled = [...rows.values()].map((r) => {
    const row = { ...r };
    figures.forEach((fs, i) => fs.forEach((f) => (row[f.col.key] ??= missing(f.from, i))));
    return row;
  });
  return {
    columns: [...first.columns.filter((c) => keys.includes(c.key)), ...figures.flat().map((f) => f.col)],
    rows: keys.length
      ? filled
      : [filled[0] ?? Object.fromEntries(figures.flat().map((f) => [f.col.key, missing(f.from, 0)]))],
  };
}

/** Totals each compared with another period: a row per measure, its figure in each period and the change. */
function measureRows(parts: Part[], now: string): Pick<Executed, 'columns' | 'rows'> {
  const before = parts[0]!.e.columns.find((c) => c.key === 'previous')!.title;
  return {
    columns: [
      { key: 'measure', title: 'Measure', kind: 'text' },
      { key: 'value', title: now, kind: 'number' },
      { key: 'previous', title: before, kind: 'number' },
      { key: 'change', title: 'Change', kind: 'text' },
    ],
    rows: parts.map((p) => {
      const r = p.e.rows[0];
      return { measure: labelOf(p.q), value: r?.value ?? 0, previous: r?.previous ?? 0, change: r?.change ?? '0%' };
    }),
  };
}

/** The parts one after another: each row says which measure it counts. */
function oneAfterAnother(parts: Part[]): Pick<Executed, 'columns' | 'rows'> {
  const columns = [{ key: 'measure', title: 'Measure', kind: 'text' as const }];
  for (const p of parts)
    for (const c of p.e.columns) if (!columns.some((x) => x.key === c.key)) columns.push(c as (typeof columns)[0]);
  const rows = parts.flatMap((p) => p.e.rows.map((r) => ({ ...r, measure: MEASURE_LABELS[p.q.measure] })));
  return { columns, rows };
}
