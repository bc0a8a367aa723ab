import { TestAdapter, type Activity } from 'botbuilder';
import pino from 'pino';
import { ASK_PRIVATELY, SENT_PRIVATELY } from '../../bot/answerDelivery';
import { disclosureOf } from '../../server/core/ask/disclosure';
import { understand } from '../../server/core/ask/engine';
import { createBotContext } from '../../bot/botContext';
import { createBotMount } from '../../bot/botRouter';
import { splitTypedReason } from '../../bot/ObservatoryBot';
import type { Principal } from '../../server/auth/principal';
import { ADMIN_ID, cardOf, startBotHarness, type BotHarness } from './botTestKit';

/** A second admin who has never talked to the bot in a personal chat. */
const NEW_ADMIN_ID = '0c0c0c0c-0000-4000-8000-000000000003';
const SHARED = ['channel', 'groupChat'] as const;

let b: BotHarness;
/** Every user's name and UPN, and every prompt and response text long enough to be unmistakable. */
let names: string[];
let texts: string[];
let questions: Array<{ label: string; question: string }>;

/** One question per answer shape and disclosure (a test checks the coverage), with the tenant's own people filled in. */
const QUESTIONS: Array<[string, (who: { person: string; shared: string }) => string]> = [
  ['top users', () => 'top 10 users this week'],
  ['app usage', () => 'how many users per app in the last 30 days'],
  ["a person's apps", ({ person }) => `which apps does ${person} use`],
  ["a person's prompts", ({ person }) => `what did ${person} ask copilot?`],
  ["a person's prompts, reason typed", ({ person }) => `what did ${person} ask copilot? reason: Audit 31`],
  ["a person's summary", ({ person }) => `how active is ${person}`],
  ["a person's sessions", ({ person }) => `sessions by ${person} this week`],
  ['data sources', () => 'most referenced files'],
  ['licensed without activity', () => 'licensed users who never used copilot'],
  ['new users', () => 'new copilot users in the last 30 days'],
  ['app trend', () => 'activity trend for word'],
  ['busiest hours', () => 'busiest hours'],
  ['overview', () => 'how many active users in the last 30 days'],
  ['agents', () => 'list agents in outlook'],
  ['sessions', () => 'show sessions this week'],
  ['departments', () => 'usage by department'],
  ['sync status', () => 'is the sync up to date'],
  ['risk findings', () => 'show me risk findings'],
  ['risk counts', () => 'findings by category this month'],
  ['who shared secrets', () => 'who shared card numbers'],
  ['unknown department', () => 'top users in Narnia department'],
  ['which one? pick', ({ shared }) => `which apps does ${shared} use`],
  ['help', () => 'help'],
  ['status command', () => 'status'],
];
const question = (label: string) => questions.find((q) => q.label === label)!.question;

// A synced 40-user tenant (its first names share starts, for a "which one?" pick) takes 15-25 s to build here, more
// when two suites share the machine's two cores.
jest.setTimeout(180_000);

beforeAll(async () => {
  b = await startBotHarness({
    userCount: 40,
    seed: 11,
    env: { ADMIN_USER_IDS: `${ADMIN_ID},${NEW_ADMIN_ID}` },
    connector: true,
  });
  const store = b.h.testStore.store;
  const users = await store.directoryUsers.find({}).toArray();
  names = users.flatMap((u) => [u.displayName, u.userPrincipalName]).filter((v): v is string => !!v && v.length > 3);
  const interactions = await store.interactions.find({}).toArray();
  texts = [
    ...new Set(
      interactions
        .map((i) => i.body?.content?.trim() ?? '')
        .filter((t) => t.length >= 20)
        .map((t) => t.slice(0, 60)),
    ),
  ];
  // The most active user by prompts, and a first name several users share (a "which one?" pick).
  const top = await store.users.find({}).sort({ promptCount: -1 }).limit(1).next();
  const person = users.find((u) => u.userId === top!.userId)!;
  // A three-letter start several first names share ("ale": Alex, Alexia) makes the bot offer a pick of people.
  const starts = new Map<string, number>();
  for (const u of users) {
    const start = (u.displayName ?? '').split(' ')[0]!.slice(0, 3).toLowerCase();
    starts.set(start, (starts.get(start) ?? 0) + 1);
  }
  const [shared, sharing] = [...starts].sort((x, y) => y[1] - x[1])[0]!;
  expect(sharing).toBeGreaterThan(1);
  const who = { person: person.displayName!, shared };
  questions = QUESTIONS.map(([label, make]) => ({ label, question: make(who) }));
  // Before anything else: the admin's own personal chat, remembered like any conversation the bot is used in.
  await b.send('help', { conversationId: 'a:admin-personal' });
});
afterAll(() => b.close());

const leaks = (reply: Partial<Activity>) => {
  const json = JSON.stringify(reply);
  return [...names.filter((name) => json.includes(name)), ...texts.filter((text) => json.includes(text))];
};

const admin = (userId: string): Principal => ({
  userId,
  tenantId: b.h.ctx.tenantId,
  name: 'Admin',
  upn: null,
  roles: [],
  groups: [],
  tier: 'Admin',
  isAdmin: true,
  demo: false,
});

it('the question list covers every answer shape of the engine at every disclosure it can have', async () => {
  const deps = createBotContext(b.h.ctx).engine(admin(ADMIN_ID));
  const shapes = new Set<string>();
  for (const { question } of questions) {
    const parsed = await understand(deps, splitTypedReason(question).question);
    if (parsed.type !== 'query') continue;
    const q = parsed.query;
    const kind =
      q.type === 'measure'
        ? 'measure'
        : q.type === 'list'
          ? `list:${q.list}`
          : q.type === 'findings'
            ? `findings:${q.show}`
            : q.type === 'system'
              ? `system:${q.system}`
              : `reply:${q.reply}`;
    shapes.add(`${kind} ${disclosureOf(q)}`);
  }
  expect([...shapes].sort()).toEqual(
    [
      'measure figures',
      'measure people',
      'list:prompts content',
      'list:profile people',
      'list:sessions people',
      'system:sync figures',
      'findings:list content',
      'findings:count figures',
      'findings:count people',
      'reply:unknown_department figures',
      'reply:which_person people',
    ].sort(),
  );
});

it('the leak check sees names and prompt text when a personal chat shows them (positive control)', async () => {
  expect(names.length).toBeGreaterThan(10);
  expect(texts.length).toBeGreaterThan(10);
  const prompts = await b.send(question("a person's prompts, reason typed"));
  expect(leaks(prompts[0]!).filter((l) => texts.includes(l)).length).toBeGreaterThan(0);
  const top = await b.send('top 10 users this week');
  expect(leaks(top[0]!).length).toBeGreaterThan(0);
});

describe.each(SHARED)('asked in a %s', (conversationType) => {
  it.each(QUESTIONS.map(([label]) => label))('%s: no names, no text', async (label) => {
    const q = { question: question(label) };
    const personal = await b.send(q.question, { conversationId: 'a:admin-personal' });
    const privateBefore = b.connector!.posts.length;
    const replies = await b.send(q.question, { conversationId: `19:${conversationType}@thread`, conversationType });
    expect(replies).toHaveLength(1);
    expect(leaks(replies[0]!)).toEqual([]);
    const privately = b.connector!.posts.slice(privateBefore);
    const shown = cardOf(replies[0]);
    if (shown.summary === SENT_PRIVATELY) {
      // The whole answer went to the asker's own personal chat, exactly as asked there.
      expect(privately).toHaveLength(1);
      expect(privately[0]!.conversationId).toBe('a:admin-personal');
      const sent = cardOf(privately[0]!.activity);
      expect({ summary: sent.summary, rows: sent.rows }).toEqual({
        summary: cardOf(personal[0]).summary,
        rows: cardOf(personal[0]).rows,
      });
    } else {
      // Figures only: the same card as in the personal chat, nothing sent privately.
      expect(privately).toHaveLength(0);
      expect(shown.summary).toBe(cardOf(personal[0]).summary);
      expect(shown.rows).toEqual(cardOf(personal[0]).rows);
    }
  });
});

it('sends people and content privately, and figures to the channel', async () => {
  const where = async (question: string) => {
    const replies = await b.send(question, { conversationId: '19:general@thread', conversationType: 'channel' });
    return cardOf(replies[0]).summary === SENT_PRIVATELY ? 'private' : 'channel';
  };
  expect(await where('top 10 users this week')).toBe('private');
  expect(await where(question("a person's prompts"))).toBe('private');
  expect(await where('licensed users who never used copilot')).toBe('private');
  expect(await where('how many users per app in the last 30 days')).toBe('channel');
  expect(await where('usage by department')).toBe('channel');
});

it("records a person's prompts asked in a channel, with the reason typed, as shown in the asker's personal chat", async () => {
  const store = b.h.testStore.store;
  const before = await store.accessLog.countDocuments({});
  // Without a reason, the personal chat is asked why and nothing is read.
  await b.send(question("a person's prompts"), { conversationId: '19:audit@thread', conversationType: 'channel' });
  expect(await store.accessLog.countDocuments({})).toBe(before);
  await b.send(`${question("a person's prompts")} reason: Audit 2026-12`, {
    conversationId: '19:audit@thread',
    conversationType: 'channel',
  });
  const entries = await store.accessLog.find({}).sort({ at: -1, _id: -1 }).toArray();
  expect(entries.length).toBe(before + 1);
  expect(entries[0]).toMatchObject({
    what: 'user_prompts',
    via: 'bot',
    shownIn: 'personal_chat',
    reason: 'Audit 2026-12',
    viewer: { userId: ADMIN_ID },
  });
});

it('opens a personal chat with an admin the bot has never talked to alone, and reuses it', async () => {
  const created = b.connector!.created.length;
  const first = await b.send('top 5 users this week', {
    from: NEW_ADMIN_ID,
    conversationId: '19:new-admin@thread',
    conversationType: 'groupChat',
  });
  expect(cardOf(first[0]).summary).toBe(SENT_PRIVATELY);
  expect(b.connector!.created).toHaveLength(created + 1);
  const opened = b.connector!.created.at(-1)!;
  expect(opened.parameters).toMatchObject({
    isGroup: false,
    members: [{ id: `29:${NEW_ADMIN_ID}` }],
    tenantId: b.h.ctx.tenantId,
  });
  const post = b.connector!.posts.at(-1)!;
  expect(post.conversationId).toBe(opened.conversationId);
  expect(cardOf(post.activity).rows.length).toBeGreaterThan(0);
  // The second time the stored chat is used; nothing new is opened.
  await b.send('top 5 users this week', {
    from: NEW_ADMIN_ID,
    conversationId: '19:new-admin@thread',
    conversationType: 'groupChat',
  });
  expect(b.connector!.created).toHaveLength(created + 1);
  expect(b.connector!.posts.at(-1)!.conversationId).toBe(opened.conversationId);
});

it('asks to be asked in a personal chat when it cannot reach the asker privately, and posts nothing more', async () => {
  const store = b.h.testStore.store;
  await store.botConversations.deleteMany({ userId: NEW_ADMIN_ID });
  b.connector!.unreachable.add(`29:${NEW_ADMIN_ID}`);
  try {
    const posts = b.connector!.posts.length;
    const replies = await b.send('top 5 users this week', {
      from: NEW_ADMIN_ID,
      conversationId: '19:new-admin@thread',
      conversationType: 'channel',
    });
    expect(replies).toHaveLength(1);
    expect(cardOf(replies[0]).summary).toBe(ASK_PRIVATELY);
    expect(leaks(replies[0]!)).toEqual([]);
    expect(b.connector!.posts.length).toBe(posts);
  } finally {
    b.connector!.unreachable.delete(`29:${NEW_ADMIN_ID}`);
  }
});

it('keeps saved questions and their answers out of a channel', async () => {
  const q = { question: question("a person's prompts") };
  await b.send(`save their prompts: ${q.question}`, { conversationId: 'a:admin-personal' });
  for (const text of ['saved', 'run their prompts']) {
    const posts = b.connector!.posts.length;
    const replies = await b.send(text, { conversationId: '19:saved@thread', conversationType: 'channel' });
    expect(cardOf(replies[0]).summary).toBe(SENT_PRIVATELY);
    expect(JSON.stringify(replies[0])).not.toContain(q.question);
    expect(b.connector!.posts.length).toBe(posts + 1);
  }
});

describe('activities that do not come from Teams in this tenant', () => {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line)) });

  async function sendAs(activity: Partial<Activity>): Promise<Partial<Activity>[]> {
    const { bot, notifier } = createBotMount({ ...b.h.ctx, logger }, { sweepIntervalMs: 0 });
    notifier.stop();
    const adapter = new TestAdapter((turn) => bot.run(turn), {
      serviceUrl: b.connector!.url,
      from: { id: `29:${ADMIN_ID}`, aadObjectId: ADMIN_ID, name: 'Admin' },
      recipient: { id: '28:bot', name: 'Copilot Observatory' },
      ...activity,
    } as Partial<Activity>);
    await adapter.receiveActivity({ type: 'message', text: question("a person's prompts") });
    const replies: Partial<Activity>[] = [];
    while (adapter.activeQueue.length > 0) replies.push(adapter.getNextReply());
    return replies;
  }

  const personal = (tenantId?: string) => ({
    id: 'a:forged',
    conversationType: 'personal',
    isGroup: false,
    name: '',
    ...(tenantId ? { tenantId } : {}),
  });

  const cases: Array<[string, () => Partial<Activity>]> = [
    ['Web Chat', () => ({ channelId: 'webchat', conversation: personal(b.h.ctx.tenantId) })],
    ['Direct Line', () => ({ channelId: 'directline', conversation: personal(b.h.ctx.tenantId) })],
    ['Teams without a tenant', () => ({ channelId: 'msteams', conversation: personal() })],
    [
      'Teams from another tenant',
      () => ({ channelId: 'msteams', conversation: personal('99999999-0000-4000-8000-000000000009') }),
    ],
    [
      'Teams whose two tenant fields disagree',
      () => ({
        channelId: 'msteams',
        conversation: personal(b.h.ctx.tenantId),
        channelData: { tenant: { id: '99999999-0000-4000-8000-000000000009' } },
      }),
    ],
  ];

  it.each(cases)('%s with an admin object id: refused, logged at warn, nothing from the store', async (_, make) => {
    lines.length = 0;
    const replies = await sendAs(make());
    expect(replies).toHaveLength(1);
    expect(String(replies[0]!.text)).toMatch(/only in Microsoft Teams/);
    expect(replies[0]!.attachments ?? []).toEqual([]);
    expect(leaks(replies[0]!)).toEqual([]);
    const refusal = lines.find((l) => /Refused a bot message/.test(String(l.msg)));
    expect(refusal).toMatchObject({ level: 40 });
    expect(refusal).not.toHaveProperty('err');
    expect(lines.filter((l) => Number(l.level) >= 50)).toEqual([]);
  });

  it('answers the same admin from Teams in this tenant (positive control)', async () => {
    const replies = await sendAs({ channelId: 'msteams', conversation: personal(b.h.ctx.tenantId) });
    expect(leaks(replies[0]!).length).toBeGreaterThan(0);
  });
});
