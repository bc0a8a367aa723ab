import { extractDataSources } from '../../server/core/sync/dataSourceExtractor';
import { hasCopilotChatPlan } from '../../server/core/sync/directorySyncer';
import { M365_COPILOT_SKU_ID } from '../../server/graph/constants';
import { resolveApp } from '../../server/core/appCatalog';
import type { Overview } from '../../server/api/contracts';
import { parseHash } from '../../tab/src/routing/routes';
import { resolveRange } from '../../tab/src/routing/timeRange';
import { ADMIN_ID, OTHER_ID, cardOf, n, startBotHarness, type BotHarness } from './botTestKit';

/**
 * Every question form through the bot (TestAdapter -> real handler -> real core -> the suite's MongoDB server),
 * with the expected numbers recomputed here from the stored raw interactions and the simulator's directory.
 */
interface Row {
  userId: string;
  appKey: string;
  appName: string;
  prompt: boolean;
  at: Date;
  day: string;
  sessionId: string;
}

const day = (d: Date) => d.toISOString().slice(0, 10);
const DAY = 86_400_000;
const tomorrow = new Date('2026-11-21T00:00:00.000Z');

let b: BotHarness;
let rows: Row[];
let names: Map<string, string>;
let departments: Map<string, string | null>;

beforeAll(async () => {
  b = await startBotHarness();
  const { store } = b.h.testStore;
  const docs = await store.interactions.find({ tenantId: b.h.ctx.tenantId }).toArray();
  rows = docs.map((d) => ({
    userId: d.userId,
    appKey: d.appKey,
    appName: resolveApp(d.appClass).displayName,
    prompt: d.interactionType === 'userPrompt',
    at: d.createdAt,
    day: day(d.createdAt),
    sessionId: d.sessionId,
  }));
  names = new Map(b.h.graph.tenant.users.map((u) => [u.graph.id, u.graph.displayName ?? u.graph.id]));
  departments = new Map(b.h.graph.tenant.users.map((u) => [u.graph.id, u.graph.department ?? null]));
});
afterAll(() => b.h.close());

const inRange = (from: Date, to: Date) => rows.filter((r) => r.at >= from && r.at < to);
const last30 = () => inRange(new Date(tomorrow.getTime() - 30 * DAY), tomorrow);

function ranking(list: Row[], measure: (r: Row) => number, limit: number) {
  const totals = new Map<string, { v: number; prompts: number }>();
  for (const r of list) {
    const t = totals.get(r.userId) ?? { v: 0, prompts: 0 };
    t.v += measure(r);
    t.prompts += r.prompt ? 1 : 0;
    totals.set(r.userId, t);
  }
  return [...totals.entries()]
    .sort((a, b2) => b2[1].v - a[1].v || (a[0] < b2[0] ? -1 : 1))
    .slice(0, limit)
    .map(([userId, t]) => ({ name: names.get(userId)!, v: t.v, prompts: t.prompts }));
}

/** Conversations as the sync stores them: one per user and session, from its first to its last interaction. */
function conversations() {
  const byKey = new Map<string, { userId: string; appName: string; first: Date; last: Date; prompts: number }>();
  for (const r of rows) {
    const key = `${r.userId}|${r.sessionId}`;
    const c = byKey.get(key) ?? { userId: r.userId, appName: r.appName, first: r.at, last: r.at, prompts: 0 };
    if (r.at < c.first) c.first = r.at;
    if (r.at > c.last) c.last = r.at;
    c.prompts += r.prompt ? 1 : 0;
    byKey.set(key, c);
  }
  return [...byKey.values()];
}

/** Sessions active in a range, per app (lastAt >= from and firstAt < to, as the insights layer counts them). */
function sessionsPerApp(from: Date, to: Date) {
  const perApp = new Map<string, number>();
  for (const c of conversations())
    if (c.last >= from && c.first < to) perApp.set(c.appName, (perApp.get(c.appName) ?? 0) + 1);
  return perApp;
}

/** Follows "Next page" to the end; every page's rows, in order. */
async function allPages(question: string) {
  const pages = [await ask(question)];
  for (let next = nextOf(pages[0]!); next; next = nextOf(pages.at(-1)!))
    pages.push(cardOf((await b.send(next.data!))[0]));
  return pages;
}
const nextOf = (card: { actions: Array<{ title: string; data?: Record<string, unknown> }> }) =>
  card.actions.find((a) => a.title === 'Next page');

async function ask(question: string) {
  const replies = await b.send(question);
  expect(replies).toHaveLength(1);
  return cardOf(replies[0]);
}

describe('top users', () => {
  const cases: Array<[string, Date, number]> = [
    ['Show me the top 10 most active Copilot users this week', new Date('2026-11-16T00:00:00Z'), 10],
    ['top 5 users today', new Date('2026-11-20T00:00:00Z'), 5],
    ['who were the top 3 users in the last 30 days?', new Date(tomorrow.getTime() - 30 * DAY), 3],
  ];
  it.each(cases)('"%s" lists users ranked by prompts with the right counts', async (question, from, limit) => {
    const expected = ranking(inRange(from, tomorrow), (r) => (r.prompt ? 1 : 0), limit);
    const card = await ask(question);
    expect(card.header).toEqual(['User', 'Department', 'Prompts']);
    expect(card.rows.map((r) => [r[0], n(r[2])])).toEqual(expected.slice(0, 10).map((e) => [e.name, e.v]));
    if (expected.length > 0) expect(card.summary).toContain(expected[0]!.name);
    expect(card.interpretation).toMatch(new RegExp(`^Prompts by person · .* · top ${limit}$`));
  });

  it('takes a date range', async () => {
    const expected = ranking(
      inRange(new Date('2026-11-01T00:00:00Z'), new Date('2026-11-08T00:00:00Z')),
      (r) => (r.prompt ? 1 : 0),
      10,
    );
    const card = await ask('top users between 2026-11-01 and 2026-11-07');
    expect(card.rows.map((r) => n(r[2]))).toEqual(expected.map((e) => e.v));
    expect(card.facts.Period).toContain('1 Nov 2026 – 7 Nov 2026');
  });

  it("ranks within one app by that app's prompts", async () => {
    const list = last30().filter((r) => r.appKey === 'word');
    const expected = ranking(list, (r) => (r.prompt ? 1 : 0), 10);
    const card = await ask('top users in Word');
    expect(card.rows.map((r) => [r[0], n(r[2])])).toEqual(expected.map((e) => [e.name, e.v]));
    expect(card.facts.Apps).toBe('Word');
  });

  it('ranks within one department', async () => {
    const counts = new Map<string, number>();
    for (const r of last30()) {
      const d = departments.get(r.userId);
      if (d) counts.set(d, (counts.get(d) ?? 0) + 1);
    }
    const department = [...counts.entries()].sort((a, c) => c[1] - a[1])[0]![0];
    const expected = ranking(
      last30().filter((r) => departments.get(r.userId) === department),
      (r) => (r.prompt ? 1 : 0),
      10,
    );
    const card = await ask(`top users in the ${department} department`);
    expect(card.rows.map((r) => [r[0], n(r[2])])).toEqual(expected.map((e) => [e.name, e.v]));
    expect(card.rows.every((r) => r[1] === department)).toBe(true);
  });

  it('understands misspellings of keywords and app names', async () => {
    const expected = ranking(
      inRange(new Date('2026-11-16T00:00:00Z'), tomorrow).filter((r) => r.appKey === 'excel'),
      (r) => (r.prompt ? 1 : 0),
      10,
    );
    const card = await ask('top usres in exel this weeek');
    expect(card.facts.Apps).toBe('Excel');
    expect(card.rows.map((r) => n(r[2]))).toEqual(expected.map((e) => e.v));
  });
});

describe('per-app usage', () => {
  const from30 = new Date(tomorrow.getTime() - 30 * DAY);
  function perApp() {
    const apps = new Map<string, { users: Set<string>; prompts: number; responses: number }>();
    for (const r of last30()) {
      const a = apps.get(r.appName) ?? { users: new Set(), prompts: 0, responses: 0 };
      a.users.add(r.userId);
      a.prompts += r.prompt ? 1 : 0;
      a.responses += r.prompt ? 0 : 1;
      apps.set(r.appName, a);
    }
    const sessions = sessionsPerApp(from30, tomorrow);
    return [...apps.entries()].map(([app, a]) => ({
      app,
      users: a.users.size,
      sessions: sessions.get(app) ?? 0,
      prompts: a.prompts,
      responses: a.responses,
    }));
  }

  const sorted = (pick: (a: ReturnType<typeof perApp>[number]) => number) =>
    perApp()
      .map((a) => [a.app, pick(a)] as const)
      .sort((a, c) => c[1] - a[1]);

  it('counts active users per app', async () => {
    const card = await ask('how many users per app in the last 30 days?');
    expect(card.header).toEqual(['App', 'Active users']);
    expect(card.rows.map((r) => n(r[1]))).toEqual(
      sorted((a) => a.users)
        .slice(0, 10)
        .map(([, v]) => v),
    );
    for (const r of card.rows) expect(n(r[1])).toBe(perApp().find((a) => a.app === r[0])!.users);
  });

  it('answers for one app ("how many prompts in Word")', async () => {
    const word = perApp().find((a) => a.app === 'Word')!;
    const card = await ask('how many prompts in Word in the last 30 days');
    expect(card.summary).toContain(`Prompts: ${word.prompts.toLocaleString('en-US')}`);
    expect(card.interpretation).toBe('Prompts · Word · last 30 days (22 Oct 2026 – 20 Nov 2026)');
  });

  it('counts sessions per app when asked per session', async () => {
    const card = await ask('how many sessions per app');
    expect(card.header).toEqual(['App', 'Sessions']);
    for (const r of card.rows) expect(n(r[1])).toBe(perApp().find((a) => a.app === r[0])!.sessions);
    expect(card.rows.map((r) => n(r[1]))).toEqual(
      sorted((a) => a.sessions)
        .slice(0, 10)
        .map(([, v]) => v),
    );
  });
});

describe('one person', () => {
  function someActiveUser(unique: boolean) {
    const active = [...new Set(rows.map((r) => r.userId))];
    for (const id of active) {
      const first = names.get(id)!.split(' ')[0]!;
      const same = [...names.values()].filter((v) => v.split(' ')[0] === first).length;
      if ((same === 1) === unique) return { id, name: names.get(id)!, first };
    }
    return null;
  }

  it('resolves a first name fuzzily and lists the apps that person uses', async () => {
    const user = someActiveUser(true)!;
    const apps = new Map<string, number>();
    for (const r of rows.filter((x) => x.userId === user.id)) apps.set(r.appKey, (apps.get(r.appKey) ?? 0) + 1);
    const card = await ask(`which apps does ${user.first.toLowerCase()} use overall?`);
    expect(card.facts.People).toBe(user.name);
    expect(card.rows.map((r) => n(r[1])).sort((a, c) => c - a)).toEqual([...apps.values()].sort((a, c) => c - a));
  });

  it('tolerates a typo in the name', async () => {
    const user = someActiveUser(true)!;
    const typo = user.name.length > 6 ? user.name.slice(0, 2) + user.name.slice(3) : user.name;
    const card = await ask(`how active is ${typo}`);
    // The person's own summary, not a "did you mean" card: their name, prompts and sessions.
    expect(card.summary).not.toMatch(/Did you mean|Which one/);
    expect(card.facts.User).toBe(user.name);
    expect(card.interpretation).toBe(`Copilot use of ${user.name} · all synced history`);
    const own = rows.filter((r) => r.userId === user.id);
    const measure = (m: string) => card.rows.find((r) => r[0] === m)?.[1];
    expect(n(measure('Prompts'))).toBe(own.filter((r) => r.prompt).length);
    expect(n(measure('Responses'))).toBe(own.filter((r) => !r.prompt).length);
    expect(n(measure('Sessions'))).toBe(new Set(own.map((r) => r.sessionId)).size);
  });

  it('asks which one when a name is ambiguous, and the picked button answers for that person', async () => {
    // A three-letter start shared by several people's first names ("ale" -> Alex, Alexia).
    const byPrefix = new Map<string, number>();
    for (const name of names.values()) {
      const p = name.split(' ')[0]!.slice(0, 3).toLowerCase();
      byPrefix.set(p, (byPrefix.get(p) ?? 0) + 1);
    }
    const prefix = [...byPrefix.entries()].sort((a, c) => c[1] - a[1])[0]![0];
    const card = await ask(`which apps does ${prefix} use`);
    expect(card.summary).toMatch(/Which one do you mean|Did you mean/);
    expect(card.actions.length).toBeGreaterThan(1);
    const pick = card.actions[0]!;
    const replies = await b.send(pick.data as Record<string, unknown>);
    const answer = cardOf(replies[0]);
    expect(answer.facts.People).toBeTruthy();
    expect(pick.title.startsWith(answer.facts.People!)).toBe(true);
  });

  it('asks why, then shows what a person asked Copilot and writes the access log with the reason (via bot)', async () => {
    const user = someActiveUser(true)!;
    const prompts = rows.filter(
      (r) => r.userId === user.id && r.prompt && r.at >= new Date(tomorrow.getTime() - 30 * DAY),
    );
    const before = await b.h.testStore.store.accessLog.countDocuments({});
    const asked = await ask(`what did ${user.name} ask copilot?`);
    expect(asked.rows).toEqual([]);
    expect(asked.summary).toMatch(/Say why you need to read them/);
    expect(await b.h.testStore.store.accessLog.countDocuments({})).toBe(before);
    const button = asked.actions.find((a) => a.title === 'Show prompts')!;
    const card = cardOf((await b.send({ ...button.data, reason: 'Ticket 5521' }))[0]);
    expect(card.rows.length).toBe(Math.min(10, Math.min(prompts.length, 30)));
    const entries = await b.h.testStore.store.accessLog.find({}).toArray();
    if (prompts.length > 0) {
      expect(entries.length).toBe(before + 1);
      expect(entries.at(-1)).toMatchObject({
        subjectUserId: user.id,
        what: 'user_prompts',
        via: 'bot',
        reason: 'Ticket 5521',
        viewer: { userId: ADMIN_ID },
      });
    }
  });

  it('says plainly when nobody has that name', async () => {
    const card = await ask('which apps does Zyxwvut Qqqq use');
    expect(card.summary).toMatch(/^No one called "zyxwvut qqqq" in your directory/i);
  });
});

describe('data sources, licences, new users, trend, hours, sync, risk', () => {
  it('lists the most referenced files with their reference counts', async () => {
    const counts = new Map<string, number>();
    const stored = new Set(
      (await b.h.testStore.store.interactions.find({}, { projection: { userId: 1, graphId: 1 } }).toArray()).map(
        (i) => `${i.userId}|${i.graphId}`,
      ),
    );
    for (const { userId, interaction } of b.h.graph.tenant.groundTruth())
      if (stored.has(`${userId}|${interaction.id}`))
        for (const s of extractDataSources(interaction))
          if (s.kind === 'file') counts.set(s.key, (counts.get(s.key) ?? 0) + 1);
    const expected = [...counts.values()].sort((a, c) => c - a).slice(0, 10);
    const card = await ask('most referenced files');
    expect(card.header).toEqual(['Source', 'Kind', 'Address', 'References']);
    expect(card.rows.map((r) => n(r[3]))).toEqual(expected);
    expect(card.rows.every((r) => r[1] === 'file')).toBe(true);
  });

  it('ranks SharePoint sites (every source under a site counts for it) by references', async () => {
    const sites = new Map<string, { references: number; users: Set<string> }>();
    const stored = new Set(
      (await b.h.testStore.store.interactions.find({}, { projection: { userId: 1, graphId: 1 } }).toArray()).map(
        (i) => `${i.userId}|${i.graphId}`,
      ),
    );
    for (const { userId, interaction } of b.h.graph.tenant.groundTruth())
      if (stored.has(`${userId}|${interaction.id}`))
        for (const s of extractDataSources(interaction)) {
          const m = /^https?:\/\/([^/]+)(\/(?:sites|teams)\/[^/?#]+)?/i.exec(s.url ?? '');
          const key = m ? `${m[1]!.toLowerCase()}${m[2] ? decodeURIComponent(m[2]) : ''}` : '(unknown site)';
          const site = sites.get(key) ?? { references: 0, users: new Set<string>() };
          site.references += 1;
          site.users.add(userId);
          sites.set(key, site);
        }
    expect(sites.size).toBeGreaterThan(0);
    const card = await ask('most referenced sites');
    expect(card.header).toEqual(['Site', 'References']);
    expect(card.rows.map((r) => n(r[1]))).toEqual(
      [...sites.values()]
        .map((v) => v.references)
        .sort((a, c) => c - a)
        .slice(0, 10),
    );
    for (const row of card.rows) expect(n(row[1])).toBe(sites.get(row[0]!)!.references);
  });

  it('counts licensed users who never used Copilot', async () => {
    const activeIds = new Set(rows.map((r) => r.userId));
    // Users the export API refused (403) although their licence shows the Copilot plan are unknown, not unused.
    const refused = (u: (typeof b.h.graph.tenant.users)[number]) =>
      !u.copilotEnabled && hasCopilotChatPlan(u.graph, [M365_COPILOT_SKU_ID]);
    const expected = b.h.graph.tenant.users.filter(
      (u) => u.licensed && !activeIds.has(u.graph.id) && !refused(u),
    ).length;
    const card = await ask('licensed users who never used copilot');
    expect(card.summary).toMatch(new RegExp(`^${expected} licensed user`));
  });

  it('lists new Copilot users since a date', async () => {
    const since = new Date('2026-10-01T00:00:00Z');
    const first = new Map<string, Date>();
    for (const r of rows) if (!first.has(r.userId) || r.at < first.get(r.userId)!) first.set(r.userId, r.at);
    const expected = [...first.values()].filter((d) => d >= since).length;
    const card = await ask('new copilot users since 2026-10-01');
    expect(card.summary).toMatch(new RegExp(`^${expected} (person|people) first used Copilot`));
  });

  it("shows an app's trend day by day, every day of the period", async () => {
    const perDay = new Map<string, number>();
    for (const r of last30()) if (r.appKey === 'word') perDay.set(r.day, (perDay.get(r.day) ?? 0) + 1);
    const pages = await allPages('activity trend for word');
    expect(pages[0]!.interpretation).toBe(
      'Interactions (prompts and responses) by day · Word · last 30 days (22 Oct 2026 – 20 Nov 2026), the default',
    );
    const rows = pages.flatMap((p) => p.rows);
    expect(rows).toHaveLength(30);
    for (const row of rows) expect(n(row[1])).toBe(perDay.get(row[0]!) ?? 0);
  });

  it('names the busiest hour', async () => {
    const hours = new Array<number>(24).fill(0);
    for (const r of last30()) hours[r.at.getUTCHours()]! += 1;
    const max = Math.max(...hours);
    const card = await ask('busiest hours');
    expect(n(card.rows[0]![1])).toBe(max);
    expect(card.rows[0]![0]).toBe(
      `${String(hours.indexOf(max)).padStart(2, '0')}:00–${String(hours.indexOf(max)).padStart(2, '0')}:59`,
    );
    expect(card.header[0]).toBe('Hour (UTC)');
  });

  it('reports the sync status and the last sync time', async () => {
    const run = (await b.h.testStore.store.syncRuns.find({}).sort({ startedAt: -1 }).limit(1).toArray())[0]!;
    for (const q of ['sync status', 'when was the last sync?']) {
      const card = await ask(q);
      expect(card.summary).toContain(run.endedAt!.toISOString().slice(0, 16).replace('T', ' '));
      expect(card.rows.find((r) => r[0] === 'New interactions')![1]).toBe(
        run.counts.interactionsNew.toLocaleString('en-US'),
      );
    }
  });

  it('answers risk questions from the findings: as many as the store holds, newest first, a link to the Risk view', async () => {
    const stored = await b.h.testStore.store.findings.countDocuments({});
    const card = cardOf((await b.send('show me risk findings'))[0]);
    expect(card.interpretation).toBe('Findings, newest first · all synced history (no period asked)');
    expect(card.summary).toMatch(
      stored === 0 ? /^No findings match/ : new RegExp(`^${stored.toLocaleString('en-US')} findings?[.;]`),
    );
    const byCategory = cardOf((await b.send('findings by category'))[0]);
    expect(byCategory.rows.reduce((sum, r) => sum + n(r.at(-1)), 0)).toBe(stored);
    expect(byCategory.actions.find((a) => a.url)?.url).toMatch(/\/tab\/#\/risk$/);
  });

  it('counts active users, and licensed users', async () => {
    const card = await ask('how many active users in the last 30 days');
    const active = new Set(last30().map((r) => r.userId)).size;
    expect(card.rows.find((r) => r[0] === 'Active users')![1]).toBe(String(active));
    const licensed = await ask('how many people hold a copilot license');
    expect(licensed.summary).toMatch(
      new RegExp(`^${b.h.graph.tenant.users.filter((u) => u.licensed).length} people hold a Copilot license`),
    );
  });

  it('lists agents, sessions and departments', async () => {
    const agents = await allPages('list agents in outlook in the last 30 days');
    const outlookUsers = new Set(
      last30()
        .filter((r) => r.appKey === 'outlook')
        .map((r) => r.userId),
    );
    expect(
      agents
        .flatMap((p) => p.rows)
        .map((r) => r[0])
        .sort(),
    ).toEqual([...outlookUsers].map((id) => names.get(id)).sort());
    const week = new Date('2026-11-16T00:00:00Z');
    const sessions = await ask('how many sessions this week');
    const active = conversations().filter((c) => c.last >= week && c.first < tomorrow);
    expect(sessions.summary).toBe(`Sessions: ${active.length}.`);
    // Several measures asked together: each answered, none dropped.
    const several = await ask('active users, prompts and interactions by department');
    expect(several.summary).toMatch(/active users.*prompts.*interactions/s);
    const depts = await ask('prompts by department');
    // Departments with fewer than MIN_GROUP_SIZE (5) readable licensed users are merged, as in the department view.
    const runs = await b.h.testStore.store.syncRuns.find({ tenantId: b.h.ctx.tenantId }).toArray();
    const refused = new Set(runs.flatMap((x) => x.errors.filter((e) => e.status === 403).map((e) => e.userId)));
    const licensed = new Map<string, number>();
    for (const u of b.h.graph.tenant.users)
      if (u.licensed && !refused.has(u.graph.id) && u.graph.department?.trim())
        licensed.set(u.graph.department.trim(), (licensed.get(u.graph.department.trim()) ?? 0) + 1);
    const groupOf = (d: string | null | undefined) =>
      d?.trim() && (licensed.get(d.trim()) ?? 0) >= 5 ? d.trim() : 'Other (small groups)';
    const byDept = new Map<string, { users: Set<string>; prompts: number; interactions: number }>();
    for (const r of last30()) {
      const d = groupOf(departments.get(r.userId));
      const row = byDept.get(d) ?? { users: new Set(), prompts: 0, interactions: 0 };
      row.users.add(r.userId);
      row.prompts += r.prompt ? 1 : 0;
      row.interactions += 1;
      byDept.set(d, row);
    }
    expect(depts.header).toEqual(['Department', 'Prompts']);
    for (const r of depts.rows) expect(n(r[1])).toBe(byDept.get(r[0]!)!.prompts);
    expect(depts.rows.map((r) => n(r[1]))).toEqual(
      [...byDept.values()]
        .map((v) => v.prompts)
        .sort((a, c) => c - a)
        .slice(0, 10),
    );
  });
});

describe('odd inputs, paging, admins and commands', () => {
  const odd = [
    '',
    ' ',
    'x'.repeat(10_000),
    '🔥🚀🤖',
    '{"$gt":""}',
    "'; drop table users; --",
    '<script>alert(1)</script>',
    '**bold** _it_ [link](http://evil)',
    'what is it',
    '???',
  ];
  it.each(odd.map((q) => [q.slice(0, 30), q]))('answers %j without an error', async (_label, question) => {
    const replies = await b.send(question);
    expect(replies).toHaveLength(1);
    const card = cardOf(replies[0]);
    expect(card.text).not.toMatch(/something went wrong/i);
  });

  it('suggests questions for what it cannot parse', async () => {
    const card = await ask('tell me a joke about penguins');
    expect(card.actions.some((a) => a.title === 'Top 10 users this week')).toBe(true);
  });

  it('pages a long answer ten rows at a time: disjoint pages that together are every day, the last without Next', async () => {
    const perDay = new Map<string, number>();
    for (const r of last30()) if (r.prompt) perDay.set(r.day, (perDay.get(r.day) ?? 0) + 1);
    const expected = Array.from({ length: 30 }, (_, i) => day(new Date(tomorrow.getTime() - (30 - i) * DAY)));
    const pages = await allPages('prompts per day over the last 30 days');
    expect(pages).toHaveLength(3);
    const seen = pages.map((p) => p.rows.map((r) => `${r[0]}|${n(r[1])}`));
    expect(seen[0]).toHaveLength(10);
    expect(seen.flat()).toEqual(expected.map((d) => `${d}|${perDay.get(d) ?? 0}`));
    expect(nextOf(pages.at(-1)!)).toBeUndefined();
  });

  it('refuses a tampered page token', async () => {
    const tampered = cardOf((await b.send({ action: 'page', token: 'eyJxIjp7ImtpbmQiOiIkZ3QifX0' }))[0]);
    expect(tampered.summary).toMatch(/expired or was changed/);
  });

  it('refuses people without a tier politely', async () => {
    const replies = await b.send('top 10 users this week', { from: OTHER_ID });
    expect(replies[0]!.text).toMatch(/answers only people with one of its roles/);
  });

  it('saves, lists, runs and deletes a saved question', async () => {
    expect(cardOf((await b.send('save weekly top: top 3 users this week'))[0]).summary).toMatch(/Saved "weekly top"/);
    expect(cardOf((await b.send('saved questions'))[0]).facts['weekly top']).toBe('top 3 users this week');
    const run = cardOf((await b.send('run weekly top'))[0]);
    expect(run.rows.length).toBeLessThanOrEqual(3);
    expect(cardOf((await b.send('delete weekly top'))[0]).summary).toMatch(/Deleted/);
    expect(cardOf((await b.send('saved'))[0]).summary).toMatch(/no saved questions/);
  });

  it('runs help, status and sync now (which enqueues a sync)', async () => {
    expect(cardOf((await b.send('help'))[0]).text).toContain('subscribe');
    expect(cardOf((await b.send('status'))[0]).summary).toMatch(/last sync/i);
    const before = b.h.syncControl.requests.length;
    expect(cardOf((await b.send('sync now'))[0]).summary).toMatch(/Sync requested|running|queued/);
    expect(b.h.syncControl.requests.slice(before)).toEqual([{ trigger: 'bot', requestedBy: ADMIN_ID }]);
    await b.h.syncControl.idle();
  });

  it('answers every card with schema version 1.5 and a link into the tab on the same view', async () => {
    const card = await ask('top users in Word this week');
    expect(card.card.version).toBe('1.5');
    const table = (card.card.body as Array<{ type: string; fallback?: { type: string; items: unknown[] } }>).find(
      (e) => e.type === 'Table',
    )!;
    // Hosts without Table get the same rows as column sets (header + one set per row).
    expect(table.fallback?.type).toBe('Container');
    expect(table.fallback?.items).toHaveLength(card.rows.length + 1);
    expect(card.text).toMatch(/Data as of/);
  });

  /** What the tab shows for an answer's "Open in the tab" link: its route, and the Overview the route asks for. */
  async function openInTab(card: { actions: Array<{ type: string; url?: string }> }) {
    const url = card.actions.find((a) => a.type === 'Action.OpenUrl')!.url!;
    expect(url).toMatch(/^https?:\/\/[^#]+\/tab\/#\//);
    const route = parseHash(url.slice(url.indexOf('#')));
    const range = resolveRange(route.params, new Date('2026-11-20T12:00:00Z'));
    const query = new URLSearchParams({ from: range.from, to: range.to, appKey: route.params.get('appKey') ?? '' });
    const response = await fetch(`${b.h.baseUrl}/api/overview?${query.toString()}`);
    expect(response.status).toBe(200);
    return { route, overview: (await response.json()) as Overview };
  }

  it('links top users in an app to the Overview of that app and range, whose top users are the same', async () => {
    const card = await ask('top users in Word this week');
    const { route, overview } = await openInTab(card);
    expect(route.view).toBe('overview');
    expect(Object.fromEntries(route.params)).toEqual({ from: '2026-11-16', to: '2026-11-20', appKey: 'word' });
    // The Overview ranks by interactions, the answer by prompts: whoever both show has the same prompts.
    const shown = new Map(card.rows.map((r) => [r[0], n(r[2])]));
    const both = overview.topUsers.filter((u) => shown.has(u.displayName ?? ''));
    expect(both.length).toBeGreaterThan(0);
    for (const u of both) expect(u.prompts).toBe(shown.get(u.displayName ?? ''));
    expect(overview.apps.map((a) => a.appKey)).toEqual(['word']);
  });

  it("links an app's usage, trend and busiest hours to the Overview filtered to that app", async () => {
    const usage = await ask('how many prompts in Word in the last 30 days');
    const fromUsage = await openInTab(usage);
    expect(fromUsage.route.params.get('appKey')).toBe('word');
    expect(usage.summary).toContain(`Prompts: ${fromUsage.overview.prompts.toLocaleString('en-US')}`);
    const trend = await ask('activity trend for word');
    const fromTrend = await openInTab(trend);
    expect(fromTrend.route.view).toBe('overview');
    expect(new Set(fromTrend.overview.daily.map((d) => d.appKey))).toEqual(new Set(['word']));
    const byDay = new Map(fromTrend.overview.daily.map((d) => [d.day, d.interactions]));
    for (const row of trend.rows) expect(n(row[1])).toBe(byDay.get(row[0]!) ?? 0);
    const hours = await ask('what time of day is copilot busiest in teams');
    const fromHours = await openInTab(hours);
    expect(Object.fromEntries(fromHours.route.params)).toMatchObject({ appKey: 'teams' });
    expect(fromHours.overview.apps.map((a) => a.appKey)).toEqual(['teams']);
  });

  it("links a department's top users to the Users view filtered to that department, sorted by prompts", async () => {
    const department = [...new Set(departments.values())].filter(Boolean).sort()[0]!;
    const card = await ask(`top users in the ${department} department`);
    const url = card.actions.find((a) => a.type === 'Action.OpenUrl')!.url!;
    const route = parseHash(url.slice(url.indexOf('#')));
    expect(route.view).toBe('users');
    expect(Object.fromEntries(route.params)).toEqual({ department, sort: 'promptCount', dir: 'desc' });
    expect(card.interpretation).toMatch(new RegExp(`^Prompts by person · ${department} \\(department\\) · `));
  });

  it('says a department does not exist, with the known ones as suggestions, instead of answering for everyone', async () => {
    const known = [...new Set(departments.values())].filter((d): d is string => Boolean(d)).sort();
    const card = await ask('top users in Narnia department');
    expect(card.summary).toBe(
      `There is no "Narnia" department in your directory. Known departments: ${known.slice(0, 12).join(', ')}${known.length > 12 ? ` and ${known.length - 12} more` : ''}. The nearest, as questions:`,
    );
    expect(card.rows).toEqual([]);
    const suggested = card.actions.filter((a) => a.data?.action === 'ask').map((a) => a.data!.question);
    expect(suggested).toHaveLength(Math.min(6, known.length));
    for (const question of suggested) expect(known.map((d) => `top users in ${d} department`)).toContain(question);
    // A suggestion is a question the bot answers for that department.
    const picked = cardOf((await b.send({ action: 'ask', question: suggested[0] }))[0]);
    const department = known.find((d) => suggested[0] === `top users in ${d} department`)!;
    expect(picked.facts.Departments).toBe(department);
  });
});
