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
    // The card opens with how the question was read, then the sentence.
    expect(card.body[0]!.text).toMatch(/^Active users by app · last 30 days/);
    // Apps tied for the top are all named ("Highest (tied): Microsoft 365 Chat and Outlook with 4 active users each").
    // Then the people over all apps, counted once, or that the rows do not add up (a person in two apps is in both).
    expect(card.body[1]!.text).toMatch(
      /^Highest(?: \\\(tied\\\))?: .+ with \d+ active users(?: each)?\. (?:Active users do not add up over the rows|[\d,]+ active users in all)/,
    );
  });

  it('says the replies could not be delivered when no connector answers at the serviceUrl, not a 500', async () => {
    const { deliveryMode: _d, ...sent } = activity('how many prompts last week');
    const response = await fetch(`${h.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(sent),
    });
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(response.status).toBe(502);
    expect(body.error.message).toContain('expectReplies');
  });
});

/** Tokens (a correctly signed one accepted, the same with another signature refused, alg=none): test/auth/botFrameworkToken.test.ts. */
describe('POST /api/messages with BOT_ID configured (single-tenant Bot Framework auth)', () => {
  const BOT_ID = '5b0c0b0c-0000-4000-8000-00000000b011';
  let h: AppHarness;
  beforeAll(async () => {
    h = await startAppHarness({
      userCount: 5,
      seed: 6,
      sync: false,
      env: { BOT_ID, BOT_PASSWORD: 'not-a-real-secret', BOT_TENANT_ID: '7e570000-0000-4000-8000-000000000001' },
    });
  });
  afterAll(() => h.close());

  it('refuses a request without a token (401), even from localhost', async () => {
    const response = await fetch(`${h.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        text: 'top 10 users this week',
        channelId: 'msteams',
        serviceUrl: 'https://smba.trafficmanager.net/emea/',
        from: { id: '29:x', aadObjectId: '0a0a0a0a-0000-4000-8000-000000000001' },
        recipient: { id: `28:${BOT_ID}` },
        conversation: { id: 'a:1', conversationType: 'personal' },
      }),
    });
    expect(response.status).toBe(401);
  });
});
