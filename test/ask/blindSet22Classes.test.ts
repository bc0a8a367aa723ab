import { ask } from '../../server/core/ask/engine';
import type { MeasureQuery } from '../../server/core/ask/querySchema';
import { askedQuery, askHarness, queryOf } from './askKit';

/**
 * The classes the twenty-second and twenty-third unseen question sets (test/fixtures/askBlindSet22.json, 23) found
 * answered as another question or not answered: "what hour of the day are people busiest" grouped by person too;
 * "users with fewer than 5 prompts" leaving out the licence holders with none; "give me the users of Stream and of
 * Loop" counted rather than named; "sessions per week since the start of November", "since begin of this month",
 * "became active for the first time", "the first 5", "numbrs" not read; a small department's unused licences shown
 * alone; "how's my department doing" asked back with no department to pick; "please to disable …" not declined as a
 * change; "top 3 apps mth" grouped by month; "hasn't used Copilot since October" counted from October's first day.
 * The twenty-fourth and twenty-fifth (askBlindSet24.json, 25): "only used copilot once" over the default 30 days; "give
 * to me the list of agents of …" declined as a change; "how many ppl active this wk + whats the top app" without the
 * people active in all.
 * Figures are recomputed from the stored interactions and the directory.
 */

const suite = askHarness({ referenceTime: new Date('2026-11-20T12:00:00.000Z') }); // a Friday
const within = (from: string, to: string) =>
  suite.truth.rows.filter((r) => r.at >= new Date(from) && r.at < new Date(to));
const measureOf = async (question: string) => (await queryOf(suite.deps, question)) as MeasureQuery;

it('"what hour of the day are people busiest" ranks the hours, not each person within an hour', async () => {
  const { deps } = suite;
  const hours = new Map<number, number>();
  for (const r of within('2026-10-22', '2026-11-21').filter((x) => x.prompt))
    hours.set(r.at.getUTCHours(), (hours.get(r.at.getUTCHours()) ?? 0) + 1);
  const top = Math.max(...hours.values());
  for (const question of [
    'what hour of the day are people busiest with copilot?',
    'which weekday are users most active',
    'what hour are our employees busiest in Copilot',
  ]) {
    const q = await measureOf(question);
    expect({ question, by: q.by }).toEqual({ question, by: [expect.stringMatching(/^(?:hour|weekday)$/)] });
  }
  const { a, rows } = await askedQuery(deps, 'what hour of the day are people busiest with copilot?');
  expect(a.interpretation).toMatch(/^Prompts by hour of day ·/);
  expect(Math.max(...rows.map((r) => Number(r.value)))).toBe(top);
  expect(rows.map((r) => Number(r.value)).reduce((s, v) => s + v, 0)).toBe([...hours.values()].reduce((s, v) => s + v));
});

it('"users with fewer than 5 prompts" lists the licence holders with none as 0 beside those with a few', async () => {
  const { deps, truth } = suite;
  const october = within('2026-10-01', '2026-11-01');
  const readable = truth.licensed.filter((u) => !truth.refused.has(u.userId));
  const prompts = (id: string) => october.filter((r) => r.userId === id && r.prompt).length;
  const active = new Set(october.filter((r) => r.prompt).map((r) => r.userId));
  const expected = new Map<string, number>();
  for (const u of readable) if (prompts(u.userId) < 5) expected.set(u.name, prompts(u.userId));
  // Activity by people without a licence today is theirs too.
  for (const id of active) if (prompts(id) < 5) expected.set(truth.names.get(id)!, prompts(id));
  const idle = readable.filter((u) => prompts(u.userId) === 0).length;
  expect(idle).toBeGreaterThan(0);
  const { a, rows } = await askedQuery(
    deps,
    'users with fewer than 5 prompts in the last month - candidates for licence removal',
  );
  expect(a.interpretation).toContain('people with fewer than 5 prompts · last month (1 Oct 2026 – 31 Oct 2026)');
  expect(new Map(rows.map((r) => [String(r.user), Number(r.value)]))).toEqual(expected);
  expect(a.summary).toContain(`Licence holders with no prompts in the period count as 0 and are listed (${idle}).`);
  expect(a.summary).not.toContain('not listed');
});

it('"give me the users of Stream and of Loop" names each app\'s people, as "list the users of" does', async () => {
  const { deps, truth } = suite;
  const since = within('2026-10-01', '2026-11-21');
  for (const question of [
    'Can you give me the users of Stream and of Loop, since the beginning of october?',
    'list the users of Stream and Loop since 1 October',
  ]) {
    const { q, rows } = await askedQuery(deps, question);
    expect({ question, q }).toMatchObject({ question, q: { by: ['app', 'user'], filters: { apps: ['stream', 'loop'] } } }); // prettier-ignore
    for (const app of ['Stream', 'Loop']) {
      const names = [...new Set(since.filter((r) => r.app === app).map((r) => truth.names.get(r.userId)!))].sort();
      expect(names.length).toBeGreaterThan(0);
      const listed = rows.filter((r) => r.app === app).map((r) => String(r.user));
      expect({ question, app, listed: listed.sort() }).toEqual({ question, app, listed: names });
    }
  }
  expect(await measureOf('how many users of Stream and Loop')).toMatchObject({ measure: 'active_users', by: ['app'] });
});

it('periods and words the sets typed are read: the start of a month, "became active", "the first 5", "numbrs", "mth"', async () => {
  const sessions = await measureOf('number of copilot sessions per week since the start of november');
  expect(sessions).toMatchObject({ measure: 'sessions', by: ['week'] });
  expect(sessions.period.from).toEqual(new Date('2026-11-01T00:00:00Z'));
  const excel = await measureOf('Which persons are using Copilot in Excel since begin of this month?');
  expect(excel).toMatchObject({ by: ['user'], filters: { apps: ['excel'] } });
  expect(excel.period).toMatchObject({ from: new Date('2026-11-01T00:00:00Z'), label: 'this month' });
  expect(await measureOf('which users became active for the first time this month?')).toMatchObject({
    measure: 'new_users',
    period: { label: 'this month' },
  });
  expect(await measureOf('Which are the files most used from Copilot, the first 5?')).toMatchObject({
    measure: 'references',
    by: ['source'],
    limit: 5,
    filters: { sourceKind: 'file' },
  });
  expect(await measureOf('copilot usage numbrs this wk vs last wk')).toMatchObject({
    measure: 'interactions',
    compare: 'previous',
    period: { label: 'this week' },
  });
  for (const question of ['top 3 apps mth', 'top 3 apps month'])
    expect({ question, q: await measureOf(question) }).toMatchObject({ question, q: { by: ['app'], limit: 3, period: { label: 'this month' } } }); // prettier-ignore
  // A unit that is a breakdown, another period or a named week is read as it says.
  expect(await measureOf('prompts by app and month')).toMatchObject({ by: ['app', 'month'] });
  expect((await measureOf('prompts over Thanksgiving week')).period.label).toMatch(/^Thanksgiving week/);
});

it('"who hasn\'t used Copilot since October" is no use after October; a day named keeps its own', async () => {
  const { deps, truth } = suite;
  const readable = truth.licensed.filter((u) => !truth.refused.has(u.userId));
  const usedSince = (from: string) => new Set(within(from, '2026-11-21').map((r) => r.userId));
  const idleSince = (from: string) =>
    readable.filter((u) => !usedSince(from).has(u.userId)).map((u) => u.name).sort(); // prettier-ignore
  for (const question of [
    "who hasn't used Copilot since October",
    'which users have not used copilot since october?',
  ]) {
    const { q, a, rows } = await askedQuery(deps, question);
    expect((q as MeasureQuery).period.from).toEqual(new Date('2026-11-01T00:00:00Z'));
    expect(a.interpretation).toContain('after October 2026 (1 Nov 2026 – 20 Nov 2026)');
    expect(rows.map((r) => String(r.user)).sort()).toEqual(idleSince('2026-11-01'));
  }
  expect((await measureOf('prompts after October')).period.from).toEqual(new Date('2026-11-01T00:00:00Z'));
  expect((await measureOf('prompts since October')).period.from).toEqual(new Date('2026-10-01T00:00:00Z'));
  expect((await measureOf('users with no prompts since 1 November')).period.from).toEqual(new Date('2026-11-01T00:00:00Z')); // prettier-ignore
});

it("a small department's unused licences are withheld as its figures are; a large one's are listed", async () => {
  const { deps, truth } = suite;
  const sizes = new Map<string, number>();
  for (const u of truth.licensed.filter((x) => !truth.refused.has(x.userId) && x.department))
    sizes.set(u.department!, (sizes.get(u.department!) ?? 0) + 1);
  const [dept, size] = [...sizes].sort((a, b) => b[1] - a[1])[0]!;
  const question = `how many licences are going unused in ${dept}`;
  const withheld = await ask({ ...deps, minGroupSize: size + 1 }, question);
  expect(withheld.kind).toBe('not_available');
  expect(withheld.summary).toContain(`${dept} has fewer than ${size + 1} licensed users`);
  expect(withheld.rows).toEqual([]);
  const shown = await ask({ ...deps, minGroupSize: size }, question);
  expect(shown.kind).toBe('table');
  expect(shown.summary).toMatch(new RegExp(`in ${dept} (?:has|have) no Copilot activity`));
  const newUsers = await ask({ ...deps, minGroupSize: size + 1 }, `new users in ${dept} this month`);
  expect(newUsers.kind).toBe('not_available');
});

it('"how\'s my department doing" asks which department, each button the question for one of them', async () => {
  const { deps, truth } = suite;
  const departments = [...new Set(truth.licensed.map((u) => u.department).filter((d): d is string => !!d))];
  for (const question of ["how's my department doing", 'how is our team doing with copilot']) {
    const parsed = await queryOf(deps, question);
    expect(parsed).toMatchObject({ type: 'reply', reply: 'rephrase' });
    if (parsed.type !== 'reply') throw new Error('not a reply');
    expect(parsed.notUnderstood?.join(' ')).toMatch(/(?:my department|our team): which department\?/);
    expect(parsed.suggestions.length).toBeGreaterThan(1);
    for (const suggestion of parsed.suggestions) {
      const dept = departments.find((d) => suggestion.includes(`the ${d} department`));
      expect({ suggestion, dept }).toEqual({ suggestion, dept: expect.any(String) });
      expect(await measureOf(suggestion)).toMatchObject({ filters: { departments: [dept] } });
    }
  }
  const sales = await measureOf(`how is ${departments[0]} doing`);
  expect(sales).toMatchObject({ measure: 'active_users', also: ['prompts', 'sessions'], filters: { departments: [departments[0]] } }); // prettier-ignore
});

it('"please to disable copilot for …", "can you please to reset the password of …" are changes, declined as such', async () => {
  const { deps, truth } = suite;
  const name = truth.licensed[0]!.name;
  for (const question of [
    `please to disable copilot for the user ${name}`,
    `Can you please to reset the password of ${name}?`,
    `kindly to remove the licence of ${name}`,
  ])
    expect({ question, q: await queryOf(deps, question) }).toMatchObject({ question, q: { type: 'reply', reply: 'change' } }); // prettier-ignore
});

it('"how many ppl active this wk + whats the top app" says the people active in all beside the apps ranked', async () => {
  const { deps } = suite;
  const week = within('2026-11-16', '2026-11-21');
  const perApp = new Map<string, Set<string>>();
  for (const r of week) (perApp.get(r.app) ?? perApp.set(r.app, new Set()).get(r.app)!).add(r.userId);
  const top = Math.max(...[...perApp.values()].map((s) => s.size));
  const people = new Set(week.map((r) => r.userId)).size;
  expect(perApp.size).toBeGreaterThan(1);
  for (const question of ['how many ppl active this wk + whats the top app', 'active users by app this week']) {
    const { a, rows } = await askedQuery(deps, question);
    expect(a.interpretation).toContain('Active users by app · this week');
    expect(a.summary).toContain(`${people} active users in all`);
    expect(Number(rows[0]!.value)).toBe(top);
    expect(new Map(rows.map((r) => [String(r.app), Number(r.value)]))).toEqual(new Map([...perApp].map(([app, s]) => [app, s.size]))); // prettier-ignore
  }
});

it('"which users only used copilot once" counts each person\'s prompts so far; "give to me the agents of" is read', async () => {
  const { deps, truth } = suite;
  const prompts = new Map<string, number>();
  for (const r of truth.rows.filter((x) => x.prompt)) prompts.set(r.userId, (prompts.get(r.userId) ?? 0) + 1);
  const namesWith = (keep: (n: number) => boolean) =>
    [...prompts]
      .filter(([, n]) => keep(n))
      .map(([id]) => truth.names.get(id)!)
      .sort();
  // Nobody here has one or two prompts in all, and some have more (the last question lists them).
  expect(namesWith((n) => n > 1).length).toBeGreaterThan(0);
  for (const [question, keep] of [
    ['which users only used copilot once or twice', (n: number) => n <= 2],
    ['who used Copilot just once', (n: number) => n === 1],
    ['who used copilot more than once', (n: number) => n > 1],
  ] as const) {
    const { q, rows } = await askedQuery(deps, question);
    expect({ question, all: (q as MeasureQuery).period.all }).toEqual({ question, all: true });
    expect(rows.map((r) => String(r.user)).sort()).toEqual(namesWith(keep));
  }
  // A period named keeps its own.
  expect((await measureOf('who used copilot once last week')).period.label).toBe('last week');
  const [id] = [...prompts].sort((a, b) => b[1] - a[1])[0]!;
  const name = truth.names.get(id)!;
  const apps = [...new Set(truth.rows.filter((r) => r.userId === id).map((r) => r.app))].sort();
  for (const question of [`please give to me the list of agents of ${name}`, `list the agents of ${name}`]) {
    const { q, rows } = await askedQuery(deps, question);
    expect({ question, q }).toMatchObject({ question, q: { type: 'measure', by: ['app'], period: { all: true } } });
    expect(rows.map((r) => String(r.app)).sort()).toEqual(apps);
  }
  expect(await queryOf(deps, `give ${name} a licence`)).toMatchObject({ type: 'reply', reply: 'change' });
});

it('sets 26 and 27: "the past week" is the last 7 days; a direction against last month compares the same days', async () => {
  const { deps } = suite;
  const prompts = (from: string, to: string) => within(from, to).filter((r) => r.prompt).length;
  const past = await askedQuery(deps, 'prompts in the past week');
  expect((past.q as MeasureQuery).period).toMatchObject({
    from: new Date('2026-11-14T00:00:00Z'),
    label: 'last 7 days',
  });
  expect(Number(past.rows[0]!.value)).toBe(prompts('2026-11-14', '2026-11-21'));
  const findings = await queryOf(deps, 'how many findings came in over the past week?');
  expect(findings).toMatchObject({ type: 'findings', show: 'count', period: { label: 'last 7 days' } });
  // Asked on the 20th: 1–20 November against 1–20 October, each said in the line.
  const interactions = (from: string, to: string) => within(from, to).length;
  const { q, a, rows } = await askedQuery(deps, 'is copilot usage up or down vs last month');
  expect(q).toMatchObject({ compare: 'previous', against: { from: new Date('2026-10-01T00:00:00Z'), to: new Date('2026-10-21T00:00:00Z'), label: 'the same days of last month' } }); // prettier-ignore
  expect(a.interpretation).toContain('the same days of last month');
  expect(rows[0]).toMatchObject({ value: interactions('2026-11-01', '2026-11-21'), previous: interactions('2026-10-01', '2026-10-21') }); // prettier-ignore
  // Without a direction asked, "this month vs last month" keeps all of last month.
  expect(await measureOf('this month vs last month prompts')).toMatchObject({ against: { label: 'last month' } });
});

it('sets 26 and 27: history the sync could not read, "utilising", "more of ten", "actualy", "Can you to delete"', async () => {
  const { deps, truth } = suite;
  for (const question of [
    "which users' Copilot history could not be read in the last sync?",
    "whose history couldn't be read?",
  ]) {
    expect({ question, q: await queryOf(deps, question) }).toEqual({ question, q: { type: 'system', system: 'sync', failing: true } }); // prettier-ignore
    expect((await ask(deps, question)).interpretation).toBe(
      'Sync status · the users it could not read, with the error',
    );
  }
  // Reading whose conversations were opened stays the access log.
  expect(await queryOf(deps, `who read ${truth.licensed[0]!.name}'s conversations`)).toMatchObject({ system: 'access_log' }); // prettier-ignore
  expect(await measureOf('Which organisation units are utilising Copilot the least?')).toMatchObject({ measure: 'interactions', by: ['department'], order: 'asc' }); // prettier-ignore
  const teams = new Map<string, number>();
  for (const r of within('2026-11-01', '2026-11-21').filter((x) => x.prompt && x.app === 'Teams'))
    teams.set(truth.names.get(r.userId)!, (teams.get(truth.names.get(r.userId)!) ?? 0) + 1);
  const over = (n: number) =>
    [...teams]
      .filter(([, v]) => v > n)
      .map(([name]) => name)
      .sort();
  const n = Math.max(1, Math.min(...[...teams.values()]));
  expect(over(n).length).toBeGreaterThan(0);
  const more = await askedQuery(
    deps,
    `Can you say me which users users has made more of ${n} prompts in Teams this month?`,
  );
  expect(more.q).toMatchObject({ having: { op: 'gt', value: n }, filters: { apps: ['teams'] } });
  expect(more.rows.map((r) => String(r.user)).sort()).toEqual(over(n));
  expect(await measureOf('how many ppl actualy using copilot vs how many licences we pay for')).toMatchObject({ measure: 'adoption' }); // prettier-ignore
  expect(await queryOf(deps, `Can you to delete all datas of the user ${truth.licensed[0]!.name}`)).toMatchObject({ type: 'reply', reply: 'change' }); // prettier-ignore
});

it('a review of the fixes: negations of other things, "became", "active users with fewer than", a withheld merged row', async () => {
  const { deps, truth } = suite;
  // Only use negated moves "since October" past October; "not counting Sales", "not resolved" do not.
  expect((await measureOf('prompts not counting Sales since October')).period.from).toEqual(new Date('2026-10-01T00:00:00Z')); // prettier-ignore
  expect(await queryOf(deps, 'which findings are not resolved since October')).toMatchObject({ period: { from: new Date('2026-10-01T00:00:00Z') } }); // prettier-ignore
  // Said of the month still running, there is no day after it: from its first day.
  expect((await measureOf('who has not used Copilot since November')).period).toMatchObject({ from: new Date('2026-11-01T00:00:00Z'), label: 'since November 2026' }); // prettier-ignore
  expect((await measureOf('prompts since the start of the quarter')).period).toMatchObject({ from: new Date('2026-10-01T00:00:00Z'), label: 'this quarter' }); // prettier-ignore
  expect((await measureOf('prompts since the start of last month')).period).toMatchObject({ from: new Date('2026-10-01T00:00:00Z'), to: new Date('2026-11-21T00:00:00Z') }); // prettier-ignore
  expect(await measureOf('which users became inactive in November')).toMatchObject({ who: { quietIn: { label: 'November 2026' } } }); // prettier-ignore
  expect(await measureOf('how many users became active this month')).toMatchObject({ measure: 'new_users' });
  // "Active users with fewer than 5 prompts": the active ones only, with no licence holder at 0.
  const month = within('2026-11-01', '2026-11-21').filter((r) => r.prompt);
  const counts = new Map<string, number>();
  for (const r of month) counts.set(truth.names.get(r.userId)!, (counts.get(truth.names.get(r.userId)!) ?? 0) + 1);
  const active = await askedQuery(deps, 'active users with fewer than 5 prompts this month');
  expect(new Map(active.rows.map((r) => [String(r.user), Number(r.value)]))).toEqual(new Map([...counts].filter(([, n]) => n < 5))); // prettier-ignore
  expect(active.a.summary).toContain('not listed');
  expect(await measureOf('how many sessions that start after 6pm')).toMatchObject({ measure: 'sessions', filters: { clock: { hours: { from: 18, to: 24 } } } }); // prettier-ignore
  const dept = truth.licensed.find((u) => u.department)!.department!;
  expect(await measureOf(`${dept} wants to know: how many licences are unused?`)).toMatchObject({ filters: { departments: [dept] } }); // prettier-ignore
  // By department with the merged small groups withheld: the count said is of the rows shown, never the whole (which
  // less the rows shown would be the withheld row's figure). Here every department is under the minimum asked.
  const byDept = await ask({ ...deps, minGroupSize: truth.licensed.length + 1 }, 'licensed users by department');
  const shown = byDept.rows.reduce((n, r) => n + Number(r.value), 0);
  expect(shown).toBe(0);
  expect(byDept.summary).toContain('is withheld');
  expect(byDept.summary).toMatch(new RegExp(`^${shown} (?:person|people) hold a Copilot license`));
  expect(byDept.summary).toContain('The count above is of the departments shown.');
});

it('sets 28 and 29: "three times" is a number, a breakdown after the question, the sync read for one person, "compare" alone', async () => {
  const { deps, truth } = suite;
  const ppt = new Map<string, number>();
  for (const r of within('2026-11-01', '2026-11-21').filter((x) => x.prompt && x.app === 'PowerPoint'))
    ppt.set(truth.names.get(r.userId)!, (ppt.get(truth.names.get(r.userId)!) ?? 0) + 1);
  const n = Math.min(...ppt.values());
  const words = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
  expect(n).toBeLessThan(words.length);
  const over = [...ppt]
    .filter(([, v]) => v > n)
    .map(([name]) => name)
    .sort();
  expect(over.length).toBeGreaterThan(0);
  // "three" was read as a slip of "there", and the condition dropped.
  const { q, rows } = await askedQuery(deps, `I want know which users are using the Copilot in PowerPoint more than ${words[n]} times in november`); // prettier-ignore
  expect(q).toMatchObject({ having: { op: 'gt', value: n }, filters: { apps: ['powerpoint'] } });
  expect(rows.map((r) => String(r.user)).sort()).toEqual(over);
  const name = truth.licensed[0]!.name;
  expect(await measureOf(`which apps does ${name} use copilot in? break it down by prompts`)).toMatchObject({ measure: 'prompts', by: ['app'] }); // prettier-ignore
  expect(await queryOf(deps, `did the last sync read ${name} ok?`)).toMatchObject({ type: 'list', list: 'profile', person: { name } }); // prettier-ignore
  expect(await queryOf(deps, 'sync status')).toEqual({ type: 'system', system: 'sync' });
  expect(await queryOf(deps, 'compare the teams')).toMatchObject({ type: 'reply', reply: 'rephrase', notUnderstood: ['compare … with what?'] }); // prettier-ignore
  expect(await measureOf('compare Word and Excel')).toMatchObject({ compare: 'values' });
  expect(await measureOf('exec summary nov pls - users prompts sessions')).toMatchObject({ measure: 'active_users', also: ['prompts', 'sessions'], period: { label: 'November 2026' } }); // prettier-ignore
  expect(await measureOf('Which is the department with the less usage of Copilot?')).toMatchObject({ by: ['department'], order: 'asc' }); // prettier-ignore
  expect(await measureOf('# of licences not being used??')).toMatchObject({ measure: 'licensed_inactive' });
  expect(await measureOf('Please give me the list of users which did not make any prompt since two weeks')).toMatchObject({ measure: 'licensed_inactive' }); // prettier-ignore
  expect(await measureOf('how many people used copilot on ten or more different days in november')).toMatchObject({ who: { activeDays: { op: 'gte', value: 10 } } }); // prettier-ignore
  expect(await measureOf('copilot usage last 7 days vs the 7 days before')).toMatchObject({ compare: 'previous', period: { label: 'last 7 days' } }); // prettier-ignore
  expect(await measureOf("who hasn't used copilot in the last 30 days but did before")).toMatchObject({ who: { quietIn: { label: 'last 30 days' } } }); // prettier-ignore
  expect(await queryOf(deps, 'switch copilot off for the whole Marketing department')).toMatchObject({ type: 'reply', reply: 'change' }); // prettier-ignore
});

it('set 30: "the users what used …" are named; "when was her last prompt" is a time; "active in October but not since"', async () => {
  const { deps, truth } = suite;
  // The first of these apps used last week here (the set asked about PowerPoint).
  const app = ['PowerPoint', 'Excel', 'Word', 'Outlook', 'Teams'].find((a) =>
    within('2026-11-09', '2026-11-16').some((r) => r.app === a),
  )!;
  const week = within('2026-11-09', '2026-11-16').filter((r) => r.app === app);
  const names = [...new Set(week.map((r) => truth.names.get(r.userId)!))].sort();
  expect(names.length).toBeGreaterThan(0);
  const listed = await askedQuery(deps, `Can you tell me the users what used Copilot in ${app} in last week?`);
  expect(listed.q).toMatchObject({ by: ['user'], filters: { apps: [app.toLowerCase()] }, period: { label: 'last week' } }); // prettier-ignore
  expect(listed.rows.map((r) => String(r.user)).sort()).toEqual(names);
  const name = truth.licensed[0]!.name;
  // A time asked, never the prompt's text (which needs a reason): the person's profile says their last use.
  expect(await queryOf(deps, `when was ${name}'s last prompt`)).toMatchObject({ type: 'list', list: 'profile' });
  const quiet = await measureOf('users who stopped using copilot - active in october but not since');
  expect(quiet).toMatchObject({ period: { label: 'October 2026' }, who: { quietIn: { from: new Date('2026-11-01T00:00:00Z') } } }); // prettier-ignore
  expect(await measureOf('copilot adoption % company wide quick')).toMatchObject({ measure: 'adoption' });
});
