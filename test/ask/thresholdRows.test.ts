import type { AskAnswer } from '../../server/core/ask/answerTypes';
import { ask, type EngineDeps } from '../../server/core/ask/engine';
import { aggregateIds } from '../../server/core/sync/aggregateOps';
import { openTestStore, type TestStore } from '../support/testStore';
import { allRows, fixedEngineDeps } from './askKit';

/**
 * A condition on each row's figure ("days with more than 5 prompts") keeps exactly the rows whose figure meets it, at
 * its bound too ("at least 5" keeps a day of 5, "more than 5" does not), and the summary says how many rows it kept
 * and what they have, in the singular for one row and for a figure of 1. Records written by hand: November's prompts
 * per day (4, 5, 6 and 1 on four days, none on the others), in two apps on one of them, and a day in October.
 */

const tenantId = 'tenant-thresholds';
const NOW = new Date('2026-12-03T10:00:00Z');
/** Prompts per app on each November day that has any. */
const NOVEMBER: Record<string, Record<string, number>> = {
  // October's: the synced history starts before November, so every day of it is a row.
  '2026-10-15': { word: 2 },
  '2026-11-03': { word: 4 },
  '2026-11-04': { word: 2, teams: 3 },
  '2026-11-05': { excel: 6 },
  '2026-11-06': { word: 1 },
};
const DAYS = Array.from({ length: 30 }, (_, i) => `2026-11-${String(i + 1).padStart(2, '0')}`);
/** November's prompts of a day (October's are not in the period asked about). */
const promptsOn = (day: string) => Object.values(NOVEMBER[day] ?? {}).reduce((a, b) => a + b, 0);

let t: TestStore;
let deps: EngineDeps;
beforeAll(async () => {
  t = await openTestStore('thresholds');
  const apps = Object.entries(NOVEMBER).flatMap(([day, counts]) => Object.entries(counts).map(([app, n]) => ({ day, app, n }))); // prettier-ignore
  await t.store.dailyActivity.insertMany(
    apps.map(({ day, app, n }) => ({
      _id: aggregateIds.daily(tenantId, day, app),
      tenantId,
      day,
      date: new Date(`${day}T00:00:00Z`),
      appKey: app,
      appName: app,
      promptCount: n,
      responseCount: n,
      interactionCount: 2 * n,
      hours: Array.from({ length: 24 }, (_, h) => (h === 9 ? 2 * n : 0)),
      dataSourceAccessCount: 0,
    })) as never[],
  );
  await t.store.dailyUserActivity.insertMany(
    Object.entries(NOVEMBER).map(([day, counts]) => ({
      _id: aggregateIds.dailyUser(tenantId, day, 'u1'),
      tenantId,
      day,
      date: new Date(`${day}T00:00:00Z`),
      userId: 'u1',
      promptCount: promptsOn(day),
      responseCount: promptsOn(day),
      interactionCount: 2 * promptsOn(day),
      appCounts: Object.fromEntries(Object.entries(counts).map(([app, n]) => [app, 2 * n])),
      appPrompts: counts,
    })) as never[],
  );
  deps = await fixedEngineDeps(t.store, tenantId, NOW);
});
afterAll(async () => t?.close());

/** Each row's day and figure, every page of them, in day order. */
async function daysOf(answer: AskAnswer): Promise<Array<[string, number]>> {
  const rows = await allRows(deps, answer);
  return rows.map((r) => [String(r.day), Number(r.value)] as [string, number]).sort(([a], [b]) => (a < b ? -1 : 1)); // prettier-ignore
}

/** November's days whose prompts pass the test, with their prompts. */
const expectedDays = (keep: (n: number) => boolean) =>
  DAYS.filter((d) => keep(promptsOn(d))).map((d) => [d, promptsOn(d)] as [string, number]);

describe('a condition on the prompts of each day', () => {
  it('reads the month every day of it, as the records have it (the rows the conditions are checked against)', async () => {
    const all = await ask(deps, 'prompts by day last month');
    const days = await daysOf(all);
    expect(days.map(([day]) => day)).toEqual(DAYS);
    expect(days.filter(([, n]) => n > 0)).toEqual([
      ['2026-11-03', 4],
      ['2026-11-04', 5],
      ['2026-11-05', 6],
      ['2026-11-06', 1],
    ]);
  });

  it('keeps the rows above, at or below its bound as its words say, and says how many it kept', async () => {
    const cases: Array<[string, (n: number) => boolean, string]> = [
      ['more than 5', (n) => n > 5, '1 day with more than 5 prompts in this period.'],
      ['at least 5', (n) => n >= 5, '2 days with at least 5 prompts in this period.'],
      ['fewer than 5', (n) => n < 5, '28 days with fewer than 5 prompts in this period.'],
      ['at most 5', (n) => n <= 5, '29 days with at most 5 prompts in this period.'],
      ['exactly 5', (n) => n === 5, '1 day with exactly 5 prompts in this period.'],
      ['exactly 1', (n) => n === 1, '1 day with exactly 1 prompt in this period.'],
      ['more than 1', (n) => n > 1, '3 days with more than 1 prompt in this period.'],
    ];
    const found = [];
    for (const [condition] of cases) {
      const answer = await ask(deps, `days with ${condition} prompts last month`);
      found.push([condition, await daysOf(answer), answer.summary]);
    }
    expect(found).toEqual(cases.map(([condition, keep, summary]) => [condition, expectedDays(keep), summary]));
  });

  it('says no row met it, naming the rows it asked for', async () => {
    const answer = await ask(deps, 'days with more than 6 prompts last month');
    expect(answer.rows).toEqual([]);
    expect(answer.summary).toBe('None in this period: no days with more than 6 prompts.');
  });
});

describe('a condition on the prompts of each person', () => {
  // Another tenant in the same store: three people's prompts on a November day, one above 50, one at 50, one below.
  const people = 'tenant-threshold-people';
  const PROMPTS: Record<string, number> = { p1: 60, p2: 50, p3: 10 };
  let peopleDeps: EngineDeps;
  beforeAll(async () => {
    await t.store.dailyUserActivity.insertMany(
      Object.entries(PROMPTS).map(([userId, n]) => ({
        _id: aggregateIds.dailyUser(people, '2026-11-10', userId),
        tenantId: people,
        day: '2026-11-10',
        date: new Date('2026-11-10T00:00:00Z'),
        userId,
        promptCount: n,
        responseCount: n,
        interactionCount: 2 * n,
        appCounts: { word: 2 * n },
        appPrompts: { word: n },
      })) as never[],
    );
    peopleDeps = await fixedEngineDeps(t.store, people, NOW);
  });

  it('keeps the one person above the bound and says so in the singular: "1 person with more than 50 prompts"', async () => {
    const answer = await ask(peopleDeps, 'people with more than 50 prompts last month');
    const rows = await allRows(peopleDeps, answer);
    expect(rows.map((r) => [r.user, Number(r.value)])).toEqual([['p1', 60]]);
    expect(answer.summary).toBe('1 person with more than 50 prompts in this period.');
  });
});
