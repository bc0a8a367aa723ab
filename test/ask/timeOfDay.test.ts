import type { EngineDeps } from '../../server/core/ask/engine';
import type { InteractionDoc } from '../../server/store/documents';
import { startAppHarness, type AppHarness } from '../support/appHarness';
import { askedQuery, engineDeps } from './askKit';

/**
 * Times of day and days of the week as a filter on any measure read from interactions' times: the hours in the zone
 * named (or TIME_ZONE), business hours by their documented default, weekends and named weekdays; the line says it, the
 * figures are recomputed from the stored interactions, and an answer that cannot take it says so.
 */

const now = new Date('2026-11-20T12:00:00.000Z');
let h: AppHarness;
let deps: EngineDeps;
let stored: InteractionDoc[];

beforeAll(async () => {
  h = await startAppHarness({ userCount: 40, seed: 11, referenceTime: now });
  deps = engineDeps(h);
  stored = await h.testStore.store.interactions.find({ tenantId: h.ctx.tenantId }).toArray();
}, 240_000);
afterAll(() => h?.close());

const asked = (question: string, d = deps) => askedQuery(d, question);

const nameOf = (userId: string) => h.testStore.store.users.findOne({ userId }).then((u) => u?.displayName ?? userId);
const weekday = (d: Date) => (d.getUTCDay() + 6) % 7;

async function byPerson(keep: (i: InteractionDoc) => boolean): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const i of stored.filter(keep)) {
    const name = await nameOf(i.userId);
    out[name] = (out[name] ?? 0) + 1;
  }
  return out;
}

const sevenDays = (i: InteractionDoc) => i.createdAt >= new Date('2026-11-14T00:00:00Z');

describe('hours of the day', () => {
  it('"who had activity between midnight and 5am UTC in the past 7 days" ranks people in those hours', async () => {
    const { q, a, rows } = await asked('who had Copilot activity between midnight and 5am UTC in the past 7 days');
    expect(q).toMatchObject({
      type: 'measure',
      by: ['user'],
      filters: { clock: { hours: { from: 0, to: 5 }, zone: 'UTC' } },
    });
    expect(a.interpretation).toContain('00:00–04:59 UTC');
    const measure = (q as { measure: string }).measure;
    const expected = await byPerson(
      (i) =>
        sevenDays(i) &&
        i.createdAt.getUTCHours() < 5 &&
        (measure === 'interactions' || (measure === 'prompts' && i.interactionType === 'userPrompt')),
    );
    expect(Object.keys(expected).length).toBeGreaterThan(0);
    expect(Object.fromEntries(rows.map((r) => [String(r.user), Number(r.value)]))).toEqual(expected);
  });
});

describe('the phrasings admins use', () => {
  it('"Any activity between midnight and 5am UTC …? Who?" lists the people of those hours with the total', async () => {
    const { q, a, rows } = await asked('Any Copilot activity between midnight and 5am UTC in the past 7 days? Who?');
    expect(q).toMatchObject({ by: ['user'], filters: { clock: { hours: { from: 0, to: 5 }, zone: 'UTC' } } });
    const inHours = stored.filter((i) => sevenDays(i) && i.createdAt.getUTCHours() < 5).length;
    expect(rows.reduce((sum, r) => sum + Number(r.value), 0)).toBe(inHours);
    expect(a.summary).toContain(`with ${inHours} interactions in all`);
  });

  const cases: Array<[string, Record<string, unknown>, string]> = [
    [
      'prompts after hours last week',
      { hours: { from: 9, to: 17 }, weekdays: [0, 1, 2, 3, 4], outside: true },
      'outside business hours (09:00–16:59 UTC, Monday–Friday)',
    ],
    [
      'Copilot usage outside business hours this month by department',
      { hours: { from: 9, to: 17 }, outside: true },
      'outside business hours',
    ],
    ['who uses copilot overnight?', { hours: { from: 22, to: 6 }, outside: false }, '22:00–05:59 UTC'],
    ['sessions before 7am in the last 30 days', { hours: { from: 0, to: 7 } }, '00:00–06:59 UTC'],
    ['Interactions after 8 pm by app this month', { hours: { from: 20, to: 24 } }, '20:00–23:59 UTC'],
    ['active users at night last week', { hours: { from: 22, to: 6 } }, '22:00–05:59 UTC'],
    ['prompts on weekends in November', { weekdays: [5, 6] }, 'Saturdays and Sundays'],
    ['Who used Copilot during the weekend? last 2 weeks', { weekdays: [5, 6] }, 'Saturdays and Sundays'],
    ['How many prompts were sent on Saturdays this month?', { weekdays: [5] }, 'Saturdays'],
    ['interactions between 9pm and 2am by person since 1 November', { hours: { from: 21, to: 2 } }, '21:00–01:59 UTC'],
    [
      'prompts during business hours last month',
      { hours: { from: 9, to: 17 }, weekdays: [0, 1, 2, 3, 4], outside: false },
      '09:00–16:59 UTC, Monday–Friday',
    ],
    ['usage from 18:00 to 23:00 by day this week', { hours: { from: 18, to: 23 } }, '18:00–22:59 UTC'],
    // A working day's hours without am/pm ("9 to 5"), and "after midnight" as the small hours, not the whole day.
    ['How many Outlook prompts yesterday between 9 and 5?', { hours: { from: 9, to: 17 } }, '09:00–16:59 UTC'],
    ['sessions from 8 to 6 last week', { hours: { from: 8, to: 18 } }, '08:00–17:59 UTC'],
    ['Which users were active after midnight?', { hours: { from: 0, to: 6 } }, '00:00–05:59 UTC'],
  ];
  it.each(cases)('"%s" filters on the time of each interaction and says so', async (question, clock, line) => {
    const { q, a } = await asked(question);
    expect({ question, type: q.type, clock: q.type === 'measure' ? q.filters.clock : null }).toMatchObject({
      question,
      type: 'measure',
      clock,
    });
    expect(a.interpretation).toContain(line);
    expect(a.kind).toBe('table');
  });

  it('counts weekends by app as the stored interactions hold them', async () => {
    const { rows } = await asked('prompts on weekends in November by app');
    const expected: Record<string, number> = {};
    for (const i of stored)
      if (
        i.createdAt >= new Date('2026-11-01T00:00:00Z') &&
        weekday(i.createdAt) >= 5 &&
        i.interactionType === 'userPrompt'
      )
        expected[i.appKey] = (expected[i.appKey] ?? 0) + 1;
    const total = Object.values(expected).reduce((s, n) => s + n, 0);
    expect(rows.reduce((s, r) => s + Number(r.value), 0)).toBe(total);
    expect(rows.length).toBe(Object.keys(expected).length);
  });

  it('takes hours in TIME_ZONE unless a zone is named', async () => {
    const berlin = { ...deps, timeZone: 'Europe/Berlin' };
    const { q, a } = await asked('prompts before 7am this month', berlin);
    expect(q).toMatchObject({ filters: { clock: { hours: { from: 0, to: 7 }, zone: 'Europe/Berlin' } } });
    expect(a.interpretation).toContain('00:00–06:59 Europe/Berlin');
    const local = (d: Date) => Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', hourCycle: 'h23' }).format(d)); // prettier-ignore
    const from = new Date('2026-10-31T23:00:00Z');
    const expected = stored.filter(
      (i) => i.createdAt >= from && i.interactionType === 'userPrompt' && local(i.createdAt) < 7,
    ).length;
    expect(Number(a.rows[0]!.value)).toBe(expected);
    expect((await asked('prompts before 7am UTC this month', berlin)).q).toMatchObject({
      filters: { clock: { zone: 'UTC' } },
    });
  });

  it('says where an answer cannot take the hours, and asks about a list', async () => {
    const named = await asked('licensed users without activity after hours');
    expect(named.a.kind).toBe('not_available');
    expect(named.a.summary).toMatch(/time filter \(outside business hours.*cannot be applied/);
    const person = stored[0]!;
    const list = await asked(`what did ${await nameOf(person.userId)} ask copilot overnight last week`);
    expect(list.q).toMatchObject({ type: 'reply', reply: 'rephrase', notUnderstood: ['overnight'] });
  });

  it('leaves dates alone: "on Monday", "last weekend", "past 24 hours", "10-24 Nov" are periods', async () => {
    for (const question of [
      'prompts on Monday',
      'prompts last 24 hrs',
      'prompts 10-24 Nov',
      'prompts in the past 7 days',
      // Counts between two numbers are not hours.
      'users with between 5 and 10 prompts',
      'people with from 2 to 4 sessions last week',
    ])
      expect((await asked(question)).q).not.toHaveProperty('filters.clock');
  });
});

const OCTOBER = { from: '2026-10-01T00:00:00.000Z', to: '2026-11-01T00:00:00.000Z' };
const SEPTEMBER = { from: '2026-09-01T00:00:00.000Z', to: '2026-10-01T00:00:00.000Z' };
const Q3 = { from: '2026-07-01T00:00:00.000Z', to: '2026-10-01T00:00:00.000Z' };

/** Prompts (or every interaction) stored in [from, to) on the given weekdays (0 = Monday). */
function counted(span: { from: string; to: string }, days: number[], prompts: boolean): number {
  return stored.filter(
    (i) =>
      i.createdAt >= new Date(span.from) &&
      i.createdAt < new Date(span.to) &&
      days.includes(weekday(i.createdAt)) &&
      (!prompts || i.interactionType === 'userPrompt'),
  ).length;
}

// "Saturday and Sunday numbers for October", "Friday usage in Q3": the period asked, on those days of each week only.
describe('the days of the week within a named period', () => {
  const cases: [string, number[], { from: string; to: string }, string][] = [
    ['Saturday and Sunday numbers for October', [5, 6], OCTOBER, 'Saturdays and Sundays'],
    ['saturday and sunday usage in september', [5, 6], SEPTEMBER, 'Saturdays and Sundays'],
    ['weekend prompts in October', [5, 6], OCTOBER, 'Saturdays and Sundays'],
    ['weekend usage in September', [5, 6], SEPTEMBER, 'Saturdays and Sundays'],
    ['usage on weekends during Q3', [5, 6], Q3, 'Saturdays and Sundays'],
    ['Friday usage in Q3', [4], Q3, 'Fridays'],
    ['Monday and Wednesday prompts during October', [0, 2], OCTOBER, 'Mondays and Wednesdays'],
  ];
  it.each(cases)('"%s" is the period asked, on those days only', async (question, days, span, line) => {
    const { q, a } = await asked(question);
    expect({ question, q }).toMatchObject({
      question,
      q: { type: 'measure', filters: { clock: { weekdays: days } }, period: { from: new Date(span.from) } },
    });
    expect(q.type === 'measure' && +q.period.to).toBe(+new Date(span.to));
    expect(a.interpretation).toContain(line);
  });

  it('counts what the stored interactions hold on those days', async () => {
    const figure = async (question: string) => Number((await asked(question)).rows[0]!.value);
    expect(await figure('weekend prompts in October')).toBe(counted(OCTOBER, [5, 6], true));
    expect(await figure('Saturday and Sunday prompts for September')).toBe(counted(SEPTEMBER, [5, 6], true));
    expect(await figure('Friday usage in Q3')).toBe(counted(Q3, [4], false));
    expect(counted(OCTOBER, [5, 6], true)).toBeGreaterThan(0);
  });

  it('leaves a day that is a date alone: "on Monday last week", "since Monday"', async () => {
    for (const question of ['prompts on Monday last week', 'prompts since Monday']) {
      const { q } = await asked(question);
      expect({ question, clock: q.type === 'measure' ? (q.filters.clock ?? null) : 'none' }).toEqual({
        question,
        clock: null,
      });
    }
  });
});
