import { SENT_PRIVATELY } from '../../bot/answerDelivery';
import { TYPED_REASON_HINT } from '../../bot/ObservatoryBot';
import { startAppHarness, type AppHarness } from '../support/appHarness';
import { cardOf } from './botTestKit';
import { startConnector, type ConnectorStandIn } from './connectorStandIn';

/**
 * The leak as it was reported, over real HTTP against the demo server: the same "what did X ask Copilot" in a
 * personal chat, a team channel and a group chat. Only the personal chat may show the prompts, and only once the
 * asker has said why (the reason card's field, or "reason: …" typed after the question), kept in the access log.
 */
describe("POST /api/messages in demo mode: a person's prompts asked in personal, channel and group chats", () => {
  let h: AppHarness;
  let connector: ConnectorStandIn;
  let question: string;
  let prompts: string[];

  beforeAll(async () => {
    h = await startAppHarness({ userCount: 12, seed: 5 });
    connector = await startConnector();
    const store = h.testStore.store;
    const top = await store.users.find({}).sort({ promptCount: -1 }).limit(1).next();
    question = `what did ${top!.displayName} ask copilot?`;
    const own = await store.interactions.find({ userId: top!.userId, interactionType: 'userPrompt' }).toArray();
    prompts = own.map((i) => (i.body?.content ?? '').trim().slice(0, 50)).filter((t) => t.length >= 15);
    expect(prompts.length).toBeGreaterThan(0);
  });
  afterAll(async () => {
    await h.close();
    await connector.close();
  });

  /** One message (text, or a card's submitted value) over real HTTP; the bot's one reply. */
  const post = async (
    conversationType: string,
    conversationId: string,
    message: { text: string } | { value: Record<string, unknown> } = { text: question },
  ) => {
    const response = await fetch(`${h.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        id: `m-${conversationId}`,
        text: '',
        ...message,
        channelId: 'msteams',
        serviceUrl: connector.url,
        deliveryMode: 'expectReplies',
        from: { id: '29:demo-admin', name: 'Demo admin' },
        recipient: { id: '28:bot', name: 'Copilot Observatory' },
        conversation: { id: conversationId, conversationType },
      }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { activities: Array<Record<string, unknown>> };
    expect(body.activities).toHaveLength(1);
    return body.activities[0]!;
  };
  const ask = (conversationType: string, conversationId: string) => post(conversationType, conversationId);
  const shows = (reply: unknown) => prompts.filter((p) => JSON.stringify(reply).includes(p));
  const promptViews = () =>
    h.testStore.store.accessLog.find({ what: 'user_prompts' }).sort({ at: -1, _id: -1 }).toArray();
  /** The reason card's field and its Show prompts button (with the question's token), or a failed expectation. */
  const reasonCard = (reply: Parameters<typeof cardOf>[0]) => {
    const card = cardOf(reply);
    expect(card.summary).toMatch(/'s prompts are what they asked Copilot\. Say why you need to read them/);
    expect(card.rows).toEqual([]);
    const body = card.card.body as Array<Record<string, unknown>>;
    expect(body.find((e) => e.type === 'Input.Text')).toMatchObject({ id: 'reason', isRequired: true, maxLength: 500 });
    const button = card.actions.find((a) => a.title === 'Show prompts')!;
    expect(button.data).toMatchObject({ action: 'reason', token: expect.any(String) });
    return button.data!;
  };

  it('asks the personal chat why before any prompt text, and shows the prompts once a reason is given', async () => {
    const before = (await promptViews()).length;
    const first = await ask('personal', 'a:demo-personal');
    expect(shows(first)).toEqual([]);
    const data = reasonCard(first);
    expect((await promptViews()).length).toBe(before);

    // Teams posts the card's inputs with the button's data: a reason under 5 characters is refused plainly.
    const short = await post('personal', 'a:demo-personal', { value: { ...data, reason: ' ab ' } });
    expect(cardOf(short).summary).toBe(
      'Say why you need to read these prompts (at least 5 characters): the reason is kept in the access log with your name.',
    );
    expect((await promptViews()).length).toBe(before);

    const shown = await post('personal', 'a:demo-personal', { value: { ...data, reason: 'HR case 1234' } });
    expect(shows(shown).length).toBeGreaterThan(0);
    const [entry] = await promptViews();
    expect(entry).toMatchObject({ via: 'bot', reason: 'HR case 1234', shownIn: 'personal_chat' });
  });

  it('takes a reason typed after the question, and explains one typed alone', async () => {
    const typed = await post('personal', 'a:demo-personal', { text: `${question} reason: Audit 55` });
    expect(shows(typed).length).toBeGreaterThan(0);
    expect((await promptViews())[0]).toMatchObject({ via: 'bot', reason: 'Audit 55' });
    const alone = await post('personal', 'a:demo-personal', { text: 'reason: Audit 56' });
    expect(cardOf(alone).summary).toBe(TYPED_REASON_HINT);
    expect((await promptViews())[0]!.reason).toBe('Audit 55');
  });

  it('asks why before a saved question lists prompts, and runs it with the reason', async () => {
    const saved = await post('personal', 'a:demo-personal', { text: `save their prompts: ${question}` });
    expect(cardOf(saved).summary).toMatch(/^Saved "their prompts"/);
    const run = await post('personal', 'a:demo-personal', { text: 'run their prompts' });
    expect(shows(run)).toEqual([]);
    const data = reasonCard(run);
    const shown = await post('personal', 'a:demo-personal', { value: { ...data, reason: 'Saved run 1' } });
    expect(shows(shown).length).toBeGreaterThan(0);
    expect((await promptViews())[0]).toMatchObject({ via: 'bot', reason: 'Saved run 1' });
  });

  it.each([
    ['channel', '19:demo-channel@thread.tacv2'],
    ['groupChat', '19:demo-group@thread.v2'],
  ])('shows none in a %s, and asks why in the personal chat instead', async (type, id) => {
    const before = connector.posts.length;
    const reply = await ask(type, id);
    expect(shows(reply)).toEqual([]);
    expect(cardOf(reply).summary).toBe(SENT_PRIVATELY);
    const sent = connector.posts.slice(before);
    expect(sent.map((p) => p.conversationId)).toEqual(['a:demo-personal']);
    expect(shows(sent[0]!.activity)).toEqual([]);
    const data = reasonCard(sent[0]!.activity);
    const shown = await post('personal', 'a:demo-personal', { value: { ...data, reason: `Asked in ${type}` } });
    expect(shows(shown).length).toBeGreaterThan(0);
    // A reason typed in the shared conversation is taken, and the prompts still go to the personal chat only.
    const typed = await post(type, id, { text: `${question} reason: Typed in ${type}` });
    expect(shows(typed)).toEqual([]);
    expect(shows(connector.posts.at(-1)!.activity).length).toBeGreaterThan(0);
    expect((await promptViews())[0]).toMatchObject({ reason: `Typed in ${type}`, shownIn: 'personal_chat' });
  });
});
