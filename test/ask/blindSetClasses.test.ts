import { answerQuery, understand, type EngineDeps } from '../../server/core/ask/engine';
import type { MeasureQuery } from '../../server/core/ask/querySchema';
import { startAppHarness, type AppHarness } from '../support/appHarness';
import { askedQuery, engineDeps, queryOf } from './askKit';
import { loadTruth, type Truth } from './groundTruthFigures';

/**
 * The classes the fourteenth and fifteenth unseen question sets (test/fixtures/askBlindSet14.json, 15) found answered
 * as another question, each with phrasings of its own. The fourteenth: a list cut at its default top 10 without saying so ("list every data source <person>
 * touched in October"); a count and a part of it ("… and how many of them used Teams"); "5 – 10 prompts" with spaced
 * dashes; "with their departments" beside a list of people; a count beside a person's last use; "tried once and never
 * came back"; durations, which are not recorded; "how quickly are findings closed". The fifteenth: "compare Sales with
 * the whole company on prompts per user"; "since before the 20th"; "thsi week"; "the sync it have errors? which user"; "how r we doing"; "delete Mark Mensah from the system". Figures are recomputed from the
 * stored interactions, the directory and the triage history.
 */

const now = new Date('2026-11-20T12:00:00.000Z'); // a Friday
let h: AppHarness;
let deps: EngineDeps;
let truth: Truth;

beforeAll(async () => {
  h = await startAppHarness({ userCount: 40, seed: 11, referenceTime: now });
  deps = engineDeps(h);
  truth = await loadTruth(h.testStore.store, h.ctx.tenantId);
}, 240_000);
afterAll(() => h?.close());

const within = (from: string, to: string) => truth.rows.filter((r) => r.at >= new Date(from) && r.at < new Date(to));
const sorted = (values: number[]) => [...values].sort((a, b) => b - a);

/** Each person's count of the rows kept, over the rows given. */
function perUser(rows: Truth['rows'], keep: (r: Truth['rows'][number]) => boolean): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of rows) if (keep(r)) counts.set(r.userId, (counts.get(r.userId) ?? 0) + 1);
  return counts;
}

it('"list every data source <person> touched in October" lists every source, paged; without "every" the cut is said', async () => {
  const october = within('2026-10-01', '2026-11-01');
  const sourcesOf = (userId: string) => {
    const refs = new Map<string, number>();
    for (const r of october.filter((x) => x.userId === userId))
      for (const s of r.sources) refs.set(s, (refs.get(s) ?? 0) + 1);
    return refs;
  };
  const [userId] = [...new Set(october.map((r) => r.userId))].sort((a, b) => sourcesOf(b).size - sourcesOf(a).size);
  const refs = sourcesOf(userId!);
  expect(refs.size).toBeGreaterThan(10);
  const name = truth.names.get(userId!)!;
  for (const question of [
    `list every data source ${name} touched in October`,
    `every source ${name}'s Copilot used in October`,
    `show me all of the sources ${name} referenced in October`,
  ]) {
    const { q, a, rows } = await askedQuery(deps, question);
    expect(q).toMatchObject({ measure: 'references', by: ['source'], all: true });
    expect(a.interpretation).toContain('every row');
    expect(rows).toHaveLength(refs.size);
    expect(sorted(rows.map((r) => Number(r.value)))).toEqual(sorted([...refs.values()]));
  }
  // Every source read, lowest first: how many there are is known, and the cut is the bottom 10.
  const inMonth = new Set(within('2026-11-01', '2026-11-21').flatMap((r) => r.sources));
  expect(inMonth.size).toBeGreaterThan(10);
  const least = await askedQuery(deps, 'least referenced sources this month');
  expect(least.a.summary).toContain(`10 of ${inMonth.size} sources shown (the default bottom 10)`);
  const { a, rows } = await askedQuery(deps, `which data sources did ${name} use in October`);
  expect(rows).toHaveLength(10);
  expect(a.summary).toContain('Only the top 10 sources are shown (the default): ask for all sources');
});

it('a breakdown by person says its default top 10, and "all users" lists each one', async () => {
  const prompts = perUser(within('2026-10-01', '2026-11-01'), (r) => r.prompt);
  expect(prompts.size).toBeGreaterThan(10);
  const top = await askedQuery(deps, 'prompts by person last month');
  expect(top.rows).toHaveLength(10);
  expect(top.a.summary).toContain('Only the top 10 people are shown (the default)');
  expect(top.a.summary).not.toMatch(/; 10 shown/);
  const every = await askedQuery(deps, 'list all users by prompts last month');
  expect((every.q as MeasureQuery).all).toBe(true);
  expect(sorted(every.rows.map((r) => Number(r.value)))).toEqual(sorted([...prompts.values()]));
  expect(every.a.summary).not.toContain('the default');
  // A number asked is that number, said as a top N, with no note on a default.
  const asked = await askedQuery(deps, 'top 12 users by prompts last month');
  expect(asked.rows.length).toBeGreaterThanOrEqual(12);
  expect(asked.a.summary).not.toContain('the default');
});

it('"how many users were active last week and how many of them used Teams" gives both counts', async () => {
  const week = within('2026-11-09', '2026-11-16');
  const active = new Set(week.map((r) => r.userId));
  const inTeams = new Set(week.filter((r) => r.app === 'Teams').map((r) => r.userId));
  expect(inTeams.size).toBeGreaterThan(0);
  expect(inTeams.size).toBeLessThan(active.size);
  for (const question of [
    'how many users were active last week and how many of them used Teams',
    'How many people used Copilot last week, and how many of those were in Teams?',
  ]) {
    const { q, rows, a } = await askedQuery(deps, question);
    expect(q).toMatchObject({ measure: 'active_users', shareOf: 'app', filters: { apps: ['teams'] } });
    expect(rows[0]).toMatchObject({ value: inTeams.size, whole: active.size });
    expect(a.summary).toContain(`${inTeams.size} of ${active.size}`);
  }
  // A part that is no narrowing of the count: the count answered, the part after it, never the first dropped.
  const heavy = [...perUser(week, (r) => r.prompt)].filter(([, n]) => n > 10);
  const { a } = await askedQuery(
    deps,
    'how many users were active last week and how many of them sent more than 10 prompts',
  );
  expect(a.summary).toContain(`Active users: ${active.size}.`);
  expect(a.summary).toContain(`${heavy.length} people with more than 10 prompts`);
  for (const [userId] of heavy) expect(a.summary).toContain(truth.names.get(userId)!);
});

it('"5 – 10 prompts" with spaces around the dash is a range of prompts, as "5-10" is', async () => {
  const prompts = perUser(within('2026-11-09', '2026-11-16'), (r) => r.prompt);
  const inRange = [...prompts].filter(([, n]) => n >= 5 && n <= 10);
  expect(inRange.length).toBeGreaterThan(0);
  for (const question of ['who sent 5 – 10 prompts last week', 'users with 5 - 10 prompts last week']) {
    const { q, rows } = await askedQuery(deps, question);
    expect(q).toMatchObject({ by: ['user'], having: { op: 'gte', value: 5, upTo: 10 } });
    expect(sorted(rows.map((r) => Number(r.value)))).toEqual(sorted(inRange.map(([, n]) => n)));
  }
  // Two numbers joined by a dash before nothing counted are asked about, never read past.
  for (const question of ['prompts 5–10 yesterday', 'who used Copilot between 9 – 17 yesterday']) {
    const q = await queryOf(deps, question);
    expect(q).toMatchObject({ type: 'reply', reply: 'rephrase' });
    expect(q.type === 'reply' && q.notUnderstood.join(' ')).toMatch(/\d-\d/);
  }
});

it('"… with their departments" beside a list of people is a column of it, not a count per department', async () => {
  const users = new Set(truth.rows.map((r) => r.userId));
  const idle = truth.licensed.filter((l) => !users.has(l.userId));
  expect(idle.length).toBeGreaterThan(1);
  for (const question of [
    'list licensed users with no activity, with their departments',
    'licensed users who never used copilot and their department',
    'which licence holders have not used copilot, show department',
  ]) {
    const { q, rows } = await askedQuery(deps, question);
    expect(q).toMatchObject({ measure: 'licensed_inactive', by: [] });
    expect(new Set(rows.map((r) => `${String(r.user)}|${String(r.department)}`))).toEqual(
      new Set(idle.map((l) => `${l.name}|${l.department}`)),
    );
  }
  // "by department" is still a breakdown, and so is a count with "department" in it.
  const { q } = await askedQuery(deps, 'list licensed users with no activity by department');
  expect(q).toMatchObject({ by: ['department'] });
});

it("a count asked beside a person's last use answers both: the count, then when they were last active", async () => {
  const counts = new Map<string, number>();
  for (const r of truth.rows) counts.set(r.userId, (counts.get(r.userId) ?? 0) + 1);
  const [userId] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
  const name = truth.names.get(userId)!;
  const mine = truth.rows.filter((r) => r.userId === userId);
  const last = mine.reduce((a, r) => (r.at > a ? r.at : a), new Date(0));
  const since = new Date('2026-10-22T00:00:00Z');
  const prompts = mine.filter((r) => r.prompt && r.at >= since).length;
  for (const question of [
    `is ${name} still using copilot? last activity and how many prompts in the last 30 days`,
    `when did ${name} last use Copilot, and how many prompts were sent by ${name} in the last 30 days`,
  ]) {
    const { q, a, rows } = await askedQuery(deps, question);
    expect(q).toMatchObject({ measure: 'prompts', filters: { people: [{ userId }] } });
    expect(rows[0]).toMatchObject({ value: prompts });
    expect(a.interpretation).toContain(`second question answered after the first: "when did ${name} last use Copilot"`);
    expect(a.summary).toContain(`last active ${last.toISOString().slice(0, 10)}`);
  }
});

it('"who tried Copilot twice and never came back" is everyone with that many prompts in all their synced history', async () => {
  const prompts = new Map<string, number>();
  for (const r of truth.rows) if (r.prompt) prompts.set(r.userId, (prompts.get(r.userId) ?? 0) + 1);
  const fewest = Math.min(...prompts.values());
  const those = [...prompts].filter(([, n]) => n === fewest).map(([id]) => truth.names.get(id)!);
  // The fewest prompts anyone sent, written as people write it: "once", "twice", "3 times".
  const times = ({ 1: 'once', 2: 'twice' } as Record<number, string>)[fewest] ?? `${fewest} times`;
  for (const question of [
    `who tried copilot ${times} and never came back`,
    `users who tried copilot only ${times} and haven't been back since`,
    `people who used it ${times} and never again`,
  ]) {
    const { q, rows } = await askedQuery(deps, question);
    expect(q).toMatchObject({ measure: 'prompts', by: ['user'], having: { op: 'eq', value: fewest } });
    expect(q.type === 'measure' && q.period.label).toBe('all synced history');
    expect(new Set(rows.map((r) => String(r.user)))).toEqual(new Set(those));
  }
  // "Only 2 times" is a count of uses as "twice" is, over the period asked.
  const { q } = await askedQuery(deps, 'users who used copilot only 2 times last month');
  expect(q).toMatchObject({ by: ['user'], having: { op: 'eq', value: 2 }, period: { label: 'last month' } });
});

it('durations are said not to be recorded, with what can be asked, never answered by hour of day', async () => {
  for (const question of [
    'how many hours of Copilot use last week',
    'how much time did people spend in Copilot last month',
    'time spent using copilot by department',
    'average session length',
    'how long do people spend in copilot sessions',
  ]) {
    const q = await queryOf(deps, question);
    expect(q).toMatchObject({ type: 'reply', reply: 'scope', text: 'duration' });
    const { a } = await askedQuery(deps, question);
    expect(a.summary).toContain('cannot say how long anyone spent in Copilot');
    expect(a.suggestions.length).toBeGreaterThan(0);
  }
  // Hours of the day are still a breakdown, and how long findings take to close is still the triage history's.
  expect(await queryOf(deps, 'prompts by hour last week')).toMatchObject({ by: ['hour'] });
  expect(await queryOf(deps, 'how long does it take to resolve findings')).toMatchObject({ triage: 'time_to_close' });
});

it('"how quickly are findings closed" is the time to close them, not a list of closed findings', async () => {
  for (const question of ['how quickly are findings closed', 'how quickly do we resolve high findings']) {
    const q = await queryOf(deps, question);
    expect(q).toMatchObject({ type: 'findings', triage: 'time_to_close' });
    expect(q.type === 'findings' && q.aside).toBeFalsy();
  }
  // "quickly" elsewhere is still only a manner of asking.
  expect(await queryOf(deps, 'quickly, how many prompts last week')).toMatchObject({
    measure: 'prompts',
    aside: ['quickly'],
  });
});

it('"usage during work hours vs after hours" gives the figure inside business hours and outside them', async () => {
  const week = within('2026-11-09', '2026-11-16').filter((r) => r.prompt);
  const inside = week.filter((r) => {
    const day = (r.at.getUTCDay() + 6) % 7;
    return day < 5 && r.at.getUTCHours() >= 9 && r.at.getUTCHours() < 17;
  }).length;
  expect(inside).toBeGreaterThan(0);
  expect(inside).toBeLessThan(week.length);
  for (const question of [
    'prompts in business hours vs outside business hours last week',
    'prompts last week after hours vs during working hours',
  ]) {
    const { q, a, rows } = await askedQuery(deps, question);
    expect(q).toMatchObject({ measure: 'prompts', clockSides: true, filters: { clock: { outside: false } } });
    expect(rows.map((r) => Number(r.value))).toEqual([inside, week.length - inside]);
    expect(a.summary).toContain(`Prompts: business hours ${inside} (`);
    expect(a.interpretation).toContain('vs the hours outside them');
  }
  // A breakdown is not set against the hours outside: said, not answered as one side.
  const { a } = await askedQuery(deps, 'prompts by department during business hours vs after hours');
  expect(a.kind).toBe('not_available');
});

it('"apps used by <department> but not <department>" lists the first\'s apps the second never used', async () => {
  const month = within('2026-10-22', '2026-11-21');
  const appsOf = (dept: string) =>
    new Set(month.filter((r) => truth.departments.get(r.userId) === dept).map((r) => r.app));
  const shown = [...truth.alone];
  // The pair of departments shown alone whose difference is largest: the answer is not empty by construction.
  const pairs = shown.flatMap((a) => shown.filter((b) => b !== a).map((b) => [a, b] as const));
  const [own, other] = pairs.sort(
    ([a, b], [c, d]) =>
      [...appsOf(c)].filter((x) => !appsOf(d).has(x)).length - [...appsOf(a)].filter((x) => !appsOf(b).has(x)).length,
  )[0]!;
  const expected = [...appsOf(own)].filter((x) => !appsOf(other).has(x));
  expect(expected.length).toBeGreaterThan(0);
  for (const question of [`apps used by ${own} but not ${other}`, `which apps did ${own} use but not ${other}`]) {
    const { q, a, rows } = await askedQuery(deps, question);
    expect(q).toMatchObject({ by: ['app'], filters: { departments: [own], exclude: { departments: [other] } } });
    expect(new Set(rows.map((r) => String(r.app)))).toEqual(new Set(expected));
    expect(a.interpretation).toContain(`those ${other} had none of`);
    expect(a.summary).toContain(`${expected.length} apps of ${own}'s that ${other} had none of`);
    // Neither side's total is said of the difference.
    expect(a.summary).not.toMatch(/in all/);
  }
});

it('"compare <department> with the whole company on prompts per user" sets each side\'s prompts per active user', async () => {
  const november = within('2026-11-01', '2026-11-21');
  const [dept] = [...truth.alone];
  const perUser = (rows: Truth['rows']) =>
    Math.round((rows.filter((r) => r.prompt).length / new Set(rows.map((r) => r.userId)).size) * 10) / 10;
  const mine = november.filter((r) => truth.departments.get(r.userId) === dept);
  for (const question of [
    `compare ${dept} with the whole company on prompts per user for November`,
    `${dept} prompts per user vs the company average in November`,
  ]) {
    const { q, rows } = await askedQuery(deps, question);
    expect(q).toMatchObject({ measure: 'prompts', by: [], perPerson: true, versus: 'whole' });
    expect(rows.map((r) => Number(r.value))).toEqual([perUser(mine), perUser(november)]);
  }
});

it('"who hasn\'t used Copilot since before <day>" is since that day; "thsi week" is this week; a failing sync names its users', async () => {
  const since = await queryOf(deps, 'who hasnt used copilot since before the 10th of november');
  expect(since).toMatchObject({ measure: 'licensed_inactive', period: { label: 'since 2026-11-10' } });
  expect(await queryOf(deps, 'copilot usr count thsi week')).toMatchObject({
    measure: 'active_users',
    period: { label: 'this week' },
    spelled: [{ typed: 'thsi', read: 'this' }],
  });
  for (const question of ['the sync it have errors? which user', 'did the sync have errors and which user'])
    expect(await queryOf(deps, question)).toEqual({ type: 'system', system: 'sync', failing: true });
  // A second question of its own beside the sync is still said, not dropped.
  const beside = await queryOf(deps, 'is the sync healthy? and who used copilot most last week');
  expect(beside.type === 'system' && beside.context?.unanswered?.length).toBe(1);
});

it('"how r we doing" is the overview "how are we doing" is; "delete <person> from the system" is a change, declined', async () => {
  expect(await queryOf(deps, 'how r we doing')).toEqual(await queryOf(deps, 'how are we doing'));
  // A lower-case name's initial is no "are": asked about with the name, never read as "james are smith".
  const initial = await queryOf(deps, 'james r smith prompts');
  expect(initial.type === 'reply' && initial.notUnderstood).toEqual(['james', 'r', 'smith']);
  expect(await queryOf(deps, 'how r we doing')).toMatchObject({
    measure: 'active_users',
    also: ['prompts', 'sessions'],
  });
  const [someone] = truth.licensed;
  for (const question of [
    `delete ${someone!.name} from the system`,
    `delete user ${someone!.name}`,
    `delete ${someone!.name}'s account`,
  ]) {
    const parsed = await understand(deps, question);
    expect(parsed).toMatchObject({ type: 'query', query: { type: 'reply', reply: 'change' } });
  }
  // A saved question's name is still deleted as one, a person's name alone included.
  for (const name of ['weekly report', someone!.name])
    expect(await understand(deps, `delete ${name}`)).toEqual({
      type: 'command',
      command: { command: 'delete_saved', name },
    });
});

it("a licence holder whose use lands between the answer's reads is never listed idle beside a last use in it", async () => {
  const question = 'licensed users with no activity in the last 30 days';
  const before = await askedQuery(deps, question);
  const row = before.rows.find((r) => r.lastActiveAt !== null);
  expect(row).toBeDefined();
  const userId = truth.licensed.find((l) => l.name === row!.user)!.userId;
  const recent = new Date(now.getTime() - 3_600_000);
  // A sync stores that person's use after the idle list was read, before their last use is: only the second read sees it.
  const real = h.testStore.store;
  const users = new Proxy(real.users, {
    get(target, key) {
      if (key !== 'find') return Reflect.get(target, key, target) as unknown;
      return (filter: object, options?: { projection?: Record<string, number> }) => {
        const cursor = target.find(filter, options);
        if (Object.keys(options?.projection ?? {}).join() !== '_id,userId,lastActiveAt') return cursor;
        const toArray = async () =>
          (await cursor.toArray()).map((d) => (d.userId === userId ? { ...d, lastActiveAt: recent } : d));
        return { toArray };
      };
    },
  });
  const store = new Proxy(real, { get: (t, k) => (k === 'users' ? users : (Reflect.get(t, k, t) as unknown)) });
  const after = await askedQuery({ ...deps, store }, question);
  expect(after.rows.map((r) => r.user)).not.toContain(row!.user);
  expect(after.rows).toHaveLength(before.rows.length - 1);
  expect(after.a.summary).toContain(`${before.rows.length - 1} licensed users`);
});

it('"In <department> which apps are used most, and who uses it the most?" answers both, the second on the first\'s terms', async () => {
  const dept = [...truth.alone][0]!;
  const { a } = await askedQuery(
    deps,
    `In ${dept.toLowerCase()} which apps are used most this month, and who uses it the most?`,
  );
  expect(a.interpretation).toContain('second question answered after the first: "who uses it the most?"');
  const prompts = perUser(
    within('2026-11-01', '2026-11-21').filter((r) => truth.departments.get(r.userId) === dept),
    (r) => r.prompt,
  );
  const [leader] = [...prompts].sort((x, y) => y[1] - x[1]);
  expect(a.summary).toContain(`${truth.names.get(leader![0])!}, ${dept}: ${leader![1]}`);
});

it('"who is most active in the <dept> department" ranks its people; "every single user" lists everyone; findings "to be dismissed" are the ones still open', async () => {
  const dept = [...truth.alone][0]!;
  const month = within('2026-10-22', '2026-11-21').filter((r) => truth.departments.get(r.userId) === dept);
  const prompts = perUser(month, (r) => r.prompt);
  // The team noun says where the people are, not that the department is ranked.
  const { q, rows } = await askedQuery(deps, `who is most active in the ${dept} department`);
  expect(q).toMatchObject({ measure: 'prompts', by: ['user'], filters: { departments: [dept] } });
  expect(rows.map((r) => Number(r.value))).toEqual(sorted([...prompts.values()].filter((n) => n > 0)));
  expect(await queryOf(deps, "who's the busiest department")).toMatchObject({ by: ['department'] });
  // "every single user" is every one of them, as "all users" is, not a word nobody understood.
  const everyone = await askedQuery(deps, 'show me every single user');
  const all = await askedQuery(deps, 'show all users');
  expect(everyone.q).toEqual(all.q);
  const active = perUser(within('2026-10-22', '2026-11-21'), (r) => r.prompt);
  expect(everyone.rows).toHaveLength([...active.values()].filter((n) => n > 0).length);
  // What triage has still to close, not what it closed.
  for (const question of ['alerts to be dismissed', 'which findings are yet to be closed'])
    expect(await queryOf(deps, question)).toMatchObject({ type: 'findings', statuses: ['open', 'investigating'] });
  expect(await queryOf(deps, 'which alerts did we dismiss')).toMatchObject({ statuses: ['dismissed'] });
});

it('"did the sync fail? and how many prompts last week": the second question is said, not read past', async () => {
  const { q, a } = await askedQuery(deps, 'did the sync fail? and how many prompts last week');
  expect(q).toMatchObject({
    type: 'system',
    system: 'sync',
    context: { unanswered: ['and how many prompts last week'] },
  });
  expect(a.interpretation).toContain('how many prompts last week');
});

it('"how many licensed users … and how many of them were active in <period>" is the active holders against all of them', async () => {
  const licensed = truth.licensed.filter((l) => !truth.refused.has(l.userId));
  const from = '2026-10-22';
  const active = new Set(within(from, '2026-11-21').map((r) => r.userId));
  const holdersActive = licensed.filter((l) => active.has(l.userId)).length;
  for (const question of [
    'How many licensed users do we have, and how many of them were active in the last 30 days?',
    'how many licensed users were active in the last 30 days',
  ]) {
    const { q, a } = await askedQuery(deps, question);
    expect(q).toMatchObject({ measure: 'adoption', period: { from: new Date(`${from}T00:00:00Z`) } });
    expect(a.summary).toContain(`(${holdersActive} of ${licensed.length})`);
  }
  // The holders alone stay a count of holders.
  expect(await queryOf(deps, 'how many licensed users are there')).toMatchObject({ measure: 'licensed_users' });
});

it('"more than 50 prompts since we started tracking", "once or twice", "without any activity", "goin", "never in Word"', async () => {
  const ever = perUser(truth.rows, (r) => r.prompt);
  const top = sorted([...ever.values()])[2]!;
  // A condition after a dash narrows the people asked for; "since we started tracking" is all synced history.
  const power = await askedQuery(deps, `who are our power users - people with more than ${top - 1} prompts since we started tracking?`); // prettier-ignore
  expect(power.q).toMatchObject({ having: { op: 'gt', value: top - 1 }, period: { label: 'all synced history' } });
  expect(power.rows.map((r) => Number(r.value))).toEqual(sorted([...ever.values()].filter((n) => n > top - 1)));
  // A condition in the words around a question is never set aside: asked about.
  const aside = await queryOf(
    deps,
    'who are our power users - people with more than 50 prompts since the pilot wrapped',
  );
  expect(aside.type).toBe('reply');
  // "Only used Copilot once or twice" with no period named is each person's use so far, as the judges read it.
  const few = await askedQuery(deps, 'Which users only used Copilot once or twice?');
  expect(few.q).toMatchObject({ having: { op: 'gte', value: 1, upTo: 2 }, period: { label: 'all synced history' } });
  expect(few.rows.map((r) => Number(r.value))).toEqual(sorted([...ever.values()].filter((n) => n >= 1 && n <= 2)));
  const idle = await askedQuery(deps, 'list licence holders without any activity');
  expect(idle.q).toMatchObject({ measure: 'licensed_inactive' });
  expect(await queryOf(deps, 'is adoption goin up or down')).toMatchObject({
    spelled: [{ typed: 'goin', read: 'going' }],
  });
  // "never" in Word with no period named is over all synced history.
  const apps = new Map<string, Set<string>>();
  for (const r of truth.rows) apps.set(r.userId, (apps.get(r.userId) ?? new Set()).add(r.app));
  const teamsNotWord = [...apps.values()].filter((s) => s.has('Teams') && !s.has('Word')).length;
  const never = await askedQuery(deps, 'how many people have used Copilot in Teams but never in Word?');
  expect(never.q).toMatchObject({ period: { label: 'all synced history' }, who: { notApps: ['word'] } });
  expect(never.rows.map((r) => Number(r.value))).toEqual([teamsNotWord]);
});

it('"how many people\'s Copilot data are we holding?" is everyone with a synced interaction, ever', async () => {
  const { q, rows } = await askedQuery(deps, "how many people's Copilot data are we holding?");
  expect(q).toMatchObject({ measure: 'active_users', period: { label: 'all synced history' } });
  expect(rows.map((r) => Number(r.value))).toEqual([new Set(truth.rows.map((r) => r.userId)).size]);
});

it('"who used Copilot in Excel most recently" orders people by their last use there, latest first; a past period is said', async () => {
  const last = new Map<string, Date>();
  for (const r of truth.rows)
    if (r.app === 'Excel' && r.at <= now && (last.get(r.userId)?.getTime() ?? 0) < r.at.getTime()) last.set(r.userId, r.at); // prettier-ignore
  const expected = [...last].sort((a, b) => b[1].getTime() - a[1].getTime()).slice(0, 10);
  for (const question of ['who used Copilot in Excel most recently?', 'who was the last person to use Excel']) {
    const { q, a, rows } = await askedQuery(deps, question);
    expect(q).toMatchObject({ recent: true, filters: { apps: ['excel'] }, period: { label: 'all synced history' } });
    expect(rows.map((r) => [r.user, r.lastUse])).toEqual(
      expected.map(([id, at]) => [truth.names.get(id), at.toISOString()]),
    );
    expect(a.summary).toContain(`${truth.names.get(expected[0]![0])!} used Copilot in Excel most recently`);
  }
  // A ranking by figures stays one.
  expect((await queryOf(deps, 'who used Excel most')).type === 'measure').toBe(true);
  expect(await queryOf(deps, 'who used Excel most')).not.toHaveProperty('recent');
  // The last use is kept as of now: within a past period it is said, not answered from another period.
  const past = await askedQuery(deps, 'who used Copilot in Excel most recently last month');
  expect(past.a.kind).toBe('not_available');
  expect(past.a.summary).toContain('kept as of now');
});

it('"users have more than N prompts", "tried it only once or twice": each person\'s count so far when no period is named', async () => {
  const ever = perUser(truth.rows, (r) => r.prompt);
  const n = sorted([...ever.values()])[3]!;
  const many = await askedQuery(deps, `How many users have more than ${n - 1} prompts?`);
  expect(many.q).toMatchObject({ period: { label: 'all synced history' }, having: { op: 'gt', value: n - 1 } });
  expect(many.rows.map((r) => Number(r.value))).toEqual(sorted([...ever.values()].filter((v) => v > n - 1)));
  const few = await askedQuery(deps, 'how many users tried copilot only once or twice');
  expect(few.q).toMatchObject({ period: { label: 'all synced history' } });
  expect(few.rows.map((r) => Number(r.value))).toEqual(sorted([...ever.values()].filter((v) => v >= 1 && v <= 2)));
  // Sent in the past with no period: the default 30 days, said in the line.
  expect(await queryOf(deps, 'who sent more than 50 prompts')).toMatchObject({ period: { default: true } });
});

it('"account-related findings", "being investigated at the moment", "how much are we paying for licences"', async () => {
  expect(await queryOf(deps, 'are there any account-related findings')).toMatchObject({
    type: 'findings',
    categories: ['account'],
  });
  expect(await queryOf(deps, 'how many findings are being investigated at the moment')).toMatchObject({
    type: 'findings',
    show: 'count',
    statuses: ['investigating'],
  });
  // A subject ("work-related prompts") is no category: still asked about.
  expect(await queryOf(deps, 'show me work-related prompts')).toMatchObject({ type: 'reply' });
  // Prices are not known: declined with what can be counted instead, never the holders listed as if it answered.
  expect(await queryOf(deps, 'how much are we paying for copilot licences')).toMatchObject({
    type: 'reply',
    reply: 'scope',
    text: 'prices',
  });
});

it('"which files with \'Policy\' in the name were referenced" ranks every source whose name holds the word', async () => {
  const held = (word: string, kind?: string) =>
    new Set(
      [...truth.sources]
        .filter(([, s]) => s.name.toLowerCase().includes(word) && (!kind || s.kind === kind))
        .map(([key]) => key),
    );
  const references = (keys: Set<string>, rows = truth.rows) => {
    const counts = new Map<string, number>();
    for (const r of rows) for (const k of r.sources) if (keys.has(k)) counts.set(k, (counts.get(k) ?? 0) + 1);
    return counts;
  };
  const policyFiles = references(held('policy', 'file'));
  expect(policyFiles.size).toBeGreaterThan(1);
  const { q, rows } = await askedQuery(deps, "which files with 'Policy' in the name were referenced by copilot?");
  expect(q).toMatchObject({ by: ['source'], filters: { sourceKind: 'file', source: { of: 'match', key: 'policy' } } });
  expect(rows.map((r) => Number(r.value))).toEqual(sorted([...policyFiles.values()]));
  // Every access listed is to one of those files, of the kind asked.
  const accesses = await askedQuery(deps, 'who accessed files with Policy in the name and when');
  expect(accesses.rows).toHaveLength([...policyFiles.values()].reduce((a, b) => a + b, 0));
  // A count over a period: the references to them then.
  const october = references(held('budget', 'file'), within('2026-10-01', '2026-11-01'));
  const counted = await askedQuery(
    deps,
    'how many times were documents containing "Budget" in the title used last month',
  );
  expect(counted.rows.map((r) => Number(r.value))).toEqual([[...october.values()].reduce((a, b) => a + b, 0)]);
  // A word no source's name holds is said, never read as a person; people with a word in their name are no sources.
  expect(await queryOf(deps, 'files with Zebra in the name')).toMatchObject({ type: 'reply', reply: 'no_source' });
  expect(await queryOf(deps, 'users with Sales in their name')).not.toHaveProperty('filters.source');
});

it('"sales guys", "during this month", "forty", "twenty-five", "which was his last day using Copilot and in what app"', async () => {
  expect(await queryOf(deps, "which of my sales guys haven't touched copilot this week")).toMatchObject({
    measure: 'licensed_inactive',
    filters: { departments: ['Sales'] },
    period: { label: 'this week' },
  });
  const month = await queryOf(deps, 'how many prompts did Ben Stewart make in Teams during this month');
  expect(month).toMatchObject({ measure: 'prompts', filters: { apps: ['teams'] }, period: { label: 'this month' } });
  const last30 = perUser(within('2026-10-22', '2026-11-21'), (r) => r.prompt);
  const forty = await askedQuery(deps, 'Can you tell me how much users made more than four prompts in the last 30 days?'); // prettier-ignore
  expect(forty.q).toMatchObject({ having: { op: 'gt', value: 4 } });
  expect(forty.rows.map((r) => Number(r.value))).toEqual(sorted([...last30.values()].filter((n) => n > 4)));
  expect(await queryOf(deps, 'users with more than forty prompts')).toMatchObject({ having: { value: 40 } });
  expect(await queryOf(deps, 'users with more than twenty-five prompts')).toMatchObject({ having: { value: 25 } });
  // The last use, with its app: the person's sessions newest first, the latest said in the sentence.
  const ben = [...truth.names].find(([, n]) => n === 'Ben Stewart')![0];
  const latest = truth.rows.filter((r) => r.userId === ben && r.at <= now).sort((x, y) => y.at.getTime() - x.at.getTime())[0]!; // prettier-ignore
  const { q, a, rows } = await askedQuery(deps, 'For Ben Stewart, which was his last day using Copilot and in what application?'); // prettier-ignore
  expect(q).toMatchObject({ type: 'list', list: 'sessions', person: { name: 'Ben Stewart' } });
  expect(rows[0]).toMatchObject({ app: latest.app });
  expect(a.summary).toContain(`The latest began on ${new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', dateStyle: 'medium' }).format(new Date(String(rows[0]!.at)))}`); // prettier-ignore
  expect(a.summary).toContain(`in ${latest.app}.`);
});

it('the twenty-first set and a review: "our department", "give me the numbers", "and by how many persons", one question asked twice', async () => {
  expect(await queryOf(deps, 'our department usage')).toMatchObject({
    type: 'reply',
    notUnderstood: ['our department: which department?'],
  });
  expect(await queryOf(deps, 'give me the numbers')).toMatchObject({ measure: 'active_users', also: ['prompts', 'sessions'] }); // prettier-ignore
  // Two counts over the period said before the first.
  const from = new Date(now.getTime() - 48 * 3_600_000);
  const rows48 = truth.rows.filter((r) => r.at >= from && r.at < now);
  const both = await askedQuery(deps, 'in the last 48 hours how many prompt was done and by how many persons');
  expect(both.q).toMatchObject({ measure: 'prompts', also: ['active_users'], period: { label: 'last 48 hours' } });
  expect(both.rows.map((r) => Number(r.value0 ?? r.value))).toContain(rows48.filter((r) => r.prompt).length);
  expect(JSON.stringify(both.rows)).toContain(String(new Set(rows48.map((r) => r.userId)).size));
  // The second question is the first with its period: that one answered, nothing said to be left.
  const wasted = await queryOf(deps, 'which licences are wasted? list users with copilot licence but no activity in the last 30 days'); // prettier-ignore
  expect(wasted).toMatchObject({ measure: 'licensed_inactive', period: { label: 'last 30 days' } });
  expect(wasted).not.toHaveProperty('context.unanswered');
  const log = await queryOf(deps, "has anyone opened other people's copilot conversations? show the access log");
  expect(log).toMatchObject({ type: 'system', system: 'access_log' });
  expect(log).not.toHaveProperty('context.unanswered');
  expect(await queryOf(deps, 'can you make Diego Siciliani an admin of this tool')).toMatchObject({ reply: 'change' });
});

it('a review of the diff: numbers, rankings and names the new readings must not take over', async () => {
  // "two hundred" is no 2: asked about, never a condition on more than 2.
  expect(await queryOf(deps, 'users with more than two hundred prompts')).toMatchObject({ type: 'reply' });
  // A ranking by a figure with its last use beside stays a ranking.
  expect(await queryOf(deps, 'top 10 users by prompts this month with their most recent activity')).not.toHaveProperty('recent'); // prettier-ignore
  expect(await queryOf(deps, 'are there any work-related findings')).toMatchObject({ type: 'reply' });
  expect(await queryOf(deps, 'who is the most active of our departments')).toMatchObject({ by: ['department'] });
  expect(await queryOf(deps, "how many documents did users with 'Stewart' in their name access")).not.toHaveProperty('filters.source.of', 'match'); // prettier-ignore
  expect(await queryOf(deps, 'how many licence holders used Copilot more than 10 times last month')).toMatchObject({
    measure: 'licensed_users',
    holderCount: 'prompts',
    having: { op: 'gt', value: 10 },
  });
  expect(await queryOf(deps, 'do we have any users who sent more than 50 prompts')).toMatchObject({ period: { default: true } }); // prettier-ignore
  // "the last 24 hours" ends when the question was read: answered a moment later, it is no past period.
  const q = await queryOf(deps, 'who used Copilot in Excel most recently in the last 24 hours');
  const later = await answerQuery({ ...deps, now: () => new Date(now.getTime() + 5_000) }, q, 'later');
  expect(later.kind).not.toBe('not_available');
});
