import { ObjectId } from 'mongodb';
import { activityFeed } from '../../server/core/insights/activity';
import { overview } from '../../server/core/insights/overview';
import type * as W from '../../server/api/contracts';
import { naturalId } from '../../server/store/naturalId';
import { startAppHarness, TEST_REFERENCE_TIME, type AppHarness } from '../support/appHarness';
import { call, parseCsv } from './apiClient';
import { expectEvery } from '../support/expectEvery';

type Page<T> = W.Page<T>;
type ErrorBody = W.ApiError;
interface RawPage<T> {
  items: T[];
  nextCursor: string | null;
  total: number;
}
const DAY = 86_400_000;

describe('the API endpoints over real HTTP', () => {
  let h: AppHarness;
  let admin: string;
  const get = <T>(path: string) => call<T>(h.baseUrl, path, { token: admin });
  async function walk<T>(path: string, idOf: (row: T) => string): Promise<T[]> {
    const rows: T[] = [];
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const answer: Awaited<ReturnType<typeof get<RawPage<T>>>> = await get<RawPage<T>>(
        cursor ? `${path}${sep}cursor=${encodeURIComponent(cursor)}` : path,
      );
      expect(answer.status).toBe(200);
      for (const row of answer.body.items) {
        expect(seen.has(idOf(row))).toBe(false);
        seen.add(idOf(row));
        rows.push(row);
      }
      cursor = answer.body.nextCursor;
    } while (cursor);
    return rows;
  }

  beforeAll(async () => {
    h = await startAppHarness({ userCount: 30 });
    admin = await h.tokens.admin();
  });
  afterAll(async () => h.close());

  it('serves the overview for the last 30 days by default, as the insights layer computes it, with ISO dates', async () => {
    const answer = await get<W.Overview>('/api/overview');
    expect(answer.status).toBe(200);
    const now = TEST_REFERENCE_TIME;
    const expected = await overview(h.ctx.store, h.ctx.tenantId, { from: new Date(now.getTime() - 30 * DAY), to: now });
    expect(answer.body).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(answer.body.range.to).toBe(now.toISOString());
    expect(answer.body.prompts).toBeGreaterThan(0);
    const week = await get<W.Overview>('/api/overview?from=2026-11-10&to=2026-11-17');
    expect(week.body.range).toEqual({ from: '2026-11-10T00:00:00.000Z', to: '2026-11-17T00:00:00.000Z' });
    expect(week.body.prompts).toBeLessThan(answer.body.prompts);
  });

  it('refuses bad time ranges: reversed, over 400 days, not a date', async () => {
    for (const query of [
      'from=2026-11-10&to=2026-11-01',
      'from=2025-01-01&to=2026-11-01',
      'from=yesterday',
      'to=2026-13-45',
    ]) {
      const answer = await get<ErrorBody>(`/api/overview?${query}`);
      expect({ query, status: answer.status, code: answer.body.error.code }).toEqual({
        query,
        status: 400,
        code: 'validation_failed',
      });
    }
    expect((await get('/api/overview?from=2025-11-01&to=2026-11-01')).status).toBe(200);
  });

  it('refuses operator injection in query parameters and names the parameter', async () => {
    const cases: Array<[string, RegExp]> = [
      ['/api/agents?search[$gt]=', /search\[\$gt\]/],
      ['/api/agents?sort[$ne]=x', /sort\[\$ne\]/],
      ['/api/users?appKey=word&appKey=excel', /appKey/],
      ['/api/activity?userId=a&userId=b', /userId/],
      ['/api/data-sources?limit[$gt]=1', /limit\[\$gt\]/],
      ['/api/agents?cursor[$exists]=true', /cursor\[\$exists\]/],
      ['/api/agents?sort=%7B%22%24gt%22%3A%22%22%7D', /sort/],
      ['/api/agents?appKey=%7B%22%24gt%22%3A%22%22%7D', /appKey/],
      ['/api/agents?unknown=1', /unknown/],
      ['/api/access-log?from[$gt]=2026-01-01', /from\[\$gt\]/],
    ];
    for (const [path, names] of cases) {
      const answer = await get<ErrorBody>(path);
      expect({ path, status: answer.status, code: answer.body.error.code }).toEqual({
        path,
        status: 400,
        code: 'validation_failed',
      });
      expect(answer.body.error.message).toMatch(names);
    }
  });

  it('treats an operator-shaped string as plain text: it matches nothing instead of everything', async () => {
    for (const path of ['/api/agents', '/api/activity', '/api/users']) {
      const all = await get<Page<unknown>>(path);
      expect(all.body.total).toBeGreaterThan(0);
    }
    const json = encodeURIComponent('{"$gt":""}');
    expect((await get<Page<unknown>>(`/api/agents?userId=${json}`)).body).toMatchObject({ items: [], total: 0 });
    expect((await get<Page<unknown>>(`/api/activity?userId=${json}`)).body).toMatchObject({ items: [], total: 0 });
    expect((await get<Page<unknown>>(`/api/users?search=${encodeURIComponent('.*')}`)).body.total).toBe(0);
    expect((await get<Page<unknown>>(`/api/agents?department=${encodeURIComponent('.*')}`)).body.total).toBe(0);
    expect((await get<ErrorBody>(`/api/conversations/${json}`)).status).toBe(404);
  });

  it('caps absurd page sizes at 200, however many digits, and refuses zero, negative and non-numeric sizes', async () => {
    const big = await get<Page<W.ActivityRow>>('/api/activity?limit=1000000');
    expect(big.status).toBe(200);
    expect(big.body.total).toBeGreaterThan(200);
    expect(big.body.items).toHaveLength(200);
    expect(big.body.nextCursor).not.toBeNull();
    expect((await get<Page<unknown>>('/api/activity')).body.items).toHaveLength(50);
    for (const limit of ['99999999999', '9'.repeat(40)]) {
      const huge = await get<Page<W.ActivityRow>>(`/api/activity?limit=${limit}`);
      expect({ limit, status: huge.status, rows: huge.body.items.length }).toEqual({ limit, status: 200, rows: 200 });
    }
    for (const limit of ['0', '-5', 'ten', '1e9', '9'.repeat(41), '0'.repeat(5)])
      expect({ limit, status: (await get(`/api/activity?limit=${limit}`)).status }).toEqual({ limit, status: 400 });
  });

  it('pages agents with filters and sorts, every agent once, and refuses a cursor from another sort', async () => {
    const total = await h.ctx.store.agents.countDocuments({ tenantId: h.ctx.tenantId });
    const rows = await walk<W.AgentRow>('/api/agents?limit=11&sort=userName', (a) => a.id);
    expect(rows).toHaveLength(total);
    const word = await walk<W.AgentRow>('/api/agents?limit=5&appKey=word&sort=promptCount&direction=asc', (a) => a.id);
    expect(word.length).toBe(rows.filter((a) => a.appKey === 'word').length);
    expect(word.map((a) => a.promptCount)).toEqual([...word.map((a) => a.promptCount)].sort((a, b) => a - b));
    const first = rows[0]!;
    const byUser = await get<Page<W.AgentRow>>(`/api/agents?userId=${first.userId}`);
    expectEvery(byUser.body.items, (a) => a.userId === first.userId);
    expect(byUser.body.total).toBe(rows.filter((a) => a.userId === first.userId).length);
    const inRange = await get<Page<W.AgentRow>>('/api/agents?from=2026-11-18&to=2026-11-19&limit=200');
    expect(inRange.body.total).toBeLessThan(total);
    expectEvery(inRange.body.items, (a) => a.lastAt >= '2026-11-18' && a.firstAt < '2026-11-19');

    const page = await get<Page<W.AgentRow>>('/api/agents?limit=3&sort=lastAt');
    const wrong = await get<ErrorBody>(`/api/agents?limit=3&sort=firstAt&cursor=${page.body.nextCursor}`);
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('invalid_cursor');
    expect((await get<ErrorBody>('/api/agents?cursor=eyJub3QiOiJhIGN1cnNvciJ9')).body.error.code).toBe(
      'invalid_cursor',
    );
  });

  it('filters the activity feed by type (sessions only) and by search, and pages through all of it', async () => {
    const sessions = await walk<W.ActivityRow>(
      '/api/activity?types=session&limit=40&from=2026-11-13&to=2026-11-20',
      (r) => r.id,
    );
    expect(sessions.length).toBeGreaterThan(0);
    expectEvery(sessions, (r) => r.type === 'session' && r.promptCount !== undefined);
    expect(sessions.length).toBe(
      await h.ctx.store.conversations.countDocuments({
        tenantId: h.ctx.tenantId,
        firstAt: { $gte: new Date('2026-11-13'), $lt: new Date('2026-11-20') },
      }),
    );
    const mixed = await get<Page<W.ActivityRow>>('/api/activity?types=prompt,data_source_access&limit=200');
    expect(new Set(mixed.body.items.map((r) => r.type))).toEqual(new Set(['prompt', 'data_source_access']));
    const bad = await get<ErrorBody>('/api/activity?types=session,everything');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/types/);
    const user = sessions[0]!;
    const searched = await get<Page<W.ActivityRow>>(
      `/api/activity?search=${encodeURIComponent(user.displayName!)}&limit=200`,
    );
    expect(searched.body.items.length).toBeGreaterThan(0);
    expectEvery(searched.body.items, (r) => r.displayName === user.displayName);
    const core = await activityFeed(h.ctx.store, h.ctx.tenantId, {
      range: { from: new Date(TEST_REFERENCE_TIME.getTime() - 30 * DAY), to: TEST_REFERENCE_TIME },
      limit: 5,
    });
    expect((await get<Page<W.ActivityRow>>('/api/activity?limit=5')).body.items.map((r) => r.id)).toEqual(
      core.items.map((r) => r.id),
    );
  });

  it('shows a conversation transcript and writes each view, JSON or CSV, to the access log', async () => {
    const conversation = await h.ctx.store.conversations.findOne({
      tenantId: h.ctx.tenantId,
      promptCount: { $gte: 2 },
    });
    const id = conversation!._id.toHexString();
    const before = await h.ctx.store.accessLog.countDocuments({});
    const answer = await get<W.Conversation>(`/api/conversations/${id}?reason=Audit%20check`);
    expect(answer.status).toBe(200);
    expect(answer.body.messages.length).toBe(conversation!.interactionCount);
    expect(answer.body.messages.filter((m) => m.type === 'prompt').length).toBe(conversation!.promptCount);
    expect(answer.body.messages[0]!.content.length).toBeGreaterThan(0);
    expect(answer.headers.get('cache-control')).toBe('no-store');

    const csv = await get(`/api/conversations/${id}?format=csv&reason=Audit%20check`);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const rows = parseCsv(csv.text);
    expect(rows[0]).toEqual(['Time', 'Type', 'User', 'App', 'Content type', 'Content', 'Data sources']);
    expect(rows.slice(1).map((r) => r[5])).toEqual(
      answer.body.messages.map((m) => (/^[=+\-@\t\r]/.test(m.content) ? `'${m.content}` : m.content)),
    );

    const demoView = await call(h.baseUrl, `/api/conversations/${id}?reason=Audit%20check`);
    expect(demoView.status).toBe(200);
    expect(await h.ctx.store.accessLog.countDocuments({})).toBe(before + 3);
    const log = await get<Page<W.AccessLogEntry>>('/api/access-log?limit=2');
    expect(log.body.total).toBe(before + 3);
    expect(log.body.items[0]).toMatchObject({
      viewer: { demo: true, name: 'Local demo admin' },
      what: 'conversation',
      via: 'tab',
    });
    const all = await walk<W.AccessLogEntry>('/api/access-log?limit=1', (e) => e.id);
    const mine = all.filter((e) => e.viewer.userId === h.adminUser.graph.id);
    expect(mine.map((e) => e.what).sort()).toEqual(['conversation', 'conversation_csv']);
    expect(mine[0]).toMatchObject({
      subjectUserId: conversation!.userId,
      sessionId: conversation!.sessionId,
      viewer: { name: h.adminUser.graph.displayName, demo: false },
    });
    expect((await get<ErrorBody>(`/api/conversations/${new ObjectId().toHexString()}`)).body.error.code).toBe(
      'not_found',
    );
    expect(await h.ctx.store.accessLog.countDocuments({})).toBe(before + 3);
  });

  it('exports every row of a list as CSV, quoted, with formula cells defused and a dated file name', async () => {
    await h.ctx.store.directoryUsers.insertOne({
      _id: naturalId('directoryUser', h.ctx.tenantId, 'evil'),
      tenantId: h.ctx.tenantId,
      userId: 'evil',
      displayName: '=HYPERLINK("http://evil.example","click")',
      userPrincipalName: '+evil@contoso.example',
      mail: null,
      department: 'Sales, "West"',
      jobTitle: '@risk',
      officeLocation: null,
      accountEnabled: true,
      skuIds: [],
      copilotEnabled: true,
      hasActivity: false,
      firstSeenAt: TEST_REFERENCE_TIME,
      lastSeenAt: TEST_REFERENCE_TIME,
    });
    const csv = await get('/api/users/inactive?format=csv&limit=1');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toBe(
      'attachment; filename="copilot-observatory-licensed-inactive-users-2026-11-20.csv"',
    );
    const rows = parseCsv(csv.text);
    const json = await get<Page<W.LicensedInactiveRow>>('/api/users/inactive?limit=200');
    expect(rows.length - 1).toBe(json.body.total);
    const evil = rows.find((r) => r[3] === 'evil')!;
    expect(evil.slice(0, 5)).toEqual([
      '\'=HYPERLINK("http://evil.example","click")',
      "'+evil@contoso.example",
      'Sales, "West"',
      'evil',
      "'@risk",
    ]);

    const activity = await get('/api/activity?format=csv&types=session');
    const sessions = await get<Page<W.ActivityRow>>('/api/activity?types=session&limit=1');
    expect(parseCsv(activity.text).length - 1).toBe(sessions.body.total);
    for (const path of [
      '/api/agents',
      '/api/users',
      '/api/data-sources',
      '/api/apps',
      '/api/daily-activity',
      '/api/sync/runs',
      '/api/access-log',
    ]) {
      const answer = await get(`${path}?format=csv`);
      expect({ path, status: answer.status, type: answer.headers.get('content-type') }).toEqual({
        path,
        status: 200,
        type: 'text/csv; charset=utf-8',
      });
      expect(parseCsv(answer.text).length).toBeGreaterThan(1);
    }
    expect((await get<ErrorBody>('/api/agents?format=xml')).status).toBe(400);
  });

  it('lists users, licensed users without activity, data sources, apps and daily activity with their filters', async () => {
    const users = await walk<W.UserRow>('/api/users?limit=7&sort=displayName', (u) => u.userId);
    expect(users.length).toBe(await h.ctx.store.users.countDocuments({ tenantId: h.ctx.tenantId }));
    expectEvery(users, (u) => u.trend.length === 14);
    const word = await get<Page<W.UserRow>>('/api/users?appKey=word&limit=200');
    expectEvery(word.body.items, (u) => (u.appCounts.word ?? 0) > 0);
    const sources = await walk<W.DataSourceRow>('/api/data-sources?limit=13', (d) => d.key);
    expect(sources.length).toBe(await h.ctx.store.dataSources.countDocuments({ tenantId: h.ctx.tenantId }));
    const files = await get<Page<W.DataSourceRow>>('/api/data-sources?kind=file&sort=userCount&limit=200');
    expectEvery(files.body.items, (d) => d.kind === 'file');
    expect((await get('/api/data-sources?kind=database')).status).toBe(400);
    const apps = await get<{ items: W.AppCount[] }>('/api/apps?from=2026-11-01&to=2026-11-20');
    expect(apps.body.items.length).toBeGreaterThan(2);
    const daily = await get<W.DailyActivityResponse>('/api/daily-activity?from=2026-11-01&to=2026-11-20&appKey=word');
    expectEvery(daily.body.items, (d) => d.appKey === 'word' && d.day >= '2026-11-01' && d.day < '2026-11-20');
    expect(daily.body.hours.reduce((a, x) => a + x.interactions, 0)).toBe(
      daily.body.items.reduce((a, d) => a + d.interactions, 0),
    );
  });

  it('applies each remaining filter and sort exactly as the stored records say', async () => {
    const { tenantId } = h.ctx;
    const fold = (s: string | null) => (s ?? '').toLowerCase();
    const directory = await h.ctx.store.directoryUsers.find({ tenantId }).toArray();
    const department = directory.find((u) => u.department)!.department!;

    // Users by name, in order; by department; by a search on part of a name.
    const users = await walk<W.UserRow>('/api/users?limit=9&sort=displayName', (u) => u.userId);
    const names = users.map((u) => fold(u.displayName));
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const inDepartment = await walk<W.UserRow>(
      `/api/users?department=${encodeURIComponent(department)}`,
      (u) => u.userId,
    );
    expect(inDepartment.map((u) => u.userId).sort()).toEqual(
      users
        .filter((u) => u.department === department)
        .map((u) => u.userId)
        .sort(),
    );
    const part = users[0]!.displayName!.split(' ')[0]!.slice(0, 4);
    const searched = await walk<W.UserRow>(`/api/users?search=${encodeURIComponent(part)}`, (u) => u.userId);
    expect(searched.map((u) => u.userId).sort()).toEqual(
      users
        .filter((u) => [u.displayName, u.userPrincipalName].some((v) => fold(v).includes(part.toLowerCase())))
        .map((u) => u.userId)
        .sort(),
    );

    // Licensed users without activity by department and by search.
    // Users whose history the sync could not read are listed apart (GET /users/unreadable), not as inactive.
    const unreadable = new Set(
      (await h.ctx.store.syncState.find({ tenantId, status: 'error' }).toArray()).map((s) => s.userId),
    );
    const inactive = directory.filter((u) => !u.hasActivity && !unreadable.has(u.userId));
    expect(inactive.length).toBeGreaterThan(0);
    const inactiveDepartment = inactive[0]!.department!;
    const byDepartment = await walk<W.LicensedInactiveRow>(
      `/api/users/inactive?department=${encodeURIComponent(inactiveDepartment)}`,
      (u) => u.userId,
    );
    expect(byDepartment.map((u) => u.userId).sort()).toEqual(
      inactive
        .filter((u) => u.department === inactiveDepartment)
        .map((u) => u.userId)
        .sort(),
    );
    const inactiveName = inactive[0]!.displayName!;
    const byName = await walk<W.LicensedInactiveRow>(
      `/api/users/inactive?search=${encodeURIComponent(inactiveName)}`,
      (u) => u.userId,
    );
    expect(byName.map((u) => u.userId)).toContain(inactive[0]!.userId);
    expectEvery(
      byName,
      (u) =>
        fold(u.displayName).includes(inactiveName.toLowerCase()) ||
        fold(u.userPrincipalName).includes(inactiveName.toLowerCase()),
    );

    // Agents of one department, and of a searched person.
    const agents = await walk<W.AgentRow>('/api/agents?limit=50', (a) => a.id);
    const agentsInDepartment = await walk<W.AgentRow>(
      `/api/agents?department=${encodeURIComponent(department)}`,
      (a) => a.id,
    );
    expect(agentsInDepartment.map((a) => a.id).sort()).toEqual(
      agents
        .filter((a) => a.department === department)
        .map((a) => a.id)
        .sort(),
    );
    const person = agents[0]!.displayName!;
    const agentsOfPerson = await walk<W.AgentRow>(`/api/agents?search=${encodeURIComponent(person)}`, (a) => a.id);
    expect(agentsOfPerson.map((a) => a.id).sort()).toEqual(
      agents
        .filter((a) => a.displayName === person)
        .map((a) => a.id)
        .sort(),
    );

    // Data sources by the number of users who reached them, most first.
    const byUsers = await walk<W.DataSourceRow>('/api/data-sources?sort=userCount&limit=17', (d) => d.key);
    const counts = byUsers.map((d) => d.userCount);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));

    // The activity feed of one app: exactly that app's rows.
    const all = await walk<W.ActivityRow>('/api/activity?from=2026-11-10&to=2026-11-20&limit=200', (r) => r.id);
    const word = await walk<W.ActivityRow>(
      '/api/activity?from=2026-11-10&to=2026-11-20&appKey=word&limit=200',
      (r) => r.id,
    );
    expect(word.length).toBeGreaterThan(0);
    expect(word.map((r) => r.id).sort()).toEqual(
      all
        .filter((r) => r.appKey === 'word')
        .map((r) => r.id)
        .sort(),
    );

    // The access log within a time range: entries written inside it only.
    const conversation = await h.ctx.store.conversations.findOne({ tenantId });
    h.advanceClock(3 * DAY);
    admin = await h.tokens.admin(); // the old token expired with the clock
    await get(`/api/conversations/${conversation!._id.toHexString()}?reason=Audit%20check`);
    const viewedAt = h.ctx.now();
    const recent = await walk<W.AccessLogEntry>(
      `/api/access-log?from=${viewedAt.toISOString().slice(0, 10)}&to=${new Date(viewedAt.getTime() + DAY).toISOString().slice(0, 10)}`,
      (e) => e.id,
    );
    expect(recent.length).toBe(1);
    expect(recent[0]!.subjectUserId).toBe(conversation!.userId);
    const everything = await walk<W.AccessLogEntry>('/api/access-log', (e) => e.id);
    expect(everything.length).toBeGreaterThan(recent.length);
    const before = await walk<W.AccessLogEntry>(
      `/api/access-log?to=${new Date(viewedAt.getTime() - DAY).toISOString().slice(0, 10)}`,
      (e) => e.id,
    );
    expect(before.length + recent.length).toBe(everything.length);
  });

  it('reports sync status and history and enqueues a sync for the tab with 202', async () => {
    const status = await get<W.SyncStatus>('/api/sync/status');
    expect(status.body.lastRun?.status).toMatch(/succeeded|completed_with_errors/);
    expect(status.body.running).toBeNull();
    // The harness clock is frozen: without a step the two runs would share a start time and tie.
    h.advanceClock(60_000);
    const post = await call<W.SyncRequestResult>(h.baseUrl, '/api/sync', { method: 'POST', token: admin });
    expect(post.status).toBe(202);
    expect(post.body.status).toBe('queued');
    expect(h.syncControl.requests.at(-1)).toEqual({ trigger: 'tab', requestedBy: h.adminUser.graph.id });
    await h.syncControl.idle();
    const runs = await walk<W.SyncRunSummary>('/api/sync/runs?limit=1', (r) => r.runId);
    expect(runs.map((r) => r.trigger)).toEqual(['tab', 'test']);
  });
});
