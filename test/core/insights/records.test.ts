import { ObjectId } from 'mongodb';
import { listAccessLog, recordAccess } from '../../../server/core/insights/accessLog';
import { decodeCursor, encodeCursor } from '../../../server/core/insights/cursor';
import { listSyncRuns, syncStatus } from '../../../server/core/insights/syncStatus';
import { checkRange, daysOf } from '../../../server/core/insights/timeRange';
import type { SyncRunDoc } from '../../../server/store/documents';
import { openTestStore, type TestStore } from '../../support/testStore';
import { walkPages } from './syncedTenant';

const tenantId = 'tenant-records';
const NOW = new Date('2026-11-20T12:00:00.000Z');

function run(overrides: Partial<SyncRunDoc>): SyncRunDoc {
  const startedAt = overrides.startedAt ?? NOW;
  return {
    _id: new ObjectId(),
    runId: `run-${startedAt.toISOString()}`,
    tenantId,
    mode: 'incremental',
    trigger: 'schedule',
    status: 'succeeded',
    startedAt,
    endedAt: new Date(startedAt.getTime() + 30_000),
    heartbeatAt: startedAt,
    stage: 'done',
    progress: { usersTotal: 10, usersDone: 10, pages: 12 },
    counts: {
      usersListed: 10,
      interactionsFetched: 5,
      interactionsNew: 5,
      conversationsNew: 1,
      conversationsUpdated: 0,
      agentsNew: 0,
      agentsUpdated: 1,
      dataSourcesNew: 0,
      dataSourcesUpdated: 0,
      usersNew: 0,
      usersUpdated: 1,
    },
    errors: [],
    errorCount: 0,
    graph: { requests: 12, throttled: 0, retries: 0 },
    durationMs: 30_000,
    message: null,
    ...overrides,
  };
}

describe('cursors, the access log and sync status', () => {
  let t: TestStore;
  beforeEach(async () => {
    t = await openTestStore('records');
  });
  afterEach(async () => t.close());

  it('round-trips a cursor for its own sort and refuses it for another sort or when edited', () => {
    const id = '0123456789abcdef01234567';
    const at = new Date('2026-11-02T10:00:00Z');
    const cursor = encodeCursor('lastAt:desc', { value: at, id });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor('lastAt:desc', cursor)).toEqual({ value: at, id });
    expect(decodeCursor('name:asc', encodeCursor('name:asc', { value: null, id }))).toEqual({ value: null, id });
    expect(() => decodeCursor('lastAt:asc', cursor)).toThrow(
      expect.objectContaining({ code: 'invalid_cursor', status: 400 }),
    );
    const edited = Buffer.from(JSON.stringify({ s: 'lastAt:desc', t: 'd', v: { $gt: 0 }, i: id })).toString(
      'base64url',
    );
    expect(() => decodeCursor('lastAt:desc', edited)).toThrow(expect.objectContaining({ code: 'invalid_cursor' }));
    const extra = Buffer.from(JSON.stringify({ s: 'lastAt:desc', t: 'n', v: 1, i: id, x: 1 })).toString('base64url');
    expect(() => decodeCursor('lastAt:desc', extra)).toThrow(expect.objectContaining({ code: 'invalid_cursor' }));
    // A row id of another shape, a date JavaScript cannot hold, a value of another type than the sort field's.
    for (const body of [
      { s: 'lastAt:desc', t: 'd', v: 0, i: 'abc' },
      { s: 'lastAt:desc', t: 'd', v: 1e300, i: id },
      { s: 'lastAt:desc', t: 's', v: 'x', i: id },
      { s: 'name:asc', t: 'd', v: 0, i: id },
      { s: 'userCount:desc', t: 's', v: '1', i: id },
    ])
      expect(() => decodeCursor(body.s, Buffer.from(JSON.stringify(body)).toString('base64url'))).toThrow(
        expect.objectContaining({ code: 'invalid_cursor' }),
      );
  });

  it('records each conversation view and lists the log newest first, page by page, in a time range', async () => {
    for (let i = 0; i < 7; i++)
      await recordAccess(t.store, {
        tenantId,
        at: new Date(NOW.getTime() - i * 3_600_000),
        viewer: { userId: 'admin-1', name: 'Ada Admin', upn: 'ada@contoso.example', demo: false },
        subjectUserId: `user-${i % 3}`,
        subjectName: `User ${i % 3}`,
        what: 'conversation',
        sessionId: `session-${i}`,
        via: 'tab',
      });
    await recordAccess(t.store, {
      tenantId: 'another-tenant',
      at: NOW,
      viewer: { userId: 'x', name: null, upn: null, demo: true },
      subjectUserId: 'y',
      subjectName: null,
      what: 'user_prompts',
      sessionId: null,
      via: 'bot',
    });
    const walked = await walkPages(
      (cursor) => listAccessLog(t.store, tenantId, { limit: 3, cursor }),
      (e) => e.id,
    );
    expect(walked.rows.map((e) => e.sessionId)).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => `session-${i}`));
    expect(walked.rows[0]).toMatchObject({
      viewer: { userId: 'admin-1', name: 'Ada Admin' },
      subjectUserId: 'user-0',
      what: 'conversation',
      via: 'tab',
    });
    const recent = await listAccessLog(t.store, tenantId, {
      limit: 50,
      range: { from: new Date(NOW.getTime() - 2.5 * 3_600_000), to: new Date(NOW.getTime() + 1) },
    });
    expect(recent.items.map((e) => e.sessionId)).toEqual(['session-0', 'session-1', 'session-2']);
    const aboutOne = await listAccessLog(t.store, tenantId, { limit: 50, subjectUserId: 'user-1' });
    expect(aboutOne.total).toBe(2);
  });

  it('reports the running sync with its progress, the last run, the last success and pages the history', async () => {
    const hour = 3_600_000;
    await t.store.syncRuns.insertMany([
      run({ startedAt: new Date(NOW.getTime() - 5 * hour) }),
      run({ startedAt: new Date(NOW.getTime() - 4 * hour), status: 'completed_with_errors', errorCount: 1 }),
      run({
        startedAt: new Date(NOW.getTime() - 3 * hour),
        status: 'failed',
        endedAt: new Date(NOW.getTime() - 3 * hour + 5000),
      }),
      run({
        startedAt: new Date(NOW.getTime() - 2 * hour),
        status: 'running',
        heartbeatAt: new Date(NOW.getTime() - 2 * hour),
        endedAt: null,
      }),
      run({
        startedAt: new Date(NOW.getTime() - 60_000),
        status: 'running',
        stage: 'interactions',
        heartbeatAt: new Date(NOW.getTime() - 5_000),
        endedAt: null,
        progress: { usersTotal: 10, usersDone: 4, pages: 7 },
      }),
    ]);
    const status = await syncStatus(t.store, tenantId, NOW);
    expect(status.running).toMatchObject({
      status: 'running',
      stage: 'interactions',
      progress: { usersDone: 4, usersTotal: 10 },
    });
    expect(status.lastRun?.status).toBe('failed');
    expect(status.lastSuccessfulAt).toEqual(new Date(NOW.getTime() - 4 * hour + 30_000));
    const walked = await walkPages(
      (cursor) => listSyncRuns(t.store, tenantId, { limit: 2, cursor }),
      (r) => r.runId,
    );
    expect(walked.rows.map((r) => r.startedAt.getTime())).toEqual(
      [60_000, 2 * hour, 3 * hour, 4 * hour, 5 * hour].map((ago) => NOW.getTime() - ago),
    );
    expect(walked.pages).toBe(3);
    expect((await syncStatus(t.store, 'nobody', NOW)).lastRun).toBeNull();
  });

  it('refuses time ranges that are reversed or longer than 400 days and lists the UTC days a range touches', () => {
    expect(() => checkRange({ from: NOW, to: NOW })).toThrow(expect.objectContaining({ code: 'validation_failed' }));
    expect(() => checkRange({ from: new Date(NOW.getTime() - 401 * 86_400_000), to: NOW })).toThrow(/400 days/);
    expect(daysOf({ from: new Date('2026-11-01T23:00:00Z'), to: new Date('2026-11-04T00:00:00Z') })).toEqual([
      '2026-11-01',
      '2026-11-02',
      '2026-11-03',
    ]);
  });
});
