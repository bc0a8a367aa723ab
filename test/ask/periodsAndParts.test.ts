import { understand, type EngineDeps } from '../../server/core/ask/engine';
import type { InteractionDoc } from '../../server/store/documents';
import { startAppHarness, type AppHarness } from '../support/appHarness';
import { askedQuery, engineDeps } from './askKit';

/**
 * Periods, parts of periods and comparisons. A trend never fits a bucket held only in part (today at noon, a week the
 * period starts in) as a whole one, and says which it left out; periods compared are named in the columns, the change
 * running from the earlier to the later; a small department beside a large one withholds only itself; parts of the day
 * ("in the morning", "early morning", "weeknights") filter on each interaction's hour with the hours said. Figures are
 * recomputed from the stored interactions.
 */

const now = new Date('2026-11-20T12:00:00.000Z');
const MIN = 5;
let h: AppHarness;
let deps: EngineDeps;
let stored: InteractionDoc[];

beforeAll(async () => {
  h = await startAppHarness({ userCount: 40, seed: 11, referenceTime: now });
  deps = { ...engineDeps(h), minGroupSize: MIN };
  stored = await h.testStore.store.interactions.find({ tenantId: h.ctx.tenantId }).toArray();
}, 240_000);
afterAll(() => h?.close());

const asked = (question: string) => askedQuery(deps, question);

const day = (d: Date) => d.toISOString().slice(0, 10);
const prompts = (from: string, to: string, keep: (i: InteractionDoc) => boolean = () => true) =>
  stored.filter(
    (i) =>
      i.interactionType === 'userPrompt' &&
      i.createdAt >= new Date(`${from}T00:00:00Z`) &&
      i.createdAt < new Date(`${to}T00:00:00Z`) &&
      keep(i),
  ).length;

/** The least-squares slope per bucket, rounded as the answer rounds it. */
function fitted(ys: number[]): string {
  const mx = (ys.length - 1) / 2;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  const slope = ys.reduce((s, y, x) => s + (x - mx) * (y - my), 0) / ys.reduce((s, _y, x) => s + (x - mx) ** 2, 0);
  const rounded = Math.round(slope * 10) / 10 || 0;
  return `${rounded > 0 ? '+' : ''}${rounded.toLocaleString('en-GB')}`;
}

describe('a trend over a partial bucket', () => {
  it('"usage trending up?? last 4 wks" fits whole days only: today, at noon, is said to be left out', async () => {
    const { q, a, rows } = await asked('usage trending up?? last 4 wks');
    expect(q).toMatchObject({ type: 'measure', measure: 'interactions', by: ['day'] });
    expect(rows.at(-1)!.day).toBe('2026-11-20');
    for (const r of rows) expect(Number(r.value)).toBe(stored.filter((i) => day(i.createdAt) === String(r.day)).length);
    const whole = rows.slice(0, -1);
    const ys = whole.map((r) => Number(r.value));
    expect(a.summary).toContain(
      `from ${ys[0]} interactions in the first whole day (${String(whole[0]!.day)}) to ${ys.at(-1)} in the last (2026-11-19), a fitted trend of ${fitted(ys)} a day. Fitted over whole days only: today (20 Nov) is not over yet.`,
    );
  });

  it('a weekly series leaves out a first week the period starts in and this week, and says both', async () => {
    const { q, a, rows } = await asked('is weekly prompt volume going up or down over the last 6 weeks?');
    expect(q).toMatchObject({ type: 'measure', measure: 'prompts', by: ['week'] });
    // The last 42 days start on Saturday 10 October: its week (from Monday 5 October) holds two of its days.
    expect(rows[0]!.week).toBe('2026-10-05');
    expect(Number(rows[0]!.value)).toBe(prompts('2026-10-10', '2026-10-12'));
    expect(rows.at(-1)!.week).toBe('2026-11-16');
    const whole = rows.slice(1, -1);
    const ys = whole.map((r) => Number(r.value));
    expect(ys).toEqual(
      whole.map((r) => prompts(String(r.week), day(new Date(Date.parse(String(r.week)) + 7 * 864e5)))),
    );
    expect(a.summary).toContain(
      `in the first whole week (2026-10-12) to ${ys.at(-1)} in the last (2026-11-09), a fitted trend of ${fitted(ys)} a week. Fitted over whole weeks only: the first week (2026-10-05) holds only 10 Oct – 11 Oct and this week (16 Nov – 20 Nov) is not over yet.`,
    );
  });

  it('a series of whole days (last week, by day) is fitted whole and says nothing was left out', async () => {
    const { a } = await asked('prompts per day last week, going up or down?');
    expect(a.summary).toMatch(/a fitted trend of \S+ a day\./);
    expect(a.summary).not.toContain('Fitted over whole');
  });
});

describe('periods compared, named', () => {
  it('"October vs November prompts" runs from October to November and names both columns', async () => {
    const { q, a } = await asked('October vs November prompts');
    expect(q).toMatchObject({ type: 'measure', compare: 'previous', period: { label: 'November 2026' } });
    const [nov, oct] = [prompts('2026-11-01', '2026-11-21'), prompts('2026-10-01', '2026-11-01')];
    expect([Number(a.rows[0]!.value), Number(a.rows[0]!.previous)]).toEqual([nov, oct]);
    const titles = a.columns.map((c) => c.title);
    expect(titles).toContain('Prompts, November 2026 (1 Nov 2026 – 20 Nov 2026 so far)');
    expect(titles).toContain('October 2026');
    expect(titles).not.toContain('Period before');
    const change = `${nov >= oct ? '+' : ''}${Math.round(((nov - oct) / oct) * 100)}%`;
    expect(a.summary).toContain(`, against ${oct.toLocaleString('en-US')} in October 2026 (${change})`);
  });

  it('"this week vs last week" says the current week is only so far, and names last week by its days', async () => {
    const { a } = await asked('prompts this week vs last week');
    const titles = a.columns.map((c) => c.title);
    expect(titles).toContain('Prompts, 16 Nov 2026 – 20 Nov 2026 so far');
    expect(titles).toContain('9 Nov 2026 – 15 Nov 2026');
    expect(Number(a.rows[0]!.value)).toBe(prompts('2026-11-16', '2026-11-21'));
    expect(Number(a.rows[0]!.previous)).toBe(prompts('2026-11-09', '2026-11-16'));
  });
});

describe('a small department beside a large one', () => {
  /** Departments by readable licensed users: those shown alone and those under the minimum. */
  async function sizes() {
    const runs = await h.testStore.store.syncRuns.find({ tenantId: h.ctx.tenantId }).toArray();
    const refused = new Set(runs.flatMap((r) => r.errors.filter((e) => e.status === 403).map((e) => e.userId ?? '')));
    const licensed = new Map<string, number>();
    for (const u of h.graph.tenant.users) {
      const d = u.graph.department?.trim();
      if (u.licensed && !refused.has(u.graph.id) && d) licensed.set(d, (licensed.get(d) ?? 0) + 1);
    }
    const members = (d: string) => new Set(h.graph.tenant.users.filter((u) => u.graph.department?.trim() === d).map((u) => u.graph.id)); // prettier-ignore
    return {
      large: [...licensed].filter(([, n]) => n >= MIN).map(([d]) => d),
      small: [...licensed].filter(([, n]) => n < MIN).map(([d]) => d),
      members,
    };
  }

  it('"<large> vs <small> prompts last month" shows the large one and withholds only the small one, said', async () => {
    const { large, small, members } = await sizes();
    expect(large.length).toBeGreaterThan(0);
    expect(small.length).toBeGreaterThan(0);
    const [big, tiny] = [large[0]!, small[0]!];
    const { q, a, rows } = await asked(`${big.toLowerCase()} vs ${tiny.toLowerCase()} prompts last mnth`);
    expect(q).toMatchObject({ type: 'measure', measure: 'prompts', compare: 'values' });
    expect(a.kind).toBe('table');
    const inBig = members(big);
    expect(rows).toEqual([
      expect.objectContaining({
        department: big,
        value: prompts('2026-10-01', '2026-11-01', (i) => inBig.has(i.userId)),
      }),
    ]);
    expect(a.summary).toContain(`${tiny} has fewer than ${MIN} licensed users, so its figures are withheld here`);
    expect(a.summary).toContain(`${big} is shown.`);
  });

  it('two small departments compared are still withheld whole', async () => {
    const { small } = await sizes();
    if (small.length < 2) return;
    const { a } = await asked(`${small[0]} vs ${small[1]} prompts in November`);
    expect(a.rows).toEqual([]);
    expect(a.summary).toMatch(/fewer than 5 licensed users/);
  });
});

describe('parts of the day', () => {
  const hourIn = (from: number, to: number) => (i: InteractionDoc) =>
    i.createdAt.getUTCHours() >= from && i.createdAt.getUTCHours() < to;

  it.each([
    ['how many prompts in the morning last week', 'morning (06:00–11:59 UTC)', 6, 12],
    ['prompts sent during the afternoons last week', 'afternoon (12:00–17:59 UTC)', 12, 18],
    ['last week: prompts in the evening?', 'evening (18:00–21:59 UTC)', 18, 22],
    ['Copilot prompts over lunch last week', 'lunchtime (12:00–13:59 UTC)', 12, 14],
    ['early-morning prompts last week', 'early morning (05:00–07:59 UTC)', 5, 8],
  ])('"%s" counts the prompts of those hours and says them', async (question, line, from, to) => {
    const { q, a } = await asked(question);
    expect(q).toMatchObject({ type: 'measure', measure: 'prompts', filters: { clock: { hours: { from, to } } } });
    expect(a.interpretation).toContain(line);
    expect(Number(a.rows[0]!.value)).toBe(prompts('2026-11-09', '2026-11-16', hourIn(from, to)));
  });

  it('"early morning activity" is a part of the day, never a person', async () => {
    const { q, a } = await asked('early morning activity last week');
    expect(q).toMatchObject({ type: 'measure', measure: 'interactions', filters: { people: [] } });
    expect(a.interpretation).toContain('early morning (05:00–07:59 UTC)');
  });

  it('"late night" is the night and "weeknights" the evenings from Monday to Friday, by person', async () => {
    expect((await asked('late night sessions last week')).q).toMatchObject({
      filters: { clock: { hours: { from: 22, to: 6 }, part: 'late night' } },
    });
    const { q, a, rows } = await asked('who uses copilot on weeknights? last 2 weeks');
    expect(q).toMatchObject({ filters: { clock: { hours: { from: 18, to: 24 }, weekdays: [0, 1, 2, 3, 4] } } });
    expect(a.interpretation).toContain('weeknights (18:00–23:59 UTC, Monday–Friday)');
    const weeknight = (i: InteractionDoc) => i.createdAt.getUTCHours() >= 18 && (i.createdAt.getUTCDay() + 6) % 7 < 5;
    const total = prompts('2026-11-07', '2026-11-21', weeknight);
    expect(rows.reduce((s, r) => s + Number(r.value), 0)).toBe(total);
  });

  it('"this morning" is today\'s morning and "yesterday afternoon" yesterday\'s; "good morning" is no filter', async () => {
    const morning = await asked('how many prompts this morning');
    expect(morning.q).toMatchObject({ period: { label: 'today' }, filters: { clock: { part: 'morning' } } });
    expect(Number(morning.a.rows[0]!.value)).toBe(prompts('2026-11-20', '2026-11-21', hourIn(6, 12)));
    const afternoon = await asked('prompts yesterday afternoon');
    expect(afternoon.q).toMatchObject({ period: { label: 'yesterday' }, filters: { clock: { part: 'afternoon' } } });
    expect(Number(afternoon.a.rows[0]!.value)).toBe(prompts('2026-11-19', '2026-11-20', hourIn(12, 18)));
    const greeted = await understand(deps, 'prompts last week, good morning');
    expect(greeted.type === 'query' && 'filters' in greeted.query && greeted.query.filters.clock).toBeFalsy();
  });
});
