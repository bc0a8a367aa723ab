import { ask, understand, type EngineDeps } from '../../server/core/ask/engine';
import type { AskQuery, ReplyQuery } from '../../server/core/ask/querySchema';
import { appName } from '../../server/core/ask/lexicon';
import { startAppHarness, type AppHarness } from '../support/appHarness';
import { engineDeps } from './askKit';
import { loadTruth, type Truth } from './groundTruthFigures';

/**
 * A lead-in before the question ("Quick one for the QBR:", "FYI from the CIO —", "Not urgent, but …", "I'm preparing
 * the leadership slide for Monday.") is context: the question is answered with the same figures as without it, and
 * the line says which words were context. A department it names is the question's filter where the question refers to
 * it ("my people"), asked about where not, never dropped. Hedges and courtesy ("roughly", "kindly") are set aside and
 * said; "sorted", "ordered", "descending", "ascending" order the rows.
 */

jest.setTimeout(300_000);
const now = new Date('2026-11-20T12:00:00.000Z');
let h: AppHarness;
let deps: EngineDeps;
let truth: Truth;

beforeAll(async () => {
  h = await startAppHarness({ userCount: 24, seed: 11, referenceTime: now });
  deps = engineDeps(h);
  truth = await loadTruth(h.testStore.store, h.ctx.tenantId);
}, 300_000);
afterAll(async () => h?.close());

async function queryOf(question: string): Promise<AskQuery> {
  const parsed = await understand(deps, question);
  if (parsed.type !== 'query') throw new Error(`not a query: ${question}`);
  return parsed.query;
}

async function replyOf(question: string): Promise<ReplyQuery> {
  const q = await queryOf(question);
  if (q.type !== 'reply') throw new Error(`answered, not asked back: ${question}`);
  return q;
}

/** Prompts in the period and apps of a measure query, from the stored raw interactions. */
function promptsOf(q: AskQuery): number {
  if (q.type !== 'measure') throw new Error('not a measure');
  const apps = new Set(q.filters.apps.map(appName));
  return truth.rows.filter(
    (r) => r.prompt && r.at >= q.period.from && r.at < q.period.to && (!apps.size || apps.has(r.app)),
  ).length;
}

describe('a lead-in before the question', () => {
  test.each([
    ['Quick one, for the QBR: how many prompts were sent in Teams this week?', '"quick" set aside'],
    ['FYI from the CIO — how many prompts were sent in Teams this week?', 'FYI from the CIO'],
    ['Leadership wants a number: how many prompts were sent in Teams this week?', '"Leadership wants a number"'],
    ["I'm preparing the board slide for Monday - how many prompts were sent in Teams this week?", 'board slide'],
    ['Not urgent, but how many prompts were sent in Teams this week?', 'Not urgent'],
    ['Background: the rollout is under review. How many prompts were sent in Teams this week?', 'rollout'],
  ])('"%s" is answered with the figures of the question alone, the lead-in said', async (text, said) => {
    const q = await queryOf(text);
    expect(q).toMatchObject({ type: 'measure', measure: 'prompts', filters: { apps: ['teams'], departments: [] } });
    if (q.type !== 'measure') return;
    expect(q.period.label).toBe('this week');
    const answer = await ask(deps, text);
    expect(answer.interpretation).toMatch(/read as context, not as the question|set aside/);
    expect(answer.interpretation).toContain(said);
    const plain = await ask(deps, 'how many prompts were sent in Teams this week?');
    expect(answer.rows).toEqual(plain.rows);
    expect(answer.rows.map((r) => Number(r.value))).toEqual([promptsOf(q)]);
  });

  test('a deadline in the lead-in ("for Monday") is not the period of the question', async () => {
    const q = await queryOf(
      "I'm preparing the leadership slide for Monday. How many prompts were sent in Word in the last 30 days?",
    );
    expect(q).toMatchObject({ type: 'measure', measure: 'prompts', filters: { apps: ['word'] } });
    expect(q.type === 'measure' ? q.period.label : null).toBe('last 30 days');
  });

  test('findings and the access log are answered after a lead-in too, the lead-in said', async () => {
    const findings = await ask(deps, 'Asking on behalf of the CISO: any prompt injection attempts this month?');
    expect(findings.interpretation).toMatch(/^Findings.*prompt injection.*read as context.*on behalf of the CISO/);
    const log = await ask(
      deps,
      'Under GDPR we must document this. Who opened whose conversations in the last 90 days?',
    );
    expect(log.interpretation).toMatch(/^Access log · last 90 days.*read as context.*Under GDPR/);
  });

  test('a lead-in that names a department the question refers to makes it the filter, said in the line', async () => {
    const text = 'Sales lead here — how many prompts did my people send this month?';
    expect(await queryOf(text)).toMatchObject({ type: 'measure', filters: { departments: ['Sales'] } });
    expect((await ask(deps, text)).interpretation).toContain('"my people" read as Sales');
  });

  test.each([
    'This is for the Sales review. How many prompts were sent last month?',
    'For the Sales steering committee: how many prompts were sent last month?',
    'Sales review prep — how many prompts were sent last month?',
  ])('"%s" names a department the question does not refer to: asked, both readings offered', async (text) => {
    const reply = await replyOf(text);
    expect(reply).toMatchObject({ reply: 'rephrase', notUnderstood: ["Sales: its figures or everyone's?"] });
    expect(reply.understood).toMatch(/^Prompts · last month/);
    const [withIt, without] = reply.suggestions;
    expect(await queryOf(withIt!)).toMatchObject({ measure: 'prompts', filters: { departments: ['Sales'] } });
    expect(await queryOf(without!)).toMatchObject({ measure: 'prompts', filters: { departments: [] } });
  });

  test('a purpose phrase naming no department is still set aside ("for my report to the CIO")', async () => {
    const q = await queryOf('How many prompts were sent in Teams this week for my report to the CIO?');
    expect(q).toMatchObject({ type: 'measure', measure: 'prompts', filters: { departments: [] } });
  });
});

describe('words that do not change the figures', () => {
  test.each([
    ['Roughly how many prompts were sent in Teams this week?', ['roughly']],
    ['Could you kindly and quickly tell me how many prompts were sent in Teams this week?', ['kindly', 'quickly']],
    ['approximately how many prompts in Teams this week, urgent', ['approximately', 'urgent']],
  ])('"%s" is answered exactly, the words set aside said in the line', async (text, words) => {
    const q = await queryOf(text);
    expect(q).toMatchObject({ type: 'measure', measure: 'prompts', aside: words });
    const answer = await ask(deps, text);
    expect(answer.interpretation).toContain(`${words.map((w) => `"${w}"`).join(', ')} set aside`);
    expect(answer.rows.map((r) => Number(r.value))).toEqual([promptsOf(q)]);
  });

  test('"exactly" is not set aside: it is a condition\'s number', async () => {
    const q = await queryOf('users with exactly 3 prompts this week');
    expect(q.type === 'measure' ? q.aside : undefined).toBeUndefined();
  });

  test.each([
    ['prompts by app this month, sorted descending', 'desc'],
    ['prompts by app this month ordered by prompts', 'desc'],
    ['prompts by app this month, sorted ascending', 'asc'],
  ])('"%s" orders the rows (%s)', async (text, order) => {
    const q = await queryOf(text);
    expect(q).toMatchObject({ type: 'measure', measure: 'prompts', by: ['app'], order });
    const values = (await ask(deps, text)).rows.map((r) => Number(r.value));
    const sorted = [...values].sort((a, b) => (order === 'asc' ? a - b : b - a));
    expect(values.length).toBeGreaterThan(1);
    expect(values).toEqual(sorted);
  });
});
