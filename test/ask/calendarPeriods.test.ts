import type { EngineDeps } from '../../server/core/ask/engine';
import type { InteractionDoc } from '../../server/store/documents';
import { startAppHarness, type AppHarness } from '../support/appHarness';
import { askedQuery, engineDeps, queryOf as queryOfKit } from './askKit';

/**
 * Calendar words and the periods admins write with them: a month or weekday is never a person ("How did October
 * compare with November in total prompts?" compares the months), the weekend "over the weekend" is the latest one,
 * calendar weeks ("week 46", "KW45", "CW 44", "weeks 44-46") are ISO weeks and never a count, groupings written as
 * adverbs ("month-by-month", "day-by-day", "WoW") group, and "how far back does the data go" is where the synced
 * history starts (the tab's synced window) with its first day of activity. Figures are recomputed from the stored interactions.
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

const asked = (question: string) => askedQuery(deps, question);
const queryOf = (question: string) => queryOfKit(deps, question);

const within = (i: InteractionDoc, from: string, to: string) =>
  i.createdAt >= new Date(`${from}T00:00:00Z`) && i.createdAt < new Date(`${to}T00:00:00Z`);
const prompts = (from: string, to: string) =>
  stored.filter((i) => i.interactionType === 'userPrompt' && within(i, from, to));
const sessions = (from: string, to: string) => new Set(stored.filter((i) => within(i, from, to)).map((i) => i.sessionId)).size; // prettier-ignore

describe('a calendar word is never a person', () => {
  it.each([
    ['How did September compare with October in total prompts?', 'October 2026', 'September 2026'],
    ['compare September to October in prompts', 'October 2026', 'September 2026'],
    ['October against September, total prompts please', 'October 2026', 'September 2026'],
  ])('"%s" compares the two months, the later against the earlier', async (question, later, earlier) => {
    const { q, a, rows } = await asked(question);
    expect(q).toMatchObject({ type: 'measure', measure: 'prompts', compare: 'previous' });
    expect(a.interpretation).toContain(later);
    expect(a.interpretation).toContain(`vs ${earlier}`);
    expect(Number(rows[0]!.value)).toBe(prompts('2026-10-01', '2026-11-01').length);
    expect(Number(rows[0]!.previous)).toBe(prompts('2026-09-01', '2026-10-01').length);
  });

  it('"Compare Monday with Friday in total sessions" compares this week\'s two days', async () => {
    const { q, rows } = await asked('Compare Monday with Friday in total sessions');
    expect(q).toMatchObject({ measure: 'sessions', compare: 'previous' });
    expect(Number(rows[0]!.value)).toBe(sessions('2026-11-20', '2026-11-21'));
    expect(Number(rows[0]!.previous)).toBe(sessions('2026-11-16', '2026-11-17'));
  });

  it('a month the question leaves unread (a third period) is asked about, never looked up as a name', async () => {
    const q = await queryOf('September vs October vs November prompts');
    expect(q).toMatchObject({ type: 'reply', reply: 'rephrase', notUnderstood: ['november'] });
  });
});

describe('named parts of the week', () => {
  it('"Did anyone use Copilot over the weekend?" lists who used it on the latest Saturday and Sunday', async () => {
    const { q, a, rows } = await asked('Did anyone use Copilot over the weekend?');
    expect(q).toMatchObject({ measure: 'prompts', by: ['user'] });
    expect(a.interpretation).toContain('the weekend (14 Nov 2026 – 15 Nov 2026)');
    const weekend = prompts('2026-11-14', '2026-11-16');
    expect(rows.reduce((s, r) => s + Number(r.value), 0)).toBe(weekend.length);
    expect(new Set(rows.map((r) => r.userId ?? r.user)).size).toBe(new Set(weekend.map((i) => i.userId)).size);
  });

  it('"during the weekend" is that weekend too, while "on weekends" stays a filter on every weekend', async () => {
    const during = await asked('how many prompts during the weekend');
    expect(during.q).toMatchObject({ period: { label: 'the weekend' } });
    expect(Number(during.rows[0]!.value)).toBe(prompts('2026-11-14', '2026-11-16').length);
    const every = await queryOf('how many prompts on weekends');
    expect(every).toMatchObject({ filters: { clock: { weekdays: [5, 6] } } });
    // Beside another period, it is every weekend of that period.
    const within = await queryOf('how many prompts during the weekend in October');
    expect(within).toMatchObject({ filters: { clock: { weekdays: [5, 6] } }, period: { label: 'October 2026' } });
  });
});

describe('calendar weeks', () => {
  it.each([
    ['Week 46 prompts', '2026-11-09', '2026-11-16', 'calendar week 46 2026 (9 Nov 2026 – 15 Nov 2026)'],
    ['KW45 prompts', '2026-11-02', '2026-11-09', 'calendar week 45 2026 (2 Nov 2026 – 8 Nov 2026)'],
    ['prompts in CW 44', '2026-10-26', '2026-11-02', 'calendar week 44 2026'],
    ['W47 prompts', '2026-11-16', '2026-11-21', 'calendar week 47 2026, up to today'],
    ['prompts in weeks 44-46', '2026-10-26', '2026-11-16', 'calendar weeks 44–46 2026'],
  ])('"%s" is the ISO week, its days said, never a limit', async (question, from, to, said) => {
    const { q, a, rows } = await asked(question);
    expect(q).toMatchObject({ measure: 'prompts', by: [] });
    expect(q.type === 'measure' && q.limit).toBeFalsy();
    expect(a.interpretation).toContain(said);
    expect(Number(rows[0]!.value)).toBe(prompts(from, to).length);
  });
});

describe('groupings written as adverbs', () => {
  it.each([
    ['Give me the month-by-month count of Copilot prompts since September', 'month'],
    ['prompts day-by-day this week', 'day'],
    ['WoW prompts since October', 'week'],
    ['MoM prompts since September', 'month'],
    ['prompts on a weekly basis since October', 'week'],
  ])('"%s" groups by %s', async (question, unit) => {
    const { q, rows } = await asked(question);
    expect(q).toMatchObject({ measure: 'prompts', by: [unit] });
    const total = rows.reduce((s, r) => s + Number(r.value), 0);
    const p = (q as { period: { from: Date; to: Date } }).period;
    expect(total).toBe(stored.filter((i) => i.interactionType === 'userPrompt' && i.createdAt >= p.from && i.createdAt < p.to).length); // prettier-ignore
  });
});

describe('the synced history', () => {
  it.each(['From what date do we hold history?', 'how far back does the data go', 'oldest data we have'])(
    '"%s" is answered with the synced window\'s start and the first day with activity',
    async (question) => {
      const { q, a } = await asked(question);
      expect(q).toMatchObject({ type: 'system', system: 'sync', history: true });
      // The start the tab shows (GET /api/synced-window), and the first day holding activity beside it.
      const res = await fetch(`${h.baseUrl}/api/synced-window`, { headers: { authorization: `Bearer ${await h.tokens.admin()}` } }); // prettier-ignore
      const { syncedSince } = (await res.json()) as { syncedSince: string };
      const firstFull = (await h.testStore.store.syncRuns.find({ tenantId: h.ctx.tenantId, mode: 'full' }).sort({ startedAt: 1 }).limit(1).toArray())[0]!; // prettier-ignore
      expect(syncedSince).toBe(new Date(firstFull.startedAt.getTime() - h.config.BACKFILL_DAYS * 86_400_000).toISOString()); // prettier-ignore
      const first = stored.map((i) => i.createdAt.toISOString().slice(0, 10)).sort()[0]!;
      expect(a.summary).toContain(`The synced history starts at ${syncedSince.slice(0, 16).replace('T', ' ')} UTC`);
      expect(a.summary).toContain(`The first day with Copilot activity in it is ${first} (UTC)`);
      expect(a.rows.map((r) => r.value)).toEqual([
        expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/),
        first,
        expect.any(String),
      ]);
    },
  );

  it('"Which new users started in October" lists the people whose first use was in October', async () => {
    const { q, rows } = await asked('Which new users started in October');
    expect(q).toMatchObject({ measure: 'new_users' });
    const firsts = new Map<string, Date>();
    for (const i of stored) if (!firsts.has(i.userId) || i.createdAt < firsts.get(i.userId)!) firsts.set(i.userId, i.createdAt); // prettier-ignore
    const october = [...firsts.values()].filter((d) => d >= new Date('2026-10-01') && d < new Date('2026-11-01'));
    expect(rows).toHaveLength(october.length);
  });
});

describe('two comparisons at once', () => {
  it('"Word vs Excel prompts October vs November" gives a row per app, each against the other month', async () => {
    const { q, a, rows } = await asked('Word vs Excel prompts October vs November');
    expect(q).toMatchObject({ measure: 'prompts', by: ['app'], compare: 'previous', filters: { apps: ['word', 'excel'] } }); // prettier-ignore
    expect(a.interpretation).toContain('vs October 2026');
    const inApp = (app: string, from: string, to: string) => prompts(from, to).filter((i) => i.appKey === app).length;
    expect(rows.map((r) => [r.app, Number(r.value), Number(r.previous)]).sort()).toEqual(
      [
        ['Excel', inApp('excel', '2026-11-01', '2026-11-21'), inApp('excel', '2026-10-01', '2026-11-01')],
        ['Word', inApp('word', '2026-11-01', '2026-11-21'), inApp('word', '2026-10-01', '2026-11-01')],
      ].sort(),
    );
  });
});
