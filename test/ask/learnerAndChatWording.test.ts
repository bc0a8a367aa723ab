import type { InteractionDoc } from '../../server/store/documents';
import { askedQuery } from './askKit';
import { corpusSuite } from './corpusSuite';

/**
 * Wording of learners of English and of hurried chat, from a blind set: "How much persons have used the Excel since
 * one week?" (asked back on "since") is the people active in Excel in the last 7 days; "how r we doing on adoption vs
 * last mnth" (asked back on "r") is adoption this month beside last month. "since" before a length of time is that
 * span up to now, "how much persons/peoples" counts people, and chat shorthand ("r", "b/w") reads as its words. Every
 * figure is recomputed from the stored interactions and the simulator's licence holders.
 */

const now = new Date('2026-11-20T12:00:00.000Z');
const DAY = 86_400_000;
const today = new Date('2026-11-20T00:00:00.000Z');
const suite = corpusSuite(now);
let stored: InteractionDoc[];
beforeAll(async () => {
  stored = await suite.h.testStore.store.interactions.find({ tenantId: suite.h.ctx.tenantId }).toArray();
});

/** Interactions from the start of the day `days - 1` days before today up to now (the last N days read). */
const lastDays = (days: number, appKey?: string) =>
  stored.filter((i) => i.createdAt >= new Date(+today - (days - 1) * DAY) && (!appKey || i.appKey === appKey));
const people = (xs: InteractionDoc[]) => new Set(xs.map((i) => i.userId)).size;
const prompts = (xs: InteractionDoc[]) => xs.filter((i) => i.interactionType === 'userPrompt').length;

describe('"since" before a length of time is that span up to now', () => {
  it.each([
    ['How much persons have used the Excel since one week?', 7, 'excel'],
    ['how much peoples used Word since two weeks', 14, 'word'],
    ['how many people use Copilot since 3 days', 3, undefined],
    ['how many persons used teams since a month', 30, 'teams'],
    ['how many persons used Copilot since the last 2 weeks', 14, undefined],
  ])('"%s" counts the people active in the last %i days', async (question, days, app) => {
    const { q, rows } = await askedQuery(suite.deps, question);
    expect(q).toMatchObject({ type: 'measure', measure: 'active_users', filters: { apps: app ? [app] : [] } });
    expect(q.type === 'measure' && +q.period.from).toBe(+today - (days - 1) * DAY);
    const expected = people(lastDays(days, app));
    expect(expected).toBeGreaterThan(0);
    expect(rows[0]?.value).toBe(expected);
  });

  it('counts prompts since a number of days as the last days, and "since 2 weeks ago" stays that date', async () => {
    const { rows } = await askedQuery(suite.deps, 'prompts since 10 days');
    expect(rows[0]?.value).toBe(prompts(lastDays(10)));
    const ago = await askedQuery(suite.deps, 'prompts since one week ago');
    expect(ago.q.type === 'measure' && ago.q.period.label).toMatch(/^since /);
    expect(ago.rows[0]?.value).toBe(prompts(stored.filter((i) => i.createdAt >= new Date(+today - 7 * DAY))));
  });
});

describe('chat shorthand reads as its words', () => {
  it('"how r we doing on adoption vs last mnth" is adoption this month beside last month', async () => {
    const { licensed, refused } = suite.truth;
    const holders = licensed.map((u) => u.userId).filter((id) => !refused.has(id));
    const activeIn = (from: string, to: string) => {
      const ids = new Set(stored.filter((i) => i.createdAt >= new Date(from) && i.createdAt < new Date(to)).map((i) => i.userId)); // prettier-ignore
      return holders.filter((id) => ids.has(id)).length;
    };
    const pct = (n: number) => Math.round((n / holders.length) * 1000) / 10;
    const [nov, oct] = [activeIn('2026-11-01', '2026-11-21'), activeIn('2026-10-01', '2026-11-01')];
    for (const question of [
      'how r we doing on adoption vs last mnth',
      'adoption this mnth vs last',
      'how is adoption compared to last month',
    ]) {
      const { q, rows } = await askedQuery(suite.deps, question);
      expect(q).toMatchObject({
        type: 'measure',
        measure: 'adoption',
        compare: 'previous',
        period: { label: 'this month' },
      });
      expect(rows).toEqual([expect.objectContaining({ licensed: holders.length, active: nov, value: pct(nov), activeBefore: oct, previous: pct(oct) })]); // prettier-ignore
    }
  });

  it('"r" is "are" where a verb stands, "r u able to" asks, "b/w" is between', async () => {
    const top = await askedQuery(suite.deps, 'what r the top apps by prompts this wk');
    expect(top.q).toMatchObject({ type: 'measure', measure: 'prompts', by: ['app'] });
    const week = prompts(stored.filter((i) => i.createdAt >= new Date('2026-11-16T00:00:00Z')));
    expect(top.rows.reduce((n, r) => n + Number(r.value), 0)).toBe(week);
    for (const question of [
      'which apps r used most by prompts since one month',
      'r u able to show prompts by app since 30 days',
    ]) {
      const { q, rows } = await askedQuery(suite.deps, question);
      expect(q).toMatchObject({ type: 'measure', measure: 'prompts', by: ['app'] });
      expect(rows.reduce((n, r) => n + Number(r.value), 0)).toBe(prompts(lastDays(30)));
    }
    const between = await askedQuery(suite.deps, 'r there any prompts b/w 1 nov and 15 nov');
    const inRange = stored.filter((i) => i.createdAt >= new Date('2026-11-01') && i.createdAt < new Date('2026-11-16'));
    expect(between.rows[0]?.value).toBe(prompts(inRange));
  });
});
