import { ask } from '../../server/core/ask/engine';
import { resolveApp } from '../../server/core/appCatalog';
import type { InteractionDoc } from '../../server/store/documents';
import { allRows } from './askKit';
import { syncedEngine, type SyncedEngine } from './syncedEngine';

/**
 * "Total prompts in November, broken down by app": the rows and, in the summary, the total over all of them (not only
 * the page shown); active users are counted once however many rows a person is in. Totals from the stored interactions.
 */

jest.setTimeout(300_000);
let e: SyncedEngine;
let stored: InteractionDoc[];

beforeAll(async () => {
  e = await syncedEngine('breakdown-totals');
  stored = await e.deps.store.interactions.find({ tenantId: e.deps.tenantId }).toArray();
}, 300_000);
afterAll(() => e.close());

const TYPE: Record<string, string | null> = { prompts: 'userPrompt', responses: 'aiResponse', interactions: null };

/** The total a summary states ("239 prompts in all"), or null. */
const totalSaid = (summary: string, noun: string) =>
  Number(new RegExp(`([\\d,]+) ${noun} in all`).exec(summary)?.[1]?.replace(/,/g, '') ?? NaN);

describe('a breakdown of an additive measure states its total over every row', () => {
  test.each([
    ['Total prompts in November 2026, broken down by app', 'prompts', 'app'],
    ['overall responses by app last month', 'responses', 'app'],
    ['prompts per day in October, and the total', 'prompts', 'day'],
    ['altogether, how many interactions in each app this month?', 'interactions', 'app'],
    ['prompts by weekday in October in all', 'prompts', 'weekday'],
  ])('"%s"', async (question, noun, dim) => {
    const q = await e.measureOf(question);
    expect(q.by).toEqual([dim]);
    const a = await ask(e.deps, question);
    const rows = await allRows(e.deps, a);
    expect(rows.length).toBeGreaterThan(1);
    const type = TYPE[noun];
    const truth = stored.filter(
      (i) => i.createdAt >= q.period.from && i.createdAt < q.period.to && (!type || i.interactionType === type),
    ).length;
    expect(truth).toBeGreaterThan(Math.max(...rows.map((r) => Number(r.value))));
    expect(totalSaid(a.summary, noun)).toBe(truth);
    expect(rows.reduce((s, r) => s + Number(r.value), 0)).toBe(truth);
  });

  test('"prompts by day in October": the total is over all 31 days, not the page of 10 shown', async () => {
    const a = await ask(e.deps, 'prompts by day in October');
    expect(a.totalRows).toBe(31);
    expect(a.rows).toHaveLength(10);
    const october = { from: new Date('2026-10-01T00:00:00Z'), to: new Date('2026-11-01T00:00:00Z') };
    const truth = stored.filter(
      (i) => i.interactionType === 'userPrompt' && i.createdAt >= october.from && i.createdAt < october.to,
    ).length;
    expect(totalSaid(a.summary, 'prompts')).toBe(truth);
    expect(a.rows.reduce((s, r) => s + Number(r.value), 0)).toBeLessThan(truth);
  });
});

describe('active users by app: the distinct people, saying the rows add up to more', () => {
  test.each(['active users by app in October', 'how many users in total in each app in October'])(
    '"%s"',
    async (question) => {
      const q = await e.measureOf(question);
      expect(q).toMatchObject({ measure: 'active_users', by: ['app'] });
      const a = await ask(e.deps, question);
      const rows = await allRows(e.deps, a);
      const inOctober = stored.filter((i) => i.createdAt >= q.period.from && i.createdAt < q.period.to);
      const people = new Set(inOctober.map((i) => i.userId)).size;
      const perApp = new Set(inOctober.map((i) => `${i.userId}|${resolveApp(i.appClass).displayName}`)).size;
      expect(rows.reduce((s, r) => s + Number(r.value), 0)).toBe(perApp);
      expect(perApp).toBeGreaterThan(people);
      expect(totalSaid(a.summary, 'active users')).toBe(people);
      expect(a.summary).toMatch(/rows add up to more/);
    },
  );
});
