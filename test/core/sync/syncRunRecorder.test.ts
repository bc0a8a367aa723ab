import { newRun } from '../../../server/core/sync/syncRunner';
import { emptyCounts, SyncRunRecorder } from '../../../server/core/sync/syncRunRecorder';
import type { SyncErrorEntry, SyncRunDoc } from '../../../server/store/documents';
import { naturalId } from '../../../server/store/naturalId';
import { openTestStore, type TestStore } from '../../support/testStore';

/**
 * A sync run's document as the tab's Sync view and the bot's summaries read it: written when the run starts, its
 * progress at most once a second, every stage at once, the errors (all counted, the first 500 kept) and the end.
 * Against the real MongoDB-protocol server, on an injected clock.
 */

const TENANT = 'c0ffee00-0000-4000-8000-000000000001';
const T0 = new Date('2026-11-20T12:00:00.000Z');

let t: TestStore;
let clock: Date;
const now = () => clock;
const at = (ms: number) => new Date(T0.getTime() + ms);

function started(options: Partial<Parameters<typeof newRun>[1]> = {}): SyncRunRecorder {
  return new SyncRunRecorder(t.store, newRun(TENANT, { mode: 'incremental', trigger: 'tab', ...options }, T0), now);
}
const stored = (recorder: SyncRunRecorder) => t.store.syncRuns.findOne({ _id: recorder.id });
const entry = (n: number): SyncErrorEntry => ({
  userId: `user-${n}`,
  userPrincipalName: `user${n}@contoso.example`,
  code: 'Forbidden',
  status: 403,
  message: `refused ${n}`,
  at: T0,
});

beforeAll(async () => {
  t = await openTestStore('runrec');
});
afterAll(async () => t?.close());
beforeEach(() => {
  clock = T0;
});

describe("a sync run's record", () => {
  it('starts running, with nothing counted, under an id derived from its run id', async () => {
    const run = newRun(TENANT, { mode: 'full', trigger: 'schedule' }, T0);
    expect(run.runId).toMatch(/^[0-9a-f-]{36}$/);
    expect(run).toEqual({
      _id: naturalId('syncRun', run.runId),
      runId: run.runId,
      tenantId: TENANT,
      mode: 'full',
      trigger: 'schedule',
      status: 'running',
      startedAt: T0,
      endedAt: null,
      heartbeatAt: T0,
      stage: 'starting',
      progress: { usersTotal: 0, usersDone: 0, pages: 0 },
      counts: {
        usersListed: 0,
        interactionsFetched: 0,
        interactionsNew: 0,
        conversationsNew: 0,
        conversationsUpdated: 0,
        agentsNew: 0,
        agentsUpdated: 0,
        dataSourcesNew: 0,
        dataSourcesUpdated: 0,
        usersNew: 0,
        usersUpdated: 0,
      },
      errors: [],
      errorCount: 0,
      graph: { requests: 0, throttled: 0, retries: 0 },
      durationMs: null,
      message: null,
    });
    expect(newRun(TENANT, { mode: 'full', trigger: 'schedule' }, T0).runId).not.toBe(run.runId);
    // Counts start apart for every run: adding to one run's counts leaves the next run's at zero.
    run.counts.usersListed += 1;
    expect(emptyCounts().usersListed).toBe(0);
  });

  it('is stored as it starts', async () => {
    const recorder = started();
    await recorder.start();
    expect(recorder.id).toEqual(recorder.run._id);
    expect(await stored(recorder)).toEqual(recorder.run);
  });

  it('writes progress at most once a second, unless forced, each write with the time as its heartbeat', async () => {
    const recorder = started();
    await recorder.start();
    recorder.run.progress.pages = 1;
    clock = at(5_000);
    await recorder.flush(); // the first flush writes
    expect(await stored(recorder)).toMatchObject({ progress: { pages: 1 }, heartbeatAt: at(5_000) });

    recorder.run.progress.pages = 2;
    clock = at(5_999);
    await recorder.flush();
    expect(await stored(recorder)).toMatchObject({ progress: { pages: 1 }, heartbeatAt: at(5_000) });

    clock = at(6_000); // a second after the last write
    await recorder.flush();
    expect(await stored(recorder)).toMatchObject({ progress: { pages: 2 }, heartbeatAt: at(6_000) });

    recorder.run.progress.pages = 3;
    clock = at(6_001);
    await recorder.flush(true);
    expect(await stored(recorder)).toMatchObject({ progress: { pages: 3 }, heartbeatAt: at(6_001) });
    // A forced write starts the second again.
    recorder.run.progress.pages = 4;
    clock = at(6_999);
    await recorder.flush();
    expect(await stored(recorder)).toMatchObject({ progress: { pages: 3 } });
  });

  it('writes a stage at once, whenever the last write was', async () => {
    const recorder = started();
    await recorder.start();
    await recorder.stage('recovering');
    clock = at(10);
    await recorder.stage('users');
    expect(await stored(recorder)).toMatchObject({ stage: 'users', heartbeatAt: at(10) });
  });

  it('counts every error and keeps the first 500', async () => {
    const recorder = started();
    await recorder.start();
    for (let n = 1; n <= 502; n++) recorder.error(entry(n));
    expect(recorder.run.errorCount).toBe(502);
    expect(recorder.run.errors).toHaveLength(500);
    expect(recorder.run.errors[0]).toEqual(entry(1));
    expect(recorder.run.errors[499]).toEqual(entry(500));
    await recorder.flush(true);
    const doc = (await stored(recorder))!;
    expect(doc.errorCount).toBe(502);
    expect(doc.errors.map((e) => e.userId)).toEqual(recorder.run.errors.map((e) => e.userId));
  });

  it.each<[SyncRunDoc['status'], string | null]>([
    ['succeeded', null],
    ['failed', 'AADSTS7000215: Invalid client secret provided.'],
  ])('ends %s: done, when it ended, how long it took and why, written at once', async (status, message) => {
    const recorder = started();
    await recorder.start();
    clock = at(100);
    await recorder.flush(); // a recent write, so only a forced one could store the end
    clock = at(754);
    const done = await recorder.finish(status, message);
    const end = { status, stage: 'done', endedAt: at(754), durationMs: 754, message, heartbeatAt: at(754) };
    expect(done).toMatchObject(end);
    expect(await stored(recorder)).toEqual(done);
  });
});
