import { ask, type EngineDeps } from '../../server/core/ask/engine';
import { startAppHarness, type AppHarness } from '../support/appHarness';
import { engineDeps, queryOf as askedAs } from './askKit';
import { loadTruth, type Truth } from './groundTruthFigures';
import { injectTurns } from '../api/injectTurns';
import { loadFindingTruth, type FindingTruth } from './findingTruth';

/**
 * Rankings the ninth blind set got wrong: "which files … for the largest number of different people" is files ranked
 * by the people reaching each (it was one count over all files), and a findings ranking by person cut at N says the
 * rows past the cut tied with the last one shown, as usage rankings do.
 */

jest.setTimeout(300_000);
const now = new Date('2026-11-20T12:00:00.000Z');
let h: AppHarness;
let deps: EngineDeps;
let truth: Truth;
let findings: FindingTruth;

beforeAll(async () => {
  h = await startAppHarness({ userCount: 24, seed: 11, referenceTime: now });
  deps = engineDeps(h);
  // Card numbers pasted by three people (two, one and one): a ranking by person whose second row ties with the third.
  const [a, b, c] = await h.testStore.store.users.find({}).sort({ userId: 1 }).limit(3).toArray();
  const card = (n: string) => ({ prompt: `Book the hotel with the corporate card ${n}, expiry 12/28.` });
  await injectTurns(h, a!.userId, 2 * 24 * 60, [card('4111 1111 1111 1111'), card('5500 0000 0000 0004')]);
  await injectTurns(h, b!.userId, 3 * 24 * 60, [card('4012 8888 8888 1881')]);
  await injectTurns(h, c!.userId, 4 * 24 * 60, [card('4111 1111 1111 1111')]);
  await h.sync('full');
  truth = await loadTruth(h.testStore.store, h.ctx.tenantId);
  findings = await loadFindingTruth(h.testStore.store, h.ctx.tenantId);
}, 300_000);
afterAll(async () => h?.close());

const queryOf = (question: string) => askedAs(deps, question);

/** Distinct people per source (its address, else its name) of a kind, over all stored interactions. */
function peoplePerSource(kind: string): Map<string, number> {
  const people = new Map<string, Set<string>>();
  for (const r of truth.rows)
    for (const key of r.sources) {
      const s = truth.sources.get(key);
      if (s?.kind !== kind) continue;
      const id = s.url ?? s.name;
      if (!people.has(id)) people.set(id, new Set());
      people.get(id)!.add(r.userId);
    }
  return new Map([...people].map(([name, ids]) => [name, ids.size]));
}

describe('sources ranked by the people reaching them', () => {
  test.each([
    'Which files has Copilot pulled up for the largest number of different people?',
    'which files reached the highest number of distinct users',
    'What documents did Copilot cite for the biggest number of unique people?',
  ])('"%s": a row per file, each with its people, largest first', async (text) => {
    const q = await queryOf(text);
    expect(q).toMatchObject({
      type: 'measure',
      measure: 'source_users',
      by: ['source'],
      filters: { sourceKind: 'file' },
    });
    const answer = await ask(deps, text);
    const expected = peoplePerSource('file');
    expect(answer.rows.length).toBeGreaterThan(1);
    expect(Number(answer.rows[0]!.value)).toBe(Math.max(...expected.values()));
    for (const row of answer.rows) expect(Number(row.value)).toBe(expected.get(String(row.url ?? row.source)));
  });

  test('"how many different people has Copilot pulled files up for" stays one count', async () => {
    expect(await queryOf('how many different people has Copilot pulled files up for')).toMatchObject({ by: [] });
  });
});

describe('a findings ranking by person cut at N', () => {
  test('the rows tied with the last one shown are said', async () => {
    const counts = new Map<string, number>();
    for (const f of findings.findings) counts.set(f.userId, (counts.get(f.userId) ?? 0) + 1);
    const values = [...counts.values()].sort((a, b) => b - a);
    // The first cut-off with a tie across it: the N-th person's count shared by the (N+1)-th.
    const n = values.findIndex((v, i) => i > 0 && v === values[i + 1]) + 1;
    expect(n).toBeGreaterThan(0);
    const past = values.slice(n).filter((v) => v === values[n - 1]).length;
    const answer = await ask(deps, `top ${n} users by number of findings`);
    expect(answer.rows.map((r) => Number(r.value))).toEqual(values.slice(0, n));
    expect(answer.summary).toContain(`${past} more ${past === 1 ? 'is' : 'are'} tied at ${values[n - 1]}`);
  });
});
