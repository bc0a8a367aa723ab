import { ask, type EngineDeps } from '../../server/core/ask/engine';
import { allRows } from './askKit';
import type { Truth } from './groundTruthFigures';
import { syncedEngine, type SyncedEngine } from './syncedEngine';

/**
 * A figure within a range ("users with between 5 and 10 prompts this month", "people who sent 5-10 prompts",
 * "departments with 20 to 50 prompts"): exactly the rows whose figure is at least the first number and at most the
 * second, both bounds kept; the bounds are chosen from the stored interactions so that rows fall on each side of the
 * range and on its bounds, and every figure is recounted from them.
 */
describe('a figure within a range', () => {
  let e: SyncedEngine;
  let deps: EngineDeps;
  let truth: Truth;
  beforeAll(async () => {
    e = await syncedEngine('figureRanges');
    ({ deps, truth } = e);
  });
  afterAll(async () => e?.close());

  /** Prompts this month (from 1 November to the engine's now) per key of each prompt. */
  function promptsThisMonth(key: (r: Truth['rows'][number]) => string | null): Map<string, number> {
    const counts = new Map<string, number>();
    const from = new Date('2026-11-01T00:00:00Z');
    for (const r of truth.rows) {
      const k = r.prompt && r.at >= from ? key(r) : null;
      if (k !== null) counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    return counts;
  }

  /** Bounds with rows below, on and above them: of the different figures, about a quarter and three quarters up. */
  function boundsOf(figures: number[]): [number, number] {
    const distinct = [...new Set(figures)].sort((a, b) => a - b);
    expect(distinct.length).toBeGreaterThanOrEqual(4);
    const n = distinct.length;
    return [distinct[Math.max(1, Math.floor(n / 4))]!, distinct[Math.min(n - 2, Math.floor((3 * n) / 4))]!];
  }

  const inRange = (figures: Map<string, number>, [low, high]: [number, number]) =>
    new Map([...figures].filter(([, v]) => v >= low && v <= high));

  it('keeps the people whose prompts this month are within the range, however the range is written', async () => {
    const figures = promptsThisMonth((r) => truth.names.get(r.userId)!);
    const [low, high] = boundsOf([...figures.values()]);
    const expected = inRange(figures, [low, high]);
    for (const question of [
      `users with between ${low} and ${high} prompts this month`,
      `people who sent ${low}-${high} prompts this month`,
      `people with ${low}–${high} prompts this month`,
      `who used Copilot ${low} to ${high} times this month?`,
      `users with between ${high} and ${low} prompts this month`,
    ]) {
      const answer = await ask(deps, question);
      expect(answer.interpretation).toContain(`people with between ${low} and ${high} prompts`);
      const rows = await allRows(deps, answer);
      expect(new Map(rows.map((r) => [String(r.user), Number(r.value)]))).toEqual(expected);
    }
    // "between 1 and 7 November" stays a range of days, not of a figure.
    const days = await ask(deps, 'prompts between 1 and 7 November');
    const [from, to] = [new Date('2026-11-01T00:00:00Z'), new Date('2026-11-08T00:00:00Z')];
    expect(days.rows[0]?.value).toBe(truth.rows.filter((r) => r.prompt && r.at >= from && r.at < to).length);
  });

  it('keeps the departments and the apps whose prompts are within the range', async () => {
    const shownBy = async (question: string, key: 'department' | 'app') =>
      new Map((await allRows(deps, await ask(deps, question))).map((r) => [String(r[key]), Number(r.value)]));
    const departments = await shownBy('prompts by department this month', 'department');
    // The departments shown on their own are recounted from the stored interactions.
    const recounted = promptsThisMonth((r) => truth.departments.get(r.userId) ?? null);
    for (const [d, v] of departments) if (truth.alone.has(d)) expect(v).toBe(recounted.get(d));
    // Few departments: a range leaving out the smallest (the largest on its bound), then one leaving out the largest.
    const sorted = [...new Set(departments.values())].sort((a, b) => a - b);
    expect(sorted.length).toBeGreaterThanOrEqual(2);
    const [least, most] = [sorted[0]!, sorted.at(-1)!];
    for (const range of [
      [least + 1, most],
      [least, most - 1],
    ] as Array<[number, number]>) {
      const answer = await ask(deps, `departments with ${range[0]} to ${range[1]} prompts this month`);
      expect(answer.interpretation).toContain(`departments with between ${range[0]} and ${range[1]} prompts`);
      expect(await shownBy(`departments with ${range[0]} to ${range[1]} prompts this month`, 'department')).toEqual(
        inRange(departments, range),
      );
    }
    const apps = promptsThisMonth((r) => r.app);
    const range = boundsOf([...apps.values()]);
    const question = `which apps had between ${range[0]} and ${range[1]} prompts this month`;
    expect(await shownBy(question, 'app')).toEqual(inRange(apps, range));
  });
});
