import { SENT_PRIVATELY } from '../../bot/answerDelivery';
import { startAppHarness, type AppHarness } from '../support/appHarness';
import { cardOf } from './botTestKit';
import { startConnector, type ConnectorStandIn } from './connectorStandIn';

/**
 * The leak as it was reported, over real HTTP against the demo server: the same "what did X ask Copilot" in a
 * personal chat, a team channel and a group chat. Only the personal chat may show the prompts.
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

  const ask = async (conversationType: string, conversationId: string) => {
    const response = await fetch(`${h.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        id: `m-${conversationId}`,
        text: question,
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
  const shows = (reply: unknown) => prompts.filter((p) => JSON.stringify(reply).includes(p));

  it('shows the prompts in the personal chat', async () => {
    expect(shows(await ask('personal', 'a:demo-personal')).length).toBeGreaterThan(0);
  });

  it.each([
    ['channel', '19:demo-channel@thread.tacv2'],
    ['groupChat', '19:demo-group@thread.v2'],
  ])('shows none in a %s, and sends them to the personal chat instead', async (type, id) => {
    const before = connector.posts.length;
    const reply = await ask(type, id);
    expect(shows(reply)).toEqual([]);
    expect(cardOf(reply).summary).toBe(SENT_PRIVATELY);
    const sent = connector.posts.slice(before);
    expect(sent.map((p) => p.conversationId)).toEqual(['a:demo-personal']);
    expect(shows(sent[0]!.activity).length).toBeGreaterThan(0);
  });
});
