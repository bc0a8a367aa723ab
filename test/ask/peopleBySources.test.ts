import { ask } from '../../server/core/ask/engine';
import { syncedEngine, type SyncedEngine } from './syncedEngine';

/**
 * "Top 5 users by external web sources referenced", "who referenced the most meetings": people ranked by their
 * data-source references, the kind of source a filter — never the total of references, nor the sources themselves
 * ranked. Figures recomputed from the stored interactions' source keys.
 */
describe('people ranked by a data-source measure', () => {
  let e: SyncedEngine;
  beforeAll(async () => {
    e = await syncedEngine('people-by-sources');
  }, 180_000);
  afterAll(() => e.close());

  const RANKED: Array<[question: string, kind: string | undefined, limit: number | undefined, order: string]> = [
    ['Top 5 users by number of external web sources referenced in the last 90 days', 'web', 5, 'desc'],
    ['top 3 people by emails used as sources this month', 'email', 3, 'desc'],
    ['top 10 users by SharePoint files referenced last month', 'file', 10, 'desc'],
    ['bottom 5 users by files referenced', 'file', 5, 'asc'],
    ['rank people by meetings used as sources last week', 'meeting', undefined, 'desc'],
    ['who referenced the most web pages in October', 'web', undefined, 'desc'],
    ['the 5 heaviest users of data sources this month', undefined, 5, 'desc'],
  ];

  test.each(RANKED)('"%s" ranks people by their references', async (question, kind, limit, order) => {
    const q = await e.measureOf(question);
    expect(q).toMatchObject({ measure: 'references', by: ['user'], order });
    expect(q.filters.sourceKind).toBe(kind);
    expect(q.limit).toBe(limit);
  });

  test('the sources stay the rows when they are what is ranked ("which files did users reference most")', async () => {
    const q = await e.measureOf('which files did users reference most last week');
    expect(q).toMatchObject({ measure: 'references', by: ['source'], filters: { sourceKind: 'file' } });
  });

  test("each person's web references in the last 90 days, as the stored interactions hold them", async () => {
    const question = 'Top 5 users by number of external web sources referenced in the last 90 days';
    const q = await e.measureOf(question);
    const counts = new Map<string, number>();
    for (const r of e.truth.rows) {
      if (r.at < q.period.from || r.at >= q.period.to) continue;
      const web = r.sources.filter((s) => e.truth.sources.get(s)?.kind === 'web').length;
      if (web) counts.set(e.truth.names.get(r.userId)!, (counts.get(e.truth.names.get(r.userId)!) ?? 0) + web);
    }
    const expected = [...counts.values()].sort((a, b) => b - a);
    expect(expected.length).toBeGreaterThan(1);
    const answer = await ask(e.deps, question);
    expect(answer.interpretation).toMatch(/^Data-source references by person · web pages · last 90 days/);
    expect(answer.rows.length).toBeGreaterThanOrEqual(Math.min(5, expected.length));
    for (const row of answer.rows) expect(row.value).toBe(counts.get(String(row.user)));
    expect(answer.rows[0]!.value).toBe(expected[0]);
  });
});
