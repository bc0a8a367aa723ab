import { MongoClient } from 'mongodb';
import { ask, understand, type EngineDeps } from '../../server/core/ask/engine';
import type { MeasureQuery } from '../../server/core/ask/querySchema';
import { createStore } from '../../server/store/Store';
import { allRows, fixedEngineDeps } from './askKit';
import { loadTruth, type Truth } from './groundTruthFigures';
import { syncedTenant, type SyncedTenant } from '../core/insights/syncedTenant';

/** Three days into a month, as the demo tenant is when an admin asks about "this month". */
const REFERENCE = new Date('2026-12-03T12:00:00.000Z');
const NOW = new Date(REFERENCE.getTime() + 60_000);

/**
 * A fall or rise per person or department against the period before, and conditions on people said as "in Word but
 * not Excel" or "which eng users … on at least 3 days": rows name people, rank by the size of the change, keep only
 * the rows that moved the way asked, and every figure is the one recomputed here from the stored raw interactions.
 */
describe('changes and conditions on people, three days into a month', () => {
  let s: SyncedTenant;
  let client: MongoClient;
  let deps: EngineDeps;
  let truth: Truth;

  beforeAll(async () => {
    s = await syncedTenant('peopleChanges', 40, 7, REFERENCE);
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
  /** Interactions (or prompts) per key (a person, or what `key` reads) in a range. */
  function counts(p: { from: Date; to: Date }, key = (r: Truth['rows'][number]) => r.userId, prompts = false) {
    const out = new Map<string, number>();
    for (const r of within(p).filter((x) => !prompts || x.prompt)) out.set(key(r), (out.get(key(r)) ?? 0) + 1);
    return out;
  }
  const namesOf = (ids: Iterable<string>) => [...ids].map((id) => truth.names.get(id)!).sort();
  const idOf = (name: string) => [...truth.names].find(([, n]) => n === name)?.[0];

  it('names every person whose use fell, with their department, the biggest fall first', async () => {
    const question = 'Show me users whose usage dropped compared to last month';
    const q = await measureOf(question);
    const [now, before] = [counts(q.period), counts(q.against!)];
    const fell = [...before.keys()].filter((id) => (now.get(id) ?? 0) < before.get(id)!);
    // Some fell to nothing: they have no row this month, only one before.
    expect(fell.some((id) => !now.has(id))).toBe(true);
    const rows = await allRows(deps, await ask(deps, question));
    expect(rows.map((r) => String(r.user)).sort()).toEqual(namesOf(fell));
    for (const r of rows) {
      const id = idOf(String(r.user))!;
      expect(r.department).toBe(truth.departments.get(id) ?? '—');
      expect([Number(r.value), Number(r.previous)]).toEqual([now.get(id) ?? 0, before.get(id)]);
    }
    const falls = rows.map((r) => Number(r.previous) - Number(r.value));
    expect(falls).toEqual([...falls].sort((a, b) => b - a));
  });

  it('ranks rises by their size against last month, new only for nobody-before, both periods dated', async () => {
    const question = 'who increased their use the most this month';
    const q = await measureOf(question);
    expect(q.against).toMatchObject({ from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-12-01T00:00:00Z') });
    const answer = await ask(deps, question);
    expect(answer.interpretation).toContain('this month (1 Dec 2026 – 3 Dec 2026)');
    expect(answer.interpretation).toContain('vs last month (1 Nov 2026 – 30 Nov 2026)');
    expect(answer.summary).toContain('The periods differ in length');
    expect(q.measure).toBe('prompts');
    const [now, before] = [counts(q.period, undefined, true), counts(q.against!, undefined, true)];
    const rose = [...now.keys()].filter((id) => now.get(id)! > (before.get(id) ?? 0));
    expect(rose.some((id) => before.has(id))).toBe(true);
    const rows = await allRows(deps, answer);
    expect(rows.map((r) => String(r.user)).sort()).toEqual(namesOf(rose));
    const rises = rows.map((r) => Number(r.value) - Number(r.previous));
    expect(rises).toEqual([...rises].sort((a, b) => b - a));
    for (const r of rows) {
      const id = idOf(String(r.user))!;
      expect(Number(r.previous)).toBe(before.get(id) ?? 0);
      expect(r.change === 'new').toBe(!before.has(id));
    }
  });

  it('keeps only the departments whose use fell', async () => {
    const q = await measureOf("which departments' usage dropped compared to last month");
    const dept = (r: Truth['rows'][number]) => truth.departments.get(r.userId) ?? '';
    const [now, before] = [counts(q.period, dept), counts(q.against!, dept)];
    const answer = await ask(deps, "which departments' usage dropped compared to last month");
    expect(answer.interpretation).toContain('only those whose figure fell against the period before');
    const rows = await allRows(deps, answer);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(Number(r.value)).toBeLessThan(Number(r.previous));
    const grouped = rows.filter((r) => before.has(String(r.department)));
    for (const r of grouped) expect(Number(r.previous)).toBe(before.get(String(r.department)));
    expect(grouped.length).toBeGreaterThan(0);
    expect(now.size).toBeGreaterThan(0);
  });

  it('lists and counts the people active in one app and not in another ("in Word but not Excel")', async () => {
    const q = await measureOf('which users use Copilot in Word but not Excel');
    const apps = new Map<string, Set<string>>();
    for (const r of within(q.period)) apps.set(r.userId, (apps.get(r.userId) ?? new Set()).add(r.app));
    const kept = [...apps].filter(([, a]) => a.has('Word') && !a.has('Excel')).map(([id]) => id);
    expect(kept.length).toBeGreaterThan(0);
    expect([...apps.values()].some((a) => a.has('Word') && a.has('Excel'))).toBe(true);
    const answer = await ask(deps, 'which users use Copilot in Word but not Excel');
    expect(answer.interpretation).toContain('people active in Word and not in Excel');
    expect((await allRows(deps, answer)).map((r) => String(r.user)).sort()).toEqual(namesOf(kept));
    const count = await ask(deps, 'how many users used Word without Excel');
    expect(count.rows[0]).toMatchObject({ value: kept.length });
    // "never" with no period named looks over all synced history, and says so.
    const never = await ask(deps, 'who uses Word and never Excel');
    expect(never.interpretation).toContain('all synced history');
    const everApps = new Map<string, Set<string>>();
    for (const r of truth.rows) everApps.set(r.userId, (everApps.get(r.userId) ?? new Set()).add(r.app));
    const everKept = [...everApps].filter(([, a]) => a.has('Word') && !a.has('Excel')).map(([id]) => id);
    expect((await allRows(deps, never)).map((r) => String(r.user)).sort()).toEqual(namesOf(everKept));
  });

  it('lists the people of an abbreviated department active on at least N days ("which eng users")', async () => {
    const question = 'which eng users used copilot on at least 3 days last month';
    const q = await measureOf(question);
    const days = new Map<string, Set<string>>();
    for (const r of within(q.period).filter((x) => truth.departments.get(x.userId) === 'Engineering'))
      days.set(r.userId, (days.get(r.userId) ?? new Set()).add(r.at.toISOString().slice(0, 10)));
    const many = [...days].filter(([, d]) => d.size >= 3).map(([id]) => id);
    expect(many.length).toBeGreaterThan(0);
    const answer = await ask(deps, question);
    expect(answer.columns.map((c) => c.key)).toContain('user');
    expect((await allRows(deps, answer)).map((r) => String(r.user)).sort()).toEqual(namesOf(many));
  });
});
