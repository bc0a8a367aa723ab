import { activityFeed } from '../../../server/core/insights/activity';
import { getConversation } from '../../../server/core/insights/conversation';
import type { ActivityQuery, ActivityRow, ActivityType, TimeRange } from '../../../server/core/insights/types';
import { resolveApp } from '../../../server/core/appCatalog';
import { aggregateIds } from '../../../server/core/sync/aggregateOps';
import { extractDataSources } from '../../../server/core/sync/dataSourceExtractor';
import { interactionId } from '../../../server/core/sync/interactionMapper';
import { DAY, NOW, syncedTenant, walkPages, type SyncedTenant } from './syncedTenant';
import { expectEvery } from '../../support/expectEvery';

interface Expected {
  type: ActivityType;
  at: number;
  userId: string;
  app: string;
  sessionId: string;
  source?: string;
}

describe('the activity feed and the conversation view', () => {
  let s: SyncedTenant;
  const range: TimeRange = { from: new Date(NOW.getTime() - 6 * DAY), to: new Date(NOW.getTime() - 2 * DAY) };
  beforeAll(async () => {
    s = await syncedTenant('feed', 30);
  });
  afterAll(async () => s.close());

  /** The feed recomputed from the stored interactions: sessions start where their first interaction is. */
  function expectedRows(r: TimeRange): Expected[] {
    const starts = new Map<string, Expected>();
    const rows: Expected[] = [];
    for (const { userId, interaction: i } of s.rows) {
      const at = Date.parse(i.createdDateTime);
      const app = resolveApp(i.appClass).key;
      const key = `${userId}|${i.sessionId}`;
      const start = starts.get(key);
      if (!start || at < start.at) starts.set(key, { type: 'session', at, userId, app, sessionId: i.sessionId });
      if (at < r.from.getTime() || at >= r.to.getTime()) continue;
      rows.push({
        type: i.interactionType === 'userPrompt' ? 'prompt' : 'response',
        at,
        userId,
        app,
        sessionId: i.sessionId,
      });
      for (const source of extractDataSources(i))
        rows.push({ type: 'data_source_access', at, userId, app, sessionId: i.sessionId, source: source.key });
    }
    for (const start of starts.values())
      if (start.at >= r.from.getTime() && start.at < r.to.getTime()) rows.push(start);
    return rows;
  }
  const signature = (r: Expected) => [r.type, r.at, r.userId, r.app, r.sessionId, r.source ?? ''].join('|');
  const rowSignature = (r: ActivityRow) =>
    [r.type, r.at.getTime(), r.userId, r.appKey, r.sessionId, r.dataSource?.key ?? ''].join('|');

  async function walk(q: Partial<ActivityQuery>, limit = 9) {
    return walkPages(
      (cursor) => activityFeed(s.t.store, s.tenantId, { range, limit, ...q, cursor }),
      (r) => r.id,
    );
  }

  it('merges sessions, prompts, responses and data source accesses newest first, each row exactly once', async () => {
    const expected = expectedRows(range);
    const walked = await walk({});
    expect(walked.rows.map(rowSignature).sort()).toEqual(expected.map(signature).sort());
    expect(new Set(walked.totals)).toEqual(new Set([expected.length]));
    const times = walked.rows.map((r) => r.at.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    for (const type of ['session', 'prompt', 'response', 'data_source_access'] as const)
      expect(walked.rows.some((r) => r.type === type)).toBe(true);
    const access = walked.rows.find((r) => r.type === 'data_source_access')!;
    expect(access.dataSource?.name).toBeTruthy();
    const session = walked.rows.find((r) => r.type === 'session')!;
    expect(session.conversationId).toBe(
      aggregateIds.conversation(s.tenantId, session.userId, session.sessionId).toHexString(),
    );
    expect(session.promptCount).toBeGreaterThan(0);
    expectEvery(walked.rows, (r) => r.displayName);
    expect(JSON.stringify(walked.rows)).not.toMatch(/Summari[sz]e|body|content/i);
  });

  it('keeps only the chosen activity types, such as sessions alone', async () => {
    const expected = expectedRows(range).filter((r) => r.type === 'session' || r.type === 'data_source_access');
    const walked = await walk({ types: ['session', 'data_source_access'] }, 13);
    expect(walked.rows.map(rowSignature).sort()).toEqual(expected.map(signature).sort());
    const sessions = await walk({ types: ['session'] }, 50);
    expectEvery(sessions.rows, (r) => r.type === 'session');
    expect(sessions.rows.length).toBe(expected.filter((r) => r.type === 'session').length);
  });

  it('filters by app, by user and by a search on user, app and data source names', async () => {
    const expected = expectedRows(range);
    const word = await walk({ appKey: 'word' }, 50);
    expect(word.rows.map(rowSignature).sort()).toEqual(
      expected
        .filter((r) => r.app === 'word')
        .map(signature)
        .sort(),
    );
    const userId = expected[0]!.userId;
    const mine = await walk({ userId }, 50);
    expect(mine.rows.map(rowSignature).sort()).toEqual(
      expected
        .filter((r) => r.userId === userId)
        .map(signature)
        .sort(),
    );

    const user = s.h.tenant.users.find((u) => u.graph.id === userId)!.graph;
    const byName = await walk({ search: user.displayName! }, 50);
    expect(byName.rows.length).toBeGreaterThan(0);
    expectEvery(byName.rows, (r) => r.displayName === user.displayName);

    const access = (await walk({ types: ['data_source_access'] }, 200)).rows[0]!;
    const sourceName = access.dataSource!.name!;
    const bySource = await walk({ search: sourceName, types: ['data_source_access'] }, 50);
    expect(bySource.rows.length).toBeGreaterThan(0);
    expectEvery(
      bySource.rows,
      (r) =>
        r.dataSource!.name!.toLowerCase().includes(sourceName.toLowerCase()) ||
        r.displayName!.toLowerCase().includes(sourceName.toLowerCase()),
    );
    expect(bySource.totals[0]).toBe(bySource.rows.length);
    expect((await walk({ search: 'no such thing anywhere' })).rows).toEqual([]);
  });

  it('counts totals exactly for whole-day ranges, ranges inside one day and ranges with partial days at both ends', async () => {
    const midnight = Math.floor(NOW.getTime() / DAY) * DAY;
    const ranges: TimeRange[] = [
      { from: new Date(midnight - 5 * DAY), to: new Date(midnight - DAY) },
      { from: new Date(midnight - 3 * DAY + 3_600_000), to: new Date(midnight - 3 * DAY + 20 * 3_600_000) },
      { from: new Date(midnight - 6 * DAY - 7_200_000), to: new Date(midnight - DAY + 5_400_000) },
    ];
    for (const r of ranges) {
      const queries: Array<{ appKey?: string; types?: ActivityType[] }> = [
        {},
        { appKey: 'word' },
        { types: ['prompt', 'data_source_access'] },
      ];
      for (const q of queries) {
        const expected = expectedRows(r).filter(
          (row) => (q.appKey === undefined || row.app === q.appKey) && (q.types?.includes(row.type) ?? true),
        );
        const page = await activityFeed(s.t.store, s.tenantId, { range: r, limit: 5, ...q });
        expect(page.total).toBe(expected.length);
      }
    }
  });

  it('refuses a tampered cursor and one made for another list', async () => {
    const page = await activityFeed(s.t.store, s.tenantId, { range, limit: 3 });
    const tampered = page.nextCursor!.slice(0, -2) + (page.nextCursor!.endsWith('A') ? 'BB' : 'AA');
    await expect(activityFeed(s.t.store, s.tenantId, { range, limit: 3, cursor: tampered })).rejects.toMatchObject({
      code: 'invalid_cursor',
      status: 400,
    });
    const forged = Buffer.from(JSON.stringify({ s: 'at:desc', t: 'd', v: 1, i: 'x:{"$gt":""}' })).toString('base64url');
    await expect(activityFeed(s.t.store, s.tenantId, { range, limit: 3, cursor: forged })).rejects.toMatchObject({
      code: 'invalid_cursor',
    });
    await expect(
      activityFeed(s.t.store, s.tenantId, { range, limit: 3, cursor: 'not a cursor!' }),
    ).rejects.toMatchObject({ code: 'invalid_cursor' });
  });

  it('shows one conversation with its transcript in order and the data sources of each message', async () => {
    const bySession = new Map<string, typeof s.rows>();
    for (const row of s.rows) {
      const key = `${row.userId}|${row.interaction.sessionId}`;
      bySession.set(key, [...(bySession.get(key) ?? []), row]);
    }
    const [key, rows] = [...bySession].find(
      ([, r]) => r.length >= 4 && r.some((x) => extractDataSources(x.interaction).length > 0),
    )!;
    const [userId, sessionId] = key.split('|') as [string, string];
    const id = aggregateIds.conversation(s.tenantId, userId, sessionId).toHexString();
    const conversation = await getConversation(s.t.store, s.tenantId, id);
    const ordered = [...rows].sort(
      (a, b) =>
        Date.parse(a.interaction.createdDateTime) - Date.parse(b.interaction.createdDateTime) ||
        (interactionId(s.tenantId, a.userId, a.interaction.id).toHexString() <
        interactionId(s.tenantId, b.userId, b.interaction.id).toHexString()
          ? -1
          : 1),
    );
    expect(conversation.messages.map((m) => [m.type, m.at.toISOString(), m.contentType, m.content])).toEqual(
      ordered.map((r) => [
        r.interaction.interactionType === 'userPrompt' ? 'prompt' : 'response',
        new Date(r.interaction.createdDateTime).toISOString(),
        r.interaction.body?.contentType ?? 'text',
        r.interaction.body?.content ?? '',
      ]),
    );
    expect(conversation.messages.map((m) => m.dataSources.map((d) => d.key))).toEqual(
      ordered.map((r) => extractDataSources(r.interaction).map((d) => d.key)),
    );
    expectEvery(
      conversation.messages.flatMap((m) => m.dataSources),
      (d) => d.kind !== 'other' || d.url,
    );
    expect(conversation.userId).toBe(userId);
    expect(conversation.displayName).toBe(s.h.tenant.users.find((u) => u.graph.id === userId)!.graph.displayName);
    expect(new Set(conversation.dataSources.map((d) => d.key))).toEqual(
      new Set(rows.flatMap((r) => extractDataSources(r.interaction).map((d) => d.key))),
    );
    expect(conversation.promptCount).toBe(rows.filter((r) => r.interaction.interactionType === 'userPrompt').length);
  });

  it('answers not found for an unknown or malformed conversation id, and for another tenant', async () => {
    await expect(getConversation(s.t.store, s.tenantId, '0123456789abcdef01234567')).rejects.toMatchObject({
      code: 'not_found',
      status: 404,
    });
    await expect(getConversation(s.t.store, s.tenantId, '{"$gt":""}')).rejects.toMatchObject({ code: 'not_found' });
    const real = await s.t.store.conversations.findOne({ tenantId: s.tenantId });
    await expect(getConversation(s.t.store, 'another-tenant', real!._id.toHexString())).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});
