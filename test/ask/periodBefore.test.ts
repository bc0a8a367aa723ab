import type { EngineDeps } from '../../server/core/ask/engine';
import type { MeasureQuery } from '../../server/core/ask/querySchema';
import type { InteractionDoc } from '../../server/store/documents';
import { startAppHarness, type AppHarness } from '../support/appHarness';
import { askedQuery, engineDeps } from './askKit';

/**
 * "the week before", "the previous month", "the prior quarter" after another period named are the calendar unit
 * before THAT period ("prompts in October vs the month before" is October against September), not the one before
 * today; "the week before this one" is last week; "grew the most from October to November" compares November with
 * October. Figures are recomputed from the stored interactions.
 */

const now = new Date('2026-11-20T12:00:00.000Z'); // a Friday
let h: AppHarness;
let deps: EngineDeps;
let stored: InteractionDoc[];

beforeAll(async () => {
  h = await startAppHarness({ userCount: 40, seed: 11, referenceTime: now });
  deps = engineDeps(h);
  stored = await h.testStore.store.interactions.find({ tenantId: h.ctx.tenantId }).toArray();
}, 240_000);
afterAll(() => h?.close());

const day = (d: Date) => d.toISOString().slice(0, 10);
const prompts = (from: string, to: string) =>
  stored.filter(
    (i) => i.interactionType === 'userPrompt' && i.createdAt >= new Date(`${from}T00:00:00Z`) && i.createdAt < new Date(`${to}T00:00:00Z`), // prettier-ignore
  ).length;

describe('the unit before the period named', () => {
  it.each([
    ['prompts in October vs the month before', ['2026-10-01', '2026-11-01'], ['2026-09-01', '2026-10-01']],
    ['prompts last week vs the week before', ['2026-11-09', '2026-11-16'], ['2026-11-02', '2026-11-09']],
    ['prompts last week compared with the previous week', ['2026-11-09', '2026-11-16'], ['2026-11-02', '2026-11-09']],
    ['prompts in Q3 against the prior quarter', ['2026-07-01', '2026-10-01'], ['2026-04-01', '2026-07-01']],
    ['prompts this week vs the week before', ['2026-11-16', '2026-11-21'], ['2026-11-09', '2026-11-16']],
    // Month to date against the same days of the month before, not the whole of it.
    ['compare prompts this month to the same period last month', ['2026-11-01', '2026-11-21'], ['2026-10-01', '2026-10-21']], // prettier-ignore
    ['prompts in the last 7 days vs the same days a month ago', ['2026-11-14', '2026-11-21'], ['2026-10-14', '2026-10-21']], // prettier-ignore
    ['prompts this week vs the same time last week', ['2026-11-16', '2026-11-21'], ['2026-11-09', '2026-11-14']],
  ])('"%s" compares %j against %j', async (question, [from, to], [beforeFrom, beforeTo]) => {
    const { q, a, rows } = await askedQuery(deps, question);
    const m = q as MeasureQuery;
    expect(m.compare).toBe('previous');
    expect([day(m.period.from), day(m.period.to)]).toEqual([from, to]);
    expect([day(m.against!.from), day(m.against!.to)]).toEqual([beforeFrom, beforeTo]);
    // The answer's figures are the two periods' own.
    const figures = rows.flatMap((r) => Object.values(r).filter((v): v is number => typeof v === 'number'));
    expect(prompts(from!, to!)).toBeGreaterThan(0);
    expect(figures).toEqual(expect.arrayContaining([prompts(from!, to!), prompts(beforeFrom!, beforeTo!)]));
    expect(a.interpretation).toContain('vs ');
  });

  it('"prompts vs the previous week", with no other period, is this week against last week', async () => {
    const { q } = await askedQuery(deps, 'prompts vs the previous week');
    const m = q as MeasureQuery;
    expect([day(m.period.from), day(m.against!.from), day(m.against!.to)]).toEqual(['2026-11-16', '2026-11-09', '2026-11-16']); // prettier-ignore
  });

  it('"for the week before this one" is last week', async () => {
    const { q, rows } = await askedQuery(deps, 'how many prompts for the week before this one?');
    const m = q as MeasureQuery;
    expect([day(m.period.from), day(m.period.to)]).toEqual(['2026-11-09', '2026-11-16']);
    expect(m.compare).toBeUndefined();
    expect(rows[0]).toMatchObject({ value: prompts('2026-11-09', '2026-11-16') });
  });
});

describe('a change from one period to the next', () => {
  it.each([
    ['Which Copilot app grew the most from October to November?', 'rise'],
    ['which department dropped the most between September and October?', 'fall'],
  ])('"%s" compares the second period against the first', async (question, changeOrder) => {
    const { q } = await askedQuery(deps, question);
    const m = q as MeasureQuery;
    const [later, earlier] = question.includes('November')
      ? ['2026-11-01', '2026-10-01']
      : ['2026-10-01', '2026-09-01'];
    expect(m).toMatchObject({ compare: 'previous', changeOrder });
    expect([day(m.period.from), day(m.against!.from), day(m.against!.to)]).toEqual([later, earlier, later]);
  });

  it('"prompts from October to November", with no word of change, stays one range', async () => {
    const { q, rows } = await askedQuery(deps, 'prompts from October to November');
    const m = q as MeasureQuery;
    expect(m.compare).toBeUndefined();
    expect([day(m.period.from), day(m.period.to)]).toEqual(['2026-10-01', '2026-11-21']);
    expect(rows[0]).toMatchObject({ value: prompts('2026-10-01', '2026-11-21') });
  });
});
