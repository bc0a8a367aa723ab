import { ask } from '../../server/core/ask/engine';
import { syncedEngine, type SyncedEngine } from './syncedEngine';

/**
 * After "compare …" or "vs", "by active users and prompts", "in terms of sessions" name the measures the values are
 * set side by side on; "by user", "by department" stay a grouping. Figures recomputed from the stored interactions.
 */
describe('measures named after a comparison', () => {
  let e: SyncedEngine;
  beforeAll(async () => {
    e = await syncedEngine('compare-by-measures');
  }, 180_000);
  afterAll(() => e.close());

  const MEASURES: Array<[question: string, measure: string, also: string[], by: string[]]> = [
    ['Compare Teams and Outlook usage by active users and prompts this month', 'active_users', ['prompts'], ['app']],
    ['compare Word and Excel by prompts and active users last week', 'prompts', ['active_users'], ['app']],
    ['Word vs Excel in terms of sessions last month', 'sessions', [], ['app']],
    ['Teams vs Outlook in terms of active users and sessions', 'active_users', ['sessions'], ['app']],
    ['compare Sales and Finance in terms of prompts', 'prompts', [], ['department']],
  ];

  test.each(MEASURES)('"%s" is read as measures, not people', async (question, measure, also, by) => {
    const q = await e.measureOf(question);
    expect(q.measure).toBe(measure);
    expect(q.also ?? []).toEqual(also);
    expect(q.by).toEqual(by);
  });

  test('"by user" after a comparison stays a grouping by person', async () => {
    const q = await e.measureOf('compare Teams and Outlook by user last week');
    expect(q.by).toEqual(['app', 'user']);
  });

  test("Teams' and Outlook's active users and prompts are the stored figures", async () => {
    const question = 'Compare Teams and Outlook usage by active users and prompts in October';
    const q = await e.measureOf(question);
    const answer = await ask(e.deps, question);
    expect(answer.interpretation).not.toMatch(/person/);
    for (const app of ['Teams', 'Outlook']) {
      const rows = e.truth.rows.filter((r) => r.app === app && r.at >= q.period.from && r.at < q.period.to);
      const users = new Set(rows.filter((r) => r.prompt || r.response).map((r) => r.userId)).size;
      const prompts = rows.filter((r) => r.prompt).length;
      expect(prompts).toBeGreaterThan(0);
      const row = answer.rows.find((r) => r.app === app);
      expect(row).toMatchObject({ value0: users, value1: prompts });
    }
  });
});
