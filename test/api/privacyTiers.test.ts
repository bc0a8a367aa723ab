import type * as W from '../../server/api/contracts';
import { ROUTE_TIERS } from '../../server/api/routeTiers';
import type { AskAnswer } from '../../server/core/ask/answerTypes';
import { SMALL_GROUPS } from '../../server/core/insights/departmentTypes';
import { tierAtLeast, TIERS, type Tier } from '../../server/core/privacy/tiers';
import { startAppHarness, type AppHarness } from '../support/appHarness';
import { call, type ApiAnswer } from './apiClient';
import { injectTurns } from './injectTurns';

const CARD = ['4111', '1111', '1111', '1111'].join(' ');
const PSEUDONYM = /^Person [0-9A-F]{6}$/;

/** Route × the tier it needs, as the tab and the bot's users reach them (POST bodies where a route reads one). */
const TABLE: Array<{ method?: string; path: string; needs: Tier; body?: unknown }> = [
  { path: '/api/overview', needs: 'Viewer' },
  { path: '/api/apps', needs: 'Viewer' },
  { path: '/api/daily-activity', needs: 'Viewer' },
  { path: '/api/departments', needs: 'Viewer' },
  { path: '/api/synced-window', needs: 'Viewer' },
  { path: '/api/saved-questions', needs: 'Viewer' },
  { method: 'POST', path: '/api/ask', needs: 'Viewer', body: { question: 'active users by app this month' } },
  { path: '/api/agents', needs: 'Analyst' },
  { path: '/api/activity', needs: 'Analyst' },
  { path: '/api/users', needs: 'Analyst' },
  { path: '/api/users/inactive', needs: 'Analyst' },
  { path: '/api/users/unreadable', needs: 'Analyst' },
  { path: '/api/data-sources', needs: 'Analyst' },
  { path: '/api/sync/status', needs: 'Analyst' },
  { path: '/api/sync/runs', needs: 'Analyst' },
  { path: '/api/sync/user-errors', needs: 'Analyst' },
  { path: '/api/findings', needs: 'Analyst' },
  { path: '/api/findings/summary', needs: 'Analyst' },
  { path: '/api/finding-suppressions', needs: 'Analyst' },
  { path: '/api/risk-watchlist', needs: 'Analyst' },
  { path: '/api/sync/notifications', needs: 'Admin' },
  { path: '/api/access-log', needs: 'Admin' },
  { path: '/api/privacy/roles', needs: 'Admin' },
  { path: '/api/setup/status', needs: 'Admin' },
  { method: 'POST', path: '/api/risk-watchlist', needs: 'Admin', body: { name: 'x', pattern: 'y', severity: 'low' } },
];

async function send<T>(h: AppHarness, token: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${h.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  const json = (response.headers.get('content-type') ?? '').includes('json') ? (JSON.parse(text) as T) : undefined;
  return { status: response.status, body: json as T, text };
}

type ErrorBody = { error: { code: string; message: string; requiredTier?: Tier } };

describe('privacy tiers: what each tier may call and what it is shown', () => {
  let h: AppHarness;
  const tokens = {} as Record<Tier | 'none', string>;
  let conversationId: string;
  let subject: { userId: string; name: string };

  beforeAll(async () => {
    h = await startAppHarness({ userCount: 24, env: { MIN_GROUP_SIZE: '3' } });
    const user = h.graph.tenant.users.find((u) => u.licensed && u.graph.id !== h.nonAdminUser.graph.id)!;
    subject = { userId: user.graph.id, name: user.graph.displayName! };
    await injectTurns(h, subject.userId, 30, [{ prompt: `Pay with card ${CARD} please`, response: 'Done.' }]);
    await h.sync('full');
    for (const tier of TIERS) tokens[tier] = await h.tokens.nonAdmin({ roles: [`CopilotObservatory.${tier}`] });
    tokens.none = await h.tokens.nonAdmin();
    // The newest conversation of the subject is the one just injected, with the card number in it.
    const conversation = await h.ctx.store.conversations.findOne(
      { tenantId: h.ctx.tenantId, userId: subject.userId },
      { sort: { lastAt: -1 } },
    );
    conversationId = conversation!._id.toHexString();
  }, 180_000);
  afterAll(async () => h.close());

  it('answers every route by tier: 200/201 from its tier up, 403 naming the tier below it, 403 Viewer without one', async () => {
    const seen: string[] = [];
    for (const route of TABLE)
      for (const tier of [...TIERS, 'none'] as const) {
        const method = route.method ?? 'GET';
        const answer = await send<ErrorBody>(h, tokens[tier], method, route.path, route.body);
        const allowed = tier !== 'none' && tierAtLeast(tier, route.needs);
        const expected = allowed ? (method === 'POST' && route.path !== '/api/ask' ? 201 : 200) : 403;
        expect({ route: `${method} ${route.path}`, tier, status: answer.status }).toEqual({
          route: `${method} ${route.path}`,
          tier,
          status: expected,
        });
        if (!allowed) {
          expect(answer.body.error.code).toBe('forbidden');
          expect(answer.body.error.requiredTier).toBe(tier === 'none' ? 'Viewer' : route.needs);
        }
        seen.push(`${method} ${route.path}`);
      }
    // The table covers the server's own route list (apart from the ones tested below with their own set-up).
    const elsewhere = ['/conversations/:id', '/departments/:name', '/findings/:id', '/privacy/erasures', '/sync'];
    for (const [method, path] of ROUTE_TIERS) {
      if (elsewhere.includes(path) || method !== 'GET') continue;
      expect(seen).toContain(`${method} /api${path}`);
    }
  }, 120_000);

  it('/api/me says each tier and what it can do', async () => {
    for (const tier of TIERS) {
      const me = await call<W.Me>(h.baseUrl, '/api/me', { token: tokens[tier] });
      expect(me.body.tier).toBe(tier);
      expect(me.body.capabilities.viewFigures).toBe(true);
      expect(me.body.capabilities.viewPeople).toBe(tier !== 'Viewer');
      expect(me.body.capabilities.readConversations).toBe(tier === 'Investigator' || tier === 'Admin');
      expect(me.body.capabilities.erase).toBe(tier === 'Admin');
    }
    expect((await call<W.Me>(h.baseUrl, '/api/me', { token: tokens.none })).body).toMatchObject({ tier: null });
  });

  it("shows a Viewer's top users as stable pseudonyms in the same order and figures, and names nobody", async () => {
    const get = (tier: Tier) => call<W.Overview>(h.baseUrl, '/api/overview', { token: tokens[tier] });
    const [first, second, named] = [await get('Viewer'), await get('Viewer'), await get('Analyst')];
    expect(first.body.topUsers.length).toBeGreaterThan(2);
    for (const u of first.body.topUsers) {
      expect(u.displayName).toMatch(PSEUDONYM);
      expect(u).toMatchObject({ userPrincipalName: null, department: null });
      expect(u.userId).toMatch(/^p-[0-9a-f]{16}$/);
    }
    expect(second.body.topUsers).toEqual(first.body.topUsers);
    expect(new Set(first.body.topUsers.map((u) => u.displayName)).size).toBe(first.body.topUsers.length);
    expect(first.body.topUsers.map((u) => u.prompts)).toEqual(named.body.topUsers.map((u) => u.prompts));
    expect(named.body.topUsers[0]!.displayName).not.toMatch(PSEUDONYM);
    for (const u of h.graph.tenant.users) {
      expect(first.text).not.toContain(u.graph.id);
      if (u.graph.userPrincipalName) expect(first.text).not.toContain(u.graph.userPrincipalName);
    }
  });

  it("gives a person the same pseudonym on the Overview and a department's page, and merges small departments", async () => {
    const overview = await call<W.Overview>(h.baseUrl, '/api/overview', { token: tokens.Viewer });
    const departments = await call<W.DepartmentAdoption>(h.baseUrl, '/api/departments', { token: tokens.Viewer });
    const shown = departments.body.items.filter((r) => r.kind !== 'small_groups');
    for (const row of shown) expect(row.licensedUsers).toBeGreaterThanOrEqual(departments.body.minGroupSize);
    const merged = departments.body.items.find((r) => r.kind === 'small_groups');
    expect(merged).toMatchObject({ department: SMALL_GROUPS });
    expect(merged!.departments).toBeGreaterThan(0);
    const department = shown[0]!.department!;
    const detail = (tier: Tier) =>
      call<W.DepartmentDetail>(h.baseUrl, `/api/departments/${encodeURIComponent(department)}`, {
        token: tokens[tier],
      });
    const viewer = await detail('Viewer');
    const analyst = await detail('Analyst');
    expect(viewer.status).toBe(200);
    for (const u of viewer.body.topUsers) expect(u.displayName).toMatch(PSEUDONYM);
    const byRealId = new Map(analyst.body.topUsers.map((u, i) => [u.userId, viewer.body.topUsers[i]!]));
    const overviewNamed = await call<W.Overview>(h.baseUrl, '/api/overview', { token: tokens.Analyst });
    let both = 0;
    overviewNamed.body.topUsers.forEach((u, i) => {
      const inDepartment = byRealId.get(u.userId);
      if (inDepartment) expect(inDepartment.displayName).toBe(overview.body.topUsers[i]!.displayName);
      if (inDepartment) both += 1;
    });
    expect(both).toBeGreaterThan(0);
  });

  it('shows findings to an Analyst without evidence and to an Investigator with it', async () => {
    const list = (tier: Tier) => call<{ items: W.FindingRow[] }>(h.baseUrl, '/api/findings', { token: tokens[tier] });
    const analyst = await list('Analyst');
    const investigator = await list('Investigator');
    const card = investigator.body.items.find((f) => f.evidence.some((e) => e.masked.includes('••••')));
    expect(card).toBeDefined();
    expect(analyst.body.items.map((f) => f.id)).toEqual(investigator.body.items.map((f) => f.id));
    for (const f of analyst.body.items) expect(f.evidence).toEqual([]);
    expect(analyst.text).not.toContain('••••');
    const one = (tier: Tier) => call<W.FindingDetail>(h.baseUrl, `/api/findings/${card!.id}`, { token: tokens[tier] });
    expect((await one('Analyst')).body.evidence).toEqual([]);
    expect((await one('Investigator')).body.evidence.length).toBeGreaterThan(0);
    const csv = await call(h.baseUrl, '/api/findings?format=csv', { token: tokens.Analyst });
    expect(csv.text).not.toContain('••••');
  });

  it('opens a conversation for Investigators and Admins only, each time with a reason kept in the access log', async () => {
    const path = `/api/conversations/${conversationId}`;
    const open = (tier: Tier, query = '', headers: Record<string, string> = {}): Promise<ApiAnswer<ErrorBody>> =>
      call<ErrorBody>(h.baseUrl, `${path}${query}`, { token: tokens[tier], headers });
    for (const tier of ['Viewer', 'Analyst'] as const) {
      const refused = await open(tier, '?reason=Ticket%2042');
      expect(refused.status).toBe(403);
      expect(refused.body.error.requiredTier).toBe('Investigator');
    }
    const before = await h.ctx.store.accessLog.countDocuments({});
    for (const tier of ['Investigator', 'Admin'] as const) {
      for (const query of ['', '?reason=', '?reason=%20%20x%20']) {
        const missing = await open(tier, query);
        expect({ tier, query, status: missing.status }).toEqual({ tier, query, status: 400 });
        expect(missing.body.error.code).toBe('reason_required');
        expect(missing.body.error.message).toMatch(/Say why you are opening this conversation/);
      }
    }
    expect(await h.ctx.store.accessLog.countDocuments({})).toBe(before);
    const opened = await open('Investigator', '?reason=HR%20case%201234');
    expect(opened.status).toBe(200);
    expect(opened.text).toContain('Pay with card');
    const byHeader = await open('Admin', '', { 'x-access-reason': encodeURIComponent('Légal hold: Müller') });
    expect(byHeader.status).toBe(200);
    const log = await call<{ items: W.AccessLogEntry[] }>(h.baseUrl, '/api/access-log', { token: tokens.Admin });
    expect(log.body.items.slice(0, 2).map((e) => [e.viewer.userId, e.reason, e.subjectUserId])).toEqual([
      [h.nonAdminUser.graph.id, 'Légal hold: Müller', subject.userId],
      [h.nonAdminUser.graph.id, 'HR case 1234', subject.userId],
    ]);
  });

  it("answers a Viewer's Ask within the tier: rankings by pseudonym, no names, no prompts", async () => {
    const ask = async (tier: Tier, question: string) =>
      (await send<AskAnswer>(h, tokens[tier], 'POST', '/api/ask', { question })).body;
    const top = await ask('Viewer', 'top 5 users last 30 days');
    expect(top.kind).toBe('table');
    expect(top.disclosure).toBe('figures');
    expect(top.rows.length).toBeGreaterThan(0);
    for (const row of top.rows) expect(row.user).toMatch(PSEUDONYM);
    expect(top.tabLink).toBeNull();
    const again = await ask('Viewer', 'top 5 users last 30 days');
    expect(again.rows).toEqual(top.rows);
    const named = await ask('Analyst', 'top 5 users last 30 days');
    expect(named.rows.map((r) => r.value)).toEqual(top.rows.map((r) => r.value));
    expect(named.rows[0]!.user).not.toMatch(PSEUDONYM);
    const json = JSON.stringify(top);
    for (const u of h.graph.tenant.users) if (u.graph.displayName) expect(json).not.toContain(u.graph.displayName);

    const prompts = await ask('Viewer', `what did ${subject.name} ask copilot last week`);
    expect(prompts).toMatchObject({ kind: 'refused', rows: [] });
    expect(prompts.summary).toMatch(/needs the (Investigator|Analyst) role/);
    expect(JSON.stringify(prompts)).not.toContain(CARD);
    const analystPrompts = await ask('Analyst', `what did ${subject.name} ask copilot last week`);
    expect(analystPrompts.kind).toBe('refused');
    expect(analystPrompts.summary).toMatch(/needs the Investigator role/);
    expect(analystPrompts.reasonToken).toBeUndefined();
  });

  it("lists a person's prompts in Ask only with a reason: none asks for one and reads nothing, a short one is a 400, a given one goes to the access log", async () => {
    const question = `what did ${subject.name} ask copilot in the last 7 days`;
    const ask = (body: unknown, path = '/api/ask', tier: Tier = 'Investigator') =>
      send<AskAnswer & ErrorBody>(h, tokens[tier], 'POST', path, body);
    const logged = () => h.ctx.store.accessLog.find({ what: 'user_prompts' }).sort({ _id: -1 }).toArray();
    const before = (await logged()).length;
    for (const tier of ['Investigator', 'Admin'] as const) {
      const asked = await ask({ question }, '/api/ask', tier);
      expect(asked.status).toBe(200);
      expect(asked.body).toMatchObject({
        kind: 'reason_needed',
        form: 'list:prompts',
        rows: [],
        columns: [],
        totalRows: 0,
        nextPageToken: null,
        disclosure: 'content',
      });
      expect(asked.body.summary).toContain(`${subject.name}'s prompts are what they asked Copilot. Say why`);
      expect(asked.text).not.toContain('Pay with card');
      expect(asked.body.reasonToken).toEqual(expect.any(String));
    }
    const { reasonToken } = (await ask({ question })).body;
    for (const reason of ['', '  ab  ', 'x\u0001\u0002y']) {
      const short = await ask({ token: reasonToken, reason });
      expect({ reason, status: short.status, code: short.body.error.code }).toEqual({
        reason,
        status: 400,
        code: 'reason_required',
      });
      expect(short.body.error.message).toBe(
        'Say why you need to read these prompts, in "reason" (at least 5 characters): the reason is kept in the access log with your name.',
      );
    }
    const long = await ask({ question, reason: 'x'.repeat(501) });
    expect([long.status, long.body.error.code]).toEqual([400, 'validation_failed']);
    expect((await ask({ question, reason: 42 })).status).toBe(400);
    expect((await logged()).length).toBe(before);

    const shown = await ask({ token: reasonToken, reason: '  HR case\n1234 ' });
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({ kind: 'table', form: 'list:prompts', disclosure: 'content' });
    expect(shown.text).toContain('Pay with card 4111');
    const [entry] = await logged();
    expect(entry).toMatchObject({
      what: 'user_prompts',
      via: 'tab',
      reason: 'HR case 1234',
      subjectUserId: subject.userId,
      viewer: { userId: h.nonAdminUser.graph.id },
    });
    // The reason may come with the question itself; a reason with another question is checked and not recorded.
    expect((await ask({ question, reason: 'Audit 77' })).body.kind).toBe('table');
    expect((await logged())[0]!.reason).toBe('Audit 77');
    expect((await ask({ question: 'top 5 users last 30 days', reason: 'Audit 78' })).body.kind).toBe('table');
    expect((await logged()).length).toBe(before + 2);

    // A next page's token carries the reason given (each page is logged with it); one carried is checked again.
    const carrying = (reason: string) => {
      const state = JSON.parse(Buffer.from(reasonToken!, 'base64url').toString('utf8')) as Record<string, unknown>;
      return Buffer.from(JSON.stringify({ ...state, reason }), 'utf8').toString('base64url');
    };
    expect((await ask({ token: carrying('ab') })).body.kind).toBe('reason_needed');
    expect((await ask({ token: carrying('Next page of case 9') })).body.kind).toBe('table');
    expect((await logged())[0]!.reason).toBe('Next page of case 9');

    // A saved question that lists prompts asks too, and runs with the reason given to it.
    const saved = await send<{ id: string }>(h, tokens.Investigator, 'POST', '/api/saved-questions', {
      name: 'Prompts',
      question,
    });
    expect(saved.status).toBe(201);
    const run = await ask(undefined, `/api/saved-questions/${saved.body.id}/run`);
    expect(run.body.kind).toBe('reason_needed');
    expect(run.text).not.toContain('Pay with card');
    expect((await ask({ reason: 'ab' }, `/api/saved-questions/${saved.body.id}/run`)).status).toBe(400);
    const ran = await ask({ reason: 'Case 2026-12' }, `/api/saved-questions/${saved.body.id}/run`);
    expect(ran.text).toContain('Pay with card');
    expect((await logged())[0]).toMatchObject({ reason: 'Case 2026-12', via: 'tab' });
  });

  it('lets an Admin erase a person from the tab API, only with confirm, and shows the role mapping', async () => {
    const victim = h.graph.tenant.users.find(
      (u) => u.licensed && u.graph.id !== subject.userId && u.graph.id !== h.nonAdminUser.graph.id,
    )!;
    const erase = (tier: Tier, body: unknown) =>
      send<ErrorBody>(h, tokens[tier], 'POST', '/api/privacy/erasures', body);
    expect((await erase('Investigator', { userId: victim.graph.id, confirm: true })).status).toBe(403);
    expect((await erase('Admin', { userId: victim.graph.id })).status).toBe(400);
    expect((await erase('Admin', { userId: '00000000-0000-4000-8000-00000000dead', confirm: true })).status).toBe(404);
    const done = await erase('Admin', { userId: victim.graph.id, confirm: true, reason: 'Leaver' });
    expect(done.status).toBe(200);
    expect(await h.ctx.store.interactions.countDocuments({ userId: victim.graph.id })).toBe(0);
    const roles = await call<{ tiers: Array<{ tier: Tier; role: string }>; demoTier: Tier | null }>(
      h.baseUrl,
      '/api/privacy/roles',
      { token: tokens.Admin },
    );
    expect(roles.body.tiers.map((t) => [t.tier, t.role])).toEqual([
      ['Admin', 'CopilotObservatory.Admin'],
      ['Investigator', 'CopilotObservatory.Investigator'],
      ['Analyst', 'CopilotObservatory.Analyst'],
      ['Viewer', 'CopilotObservatory.Viewer'],
    ]);
    expect(roles.body.demoTier).toBe('Admin');
  });
});
