import { COPILOT_APPS } from '../../server/core/appCatalog';
import { ask, understand, type EngineDeps } from '../../server/core/ask/engine';
import { allRows, demoAdmin } from './askKit';
import type { Truth } from './groundTruthFigures';
import { syncedEngine, type SyncedEngine } from './syncedEngine';

/**
 * Negated conditions on people — a period negated ("in October but not in November"), use that stopped, an app left
 * out with its verb ("without using"), apps nobody used, contractions that once made "not" a person — and a named
 * source's accesses asked one by one ("who accessed X and when"): each answer's people, apps and rows recomputed here
 * from the stored raw interactions.
 */
describe('negation and who-and-when', () => {
  let e: SyncedEngine;
  let deps: EngineDeps;
  let truth: Truth;
  const measureOf = (question: string) => e.measureOf(question);

  beforeAll(async () => {
    e = await syncedEngine('negationAndAccesses');
    ({ deps, truth } = e);
  });
  afterAll(async () => e?.close());

  /** The people active in a range (in one app, if given). */
  const activeIn = (p: { from: Date; to: Date }, app?: string) =>
    new Set(truth.rows.filter((r) => r.at >= p.from && r.at < p.to && (!app || r.app === app)).map((r) => r.userId));
  const namesOf = (ids: Iterable<string>) => [...ids].map((id) => truth.names.get(id)!).sort();
  const shownNames = async (question: string) => {
    const answer = await ask(deps, question);
    expect(answer.kind).toBe('table');
    return { answer, names: (await allRows(deps, answer)).map((r) => String(r.user)).sort() };
  };

  it('reads "in one period but not in another" as the people active in the first with nothing in the second', async () => {
    const question = 'Who used Excel in October but not in November?';
    const q = await measureOf(question);
    const quiet = q.who!.quietIn!;
    expect(q.period.label).toBe('October 2026');
    expect(quiet.label).toBe('November 2026');
    const before = activeIn(q.period, 'Excel');
    const after = activeIn(quiet, 'Excel');
    const expected = [...before].filter((id) => !after.has(id));
    expect(expected.length).toBeGreaterThan(0);
    // Someone active in both is what the condition leaves out.
    expect([...before].some((id) => after.has(id))).toBe(true);
    const { answer, names } = await shownNames(question);
    expect(answer.interpretation).toContain('people with no Excel activity in November 2026');
    expect(names).toEqual(namesOf(expected));
    const count = await ask(deps, 'how many people used Excel in October and not in November');
    expect(count.rows[0]).toMatchObject({ value: expected.length });
  });

  it('reads "stopped using" as active before the period asked and not in it, never-users left out', async () => {
    const q = await measureOf('who stopped using Copilot');
    const quiet = q.who!.quietIn!;
    expect(q.period.to.getTime()).toBe(quiet.from.getTime());
    const after = activeIn(quiet);
    const expected = [...activeIn(q.period)].filter((id) => !after.has(id));
    expect(expected.length).toBeGreaterThan(0);
    const { answer, names } = await shownNames('Who is no longer using Copilot?');
    expect(answer.interpretation).toContain('people with no Copilot activity in last 30 days');
    expect(names).toEqual(namesOf(expected));
    const never = truth.licensed.find((u) => !truth.rows.some((r) => r.userId === u.userId));
    expect(never).toBeDefined();
    expect(names).not.toContain(never!.name);
  });

  it('reads a later period with an earlier one negated as the people active in the later one only', async () => {
    const cases: Array<[question: string, active: string, quiet: string]> = [
      ['users active this week but not last week', 'this week', 'last week'],
      ['who used Copilot in November but not in October?', 'November 2026', 'October 2026'],
      ['people who used copilot this month and not last month', 'this month', 'last month'],
    ];
    for (const [question, active, quiet] of cases) {
      const q = await measureOf(question);
      expect([q.period.label, q.who?.quietIn?.label]).toEqual([active, quiet]);
      const before = activeIn(q.who!.quietIn!);
      const expected = [...activeIn(q.period)].filter((id) => !before.has(id));
      expect(expected.length).toBeGreaterThan(0);
      const { answer, names } = await shownNames(question);
      expect(answer.interpretation).toContain(`people with no Copilot activity in ${quiet}`);
      expect(answer.interpretation).toContain(active);
      // The opening line says both periods: when the people were active, and when they were not.
      const opening = new RegExp(`^${expected.length} (?:person|people) active (?:in )?${active} \\(.*\\), with no Copilot activity in ${quiet} `); // prettier-ignore
      expect(answer.summary).toMatch(opening);
      expect(names).toEqual(namesOf(expected));
      const count = await ask(deps, `how many ${question.replace(/^(?:who|users|people who)\s+/i, 'people ')}`);
      expect(count.rows[0]).toMatchObject({ value: expected.length });
    }
  });

  it('reads "stopped using Copilot this month" as active last month and not this month', async () => {
    const cases: Array<[question: string, before: string, app?: string]> = [
      ['which users stopped using Copilot this week?', 'last week'],
      ['who stopped using Copilot this month', 'last month'],
      ['who stopped using Excel this month', 'last month', 'Excel'],
      ['who stopped using Word in November', 'last month', 'Word'],
    ];
    for (const [question, before, app] of cases) {
      const q = await measureOf(question);
      const quiet = q.who!.quietIn!;
      expect(q.period.label).toBe(before);
      expect(q.period.to.getTime()).toBe(quiet.from.getTime());
      const after = activeIn(quiet, app);
      const expected = [...activeIn(q.period, app)].filter((id) => !after.has(id));
      // Everyone active last month may have used Copilot again this month: nobody listed, not everyone who ever did.
      const { names } = await shownNames(question);
      expect(names).toEqual(namesOf(expected));
    }
  });

  it('keeps an app left out with its verb ("without using Outlook") as a condition on the people', async () => {
    const q = await measureOf('who used Teams without using Outlook');
    expect(q.who?.notApps).toEqual(['outlook']);
    const outlook = activeIn(q.period, 'Outlook');
    const expected = [...activeIn(q.period, 'Teams')].filter((id) => !outlook.has(id));
    expect(expected.length).toBeGreaterThan(0);
    const { names } = await shownNames('who used Teams without using Outlook');
    expect(names.length).toBe(Math.min(10, expected.length));
    for (const name of names) expect(namesOf(expected)).toContain(name);
  });

  it("lists the catalogue's apps nobody used when the question says they weren't used", async () => {
    const q = await measureOf("which apps weren't used yesterday");
    const used = new Set(truth.rows.filter((r) => r.at >= q.period.from && r.at < q.period.to).map((r) => r.app));
    const unused = COPILOT_APPS.map((a) => a.displayName).filter((name) => !used.has(name));
    const answer = await ask(deps, "which apps weren't used yesterday");
    expect(answer.rows.map((r) => r.app).sort()).toEqual(unused.sort());
  });

  it('never takes "not" from a contraction for a person', async () => {
    const name = truth.licensed[0]!.name;
    for (const question of [
      `${name}'s Copilot history doesn't show up anywhere, why is that?`,
      "Which licensed users didn't use Copilot last week?",
      'which users didnt use copilot last week',
    ]) {
      const parsed = await understand(deps, question);
      expect(parsed.type).toBe('query');
      if (parsed.type !== 'query') continue;
      expect({ question, reply: parsed.query.type === 'reply' ? parsed.query.reply : null }).not.toMatchObject({
        reply: 'nobody',
      });
    }
    expect((await measureOf('which licensed users were not active last week')).measure).toBe('licensed_inactive');
  });

  describe('a named source accessed: who and when', () => {
    /** The most referenced stored file, and its references in the raw interactions. */
    const topSource = () => {
      const counts = new Map<string, number>();
      for (const r of truth.rows) for (const k of r.sources) counts.set(k, (counts.get(k) ?? 0) + 1);
      const files = [...counts].filter(([k]) => truth.sources.get(k)?.kind === 'file' && /\.\w+$/.test(truth.sources.get(k)!.name)); // prettier-ignore
      const [key] = files.sort((a, b) => b[1] - a[1])[0]!;
      return { key, name: truth.sources.get(key)!.name };
    };

    it('lists every access with when, who and the app, newest first, across pages', async () => {
      const { key, name } = topSource();
      const expected = truth.rows
        .filter((r) => r.sources.includes(key))
        .sort((a, b) => b.at.getTime() - a.at.getTime())
        .map((r) => ({ at: r.at.toISOString(), user: truth.names.get(r.userId), app: r.app }));
      expect(expected.length).toBeGreaterThan(25);
      for (const question of [`Who accessed ${name} and when?`, `When was ${name} last opened and by whom?`]) {
        const answer = await ask(deps, question);
        expect(answer.interpretation).toMatch(/^Each access \(when, who, app\), newest first · /);
        expect(answer.totalRows).toBe(expected.length);
        expect(answer.nextPageToken).not.toBeNull();
        const rows = await allRows(deps, answer);
        expect(rows.map((r) => ({ at: r.at, user: r.user, app: r.app }))).toEqual(expected);
        expect(answer.summary).toContain(`Each person's latest: ${expected[0]!.user} `);
        expect(answer.disclosure).toBe('people');
      }
    });

    it('applies the period and app asked, and keeps a count a count', async () => {
      const { key, name } = topSource();
      const q = await measureOf(`list every access to ${name} this month`);
      expect(q.each).toBe(true);
      const inMonth = truth.rows.filter((r) => r.sources.includes(key) && r.at >= q.period.from && r.at < q.period.to);
      const answer = await ask(deps, `list every access to ${name} this month`);
      expect(answer.totalRows).toBe(inMonth.length);
      const count = await measureOf(`how many times was ${name} used this month`);
      expect(count.each).toBeUndefined();
    });

    it('refuses the accesses to a Viewer, as any answer naming people', async () => {
      const { name } = topSource();
      const viewer = { ...deps, caller: { ...demoAdmin(deps.tenantId), tier: 'Viewer' as const, isAdmin: false } };
      const answer = await ask(viewer, `Who accessed ${name} and when?`);
      expect(answer.kind).toBe('refused');
      expect(answer.rows).toEqual([]);
    });
  });
});
