import { ask, type EngineDeps } from '../../server/core/ask/engine';
import type { AskQuery, MeasureQuery } from '../../server/core/ask/querySchema';
import { askedQuery, queryOf } from './askKit';
import { corpusSuite } from './corpusSuite';
import { openDirectoryEngines, type DirectoryEngines } from './directoryEngine';

/**
 * How a ticket or a report frames a question (the thirteenth blind set asked four of these back): a claim someone made
 * with a request to check it ("Fiona says she has a licence but never used it, can you confirm?") is the question it
 * states; "according to the access log" names where the answer comes from; "different users" are people counted; and
 * a ticket's words for a fault ("is broken") are no one's name, even beside a near one in the directory. Figures are
 * recomputed from the stored interactions.
 */

jest.setTimeout(300_000);
const now = new Date('2026-11-20T12:00:00.000Z');

describe('on the synced tenant', () => {
  const suite = corpusSuite(now);
  const truth = () => suite.truth;
  const deps = () => suite.deps;
  /** A licence holder with no interaction at all, whose history was read. */
  let idle: string;

  beforeAll(() => {
    const used = new Set(truth().rows.map((r) => r.userId));
    idle = truth().licensed.find((u) => !used.has(u.userId) && !truth().refused.has(u.userId))!.name;
  });

  it('a question of its own before "can you check?" keeps its words: no one said it', async () => {
    const { q } = await askedQuery(deps(), 'How many findings were reported last week, can you check?');
    expect(q).toMatchObject({ type: 'findings', show: 'count' });
    const grouped = await askedQuery(deps(), 'Which departments had the most prompts last week, can you confirm?');
    expect(grouped.q).toMatchObject({ type: 'measure', measure: 'prompts', by: ['department'] });
  });

  describe('a claim with a request to check it is the question it states', () => {
    it.each([
      ['%s says she has a licence but never used it, can you confirm?', 'says … can you confirm'],
      ['%s claims she holds a licence but has never used Copilot - is that right?', 'claims … is that right'],
      ['%s told us she has a license and never used it. Can you check?', 'told us … can you check'],
    ])('"%s": the licence holder without activity, the framing set aside', async (template, said) => {
      const question = template.replace('%s', idle);
      const { q, a, rows } = await askedQuery(deps(), question);
      expect(q).toMatchObject({ type: 'measure', measure: 'licensed_inactive' });
      expect((q as MeasureQuery).filters.people.map((p) => p.name)).toEqual([idle]);
      expect(rows.map((r) => String(r.user))).toEqual([idle]);
      expect(a.interpretation).toContain(`"${said}" set aside`);
    });

    it('"according to X, …, is that true?" is about X: their use, read as asked', async () => {
      const question = `According to ${idle}, she has never used Copilot. Is that true?`;
      const q = await queryOf(deps(), question);
      expect(q).toMatchObject({ type: 'list', list: 'profile', person: { name: idle } });
      const answer = await ask(deps(), question);
      expect(answer.kind).toBe('table');
      expect(answer.interpretation).toContain('"according to … is that true" set aside');
    });

    it('a claim alone, without a request, still has its words asked about', async () => {
      const q = await queryOf(deps(), `${idle} says her history is missing`);
      expect(q).toMatchObject({ type: 'reply', reply: 'rephrase' });
      expect((q as Extract<AskQuery, { type: 'reply' }>).notUnderstood).toEqual(expect.arrayContaining(['says']));
    });
  });

  describe('"according to the access log" names where the answer comes from', () => {
    it.each([
      ["who has looked at users' conversations according to the access log", "who has looked at users' conversations"],
      ['according to the audit log, who opened conversations this week?', 'who opened conversations this week?'],
      ['as per our records, who has viewed conversations last month?', 'who has viewed conversations last month?'],
    ])('"%s" is the access log, as "%s" is', async (question, plain) => {
      const q = await queryOf(deps(), question);
      expect(q).toMatchObject({ type: 'system', system: 'access_log' });
      expect(q).toEqual(await queryOf(deps(), plain));
      const entries = await suite.h.testStore.store.accessLog.countDocuments({ tenantId: suite.h.ctx.tenantId });
      const answer = await ask(deps(), question);
      expect(answer.kind).toBe('table');
      expect(answer.totalRows).toBe(entries);
    });
  });

  describe('"different", "separate", "individual" users are people counted', () => {
    it.each([
      'how many different users had copilot cite %s',
      'how many separate users reached %s',
      'count the individual users who cited %s',
    ])('"%s": the distinct people whose interactions cited it', async (template) => {
      const reach = new Map<string, Set<string>>();
      for (const r of truth().rows)
        for (const key of r.sources) reach.set(key, (reach.get(key) ?? new Set()).add(r.userId));
      // The file reached by the most people whose name no other source has (a meeting's title is shared by many).
      const names = [...truth().sources.values()].map((s) => s.name);
      const [key, people] = [...reach]
        .filter(([k]) => /\.\w{3,4}$/.test(truth().sources.get(k)!.name))
        .filter(([k]) => names.filter((n) => n === truth().sources.get(k)!.name).length === 1)
        .sort((a, b) => b[1].size - a[1].size)[0]!;
      const name = truth().sources.get(key)!.name;
      const { q, rows } = await askedQuery(deps(), template.replace('%s', name));
      expect(q).toMatchObject({ type: 'measure', measure: 'source_users', by: [], filters: { source: { key } } });
      expect(people.size).toBeGreaterThan(1);
      expect(Number(rows[0]?.value)).toBe(people.size);
    });

    it('"how many different users used Word last week" counts Word\'s active users', async () => {
      const { rows } = await askedQuery(deps(), 'how many different users used Word last week');
      const from = new Date('2026-11-09T00:00:00Z');
      const to = new Date('2026-11-16T00:00:00Z');
      const users = new Set(
        truth()
          .rows.filter((r) => r.app === 'Word' && r.at >= from && r.at < to)
          .map((r) => r.userId),
      );
      expect(Number(rows[0]?.value)).toBe(users.size);
    });
  });
});

describe("a ticket's words for a fault beside a near name in the directory", () => {
  let engines: DirectoryEngines;
  let deps: EngineDeps;
  beforeAll(async () => {
    engines = await openDirectoryEngines(
      'ticket-fault-words',
      {
        t1: [
          ['u1', 'Aisha Novak', 'Sales'],
          ['u2', 'Megan Bowen', 'Executive'],
          ['u3', 'Dan Hanning', 'Finance'],
        ],
      },
      now,
    );
    deps = engines.deps('t1');
  });
  afterAll(() => engines.close());

  it.each([
    [
      'ticket from Aisha Novak says excel copilot is broken for her - when did she last actually use copilot in excel?',
      'excel',
    ],
    ['Aisha Novak: Copilot is hanging in Word for her. When did she last use it there?', 'word'],
    ['user reports teams copilot is broken. When did Aisha Novak last use Copilot in Teams?', 'teams'],
  ])('"%s" is her last use in the app, the fault the ticket\'s context', async (question, app) => {
    const q = await queryOf(deps, question);
    expect(q).toMatchObject({ type: 'list', list: 'sessions', person: { name: 'Aisha Novak' }, apps: [app] });
    const answer = await ask(deps, question);
    expect(answer.interpretation).toContain('read as context');
    expect(answer.summary).not.toContain('No one called');
  });

  it('a fault word with no question beside it is still asked about, never offered as a person', async () => {
    const q = await queryOf(deps, 'copilot is broken');
    expect(q.type).toBe('reply');
    expect(JSON.stringify(q)).not.toContain('Megan Bowen');
  });
});
