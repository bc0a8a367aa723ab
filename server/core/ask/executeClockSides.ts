import { describeClock } from './clockFilters';
import type { AnswerDeps, Executed, Row } from './executed';
import { num } from './executed';
import type { MeasureQuery } from './querySchema';

type Answer = (deps: AnswerDeps, q: MeasureQuery) => Promise<Executed>;

/** Figures that add up across the two sides: each prompt, response, session or reference falls on one of them. */
const ADDITIVE = new Set(['prompts', 'responses', 'sessions', 'interactions', 'references']);

/**
 * "Usage during work hours vs after hours": the same query inside the clock's hours and outside them, one after the
 * other with a column naming each side, and each side's share of the two where the figures add up (a person active on
 * both sides is counted on each: active users are not).
 */
export async function answerClockSides(deps: AnswerDeps, q: MeasureQuery, answer: Answer): Promise<Executed> {
  const { clockSides: _s, ...asked } = q;
  const clock = q.filters.clock!;
  const side = (outside: boolean): MeasureQuery => ({ ...asked, filters: { ...asked.filters, clock: { ...clock, outside } } }); // prettier-ignore
  if (q.by.length)
    return {
      kind: 'not_available',
      summary:
        'Working hours are set against the hours outside them as two figures, not broken down: ask without the breakdown, or for one side by it.',
      columns: [],
      rows: [],
      notes: [],
    };
  const [inside, outside] = await Promise.all([answer(deps, side(false)), answer(deps, side(true))]);
  if (inside.kind === 'not_available') return inside;
  if (outside.kind === 'not_available') return outside;
  const labels = [
    `business hours (${describeClock(side(false).filters.clock!)})`,
    describeClock(side(true).filters.clock!),
  ];
  const figures = [inside, outside].map((a) => Number(a.rows[0]?.value ?? 0));
  const total = figures[0]! + figures[1]!;
  const shared = ADDITIVE.has(q.measure) && total > 0;
  const percent = (n: number) => Math.round((n / total) * 1000) / 10;
  const rows: Row[] = [inside, outside].map((a, i) => ({
    group: labels[i]!,
    ...a.rows[0],
    ...(shared ? { share: percent(figures[i]!) } : {}),
  }));
  const notes = [...inside.notes, ...outside.notes.filter((n) => !inside.notes.includes(n))];
  // "Prompts: business hours 59 (54.1 %); outside them 50 (45.9 %)": named, as several measures' sentences stand together.
  const measure = String(inside.rows[0]?.measure ?? 'Figure');
  const said = figures.map((f, i) => `${i === 0 ? 'business hours' : 'outside them'} ${num(f)}${shared ? ` (${percent(f)} %)` : ''}`); // prettier-ignore
  return {
    ...inside,
    summary: [`${measure}: ${said.join('; ')}.`, ...notes].join(' '),
    columns: [
      { key: 'group', title: 'Hours', kind: 'text' },
      ...inside.columns,
      ...(shared ? [{ key: 'share', title: 'Share %', kind: 'number' as const }] : []),
    ],
    rows,
    notes,
  };
}
