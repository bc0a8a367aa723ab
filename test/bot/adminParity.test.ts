import { call } from '../api/apiClient';
import { cardOf, startBotHarness, type BotHarness } from './botTestKit';

const REFUSED = /answers only people with one of its roles/;
const ADMIN_GROUP = '5f5f5f5f-0000-4000-8000-0000000000aa';

describe('the bot admits the same admins as the tab', () => {
  let b: BotHarness;
  beforeAll(async () => {
    b = await startBotHarness({ userCount: 12, env: { ADMIN_GROUP_IDS: ADMIN_GROUP } });
  });
  afterAll(async () => {
    await b.h.close();
  });

  const ask = (from: string) => b.send('top 3 users this week', { from, conversationId: `conv-${from}` });

  it('admits an admin by app role once a verified tab sign-in showed the role, and not before', async () => {
    const roleAdmin = b.h.adminUser.graph.id;
    const [before] = await ask(roleAdmin);
    expect(before?.text).toMatch(REFUSED);
    expect(before?.text).toMatch(/open the Copilot Observatory tab once/);

    const me = await call<{ isAdmin: boolean }>(b.h.baseUrl, '/api/me', { token: await b.h.tokens.admin() });
    expect(me.body.isAdmin).toBe(true);
    const [after] = await ask(roleAdmin);
    expect(cardOf(after).summary).toMatch(/most active Copilot user/);
  });

  it('admits an admin by group membership the same way, and not for another group', async () => {
    const user = b.h.nonAdminUser.graph.id;
    await call(b.h.baseUrl, '/api/me', {
      token: await b.h.tokens.nonAdmin({ groups: ['6e6e6e6e-0000-4000-8000-0000000000bb'] }),
    });
    expect((await ask(user))[0]?.text).toMatch(REFUSED);
    await call(b.h.baseUrl, '/api/me', { token: await b.h.tokens.nonAdmin({ groups: [ADMIN_GROUP] }) });
    expect(cardOf((await ask(user))[0]).summary).toMatch(/most active Copilot user/);
  });

  it('forgets the admin as soon as a sign-in no longer shows the role', async () => {
    const roleAdmin = b.h.adminUser.graph.id;
    await call(b.h.baseUrl, '/api/me', { token: await b.h.tokens.admin() });
    expect(cardOf((await ask(roleAdmin))[0]).summary).toMatch(/most active Copilot user/);
    const demoted = await call<{ isAdmin: boolean }>(b.h.baseUrl, '/api/me', {
      token: await b.h.tokens.admin({ roles: [] }),
    });
    expect(demoted.body.isAdmin).toBe(false);
    expect((await ask(roleAdmin))[0]?.text).toMatch(REFUSED);
  });

  it('forgets the admin a day after the last sign-in', async () => {
    const roleAdmin = b.h.adminUser.graph.id;
    await call(b.h.baseUrl, '/api/me', { token: await b.h.tokens.admin() });
    expect(cardOf((await ask(roleAdmin))[0]).summary).toMatch(/most active Copilot user/);
    b.h.advanceClock(24 * 60 * 60_000 + 1000);
    expect((await ask(roleAdmin))[0]?.text).toMatch(REFUSED);
  });

  it('keeps refusing a non-admin, whose tab sign-in answers 403 everywhere but /api/me', async () => {
    const token = await b.h.tokens.nonAdmin();
    await call(b.h.baseUrl, '/api/me', { token });
    expect((await call<{ isAdmin: boolean }>(b.h.baseUrl, '/api/me', { token })).body.isAdmin).toBe(false);
    expect((await call(b.h.baseUrl, '/api/overview', { token })).status).toBe(403);
    expect((await ask(b.h.nonAdminUser.graph.id))[0]?.text).toMatch(REFUSED);
  });
});
