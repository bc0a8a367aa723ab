import type { EngineDeps } from '../../server/core/ask/engine';
import type { MeasureQuery } from '../../server/core/ask/querySchema';
import type { InteractionDoc } from '../../server/store/documents';
import { startAppHarness, type AppHarness } from '../support/appHarness';
import { askedQuery, engineDeps } from './askKit';
import { loadTruth, type Truth } from './groundTruthFigures';

/**
 * Phrasings an unseen question set, and the team's own probing after it, answered as another question: "which apps
 * has <person> used Copilot in" (their use so far, not the default 30 days), "the total of files used by Copilot" (the
 * files, not the references), "who … and how many prompts they did" (each person's figure, not one total), "can you
 * say me how many session she make in each app" (a learner's English), "a breakdown by app" (usage by app), "since we
 * rolled out Copilot" and "since last week" (periods), "when did usage peak this month" (the day), "when are people most
 * active" (the hour, not each person), "the lowest adoption department", "percentage of Sales using Copilot"
 * (adoption), "what did <person> do yesterday" (that day's sessions). Figures are recomputed from the stored
 * interactions.
 */

const now = new Date('2026-11-20T12:00:00.000Z'); // a Friday
let h: AppHarness;
let deps: EngineDeps;
let stored: InteractionDoc[];
let truth: Truth;

beforeAll(async () => {
  h = await startAppHarness({ userCount: 40, seed: 11, referenceTime: now });
  deps = engineDeps(h);
  stored = await h.testStore.store.interactions.find({ tenantId: h.ctx.tenantId }).toArray();
  truth = await loadTruth(h.testStore.store, h.ctx.tenantId);
}, 240_000);
afterAll(() => h?.close());

const day = (d: Date) => d.toISOString().slice(0, 10);

/** The person with the longest history: someone whose apps before the last 30 days differ from those in it. */
function longestUser(): { userId: string; name: string } {
  const first = new Map<string, Date>();
  for (const r of truth.rows) if (!first.has(r.userId) || r.at < first.get(r.userId)!) first.set(r.userId, r.at);
  const [userId] = [...first].sort((a, b) => +a[1] - +b[1])[0]!;
  return { userId, name: truth.names.get(userId)! };
}

it('"which apps has <person> used Copilot in" is every app of their synced history, each with its interactions', async () => {
  const { userId, name } = longestUser();
  for (const question of [`which apps has ${name} used copilot in`, `What apps have ${name} tried?`]) {
    const { q, rows } = await askedQuery(deps, question);
    const m = q as MeasureQuery;
    expect(m).toMatchObject({ by: ['app'], filters: { people: [{ userId }] } });
    expect(m.period.label).toBe('all synced history');
    const apps = new Map<string, number>();
    for (const r of truth.rows.filter((x) => x.userId === userId)) apps.set(r.app, (apps.get(r.app) ?? 0) + 1);
    expect(new Map(rows.map((r) => [String(r.app), Number(r.value)]))).toEqual(apps);
  }
  // A period named, or the present tense, keeps its period.
  const { q } = await askedQuery(deps, `which apps does ${name} use`);
  expect((q as MeasureQuery).period.label).toMatch(/^last 30 days/);
});

it('"the total of files used by Copilot in October" counts the files, each once, not the references', async () => {
  const inOctober = truth.rows.filter((r) => day(r.at) >= '2026-10-01' && day(r.at) < '2026-11-01');
  const files = new Set(inOctober.flatMap((r) => r.sources).filter((k) => truth.sources.get(k)?.kind === 'file'));
  const references = inOctober.flatMap((r) => r.sources).filter((k) => truth.sources.get(k)?.kind === 'file').length;
  expect(references).toBeGreaterThan(files.size);
  for (const question of [
    'what is the total of files used by copilot in october',
    'total number of documents Copilot used in October',
    'count of files copilot referenced in october',
  ]) {
    const { q, rows } = await askedQuery(deps, question);
    expect(q).toMatchObject({ measure: 'references', distinct: 'sources', filters: { sourceKind: 'file' } });
    expect(rows[0]).toMatchObject({ value: files.size });
  }
  // The references, when they are what is named.
  const { rows } = await askedQuery(deps, 'number of file references in october');
  expect(rows[0]).toMatchObject({ value: references });
});

it('"who used Copilot in Word last week and how many prompts they did" gives each person\'s prompts', async () => {
  const from = new Date('2026-11-09T00:00:00Z');
  const to = new Date('2026-11-16T00:00:00Z');
  const expected = new Map<string, number>();
  for (const i of stored)
    if (
      i.interactionType === 'userPrompt' &&
      i.appClass.toLowerCase().includes('word') &&
      i.createdAt >= from &&
      i.createdAt < to
    )
      // prettier-ignore
      expected.set(truth.names.get(i.userId)!, (expected.get(truth.names.get(i.userId)!) ?? 0) + 1);
  expect(expected.size).toBeGreaterThan(1);
  for (const question of [
    'who used copilot in word last week and how many prompts they did?',
    'which people used Word last week and how many prompts they sent',
  ]) {
    const { q, rows } = await askedQuery(deps, question);
    expect(q).toMatchObject({ measure: 'prompts', by: ['user'], filters: { apps: ['word'] } });
    expect(new Map(rows.map((r) => [String(r.user), Number(r.value)]))).toEqual(expected);
  }
});

it('"For <person>, can you say me how many session she make in each app?" is her sessions by app', async () => {
  const { userId, name } = longestUser();
  const { q, rows } = await askedQuery(deps, `For ${name}, can you say me how many session they make in each app?`);
  const m = q as MeasureQuery;
  expect(m).toMatchObject({ measure: 'sessions', by: ['app'], filters: { people: [{ userId }] } });
  const sessions = new Map<string, Set<string>>();
  for (const i of stored.filter(
    (x) => x.userId === userId && x.createdAt >= m.period.from && x.createdAt < m.period.to,
  )) {
    const app = truth.rows.find((r) => r.userId === userId && +r.at === +i.createdAt)!.app;
    sessions.set(app, (sessions.get(app) ?? new Set()).add(i.sessionId));
  }
  expect(new Map(rows.map((r) => [String(r.app), Number(r.value)]))).toEqual(
    new Map([...sessions].map(([app, s]) => [app, s.size])),
  );
});

it('"a breakdown by app for November" is usage (interactions) by app in November', async () => {
  const { q, rows } = await askedQuery(deps, 'Show me a breakdown by app for November');
  expect(q).toMatchObject({ measure: 'interactions', by: ['app'] });
  expect((q as MeasureQuery).period.label).toBe('November 2026');
  const apps = new Map<string, number>();
  for (const r of truth.rows.filter((x) => day(x.at) >= '2026-11-01' && day(x.at) < '2026-12-01'))
    apps.set(r.app, (apps.get(r.app) ?? 0) + 1);
  expect(apps.size).toBeGreaterThan(1);
  expect(new Map(rows.map((r) => [String(r.app), Number(r.value)]))).toEqual(apps);
});

it('"since we rolled out Copilot" is all synced history; "since last week" starts at last week\'s Monday', async () => {
  const everyone = new Set(truth.rows.map((r) => r.userId)).size;
  for (const question of ['total active users since we rolled out copilot', 'active users since go-live']) {
    const { q, rows } = await askedQuery(deps, question);
    expect((q as MeasureQuery).period.label).toBe('all synced history');
    expect(rows[0]).toMatchObject({ value: everyone });
  }
  const { q, rows } = await askedQuery(deps, 'prompts since last week');
  expect([day((q as MeasureQuery).period.from), day((q as MeasureQuery).period.to)]).toEqual(['2026-11-09', '2026-11-21']); // prettier-ignore
  expect(rows[0]).toMatchObject({ value: truth.rows.filter((r) => r.prompt && day(r.at) >= '2026-11-09').length });
});

it('"when did usage peak this month" names the busiest day; "when is Copilot used the most" stays the hour of the day', async () => {
  const days = new Map<string, number>();
  for (const r of truth.rows.filter((x) => day(x.at) >= '2026-11-01'))
    days.set(day(r.at), (days.get(day(r.at)) ?? 0) + 1);
  const top = Math.max(...days.values());
  for (const question of ['When did Copilot usage peak this month?', 'when was usage highest this month']) {
    const { q, rows } = await askedQuery(deps, question);
    expect(q).toMatchObject({ measure: 'interactions', by: ['day'] });
    expect(rows[0]).toMatchObject({ value: top });
  }
  const { q } = await askedQuery(deps, 'when is copilot used the most');
  expect(q).toMatchObject({ by: ['hour'] });
});

it('"when are people most active" is the hour of the day, not each person by hour', async () => {
  const { q, rows } = await askedQuery(deps, 'when are people most active');
  expect(q).toMatchObject({ by: ['hour'] });
  expect(rows.every((r) => !('user' in r))).toBe(true);
  expect(rows.length).toBeGreaterThan(1);
});

it('"the lowest adoption department" ranks departments by adoption; "percentage of <department> using Copilot" is adoption', async () => {
  const { q } = await askedQuery(deps, 'lowest adoption department');
  expect(q).toMatchObject({ measure: 'adoption', by: ['department'], order: 'asc' });
  // A department over the minimum group size, so its figure is shown.
  const department = [...truth.alone].sort()[0]!;
  const asked = await askedQuery(deps, `what percentage of ${department} uses copilot`);
  expect(asked.q).toMatchObject({ measure: 'adoption', by: [], filters: { departments: [department] } });
  const m = asked.q as MeasureQuery;
  const holders = truth.licensed.filter((u) => u.department === department);
  const active = holders.filter((u) => truth.rows.some((r) => r.userId === u.userId && r.at >= m.period.from && r.at < m.period.to)); // prettier-ignore
  expect(active.length).toBeGreaterThan(0);
  expect(asked.a.summary).toContain(`${active.length} of ${holders.length}`);
});

it('"what did <person> do in Copilot yesterday" lists their sessions of that day, not their whole profile', async () => {
  const yesterday = stored.filter((i) => day(i.createdAt) === '2026-11-19');
  const counts = new Map<string, Set<string>>();
  for (const i of yesterday) counts.set(i.userId, (counts.get(i.userId) ?? new Set()).add(i.sessionId));
  const [userId, sessions] = [...counts].sort((a, b) => b[1].size - a[1].size)[0]!;
  const { q, rows } = await askedQuery(deps, `what did ${truth.names.get(userId)} do in Copilot yesterday`);
  expect(q).toMatchObject({ type: 'list', list: 'sessions', person: { userId } });
  expect(rows).toHaveLength(sessions.size);
});

it('"did anyone stop using Copilot last month" lists who was active the month before and not in it', async () => {
  const inMonth = (r: { at: Date }, month: string) => day(r.at).startsWith(month);
  const september = new Set(truth.rows.filter((r) => inMonth(r, '2026-09')).map((r) => r.userId));
  const october = new Set(truth.rows.filter((r) => inMonth(r, '2026-10')).map((r) => r.userId));
  const stopped = [...september].filter((id) => !october.has(id));
  expect(stopped.length).toBeGreaterThan(0);
  const { q, rows } = await askedQuery(deps, 'did anyone stop using copilot last month');
  expect((q as MeasureQuery).period.label).toBe('September 2026');
  expect(rows.map((r) => String(r.user)).sort()).toEqual(stopped.map((id) => truth.names.get(id)!).sort());
});

it('"what\'s our DAU/MAU ratio" says the ratio is not computed and offers the figures it follows from', async () => {
  for (const question of ["what's our DAU/MAU ratio", 'Copilot stickiness this quarter']) {
    const { a } = await askedQuery(deps, question);
    expect(a.kind).toBe('not_understood');
    expect(a.summary).toMatch(/^Copilot Observatory does not compute a DAU\/MAU ratio/);
    expect(a.suggestions).toContain('Daily active users in the last 30 days');
  }
});

it('"rank departments by prompts per user" is each department\'s prompts over its active users, not a row per person', async () => {
  const { q, rows } = await askedQuery(deps, 'rank departments by prompts per user');
  expect(q).toMatchObject({ measure: 'prompts', by: ['department'], perPerson: true });
  const m = q as MeasureQuery;
  const department = [...truth.alone].sort()[0]!;
  const within = truth.rows.filter((r) => r.at >= m.period.from && r.at < m.period.to && truth.departments.get(r.userId) === department); // prettier-ignore
  const perUser = within.filter((r) => r.prompt).length / new Set(within.map((r) => r.userId)).size;
  const row = rows.find((r) => r.department === department);
  expect(row).toBeDefined();
  expect(Number(row!.value)).toBeCloseTo(perUser, 1);
  expect(rows.every((r) => !('user' in r))).toBe(true);
});

it('"how many sessions had more than 5 prompts" is asked back: a condition on each session is not read as one on people', async () => {
  for (const question of [
    'how many sessions had more than 5 prompts',
    'sessions with more than 10 prompts last week',
  ]) {
    const { a } = await askedQuery(deps, question);
    expect(a.kind).toBe('not_understood');
    expect(a.summary).toMatch(/^I did not understand "more than (5|10) prompts"/);
  }
});

it('"who used Copilot with meetings this week" ranks the people by the meetings they drew on, not the meetings', async () => {
  const { q, rows } = await askedQuery(deps, 'who used Copilot with meetings this week');
  expect(q).toMatchObject({ measure: 'references', by: ['user'], filters: { sourceKind: 'meeting' } });
  const m = q as MeasureQuery;
  const perPerson = new Map<string, number>();
  for (const r of truth.rows.filter((x) => x.at >= m.period.from && x.at < m.period.to))
    for (const key of r.sources)
      if (truth.sources.get(key)?.kind === 'meeting')
        perPerson.set(truth.names.get(r.userId)!, (perPerson.get(truth.names.get(r.userId)!) ?? 0) + 1);
  expect(perPerson.size).toBeGreaterThan(0);
  expect(new Map(rows.map((r) => [String(r.user), Number(r.value)]))).toEqual(perPerson);
});

it('"weekdays vs weekends" shows every day of the week side by side, weekend days included', async () => {
  const { q, rows } = await askedQuery(deps, 'prompts on weekdays versus weekends last month');
  expect(q).toMatchObject({ measure: 'prompts', by: ['weekday'] });
  const m = q as MeasureQuery;
  const names = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
  const perDay = new Map<string, number>();
  for (const r of truth.rows.filter((x) => x.prompt && x.at >= m.period.from && x.at < m.period.to))
    perDay.set(names[r.at.getUTCDay()]!, (perDay.get(names[r.at.getUTCDay()]!) ?? 0) + 1);
  expect(perDay.get('Saturday') ?? perDay.get('Sunday')).toBeGreaterThan(0);
  expect(new Map(rows.map((r) => [String(r.weekday), Number(r.value)]))).toEqual(perDay);
});
