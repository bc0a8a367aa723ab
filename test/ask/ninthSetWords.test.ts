import { ask, type EngineDeps } from '../../server/core/ask/engine';
import { startAppHarness, type AppHarness } from '../support/appHarness';
import { engineDeps, queryOf as askedAs } from './askKit';
import { loadTruth, type Truth } from './groundTruthFigures';

/**
 * Words the ninth blind set saw asked back although the rest was read right: "if"/"because" joining a clause, a
 * ticket's prose around the question, "deck"/"spreadsheet" (a file), "web sources" (the web kind), "grown" (a
 * change), "reps" (people), "sitting unused"/"going idle" (licences without use) and "can't see" (missing data).
 */

jest.setTimeout(300_000);
const now = new Date('2026-11-20T12:00:00.000Z');
const monday = new Date('2026-11-16T00:00:00.000Z');
let h: AppHarness;
let deps: EngineDeps;
let truth: Truth;
/** The person with the most interactions this week. */
let person: string;
let personId: string;

beforeAll(async () => {
  h = await startAppHarness({ userCount: 24, seed: 11, referenceTime: now });
  deps = engineDeps(h);
  truth = await loadTruth(h.testStore.store, h.ctx.tenantId);
  const counts = new Map<string, number>();
  for (const r of truth.rows.filter((r) => r.at >= monday)) counts.set(r.userId, (counts.get(r.userId) ?? 0) + 1);
  personId = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
  person = truth.names.get(personId)!;
}, 300_000);
afterAll(async () => h?.close());

const queryOf = (question: string) => askedAs(deps, question);

const interactionsSince = (userId: string, from: Date) =>
  truth.rows.filter((r) => r.userId === userId && r.at >= from && r.at < now).length;

describe('words that do not change the question', () => {
  test.each([
    (p: string) => `can you check if ${p} used copilot this week? he has a ticket open saying the button is greyed out`,
    (p: string) => `Could you tell me if ${p} has used Copilot this week? The ticket says the icon is greyed out.`,
    (p: string) => `check if ${p} used Copilot this week`,
  ])('"if" and a ticket\'s prose around a person\'s question: the figure is theirs (%#)', async (write) => {
    const text = write(person);
    const answer = await ask(deps, text);
    expect(answer.kind).toBe('table');
    const q = await queryOf(text);
    expect(q).toMatchObject({ type: 'measure', measure: 'interactions' });
    if (q.type !== 'measure') throw new Error('not a measure');
    expect(q.filters.people.map((p) => p.name)).toEqual([person]);
    expect(Number(answer.rows[0]?.value)).toBe(interactionsSince(personId, monday));
  });

  test('"because" in a findings question is no word asked back', async () => {
    const q = await queryOf('Show me the findings raised because a disabled account used Copilot');
    expect(q.type).toBe('findings');
  });

  test.each([
    'Top 10 external web sources Copilot referenced this quarter',
    'which web sources did Copilot cite most this month',
    'most referenced external sources in October',
  ])('"%s": the web sources ranked by references', async (text) => {
    const q = await queryOf(text);
    expect(q).toMatchObject({ type: 'measure', measure: 'references', by: ['source'], filters: { sourceKind: 'web' } });
    const answer = await ask(deps, text);
    expect(answer.rows.length).toBeGreaterThan(0);
    expect(answer.rows.every((r) => r.kind === 'web')).toBe(true);
  });

  test.each([
    'spreadsheets Copilot cited most this month',
    'which spreadsheets did Copilot cite most this month',
    'top workbooks referenced last month',
  ])('"%s": files, as "documents"', async (text) => {
    expect(await queryOf(text)).toMatchObject({ measure: 'references', filters: { sourceKind: 'file' } });
  });

  test('"deck" after a stored file\'s name is that file, no word asked back; "the exec deck" stays the asker\'s', async () => {
    const file = [...truth.sources.values()].find((s) => s.kind === 'file' && /\.pptx$/i.test(s.name))!;
    const stem = file.name.replace(/\.pptx$/i, '');
    const q = await queryOf(`Who accessed the ${stem} deck through Copilot this month?`);
    expect(q.type).toBe('measure');
    expect(JSON.stringify(q)).toContain(file.name);
    const lead = await queryOf('I need numbers for the exec deck: how many people used Copilot in October?');
    expect(lead).toMatchObject({ type: 'measure', measure: 'active_users' });
    if (lead.type === 'measure') expect(lead.filters.sourceKind).toBeUndefined();
  });

  test.each([
    'Has weekly Copilot usage grown since the start of October?',
    'have weekly prompts increased since October',
    'has weekly usage declined since September',
    'has Copilot use risen week by week since October',
  ])('"%s": a weekly series with its direction said', async (text) => {
    const q = await queryOf(text);
    expect(q).toMatchObject({ type: 'measure', by: ['week'] });
    const answer = await ask(deps, text);
    expect(answer.interpretation).not.toContain('read "');
    expect(answer.summary).toMatch(/Going (?:up|down)|Flat|Steady|No clear/i);
  });

  test.each([
    'How many of my reps used Copilot last week?',
    'How many of our representatives used Copilot last week?',
    'how many of my teammates used Copilot last week',
  ])('"%s": people, counted as active users', async (text) => {
    expect(await queryOf(text)).toMatchObject({ type: 'measure', measure: 'active_users' });
  });

  test.each([
    'How many Copilot licences are assigned and how many of them are sitting unused?',
    'how many licences are sitting idle',
    'how many seats are going unused',
    'which licences have been left unused',
    'Copilot licences lying dormant',
  ])('"%s": licence holders without activity, counted against the store', async (text) => {
    const q = await queryOf(text);
    expect(q).toMatchObject({ type: 'measure', measure: 'licensed_inactive' });
    const answer = await ask(deps, text);
    const active = new Set(truth.rows.map((r) => r.userId));
    const idle = truth.licensed.filter((u) => !active.has(u.userId)).map((u) => u.name);
    expect(answer.rows.map((r) => String(r.user)).sort()).toEqual(idle.sort());
  });

  test.each([
    (p: string) => `We can't see any Copilot data for ${p}. Why is that?`,
    (p: string) => `we do not see anything for ${p} in the dashboard`,
    (p: string) => `${p} is not showing any Copilot data`,
  ])("missing data for a person is asked as that person's use (%#)", async (write) => {
    const text = write(person);
    const answer = await ask(deps, text);
    expect(answer.kind).not.toBe('not_understood');
    expect(JSON.stringify(await queryOf(text))).toContain(personId);
  });
});
