import { startAppHarness, type AppHarness } from '../support/appHarness';

describe('POST /api/messages in demo mode (no BOT_ID)', () => {
  let h: AppHarness;
  beforeAll(async () => {
    h = await startAppHarness({ userCount: 12, seed: 5 });
  });
  afterAll(() => h.close());

  const activity = (text: string) => ({
    type: 'message',
    id: 'a1',
    text,
    channelId: 'msteams',
    serviceUrl: 'http://127.0.0.1:9/',
    deliveryMode: 'expectReplies',
    from: { id: 'demo-user', name: 'Demo' },
    recipient: { id: 'bot', name: 'Copilot Observatory' },
    conversation: { id: 'demo-conversation', conversationType: 'personal' },
  });

  it('answers a loopback request as the demo admin, with the replies in the HTTP response', async () => {
    const response = await fetch(`${h.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity('how many users per app in the last 30 days')),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      activities: Array<{ attachments: Array<{ content: { body: Array<{ text?: string }> } }> }>;
    };
    const card = body.activities[0]!.attachments[0]!.content;
    expect(card.body[0]!.text).toMatch(/leads the last 30 days/);
  });
});
