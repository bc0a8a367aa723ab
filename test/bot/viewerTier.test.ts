import type { Activity } from 'botbuilder';
import { call } from '../api/apiClient';
import { ADMIN_ID, cardOf, startBotHarness, type BotHarness } from './botTestKit';

/** A Viewer and an Analyst by VIEWER_USER_IDS / ANALYST_USER_IDS, the ids the bot can see on an activity. */
const VIEWER_ID = '0d0d0d0d-0000-4000-8000-000000000004';
const ANALYST_ID = '0e0e0e0e-0000-4000-8000-000000000005';
const PSEUDONYM = /^Person [0-9A-F]{6}$/;

let b: BotHarness;
let names: string[];
let texts: string[];
let person: string;

jest.setTimeout(180_000);

beforeAll(async () => {
  b = await startBotHarness({
    userCount: 20,
    env: { ADMIN_USER_IDS: ADMIN_ID, VIEWER_USER_IDS: VIEWER_ID, ANALYST_USER_IDS: ANALYST_ID },
    connector: true,
  });
  const store = b.h.testStore.store;
  const users = await store.directoryUsers.find({}).toArray();
  names = users.flatMap((u) => [u.displayName, u.userPrincipalName]).filter((v): v is string => !!v && v.length > 3);
  const interactions = await store.interactions.find({}).toArray();
  texts = [...new Set(interactions.map((i) => i.body?.content?.trim() ?? '').filter((t) => t.length >= 20))].map((t) =>
    t.slice(0, 60),
  );
  const top = await store.users.find({}).sort({ promptCount: -1 }).limit(1).next();
  person = users.find((u) => u.userId === top!.userId)!.displayName!;
});
afterAll(() => b.close());

const leaks = (replies: Partial<Activity>[]) => {
  const json = JSON.stringify(replies);
  return [...names.filter((n) => json.includes(n)), ...texts.filter((t) => json.includes(t))];
};

/** Every answer type a Viewer might ask for, in a personal chat. */
const QUESTIONS = (who: string) => [
  'top 10 users this week',
  'how many users per app in the last 30 days',
  `which apps does ${who} use`,
  `what did ${who} ask copilot?`,
  `how active is ${who}`,
  'most referenced files',
  'licensed users who never used copilot',
  'new copilot users in the last 30 days',
  'busiest hours',
  'list agents in outlook',
  'usage by department',
  'is the sync up to date',
  'show me risk findings',
  'findings by category this month',
  'who shared card numbers',
  'help',
  'status',
];

describe('the bot answers a Viewer within the Viewer tier', () => {
  it('names nobody and shows no prompt or response text, for every answer type, in a personal chat', async () => {
    for (const question of QUESTIONS(person)) {
      const replies = await b.send(question, { from: VIEWER_ID });
      expect(replies.length).toBeGreaterThan(0);
      expect({ question, leaks: leaks(replies) }).toEqual({ question, leaks: [] });
    }
  });

  it('ranks people by stable pseudonym, with the figures an Analyst sees by name', async () => {
    const viewer = cardOf((await b.send('top 5 users last 30 days', { from: VIEWER_ID }))[0]);
    const again = cardOf((await b.send('top 5 users last 30 days', { from: VIEWER_ID }))[0]);
    const analyst = cardOf((await b.send('top 5 users last 30 days', { from: ANALYST_ID }))[0]);
    expect(viewer.rows.length).toBeGreaterThan(1);
    for (const row of viewer.rows) expect(row[0]).toMatch(PSEUDONYM);
    expect(again.rows).toEqual(viewer.rows);
    expect(analyst.rows.map((r) => r.at(-1))).toEqual(viewer.rows.map((r) => r.at(-1)));
    expect(analyst.rows[0]![0]).not.toMatch(PSEUDONYM);
  });

  it("refuses a Viewer a person's prompts and a finding list with the role they need, and an Analyst the prompts", async () => {
    const prompts = cardOf((await b.send(`what did ${person} ask copilot?`, { from: VIEWER_ID }))[0]);
    expect(prompts.summary).toMatch(/needs the Investigator role/);
    const findings = cardOf((await b.send('show me risk findings', { from: VIEWER_ID }))[0]);
    expect(findings.summary).toMatch(/needs the (Analyst|Investigator) role/);
    const analyst = cardOf((await b.send(`what did ${person} ask copilot?`, { from: ANALYST_ID }))[0]);
    expect(analyst.summary).toMatch(/needs the Investigator role/);
    const admin = await b.send(`what did ${person} ask copilot?`, { from: ADMIN_ID });
    expect(cardOf(admin[0]).summary).not.toMatch(/needs the/);
  });

  it('leaves starting a sync and subscribing to Admins', async () => {
    for (const command of ['sync now', 'subscribe']) {
      const [reply] = await b.send(command, { from: VIEWER_ID });
      expect(JSON.stringify(reply)).toMatch(/needs the Admin role/);
    }
    expect(b.h.syncControl.requests).toEqual([]);
  });

  it('posts a Viewer-level answer in a channel whoever asks, and nothing beyond it', async () => {
    for (const from of [VIEWER_ID, ADMIN_ID]) {
      const replies = await b.send('top 5 users last 30 days', {
        from,
        conversationId: '19:channel@thread.tacv2',
        conversationType: 'channel',
      });
      expect({ from, leaks: leaks(replies) }).toEqual({ from, leaks: [] });
    }
  });

  it('takes the tier of a tab sign-in for someone the id lists do not name', async () => {
    const token = await b.h.tokens.nonAdmin({ roles: ['CopilotObservatory.Viewer'] });
    expect((await call<{ tier: string }>(b.h.baseUrl, '/api/me', { token })).body.tier).toBe('Viewer');
    const card = cardOf((await b.send('top 5 users last 30 days', { from: b.h.nonAdminUser.graph.id }))[0]);
    for (const row of card.rows) expect(row[0]).toMatch(PSEUDONYM);
  });
});
