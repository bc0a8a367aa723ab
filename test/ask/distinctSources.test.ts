import { ask, understand, type EngineDeps } from '../../server/core/ask/engine';
import type { MeasureQuery } from '../../server/core/ask/querySchema';
import { startAppHarness, type AppHarness } from '../support/appHarness';
import { allRows, engineDeps } from './askKit';
import { loadTruth } from './groundTruthFigures';

/**
 * "How many different documents / distinct files / unique sites did people use": a count of distinct data sources
 * (or sites) in the period, overall or by app or department, never the references to them; figures recomputed from
 * the stored interactions' source keys.
 */
describe('distinct data sources counted', () => {
  let h: AppHarness;
  let deps: EngineDeps;
  beforeAll(async () => {
    h = await startAppHarness({ userCount: 30, seed: 7 });
    deps = engineDeps(h);
  }, 120_000);
  afterAll(() => h.close());

  async function measureOf(question: string): Promise<MeasureQuery> {
    const parsed = await understand(deps, question);
    if (parsed.type !== 'query' || parsed.query.type !== 'measure')
      throw new Error(`"${question}" was not answered: ${JSON.stringify(parsed)}`);
    return parsed.query;
  }

  /** Distinct source keys (of a kind, when given) per group label, from the raw interactions in the period. */
  async function distinctTruth(q: MeasureQuery, kind: string | null, groupOf: (app: string) => string) {
    const truth = await loadTruth(h.testStore.store, h.ctx.tenantId);
    const out = new Map<string, Set<string>>();
    for (const r of truth.rows) {
      if (r.at < q.period.from || r.at >= q.period.to) continue;
      for (const key of r.sources) {
        if (kind && truth.sources.get(key)?.kind !== kind) continue;
        const g = groupOf(r.app);
        out.set(g, (out.get(g) ?? new Set()).add(key));
      }
    }
    return new Map([...out].map(([g, s]) => [g, s.size]));
  }

  test('"how many different documents did people use last month" counts each file once', async () => {
    const question = 'how many different documents did people use last month';
    const q = await measureOf(question);
    expect(q).toMatchObject({ measure: 'references', distinct: 'sources', by: [], filters: { sourceKind: 'file' } });
    const answer = await ask(deps, question);
    expect(answer.interpretation).toMatch(/^Distinct data sources · files · last month/);
    const expected = (await distinctTruth(q, 'file', () => 'all')).get('all') ?? 0;
    expect(expected).toBeGreaterThan(0);
    expect(answer.rows[0]!.value).toBe(expected);
    // Not the references: the same files counted per reference are more.
    const references = await ask(deps, 'how many references to documents last month');
    expect(Number(references.rows[0]!.value)).toBeGreaterThan(expected);
  });

  test('distinct sources by app: each app’s own distinct sources', async () => {
    const question = 'number of distinct sources by app last 30 days';
    const q = await measureOf(question);
    expect(q).toMatchObject({ measure: 'references', distinct: 'sources', by: ['app'] });
    const rows = await allRows(deps, await ask(deps, question));
    const expected = await distinctTruth(q, null, (app) => app);
    expect(new Map(rows.map((r) => [String(r.app), Number(r.value)]))).toEqual(expected);
  });

  test('"unique SharePoint sites" counts sites; what a distinct count cannot be is said or asked', async () => {
    expect(await measureOf('how many unique SharePoint sites did people use this month')).toMatchObject({
      measure: 'references',
      distinct: 'sites',
    });
    expect(await measureOf('which departments reach the most SharePoint sites')).toMatchObject({
      distinct: 'sites',
      by: ['department'],
    });
    const shared = await ask(deps, 'share of distinct files by app last month');
    expect(shared.kind).toBe('not_available');
    expect(shared.summary).toContain('not shared');
    // People counted before the sources: the users are what is counted, so "different" is asked about.
    const users = await understand(deps, 'how many users opened different files last month');
    expect(users).toMatchObject({ type: 'query', query: { type: 'reply', reply: 'rephrase' } });
  });
});
