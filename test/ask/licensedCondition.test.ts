import { ask, understand, type EngineDeps } from '../../server/core/ask/engine';
import { unreadableUserIds } from '../../server/core/insights/userSyncErrors';
import { startAppHarness, type AppHarness } from '../support/appHarness';
import { allRows, engineDeps } from './askKit';
import { loadTruth } from './groundTruthFigures';

/**
 * A condition on activity beside licence holders ("who got a licence but only tried it once", "licensed users with
 * fewer than 3 prompts this month") keeps the holders whose count in the period meets it — holders without activity
 * counted as 0 — and is never dropped: figures recomputed from the stored interactions and the directory.
 */
describe('licence holders kept by a condition on their activity', () => {
  let h: AppHarness;
  let deps: EngineDeps;
  beforeAll(async () => {
    h = await startAppHarness({ userCount: 30, seed: 7 });
    deps = engineDeps(h);
  }, 120_000);
  afterAll(() => h.close());

  /** Each readable licence holder's prompts in [from, to), from the raw interactions. */
  async function promptsPerHolder(from: Date, to: Date): Promise<Map<string, number>> {
    const truth = await loadTruth(h.testStore.store, h.ctx.tenantId);
    const unreadable = new Set(await unreadableUserIds(h.testStore.store, h.ctx.tenantId));
    const counts = new Map(truth.licensed.filter((u) => !unreadable.has(u.userId)).map((u) => [u.name, 0]));
    const byId = new Map(truth.licensed.map((u) => [u.userId, u.name]));
    for (const r of truth.rows) {
      const name = byId.get(r.userId);
      if (r.prompt && name !== undefined && counts.has(name) && r.at >= from && r.at < to)
        counts.set(name, counts.get(name)! + 1);
    }
    return counts;
  }

  test.each([
    ['licensed users with fewer than 3 prompts last month', (n: number) => n < 3],
    ['who got a licence but only tried it once', (n: number) => n === 1],
    ['licensed users with more than 20 prompts this month', (n: number) => n > 20],
  ])('"%s" lists exactly the holders meeting it', async (question, meets) => {
    const parsed = await understand(deps, question);
    if (parsed.type !== 'query' || parsed.query.type !== 'measure') throw new Error(`not a measure: ${question}`);
    expect(parsed.query).toMatchObject({ measure: 'licensed_users', holderCount: 'prompts' });
    const answer = await ask(deps, question);
    expect(answer.kind).toBe('table');
    expect(answer.interpretation).toMatch(/holders with .* prompts, no activity counted as 0/);
    const truth = await promptsPerHolder(parsed.query.period.from, parsed.query.period.to);
    const expected = [...truth].filter(([, n]) => meets(n));
    const rows = await allRows(deps, answer);
    expect(new Map(rows.map((r) => [String(r.user), Number(r.value)]))).toEqual(new Map(expected));
  });

  test('"fewer than" includes holders with no activity at all, at 0', async () => {
    const answer = await ask(deps, 'licensed users with fewer than 3 prompts last month');
    const rows = await allRows(deps, answer);
    const truth = await promptsPerHolder(new Date(0), new Date(8.64e15));
    // Holders who never used Copilot are among them (the simulator's directory has some).
    const never = [...truth].filter(([, n]) => n === 0).map(([name]) => name);
    expect(never.length).toBeGreaterThan(0);
    for (const name of never) expect(rows).toContainEqual(expect.objectContaining({ user: name, value: 0 }));
  });

  test('a condition beside licence holders that nothing counts per holder is asked about, not dropped', async () => {
    const parsed = await understand(deps, 'licensed users with more than 3 files');
    expect(parsed).toMatchObject({ type: 'query', query: { type: 'reply', reply: 'rephrase' } });
  });
});
