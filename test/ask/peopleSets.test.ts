import { ask, type EngineDeps } from '../../server/core/ask/engine';
import { allRows } from './askKit';
import type { Truth } from './groundTruthFigures';
import { syncedEngine, type SyncedEngine } from './syncedEngine';

/**
 * Sets of people as admins ask for them: "which persons …" and "name the users …" list the people rather than count
 * them; the licensed members of a department without activity, each with their last use; people in every app named
 * ("both", "all of", "and also") against either app; and each person's first use of one app. Every list is
 * recomputed here from the stored raw interactions and the directory.
 */
describe('sets of people', () => {
  let e: SyncedEngine;
  let deps: EngineDeps;
  let truth: Truth;

  beforeAll(async () => {
    e = await syncedEngine('peopleSets');
    ({ deps, truth } = e);
  });
  afterAll(async () => e?.close());

  const rowsIn = (p: { from: Date; to: Date }, app?: string) =>
    truth.rows.filter((r) => r.at >= p.from && r.at < p.to && (!app || r.app === app));
  const activeIn = (p: { from: Date; to: Date }, app?: string) => new Set(rowsIn(p, app).map((r) => r.userId));
  const namesOf = (ids: Iterable<string>) => [...ids].map((id) => truth.names.get(id)!).sort();
  const shown = async (question: string, over: EngineDeps = deps) => {
    const answer = await ask(over, question);
    expect(answer.kind).toBe('table');
    return { answer, names: (await allRows(over, answer)).map((r) => String(r.user)).sort() };
  };

  it.each([
    'which persons are using Word since the beginning of October',
    'name the users active in Word since 1 October',
    'give me the names of people using Copilot in Word since October 1',
    'is anyone using Word since 1 Oct',
  ])('lists the people, not a count, for "%s"', async (question) => {
    const q = await e.measureOf(question);
    expect(q.by).toEqual(['user']);
    const prompted = new Set(
      rowsIn(q.period, 'Word')
        .filter((r) => r.prompt)
        .map((r) => r.userId),
    );
    expect(prompted.size).toBeGreaterThan(1);
    const { answer, names } = await shown(question);
    expect(answer.interpretation).toContain('by person');
    expect(names).toEqual(namesOf(prompted).slice(0, names.length));
    expect(names.length).toBe(Math.min(10, prompted.size));
  });

  it('lists the people in every app named when asked for both, and either app when asked for either', async () => {
    const q = await e.measureOf('Who used Copilot in both Word and PowerPoint since 1 September?');
    expect(q.who?.everyApp).toBe(true);
    const word = activeIn(q.period, 'Word');
    const powerPoint = activeIn(q.period, 'PowerPoint');
    const both = [...word].filter((id) => powerPoint.has(id));
    expect(both.length).toBeGreaterThan(0);
    // Someone in one app only is what the condition leaves out.
    expect(word.size + powerPoint.size).toBeGreaterThan(2 * both.length);
    const { answer, names } = await shown('Who used Copilot in both Word and PowerPoint since 1 September?');
    expect(answer.interpretation).toContain('people active in both Word and PowerPoint');
    expect(names).toEqual(namesOf(both));
    const prompts = (id: string) =>
      rowsIn(q.period).filter((r) => r.userId === id && r.prompt && ['Word', 'PowerPoint'].includes(r.app)).length;
    for (const row of answer.rows) {
      const id = both.find((u) => truth.names.get(u) === row.user)!;
      expect(row.value).toBe(prompts(id));
    }
    const count = await ask(deps, 'how many people used both Word and PowerPoint since 1 September');
    expect(count.rows[0]).toMatchObject({ value: both.length });
    const either = await e.measureOf('who used Word or PowerPoint since 1 September');
    expect(either).toMatchObject({ by: ['user'], filters: { apps: ['word', 'powerpoint'] } });
    expect(either.who).toBeUndefined();
    const union = new Set(
      rowsIn(q.period)
        .filter((r) => r.prompt && ['Word', 'PowerPoint'].includes(r.app))
        .map((r) => r.userId),
    );
    const { names: eitherNames } = await shown('who used Word or PowerPoint since 1 September');
    expect(eitherNames.length).toBe(Math.min(10, union.size));
    expect(eitherNames.length).toBeGreaterThan(names.length);
    for (const name of eitherNames) expect(namesOf(union)).toContain(name);
  });

  it('reads "all of" three apps and "and also" as every app named', async () => {
    const q = await e.measureOf('how many people used all of Word, Outlook and Teams since 1 September');
    expect(q.who?.everyApp).toBe(true);
    const sets = ['Word', 'Outlook', 'Teams'].map((app) => activeIn(q.period, app));
    const every = [...sets[0]!].filter((id) => sets.every((s) => s.has(id)));
    const answer = await ask(deps, 'how many people used all of Word, Outlook and Teams since 1 September');
    expect(answer.interpretation).toContain('every one of Word, Outlook and Teams');
    expect(answer.rows[0]).toMatchObject({ value: every.length });
    for (const phrasing of [
      'who used Word as well as Outlook and Teams since 1 September',
      'people using Word, Outlook and Teams both',
    ])
      // prettier-ignore
      expect((await e.measureOf(phrasing)).who).toEqual({ everyApp: true });
    const also = await e.measureOf('users active in Teams and also in Outlook this month');
    expect(also).toMatchObject({ who: { everyApp: true }, by: [] });
    // Prompts over several apps add them up: "all of" is not a condition on people there.
    expect((await e.measureOf('total prompts in all of Word, Excel and PowerPoint last month')).who).toBeUndefined();
  });

  it("lists a department's licensed members without activity in the period, each with their last use", async () => {
    const departments = [...new Set(truth.licensed.map((u) => u.department).filter((d): d is string => !!d))];
    const question = (d: string) => `which of my ${d} team haven't touched Copilot in the last two weeks`;
    const q = await e.measureOf(question(departments[0]!));
    expect(q.measure).toBe('licensed_inactive');
    const recent = activeIn(q.period);
    const idleOf = (d: string) =>
      truth.licensed.filter((u) => u.department === d && !recent.has(u.userId)).map((u) => u.userId);
    // A department with someone idle and someone active, so the period is what decides.
    const dept = departments.find((d) => {
      const idle = idleOf(d).length;
      return idle > 0 && idle < truth.licensed.filter((u) => u.department === d).length;
    })!;
    expect(dept).toBeDefined();
    // Under the minimum group size a department's licence holders without activity are withheld, as its figures are.
    const size = truth.licensed.filter((u) => u.department === dept).length;
    const withheld = await ask({ ...deps, minGroupSize: size + 1 }, question(dept));
    expect(withheld.kind).toBe('not_available');
    expect(withheld.summary).toContain(`${dept} has fewer than ${size + 1} licensed users`);
    const { answer, names } = await shown(question(dept), { ...deps, minGroupSize: size });
    expect(answer.interpretation).toContain(`Licensed users without Copilot activity · ${dept}`);
    expect(names).toEqual(namesOf(idleOf(dept)));
    for (const row of answer.rows) {
      const id = idleOf(dept).find((u) => truth.names.get(u) === row.user)!;
      const uses = truth.rows.filter((r) => r.userId === id).map((r) => r.at.getTime());
      expect(row.lastActiveAt).toBe(uses.length ? new Date(Math.max(...uses)).toISOString() : null);
    }
    const phrased = await e.measureOf(`${dept} people with a licence but no prompts in the last 14 days`);
    expect(phrased).toMatchObject({ measure: 'licensed_inactive', filters: { departments: [dept] } });
  });

  it("answers each person's first use of one app, not of Copilot, with names and a count", async () => {
    const q = await e.measureOf('who started using Copilot in Teams in October');
    expect(q).toMatchObject({ measure: 'new_users', filters: { apps: ['teams'] } });
    const firstIn = (app: string) => {
      const first = new Map<string, number>();
      for (const r of truth.rows)
        if (r.app === app) first.set(r.userId, Math.min(first.get(r.userId) ?? Infinity, r.at.getTime()));
      return first;
    };
    const teams = firstIn('Teams');
    const expected = [...teams].filter(([, at]) => at >= +q.period.from && at < +q.period.to).map(([id]) => id);
    expect(expected.length).toBeGreaterThan(0);
    const { answer, names } = await shown('who started using Copilot in Teams in October');
    expect(names).toEqual(namesOf(expected));
    for (const row of answer.rows) {
      const id = expected.find((u) => truth.names.get(u) === row.user)!;
      expect(row.firstActiveAt).toBe(new Date(teams.get(id)!).toISOString());
    }
    // Some of them had used Copilot in another app before: the first use of Copilot would not have found them.
    const earlier = (id: string) => truth.rows.some((r) => r.userId === id && r.at.getTime() < teams.get(id)!);
    expect(expected.some(earlier)).toBe(true);
    expect(answer.summary).toContain(`first used Copilot in Teams in this period`);
  });
});
