import type { MeasureQuery } from '../../server/core/ask/querySchema';
import { findPeriod } from '../../server/core/ask/periods';
import { ask } from '../../server/core/ask/engine';
import { askedQuery, askHarness, queryOf } from './askKit';

/**
 * The classes the thirty-first and thirty-second unseen question sets (test/fixtures/askBlindSet31.json, 32) found
 * answered as another question or not answered: "copilot agents used by …" counted rather than listed; "which users
 * have only ever had one copilot session" ranked everyone by sessions; "Which Teams meetings does Copilot get used in
 * the most?" grouped by department ("which teams"); "… first copilot use?" not read, and a profile that never said
 * when someone started; "who used copilot before but not in the last 30 days" not read; "copilot in sharepoint -
 * anyone?" read as files in SharePoint sites, though the tenant's history holds Copilot in SharePoint as an app.
 * Figures are recomputed from the stored interactions and the directory.
 */

const suite = askHarness({ referenceTime: new Date('2026-11-20T12:00:00.000Z') }); // a Friday
const measureOf = async (question: string) => (await queryOf(suite.deps, question)) as MeasureQuery;

/** The person with the most apps in the harness, and their interactions per app over all synced history. */
function busiestInApps() {
  const byPerson = new Map<string, Map<string, number>>();
  for (const r of suite.truth.rows) {
    if (!r.prompt && !r.response) continue;
    const apps = byPerson.get(r.userId) ?? new Map<string, number>();
    apps.set(r.app, (apps.get(r.app) ?? 0) + 1);
    byPerson.set(r.userId, apps);
  }
  const [userId, apps] = [...byPerson].sort((a, b) => b[1].size - a[1].size)[0]!;
  return { name: suite.truth.names.get(userId)!, userId, apps };
}

it('a person\'s agents asked without a count are listed, one row per app with its interactions; "how many" counts', async () => {
  const { deps } = suite;
  const { name, apps } = busiestInApps();
  expect(apps.size).toBeGreaterThan(2);
  const first = name.split(' ')[0]!;
  for (const question of [`copilot agents used by ${name}`, `${name} agents`, `${first}'s agents?`]) {
    const { q, rows } = await askedQuery(deps, question);
    expect({ question, q }).toMatchObject({ question, q: { measure: 'interactions', by: ['app'] } });
    expect({ question, rows: new Map(rows.map((r) => [String(r.app), Number(r.value)])) }).toEqual({ question, rows: apps }); // prettier-ignore
  }
  expect(await measureOf(`how many agents does ${name} have`)).toMatchObject({ measure: 'agents', by: [] });
});

it('"only ever had one session", "just two sessions", "a single session": each person\'s sessions, exactly that many', async () => {
  const { deps, truth, h } = suite;
  const docs = await h.testStore.store.interactions.find({ tenantId: h.ctx.tenantId }).toArray();
  const sessions = new Map<string, Set<string>>();
  for (const d of docs) sessions.set(d.userId, (sessions.get(d.userId) ?? new Set()).add(d.sessionId));
  // The fewest sessions anyone has had, and who had exactly that many (all synced history).
  const fewest = Math.min(...[...sessions.values()].map((s) => s.size));
  const expected = [...sessions].filter(([, s]) => s.size === fewest).map(([id]) => truth.names.get(id)!);
  expect(expected.length).toBeGreaterThan(0);
  const words = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
  const said = fewest <= 10 ? words[fewest]! : String(fewest);
  const plural = fewest === 1 ? 'session' : 'sessions';
  for (const question of [
    `which users have only ever had ${said} copilot ${plural}`,
    `who has had only ${said} ${plural}`,
    `users with just ${fewest} ${plural} so far`,
  ]) {
    const { q, rows } = await askedQuery(deps, question);
    expect({ question, q }).toMatchObject({ question, q: { measure: 'sessions', by: ['user'], having: { op: 'eq', value: fewest }, period: { all: true } } }); // prettier-ignore
    expect({ question, names: rows.map((r) => String(r.user)).sort() }).toEqual({ question, names: expected.sort() });
  }
  expect(await measureOf('users who only had a single session')).toMatchObject({ having: { op: 'eq', value: 1 } });
  // "only 3 apps" alone stays a cut-off, never a condition on each row.
  expect((await measureOf('top apps, only 3')).having).toBeUndefined();
});

it('"Which Teams meetings does Copilot get used in the most?" ranks the meetings; "which Teams chats" the chats', async () => {
  const { deps, truth } = suite;
  const references = new Map<string, number>();
  for (const r of truth.rows)
    for (const key of r.sources) if (truth.sources.get(key)?.kind === 'meeting') references.set(key, (references.get(key) ?? 0) + 1); // prettier-ignore
  const top = Math.max(...references.values());
  expect(references.size).toBeGreaterThan(1);
  const { q, rows } = await askedQuery(deps, 'Which Teams meetings does Copilot get used in the most?');
  expect(q).toMatchObject({ measure: 'references', by: ['source'], filters: { sourceKind: 'meeting', apps: [], departments: [] } }); // prettier-ignore
  expect(rows.every((r) => r.kind === 'meeting')).toBe(true);
  expect(Number(rows[0]!.value)).toBe(top);
  expect(await measureOf('which Teams chats is copilot used in most')).toMatchObject({ by: ['source'], filters: { sourceKind: 'chat', departments: [] } }); // prettier-ignore
  // "which teams" alone are still departments, and "in Teams meetings" the app's.
  expect((await measureOf('which teams use copilot the most')).by).toEqual(['department']);
});

it('"… first copilot use?" and "when did … first use copilot" are the profile, which says the first and last use', async () => {
  const { deps, truth } = suite;
  const { name, userId } = busiestInApps();
  const theirs = truth.rows.filter((r) => r.userId === userId).map((r) => r.at.getTime());
  const day = (t: number) => new Date(t).toISOString().slice(0, 10);
  for (const question of [`${name} first copilot use?`, `when did ${name} first use copilot`]) {
    const { q, a } = await askedQuery(deps, question);
    expect({ question, q }).toMatchObject({ question, q: { type: 'list', list: 'profile' } });
    expect(a.summary).toContain(`first active ${day(Math.min(...theirs))}, last active ${day(Math.max(...theirs))}`);
  }
  // With no one named, a first use is a new user's.
  expect(await measureOf('who first used copilot in November')).toMatchObject({ measure: 'new_users', period: { label: expect.stringMatching(/^November 2026/) } }); // prettier-ignore
});

it('"who used copilot before but not this month": anyone active before the month and not in it, not only last month', async () => {
  const { deps, truth } = suite;
  const november = new Date('2026-11-01');
  const before = new Set(truth.rows.filter((r) => r.prompt && r.at < november).map((r) => r.userId));
  const since = new Set(truth.rows.filter((r) => r.at >= november).map((r) => r.userId));
  const expected = [...before].filter((id) => !since.has(id)).map((id) => truth.names.get(id)!);
  expect(expected.length).toBeGreaterThan(0);
  for (const question of [
    'who used copilot before but not this month',
    "which users were active previously but haven't used it this month",
  ]) {
    const { a, rows } = await askedQuery(deps, question);
    expect({ question, line: a.interpretation }).toMatchObject({ question, line: expect.stringContaining('no Copilot activity in this month') }); // prettier-ignore
    expect({ question, names: rows.map((r) => String(r.user)).sort() }).toEqual({ question, names: expected.sort() });
  }
  // "stopped using Copilot this month" keeps its reading: active last month, not this month.
  const { q } = await askedQuery(deps, 'who stopped using copilot this month');
  expect(q).toMatchObject({ period: { label: 'last month' } });
  // A rolling window: active at any time before the last 30 days.
  const { a } = await askedQuery(deps, 'who used copilot before but not in the last 30 days');
  expect(a.interpretation).toMatch(/no Copilot activity in last 30 days .* · before last 30 days/);
});

it('"copilot in Fabric - anyone?": an app outside the catalogue the history holds is named as an app, its people listed', async () => {
  const { deps, truth } = suite;
  const app = 'Fabric.Notebook (unrecognised)';
  const recent = truth.rows.filter((r) => r.app === app && r.prompt && r.at >= new Date('2026-10-22'));
  const expected = new Map<string, number>();
  for (const r of recent) expected.set(truth.names.get(r.userId)!, (expected.get(truth.names.get(r.userId)!) ?? 0) + 1);
  expect(expected.size).toBeGreaterThan(0);
  for (const question of ['copilot in fabric - anyone?', 'who used Copilot in Fabric']) {
    const { q, a, rows } = await askedQuery(deps, question);
    expect({ question, q }).toMatchObject({ question, q: { by: ['user'], filters: { apps: ['other:fabric-notebook'] } } }); // prettier-ignore
    expect(a.interpretation).toContain('Fabric Notebook (unrecognised)');
    expect({ question, rows: new Map(rows.map((r) => [String(r.user), Number(r.value)])) }).toEqual({ question, rows: expected }); // prettier-ignore
  }
  // Sources asked of stay sources: "SharePoint" there is where they are (the harness holds no SharePoint app).
  expect(await measureOf('files in sharepoint used by copilot')).toMatchObject({
    by: ['source'],
    filters: { apps: [] },
  });
});

it('"after Q3", "after last month": the days after the period named, up to today, not the period itself', async () => {
  const { deps, truth } = suite;
  for (const [question, from] of [
    ['how many prompts after Q3', '2026-10-01'],
    ['prompts after last month', '2026-11-01'],
  ] as const) {
    const { q, a } = await askedQuery(deps, question);
    const expected = truth.rows.filter((r) => r.prompt && r.at >= new Date(from)).length;
    expect({ question, from: (q as MeasureQuery).period.from }).toEqual({ question, from: new Date(from) });
    expect(a.interpretation).toMatch(/· after (?:Q3 2026|last month) \(/);
    expect({ question, value: Number(a.rows[0]!.value) }).toEqual({ question, value: expected });
  }
});

it('sets 33 and 34: a department\'s adoption is its share of licence holders; "mostly"; "last weekend" said on a weekend', async () => {
  const { deps, truth } = suite;
  // Engineering holds at least 5 readable licences in the harness, so its share is shown.
  const members = truth.licensed.filter((u) => u.department === 'Engineering' && !truth.refused.has(u.userId));
  expect(members.length).toBeGreaterThanOrEqual(5);
  const active = members.filter((u) => truth.rows.some((r) => r.userId === u.userId && r.at >= new Date('2026-10-22')));
  for (const question of ['Engineering department adoption, last 30 days', 'Engineering adoption']) {
    const { q, a } = await askedQuery(deps, question);
    expect({ question, q }).toMatchObject({ question, q: { measure: 'adoption', filters: { departments: ['Engineering'] } } }); // prettier-ignore
    expect(a.summary).toContain(`(${active.length} of ${members.length})`);
  }
  // "is Engineering adoption going up" stays the count over time.
  expect((await measureOf('is Engineering adoption going up')).measure).not.toBe('adoption');
  expect(await measureOf('at what time of day does Joni Sherman mostly use Copilot')).toMatchObject({ by: ['hour'], filters: { people: [{ name: 'Joni Sherman' }] } }); // prettier-ignore
  // Said on Saturday 5 December, "last weekend" is 28–29 November; "this weekend" is today.
  const saturday = new Date('2026-12-05T12:00:00.000Z');
  expect(findPeriod('did anyone use copilot last weekend', saturday, 'UTC')?.period).toMatchObject({ from: new Date('2026-11-28'), to: new Date('2026-11-30') }); // prettier-ignore
  expect(findPeriod('prompts this weekend', saturday, 'UTC')?.period).toMatchObject({ from: new Date('2026-12-05'), to: new Date('2026-12-06') }); // prettier-ignore
  // On a weekday both are the weekend just gone.
  expect(findPeriod('last weekend', new Date('2026-12-02T12:00:00.000Z'), 'UTC')?.period.from).toEqual(new Date('2026-11-28')); // prettier-ignore
});

it('sets 35 and 36: idle "for more than 30 days", "doing lately", "happens", and a person\'s prompts card says how many', async () => {
  const { deps, truth } = suite;
  const since = new Date('2026-10-22');
  const recent = new Set(truth.rows.filter((r) => r.at >= since).map((r) => r.userId));
  const idle = truth.licensed.filter((u) => !recent.has(u.userId) && !truth.refused.has(u.userId)).map((u) => u.name);
  expect(idle.length).toBeGreaterThan(0);
  const { q, rows } = await askedQuery(deps, 'list users with no activity for more than 30 days');
  expect(q).toMatchObject({ measure: 'licensed_inactive', period: { label: 'last 30 days' } });
  for (const name of idle) expect(rows.map((r) => String(r.user))).toContain(name);
  const { name, userId } = busiestInApps();
  const lately = await queryOf(deps, `What has ${name} been doing with Copilot lately?`);
  expect(lately).toMatchObject({ type: 'list', list: 'sessions', period: { label: 'last 30 days' } });
  expect((await measureOf('how much copilot use happens on weekends vs weekdays in november')).by).toEqual(['weekday']);
  // The card asking why the prompts are read says first how many there are; with none, there is nothing to ask for.
  const november = truth.rows.filter((r) => r.userId === userId && r.prompt && r.at >= new Date('2026-11-01')).length;
  expect(november).toBeGreaterThan(0);
  const card = await ask(deps, `${name} prompts in November`);
  expect(card.kind).toBe('reason_needed');
  expect(card.summary).toMatch(
    new RegExp(`^${name} sent ${november} prompts? in this period\\. ${name}'s prompts are`),
  );
  const before = truth.rows.filter((r) => r.userId === userId && r.prompt && r.at < new Date('2026-09-01')).length;
  expect(before).toBe(0);
  const none = await ask(deps, `${name} prompts in August`);
  expect(none).toMatchObject({ kind: 'table', rows: [], summary: `${name} sent no prompts in this period: there is no prompt text to read.` }); // prettier-ignore
  expect(none.reasonToken).toBeUndefined();
});

it('sets 37 and 38: "only ones who actually used it", "pulls", "how serious are they", growth by share and in number', async () => {
  const { deps, truth } = suite;
  const since = new Date('2026-10-22');
  const prompts = new Map<string, number>();
  for (const r of truth.rows.filter((x) => x.prompt && x.at >= since))
    prompts.set(r.userId, (prompts.get(r.userId) ?? 0) + 1);
  const lowest = [...prompts.values()].sort((a, b) => a - b).slice(0, 5);
  const { a, rows } = await askedQuery(
    deps,
    'Can you list the 5 people with the fewest prompts in the last 30 days? only ones who actually used it',
  );
  expect(a.interpretation).toContain('only people with activity');
  expect(rows.slice(0, 5).map((r) => Number(r.value))).toEqual(lowest);
  expect(Math.min(...rows.map((r) => Number(r.value)))).toBeGreaterThan(0);
  // Without it the licence holders with none are the least, at 0.
  const { rows: all } = await askedQuery(deps, 'the 5 people with the fewest prompts in the last 30 days');
  expect(Number(all[0]!.value)).toBe(0);
  expect(await measureOf('top sharepoint sites copilot pulls from')).toMatchObject({ by: ['site'] });
  expect(await measureOf('Which day of the week do we usually see the most Copilot activity?')).toMatchObject({ by: ['weekday'] }); // prettier-ignore
  expect(await queryOf(deps, 'How many open risk findings do we have, and how serious are they?')).toMatchObject({ type: 'findings', by: ['severity'], statuses: ['open'] }); // prettier-ignore
  expect(await queryOf(deps, 'Any account-related security findings?')).toMatchObject({ type: 'findings', categories: ['account'] }); // prettier-ignore
  expect(await measureOf('How many Copilot licences do we have vs how many are actually active?')).toMatchObject({ measure: 'adoption' }); // prettier-ignore
});

it('sets 37 and 38: "vs the previous 30 days" alone compares the last 30 days; the biggest rise is by share, new apps after', async () => {
  const { deps, truth } = suite;
  const within = (from: string, to: string) =>
    truth.rows.filter((r) => (r.prompt || r.response) && r.at >= new Date(from) && r.at < new Date(to)).length;
  const { q, a } = await askedQuery(deps, 'did usage go up or down vs the previous 30 days?');
  expect(q).toMatchObject({ compare: 'previous', period: { label: 'last 30 days' } });
  expect(a.summary).toContain(`${within('2026-10-22', '2026-11-21')}, against ${within('2026-09-22', '2026-10-22')}`);
  // An app with none before is new: it ranks after every app that rose by a share of what it had.
  const { rows } = await askedQuery(
    deps,
    'Which app grew the most in the last 30 days compared with the 30 days before?',
  );
  const before = (r: (typeof rows)[number]) => Number(r.previous ?? 0);
  expect(before(rows[0]!)).toBeGreaterThan(0);
  const firstNew = rows.findIndex((r) => before(r) === 0 && Number(r.value) > 0);
  const lastRisen = rows.findLastIndex((r) => before(r) > 0 && Number(r.value) > before(r));
  if (firstNew >= 0) expect(firstNew).toBeGreaterThan(lastRisen);
});
