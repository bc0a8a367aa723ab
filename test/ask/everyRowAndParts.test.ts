import type { EngineDeps } from '../../server/core/ask/engine';
import type { MeasureQuery } from '../../server/core/ask/querySchema';
import { startAppHarness, type AppHarness } from '../support/appHarness';
import { askedQuery, engineDeps, queryOf } from './askKit';
import { loadTruth, type Truth } from './groundTruthFigures';

/**
 * Questions an unseen set found answered as another: "list every data source <person> touched in October" showed the
 * first 10 of 17 without saying so; "how many users were active last week and how many of them used Teams" dropped the
 * first count; "5 – 10 prompts" (a spaced dash) was read as a top 10. Figures are recomputed from the stored
 * interactions.
 */

const now = new Date('2026-11-20T12:00:00.000Z'); // a Friday
let h: AppHarness;
let deps: EngineDeps;
let truth: Truth;

beforeAll(async () => {
  h = await startAppHarness({ userCount: 40, seed: 11, referenceTime: now });
  deps = engineDeps(h);
  truth = await loadTruth(h.testStore.store, h.ctx.tenantId);
}, 240_000);
afterAll(() => h?.close());

const within = (from: string, to: string) => truth.rows.filter((r) => r.at >= new Date(from) && r.at < new Date(to));
const sorted = (values: number[]) => [...values].sort((a, b) => b - a);

/** Each person's count of the rows kept, over the rows given. */
function perUser(rows: Truth['rows'], keep: (r: Truth['rows'][number]) => boolean): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of rows) if (keep(r)) counts.set(r.userId, (counts.get(r.userId) ?? 0) + 1);
  return counts;
}

it('"list every data source <person> touched in October" lists every source, paged; without "every" the cut is said', async () => {
  const october = within('2026-10-01', '2026-11-01');
  const sourcesOf = (userId: string) => {
    const refs = new Map<string, number>();
    for (const r of october.filter((x) => x.userId === userId))
      for (const s of r.sources) refs.set(s, (refs.get(s) ?? 0) + 1);
    return refs;
  };
  const [userId] = [...new Set(october.map((r) => r.userId))].sort((a, b) => sourcesOf(b).size - sourcesOf(a).size);
  const refs = sourcesOf(userId!);
  expect(refs.size).toBeGreaterThan(10);
  const name = truth.names.get(userId!)!;
  for (const question of [
    `list every data source ${name} touched in October`,
    `every source ${name}'s Copilot used in October`,
    `show me all of the sources ${name} referenced in October`,
  ]) {
    const { q, a, rows } = await askedQuery(deps, question);
    expect(q).toMatchObject({ measure: 'references', by: ['source'], all: true });
    expect(a.interpretation).toContain('every row');
    expect(rows).toHaveLength(refs.size);
    expect(sorted(rows.map((r) => Number(r.value)))).toEqual(sorted([...refs.values()]));
  }
  const { a, rows } = await askedQuery(deps, `which data sources did ${name} use in October`);
  expect(rows).toHaveLength(10);
  expect(a.summary).toContain('Only the top 10 sources are shown (the default): ask for all sources');
});

it('a breakdown by person says its default top 10, and "all users" lists each one', async () => {
  const prompts = perUser(within('2026-10-01', '2026-11-01'), (r) => r.prompt);
  expect(prompts.size).toBeGreaterThan(10);
  const top = await askedQuery(deps, 'prompts by person last month');
  expect(top.rows).toHaveLength(10);
  expect(top.a.summary).toContain('Only the top 10 people are shown (the default)');
  expect(top.a.summary).not.toMatch(/; 10 shown/);
  const every = await askedQuery(deps, 'list all users by prompts last month');
  expect((every.q as MeasureQuery).all).toBe(true);
  expect(sorted(every.rows.map((r) => Number(r.value)))).toEqual(sorted([...prompts.values()]));
  expect(every.a.summary).not.toContain('the default');
  // A number asked is that number, said as a top N, with no note on a default.
  const asked = await askedQuery(deps, 'top 12 users by prompts last month');
  expect(asked.rows.length).toBeGreaterThanOrEqual(12);
  expect(asked.a.summary).not.toContain('the default');
});

it('"how many users were active last week and how many of them used Teams" gives both counts', async () => {
  const week = within('2026-11-09', '2026-11-16');
  const active = new Set(week.map((r) => r.userId));
  const inTeams = new Set(week.filter((r) => r.app === 'Teams').map((r) => r.userId));
  expect(inTeams.size).toBeGreaterThan(0);
  expect(inTeams.size).toBeLessThan(active.size);
  for (const question of [
    'how many users were active last week and how many of them used Teams',
    'How many people used Copilot last week, and how many of those were in Teams?',
  ]) {
    const { q, rows, a } = await askedQuery(deps, question);
    expect(q).toMatchObject({ measure: 'active_users', shareOf: 'app', filters: { apps: ['teams'] } });
    expect(rows[0]).toMatchObject({ value: inTeams.size, whole: active.size });
    expect(a.summary).toContain(`${inTeams.size} of ${active.size}`);
  }
  // A part that is no narrowing of the count: the count answered, the part after it, never the first dropped.
  const heavy = [...perUser(week, (r) => r.prompt)].filter(([, n]) => n > 10);
  const { a } = await askedQuery(
    deps,
    'how many users were active last week and how many of them sent more than 10 prompts',
  );
  expect(a.summary).toContain(`Active users: ${active.size}.`);
  expect(a.summary).toContain(`${heavy.length} people with more than 10 prompts`);
  for (const [userId] of heavy) expect(a.summary).toContain(truth.names.get(userId)!);
});

it('"5 – 10 prompts" with spaces around the dash is a range of prompts, as "5-10" is', async () => {
  const prompts = perUser(within('2026-11-09', '2026-11-16'), (r) => r.prompt);
  const inRange = [...prompts].filter(([, n]) => n >= 5 && n <= 10);
  expect(inRange.length).toBeGreaterThan(0);
  for (const question of ['who sent 5 – 10 prompts last week', 'users with 5 - 10 prompts last week']) {
    const { q, rows } = await askedQuery(deps, question);
    expect(q).toMatchObject({ by: ['user'], having: { op: 'gte', value: 5, upTo: 10 } });
    expect(sorted(rows.map((r) => Number(r.value)))).toEqual(sorted(inRange.map(([, n]) => n)));
  }
  // Two numbers joined by a dash before nothing counted are asked about, never read past.
  for (const question of ['prompts 5–10 yesterday', 'who used Copilot between 9 – 17 yesterday']) {
    const q = await queryOf(deps, question);
    expect(q).toMatchObject({ type: 'reply', reply: 'rephrase' });
    expect(q.type === 'reply' && q.notUnderstood.join(' ')).toMatch(/\d-\d/);
  }
});
