import { createBotMount } from '../../bot/botRouter';
import { createApp } from '../../server/createApp';
import { startAppHarness, type AppHarness } from '../support/appHarness';
import { channelToken, closeServer, listen, startBotFrameworkStandIn } from '../support/botFrameworkStandIn';
import { captureLogs } from '../support/logCapture';
import { ADMIN_ID } from './botTestKit';

const BOT_ID = '5b0c0b0c-0000-4000-8000-00000000b016';
const SERVICE_URL = 'http://127.0.0.1:9/webchat/';

/**
 * The outside probe's medium finding, over real HTTP in production configuration: activities under genuinely signed
 * Bot Framework tokens (the key endorsed for Teams, Web Chat and Direct Line, as Bot Framework's are) that carry an
 * admin's object id but do not come from Teams in our tenant.
 */
describe('POST /api/messages with a valid Bot Framework token, not from Teams in our tenant', () => {
  let h: AppHarness;
  let botFramework: Awaited<ReturnType<typeof startBotFrameworkStandIn>>;
  let app: Awaited<ReturnType<typeof listen>>;
  let prompts: string[];
  const capture = captureLogs();

  beforeAll(async () => {
    h = await startAppHarness({
      userCount: 8,
      seed: 21,
      env: { BOT_ID, BOT_PASSWORD: 'not-a-real-secret', ADMIN_USER_IDS: ADMIN_ID },
    });
    botFramework = await startBotFrameworkStandIn(['msteams', 'webchat', 'directline']);
    const ctx = { ...h.ctx, logger: capture.logger };
    const mount = createBotMount(ctx, { sweepIntervalMs: 0, endpoints: botFramework.endpoints });
    mount.notifier.stop();
    app = await listen(createApp(ctx, [{ path: '/api/messages', router: mount.router }]));
    prompts = (await h.testStore.store.interactions.find({ interactionType: 'userPrompt' }).toArray())
      .map((i) => (i.body?.content ?? '').trim().slice(0, 50))
      .filter((t) => t.length >= 15);
    expect(prompts.length).toBeGreaterThan(0);
  });
  afterAll(async () => {
    await closeServer(app.server);
    await botFramework.close();
    await h.close();
  });

  async function ask(channelId: string, conversation: Record<string, unknown>) {
    capture.lines.length = 0;
    const top = await h.testStore.store.users.find({}).sort({ promptCount: -1 }).limit(1).next();
    const response = await fetch(`${app.url}/api/messages`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await channelToken(botFramework.signingKey, BOT_ID, SERVICE_URL)}`,
      },
      body: JSON.stringify({
        type: 'message',
        id: 'p1',
        // With a reason typed after it: from Teams in our tenant this shows the prompts (the positive control).
        text: `what did ${top!.displayName} ask copilot? reason: Probe check 1`,
        channelId,
        serviceUrl: SERVICE_URL,
        deliveryMode: 'expectReplies',
        from: { id: 'dl_attacker', aadObjectId: ADMIN_ID, name: 'Not the admin' },
        recipient: { id: `28:${BOT_ID}` },
        conversation: { id: 'c1', conversationType: 'personal', ...conversation },
      }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as { activities: Array<Record<string, unknown>> };
  }

  const cases: Array<[string, string, Record<string, unknown>]> = [
    ['Web Chat', 'webchat', {}],
    ['Direct Line', 'directline', {}],
    ['Teams without a tenant', 'msteams', {}],
    ['Teams from another tenant', 'msteams', { tenantId: '99999999-0000-4000-8000-000000000009' }],
  ];

  it.each(cases)('%s: refused, one warn line, no prompt text, no access-log entry', async (_, channel, conv) => {
    const before = await h.testStore.store.accessLog.countDocuments({});
    const body = await ask(channel, conv);
    const json = JSON.stringify(body);
    expect(prompts.filter((p) => json.includes(p))).toEqual([]);
    expect(body.activities.map((a) => a.text)).toEqual([expect.stringMatching(/only in Microsoft Teams/)]);
    expect(
      capture.lines.filter((l) => l.msg === 'Refused a bot message that does not come from Teams in this tenant.'),
    ).toHaveLength(1);
    expect(capture.lines.filter((l) => Number(l.level) >= 50)).toEqual([]);
    expect(await h.testStore.store.accessLog.countDocuments({})).toBe(before);
  });

  it('answers the admin from Teams in our tenant under the same kind of token (positive control)', async () => {
    const body = await ask('msteams', { tenantId: h.ctx.tenantId });
    const json = JSON.stringify(body);
    expect(prompts.filter((p) => json.includes(p)).length).toBeGreaterThan(0);
  });
});
