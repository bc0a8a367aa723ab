import { MongoClient } from 'mongodb';
import { COPILOT_APPS } from '../../server/core/appCatalog';
import { ask, understand, type EngineDeps } from '../../server/core/ask/engine';
import type { MeasureQuery } from '../../server/core/ask/querySchema';
import { syncFactsOf } from '../../server/core/insights/syncFacts';
import { createStore } from '../../server/store/Store';
import { allRows, fixedEngineDeps } from './askKit';
import { loadTruth, type Truth } from './groundTruthFigures';
import { NOW, syncedTenant, type SyncedTenant } from '../core/insights/syncedTenant';

/**
 * Conditions on people an admin asks about — one app and no other, days active, every day, a fall against the period
 * before, use that stopped, apps nobody tried, a condition counting another measure, idle licences for a span — are
 * answered, each with its condition in the interpretation line, and each figure is the one recomputed here from the
 * stored raw interactions.
 */
describe('conditions on people', () => {
  let s: SyncedTenant;
  let client: MongoClient;
  let deps: EngineDeps;
  let truth: Truth;

  beforeAll(async () => {
    s = await syncedTenant('peopleConditions');
    client = new MongoClient(s.t.uri);
    await client.connect();
    const store = createStore(client.db(s.t.dbName));
    deps = await fixedEngineDeps(store, s.tenantId, NOW);
    truth = await loadTruth(store, s.tenantId);
  });
  afterAll(async () => {
    await client?.close();
    await s?.close();
  });

  async function measureOf(question: string): Promise<MeasureQuery> {
    const parsed = await understand(deps, question);
    if (parsed.type !== 'query' || parsed.query.type !== 'measure')
      throw new Error(`"${question}" was not answered: ${JSON.stringify(parsed)}`);
    return parsed.query;
  }
  const within = (p: { from: Date; to: Date }) => truth.rows.filter((r) => r.at >= p.from && r.at < p.to);
  /** Per person in a range: the UTC days they were active and the apps they used. */
  function activity(p: { from: Date; to: Date }) {
    const out = new Map<string, { days: Set<string>; apps: Set<string> }>();
    for (const r of within(p)) {
      const a = out.get(r.userId) ?? { days: new Set<string>(), apps: new Set<string>() };
      a.days.add(r.at.toISOString().slice(0, 10));
      a.apps.add(r.app);
      out.set(r.userId, a);
    }
    return out;
  }
  const namesOf = (ids: Iterable<string>) => [...ids].map((id) => truth.names.get(id)!).sort();
  const shownNames = async (question: string) => {
    const answer = await ask(deps, question);
    expect(answer.kind).toBe('table');
    return { answer, names: (await allRows(deps, answer)).map((r) => String(r.user)).sort() };
  };

  it('lists and counts the people whose every interaction in the period is in one app', async () => {
    const q = await measureOf('people who used Copilot only in Teams and nothing else');
    const sole = [...activity(q.period)].filter(([, a]) => a.apps.size === 1 && a.apps.has('Teams'));
    expect(sole.length).toBeGreaterThan(0);
    const { answer, names } = await shownNames('people who used Copilot only in Teams and nothing else');
    expect(answer.interpretation).toContain('people who used only Teams in the period, no other app');
    expect(names).toEqual(namesOf(sole.map(([id]) => id)));
    // Someone who used Teams and another app is not among them.
    const both = [...activity(q.period)].find(([, a]) => a.apps.has('Teams') && a.apps.size > 1);
    expect(both).toBeDefined();
    expect(names).not.toContain(truth.names.get(both![0]));
    const count = await ask(deps, 'how many people only use Teams');
    expect(count.rows[0]).toMatchObject({ value: sole.length });
    expect(count.summary).toMatch(new RegExp(`^${sole.length} (people|person) in this period: who used only Teams`));
  });

  it('counts and lists the people active on at least N different days', async () => {
    const q = await measureOf('how many people used copilot on at least 3 different days last week');
    const many = [...activity(q.period)].filter(([, a]) => a.days.size >= 3);
    expect(many.length).toBeGreaterThan(0);
    expect([...activity(q.period)].some(([, a]) => a.days.size < 3)).toBe(true);
    const count = await ask(deps, 'how many people used copilot on at least 3 different days last week');
    expect(count.interpretation).toContain('people active on at least 3 different days');
    expect(count.rows[0]).toMatchObject({ value: many.length });
    const { names } = await shownNames('who used Copilot on 3 or more days last week');
    expect(names).toEqual(namesOf(many.map(([id]) => id)));
  });

  it('reads "at least 3 days last week", "more than 2 days in …", "3 days or more" as days active in the period named', async () => {
    const week = await measureOf('how many people used copilot on at least 3 different days last week');
    const many = [...activity(week.period)].filter(([, a]) => a.days.size >= 3);
    for (const question of [
      'how many people used copilot at least 3 days last week',
      'number of users active 3 days or more last week',
    ]) {
      const q = await measureOf(question);
      expect(q.period).toMatchObject({ from: week.period.from, to: week.period.to, label: 'last week' });
      expect((await ask(deps, question)).rows[0]).toMatchObject({ value: many.length });
    }
    const { names } = await shownNames('who used copilot 3 days or more last week');
    expect(names).toEqual(namesOf(many.map(([id]) => id)));
    // "more than 2 days in <a month>": the month, not the last 2 days; fewer: "at most 2 days".
    const month = await measureOf('how many users were active more than 2 days in the last month');
    expect(month.period.label).toBe('last month');
    const over = [...activity(month.period)].filter(([, a]) => a.days.size > 2);
    const under = [...activity(month.period)].filter(([, a]) => a.days.size <= 2);
    expect(over.length).toBeGreaterThan(0);
    expect(under.length).toBeGreaterThan(0);
    expect((await ask(deps, 'how many users were active more than 2 days in the last month')).rows[0]).toMatchObject({
      value: over.length,
    });
    expect((await ask(deps, 'how many users were active at most 2 days last month')).rows[0]).toMatchObject({
      value: under.length,
    });
  });

  it('reads "only ever used <app>" as that app and no other, over all synced history', async () => {
    const q = await measureOf('which users have only ever used Teams copilot?');
    expect(q.period.label).toBe('all synced history');
    const sole = [...activity(q.period)].filter(([, a]) => a.apps.size === 1 && a.apps.has('Teams'));
    const teams = [...activity(q.period)].filter(([, a]) => a.apps.has('Teams'));
    expect(teams.length).toBeGreaterThan(sole.length);
    const { answer, names } = await shownNames('which users have only ever used Teams copilot?');
    expect(answer.interpretation).toContain('who used only Teams');
    expect(names).toEqual(namesOf(sole.map(([id]) => id)));
  });

  it("ranks people by their days active, in all apps or in one, each figure the person's distinct days", async () => {
    for (const [question, app] of [
      ['who was active on the most days last month', null],
      ['who used Word on the most days this month', 'Word'],
    ] as const) {
      const q = await measureOf(question);
      const days = new Map<string, Set<string>>();
      for (const r of within(q.period).filter((x) => !app || x.app === app)) {
        const set = days.get(r.userId) ?? new Set<string>();
        set.add(r.at.toISOString().slice(0, 10));
        days.set(r.userId, set);
      }
      const answer = await ask(deps, question);
      expect(answer.interpretation).toContain("Days active by person · each person's days with any Copilot activity");
      const rows = await allRows(deps, answer);
      expect(rows.length).toBe(Math.min(10, days.size));
      const sorted = [...days.values()].map((d) => d.size).sort((a, b) => b - a);
      expect(rows.map((r) => Number(r.value))).toEqual(sorted.slice(0, rows.length));
      for (const r of rows) {
        const id = [...days.keys()].find((x) => truth.names.get(x) === r.user)!;
        expect(Number(r.value)).toBe(days.get(id)!.size);
      }
    }
  });

  it('keeps the people active on every day of the period', async () => {
    const q = await measureOf('who used copilot every day in the last 3 days');
    const days = Math.ceil((q.period.to.getTime() - q.period.from.getTime()) / 86_400_000);
    const every = [...activity(q.period)].filter(([, a]) => a.days.size >= days);
    const { answer, names } = await shownNames('who used copilot every day in the last 3 days');
    expect(answer.interpretation).toContain('people active on every day of the period');
    expect(names).toEqual(namesOf(every.map(([id]) => id)));
    expect([...activity(q.period)].some(([, a]) => a.days.size < days)).toBe(true);
  });

  it('lists the people whose interactions fell against the month before, each with both figures', async () => {
    const q = await measureOf('Show me users whose usage dropped compared to last month');
    const now = new Map([...groupCount(within(q.period))]);
    const before = new Map([...groupCount(within(q.against!))]);
    const fell = [...new Set([...now.keys(), ...before.keys()])].filter((id) => (now.get(id) ?? 0) < (before.get(id) ?? 0)); // prettier-ignore
    expect(fell.length).toBeGreaterThan(0);
    const answer = await ask(deps, 'Show me users whose usage dropped compared to last month');
    expect(answer.interpretation).toContain('only those whose figure fell against the period before');
    const rows = await allRows(deps, answer);
    expect(rows.map((r) => String(r.user)).sort()).toEqual(namesOf(fell));
    const byName = new Map(fell.map((id) => [truth.names.get(id)!, id]));
    for (const r of rows) {
      const id = byName.get(String(r.user))!;
      expect([Number(r.value), Number(r.previous)]).toEqual([now.get(id) ?? 0, before.get(id) ?? 0]);
    }
  });

  it('lists the people active in the first weeks of the synced history and not in the last ones', async () => {
    const first = (await syncFactsOf(deps).firstSyncedDay())!;
    const start = new Date(`${first}T00:00:00Z`);
    const weeks = 21 * 86_400_000;
    const early = activity({ from: start, to: new Date(start.getTime() + weeks) });
    const late = activity({ from: new Date(NOW.getTime() - weeks), to: NOW });
    const stopped = [...early.keys()].filter((id) => !late.has(id));
    const { answer, names } = await shownNames('who stopped using copilot after the first few weeks');
    expect(answer.interpretation).toContain(
      'people active in the first 3 weeks of the synced history and not in the last 3 weeks',
    );
    expect(names).toEqual(namesOf(stopped));
  });

  it("lists the catalogue's apps nobody in a department used, and names the catalogue", async () => {
    const q = await measureOf('Which Copilot apps has nobody in Engineering tried yet?');
    const members = new Set([...truth.departments].filter(([, d]) => d === 'Engineering').map(([id]) => id));
    const used = new Set(
      within(q.period)
        .filter((r) => members.has(r.userId))
        .map((r) => r.app),
    );
    const unused = COPILOT_APPS.map((a) => a.displayName).filter((name) => !used.has(name));
    expect(unused.length).toBeGreaterThan(0);
    expect(unused.length).toBeLessThan(COPILOT_APPS.length);
    const answer = await ask(deps, 'Which Copilot apps has nobody in Engineering tried yet?');
    expect(answer.interpretation).toContain('apps with exactly 0 active users');
    expect((await allRows(deps, answer)).map((r) => String(r.app)).sort()).toEqual(unused.sort());
    expect(answer.summary).toContain("The catalogue's Copilot apps: Microsoft 365 Chat, Teams, Word");
  });

  it('keeps the rows by a condition on another measure, the figure shown staying the one asked', async () => {
    const q = await measureOf('sessions by user, only users with more than 3 apps');
    const apps = activity(q.period);
    const kept = [...apps].filter(([, a]) => a.apps.size > 3).map(([id]) => id);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(apps.size);
    const { answer, names } = await shownNames('sessions by user, only users with more than 3 apps');
    expect(answer.interpretation).toContain('Sessions by person · people with more than 3 apps');
    expect(names).toEqual(namesOf(kept));
    const rows = await allRows(deps, answer);
    for (const r of rows) {
      const id = kept.find((x) => truth.names.get(x) === r.user)!;
      expect(Number(r.condition)).toBe(apps.get(id)!.apps.size);
    }
  });

  it('reads idle licences over a span said with "in", "30+" or "if we took … away" as that rolling period', async () => {
    const plain = await ask(deps, 'licensed users without activity in the last 30 days');
    for (const question of ['licences unused for 30+ days', 'licenses that have been idle for 30 days or more']) {
      const answer = await ask(deps, question);
      expect(answer.interpretation).toBe(plain.interpretation);
      expect(answer.totalRows).toBe(plain.totalRows);
    }
    const reclaim = await ask(deps, 'If we took licences away from everyone inactive for 60 days, how many would we free up?'); // prettier-ignore
    expect(reclaim.interpretation).toContain('Licensed users without Copilot activity · last 60 days');
    expect(reclaim.totalRows).toBeGreaterThan(0);
    const finance = await measureOf("who in finance hasn't touched copilot in 2 weeks");
    expect(finance).toMatchObject({ measure: 'licensed_inactive', by: [], filters: { departments: ['Finance'] } });
    expect(finance.period.label).toBe('last 2 weeks');
  });
});

/** Interactions per person. */
function groupCount(rows: Truth['rows']): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of rows) out.set(r.userId, (out.get(r.userId) ?? 0) + 1);
  return out;
}
