import { finishLog, newRun } from '../../../server/core/sync/syncRunner';
import { SyncRunRecorder } from '../../../server/core/sync/syncRunRecorder';
import type { SyncErrorEntry, SyncRunDoc } from '../../../server/store/documents';
import { captureLogs } from '../../support/logCapture';
import { openTestStore, type TestStore } from '../../support/testStore';

/**
 * What a finished sync run says at the terminal: one info line with its outcome, duration, every count and its Graph
 * figures, then, when anyone failed, one warning naming the first five (sign-in name, status, code, message) and
 * counting the rest. The run is ended by the real recorder against the real MongoDB-protocol server, on an injected
 * clock; the lines are pino's JSON. Through a whole sync: `runLifecycle.test.ts` ("a sync run's finish line").
 */

const TENANT = 'c0ffee00-0000-4000-8000-000000000002';
const T0 = new Date('2026-11-20T12:00:00.000Z');
type Line = Record<string, unknown>;

let t: TestStore;
let clock: Date;
beforeAll(async () => {
  t = await openTestStore('finishlog');
});
afterAll(async () => t?.close());

/** Counts that differ from each other, so a field logged under another's name shows. */
const COUNTS: SyncRunDoc['counts'] = {
  usersListed: 12,
  interactionsFetched: 340,
  interactionsNew: 310,
  conversationsNew: 41,
  conversationsUpdated: 7,
  agentsNew: 3,
  agentsUpdated: 2,
  dataSourcesNew: 55,
  dataSourcesUpdated: 9,
  usersNew: 11,
  usersUpdated: 1,
};
const GRAPH = { requests: 87, throttled: 4, retries: 6 };

const refused = (n: number): SyncErrorEntry => ({
  userId: `user-${n}`,
  userPrincipalName: `user${n}@contoso.example`,
  code: 'Forbidden',
  status: 403,
  message: `Forbidden user-${n}`,
  at: T0,
});

/** A run started at T0, counted, ended `ms` later with `status` by the recorder, and its finish logged. */
async function finished(
  status: SyncRunDoc['status'],
  options: { mode?: SyncRunDoc['mode']; errors?: SyncErrorEntry[]; ms?: number } = {},
): Promise<{ run: SyncRunDoc; lines: Line[] }> {
  clock = T0;
  const recorder = new SyncRunRecorder(
    t.store,
    newRun(TENANT, { mode: options.mode ?? 'incremental', trigger: 'tab' }, T0),
    () => clock,
  );
  await recorder.start();
  Object.assign(recorder.run.counts, COUNTS);
  for (const entry of options.errors ?? []) recorder.error(entry);
  recorder.run.graph = { ...GRAPH };
  clock = new Date(T0.getTime() + (options.ms ?? 754));
  const run = await recorder.finish(status, null);
  const logs = captureLogs();
  finishLog(logs.logger, run);
  return { run, lines: logs.lines };
}

/** pino's fields of every line. */
const line = (level: number, fields: Line) => ({
  level,
  time: expect.any(Number) as unknown,
  pid: process.pid,
  hostname: expect.any(String) as unknown,
  ...fields,
});
const warning = (count: string) => `The sync ended with ${count}; the Sync view shows each with what to do.`;
const shownAs = (e: SyncErrorEntry) => ({
  user: e.userPrincipalName,
  status: e.status,
  code: e.code,
  message: e.message,
});

describe("a finished sync run's log", () => {
  it('is one info line of its outcome, duration, every count and Graph figures, and nothing else when nobody failed', async () => {
    const { run, lines } = await finished('succeeded', { mode: 'full', ms: 4_321 });
    expect(lines).toEqual([
      line(30, {
        runId: run.runId,
        mode: 'full',
        status: 'succeeded',
        durationMs: 4_321,
        ...COUNTS,
        errors: 0,
        graph: GRAPH,
        msg: 'Sync run finished.',
      }),
    ]);
    // The figures the terminal shows are the ones the Sync view reads.
    const stored = await t.store.syncRuns.findOne({ _id: run._id });
    expect(stored).toMatchObject({ durationMs: 4_321, counts: COUNTS, graph: GRAPH, errorCount: 0 });
  });

  it('says an interrupted run was interrupted, with no warning when nobody failed', async () => {
    const { lines } = await finished('interrupted');
    expect(lines).toEqual([
      expect.objectContaining({ level: 30, status: 'interrupted', mode: 'incremental', errors: 0 }),
    ]);
  });

  it('is followed by a warning naming the one who failed, by sign-in name, with status, code and message', async () => {
    const { run, lines } = await finished('completed_with_errors', { errors: [refused(1)] });
    expect(lines).toEqual([
      expect.objectContaining({ level: 30, status: 'completed_with_errors', errors: 1, durationMs: 754 }),
      line(40, {
        runId: run.runId,
        errors: [{ user: 'user1@contoso.example', status: 403, code: 'Forbidden', message: 'Forbidden user-1' }],
        notShown: 0,
        msg: warning('1 error'),
      }),
    ]);
  });

  it('names by id a user Graph listed without a sign-in name, and a run-wide failure by no one', async () => {
    const nameless: SyncErrorEntry = { ...refused(2), userPrincipalName: null };
    const runWide: SyncErrorEntry = {
      userId: null,
      userPrincipalName: null,
      code: 'InvalidAuthenticationToken',
      status: 401,
      message: 'Access token is empty.',
      at: T0,
    };
    const { lines } = await finished('failed', { errors: [nameless, runWide] });
    expect(lines[0]).toMatchObject({ level: 30, status: 'failed', errors: 2 });
    expect(lines[1]).toMatchObject({
      level: 40,
      errors: [
        { user: 'user-2', status: 403, code: 'Forbidden', message: 'Forbidden user-2' },
        { user: null, status: 401, code: 'InvalidAuthenticationToken', message: 'Access token is empty.' },
      ],
      notShown: 0,
      msg: warning('2 errors'),
    });
    expect(lines).toHaveLength(2);
  });

  it('names the first five who failed, in the order they failed, and counts the rest', async () => {
    const errors = [1, 2, 3, 4, 5, 6, 7].map(refused);
    const { run, lines } = await finished('completed_with_errors', { errors });
    expect(lines).toEqual([
      expect.objectContaining({ level: 30, errors: 7 }),
      line(40, { runId: run.runId, errors: errors.slice(0, 5).map(shownAs), notShown: 2, msg: warning('7 errors') }),
    ]);
  });

  it('counts the rest from every error of the run, not only the 500 its record keeps', async () => {
    const errors = Array.from({ length: 502 }, (_, i) => refused(i + 1));
    const { run, lines } = await finished('completed_with_errors', { errors });
    expect(run.errors).toHaveLength(500);
    expect(lines[0]).toMatchObject({ errors: 502 });
    expect(lines[1]).toMatchObject({
      errors: errors.slice(0, 5).map(shownAs),
      notShown: 497,
      msg: warning('502 errors'),
    });
  });
});
