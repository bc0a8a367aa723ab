import { agendaJobs, SCHEDULE_JOB, SYNC_JOB } from '../../server/scheduling/syncJobDocuments';
import type { SyncRunDoc } from '../../server/store/documents';
import { actualAggregates, expectedFrom, storedRows } from '../support/groundTruth';
import { startGraphHarness, type GraphHarness } from '../support/graphHarness';
import { openTestStore, type TestStore } from '../support/testStore';
import { listeningUrl, simulatedTenantEnv, startServerProcess, type ServerProcess } from './serverProcess';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const DAY = 24 * 60 * 60 * 1000;
const BACKFILL_DAYS = 7;
/**
 * The schedule's cycle. Short (SYNC_INTERVAL_MINUTES takes fractions), so the suite sees three cycles in about a
 * minute; long enough that a run, a takeover after SYNC_LOCK_SECONDS and Agenda's 2 s poll all fit inside one.
 */
const CYCLE_SECONDS = 20;
const CYCLE_MS = CYCLE_SECONDS * 1000;

/**
 * Two (and, after a crash, again two) compiled servers on one MongoDB database, syncing a simulated tenant the way a
 * production deployment syncs a real one: TENANT_ID/CLIENT_ID/CLIENT_SECRET, Graph and Entra at the simulator,
 * whose certificate the processes trust through NODE_EXTRA_CA_CERTS.
 */
describe('two server processes sharing one MongoDB', () => {
  let h: GraphHarness;
  let t: TestStore;
  let servers: ServerProcess[];
  let env: NodeJS.ProcessEnv;

  beforeEach(async () => {
    // Slow pages, so a run lasts long enough to be killed or stopped in the middle.
    h = await startGraphHarness({ seed: 5, userCount: 30, referenceTime: new Date(), simulator: { latencyMs: 150 } });
    t = await openTestStore('procs');
    servers = [];
    env = {
      ...simulatedTenantEnv(h, t, 'two-servers-share-this-state-signing-key-000'),
      BACKFILL_DAYS: String(BACKFILL_DAYS),
      SYNC_CONCURRENCY: '2',
      SYNC_INTERVAL_MINUTES: String(CYCLE_SECONDS / 60),
    };
  });
  afterEach(async () => {
    for (const s of servers) if (s.child.exitCode === null) s.child.kill('SIGKILL');
    await Promise.all(servers.map((s) => s.exited));
    await t.close();
    await h.close();
  });

  function start(name: string, extra: NodeJS.ProcessEnv = {}): ServerProcess {
    const server = startServerProcess(name, { ...env, INSTANCE_ID: name, ...extra });
    servers.push(server);
    return server;
  }

  const runs = (): Promise<SyncRunDoc[]> => t.store.syncRuns.find({}).sort({ startedAt: 1 }).toArray();

  async function waitForRuns(check: (all: SyncRunDoc[]) => boolean, timeoutMs: number, what: string) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const all = await runs();
      if (check(all)) return all;
      if (Date.now() > deadline) {
        const summary = all.map((r) => `${r.trigger}:${r.status}`).join(', ');
        throw new Error(
          `Timed out waiting for ${what}; runs: ${summary}\n${servers.map((s) => s.output().slice(-2000)).join('\n')}`,
        );
      }
      await sleep(100);
    }
  }

  /**
   * Nothing lost: every simulated interaction inside the window all runs cover is stored. Nothing doubled or
   * invented: whatever is stored exists in the simulator, every aggregate equals a recomputation from the stored
   * interactions, and no batch journal is left behind.
   */
  async function expectNothingLostOrDoubled(all: SyncRunDoc[]): Promise<void> {
    const last = all[all.length - 1]!.startedAt;
    const key = (r: { userId: string; interaction: { id: string } }) => `${r.userId}|${r.interaction.id}`;
    const stored = await storedRows(t.store, h.tenant.tenantId);
    const storedKeys = new Set(stored.map(key));
    expect(storedKeys.size).toBe(stored.length);
    const covered = [...h.tenant.groundTruth({ after: new Date(last.getTime() - BACKFILL_DAYS * DAY), before: last })];
    expect(covered.length).toBeGreaterThan(0);
    expect(covered.map(key).filter((k) => !storedKeys.has(k))).toEqual([]);
    const everything = new Set([...h.tenant.groundTruth()].map(key));
    expect([...storedKeys].filter((k) => !everything.has(k))).toEqual([]);
    expect(await actualAggregates(t.store, h.tenant.tenantId)).toEqual(expectedFrom(stored));
    expect(await t.store.syncBatches.countDocuments({})).toBe(0);
  }

  const isDone = (r: SyncRunDoc) => r.status === 'succeeded' || r.status === 'completed_with_errors';

  it('runs exactly one sync per cycle, and a run whose server is SIGKILLed is finished by the other', async () => {
    const a = start('a', { SYNC_LOCK_SECONDS: '3' });
    const b = start('b', { SYNC_LOCK_SECONDS: '3' });
    await Promise.all([listeningUrl(a), listeningUrl(b)]);
    // The tenant was never synced: one first run between the two of them.
    await waitForRuns((all) => all.some(isDone), 60_000, 'the first sync');
    const jobs = agendaJobs(t.client.db(t.dbName));
    expect(await jobs.countDocuments({ name: SCHEDULE_JOB })).toBe(1);
    expect(await jobs.countDocuments({ name: SYNC_JOB })).toBe(1);

    // New Copilot activity, so the next (scheduled) run has batches to write when it is killed.
    for (let k = 0; k < 20; k++) h.tenant.addActivity({ sessions: 2 });

    // Cycle 1: kill whichever server runs it, in the middle of the run.
    const cycle1 = await Promise.any(
      [a, b].map((s) =>
        s
          .waitForLog((l) => l.msg === 'Sync run starting.' && l.trigger === 'schedule', CYCLE_MS + 30_000, 'cycle 1')
          .then(() => s),
      ),
    );
    await waitForRuns(
      (all) => all.some((r) => r.trigger === 'schedule' && r.status === 'running' && r.progress.pages >= 3),
      30_000,
      'cycle 1 to be under way',
    );
    cycle1.child.kill('SIGKILL');
    const survivor = cycle1 === a ? b : a;
    await survivor.waitForLog(
      (l) => l.msg === 'Taking over a sync another instance left unfinished.',
      30_000,
      'takeover',
    );
    // The killed server comes back, as an orchestrator would restart it.
    const c = start('c', { SYNC_LOCK_SECONDS: '3' });
    await listeningUrl(c);

    // Cycles 2 and 3.
    const all = await waitForRuns(
      (rs) => rs.filter((r) => r.trigger === 'schedule' && isDone(r)).length === 2,
      3 * CYCLE_MS + 30_000,
      'two more scheduled syncs',
    );
    await sleep(5000);
    expect((await runs()).length).toBe(all.length);

    expect(all.map((r) => r.trigger)).toEqual(['startup', 'schedule', 'resume', 'schedule', 'schedule']);
    expect(all.map((r) => r.status)).toEqual(['succeeded', 'interrupted', 'succeeded', 'succeeded', 'succeeded']);
    const scheduled = all.filter((r) => r.trigger === 'schedule').map((r) => r.startedAt.getTime());
    for (let k = 1; k < scheduled.length; k++) {
      // One cycle apart, give or take Agenda's 2 s poll and a busy machine: not half a cycle, not two.
      expect(scheduled[k]! - scheduled[k - 1]!).toBeGreaterThan(CYCLE_MS - 3000);
      expect(scheduled[k]! - scheduled[k - 1]!).toBeLessThan(CYCLE_MS + 8000);
    }
    // Never two runs at once (the killed run ended when it was killed, before the resume began).
    for (let k = 1; k < all.length; k++) {
      expect(all[k - 1]!.endedAt).toBeInstanceOf(Date);
      expect(all[k]!.startedAt.getTime()).toBeGreaterThanOrEqual(all[k - 1]!.endedAt!.getTime());
    }
    await expectNothingLostOrDoubled(all);
    // The added activity arrived through the killed run and its resumption.
    expect(all[2]!.counts.interactionsNew + all[1]!.counts.interactionsNew).toBeGreaterThan(0);
  }, 150_000);

  it('on SIGTERM records the run as interrupted, releases its lock and the other server takes the run at once', async () => {
    // A long lock lifetime: a takeover within seconds can only come from the released lock.
    const a = start('a', { SYNC_LOCK_SECONDS: '120' });
    const b = start('b', { SYNC_LOCK_SECONDS: '120' });
    await Promise.all([listeningUrl(a), listeningUrl(b)]);
    const first = await Promise.any(
      [a, b].map((s) => s.waitForLog((l) => l.msg === 'Sync run starting.', 60_000, 'the first run').then(() => s)),
    );
    await waitForRuns((all) => all.some((r) => r.status === 'running' && r.progress.pages >= 3), 30_000, 'progress');
    const other = first === a ? b : a;
    const signalledAt = Date.now();
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('Stopped.');
    const all = await waitForRuns((rs) => rs.length === 2 && isDone(rs[1]!), 60_000, 'the other server to finish it');
    expect(all.map((r) => r.status)).toEqual(['interrupted', 'succeeded']);
    expect(all[0]!.endedAt).not.toBeNull();
    expect(all[1]!.startedAt.getTime() - signalledAt).toBeLessThan(10_000);
    expect(other.lines.some((l) => l.msg === 'Sync run starting.')).toBe(true);
    await expectNothingLostOrDoubled(all);
    const ready = await fetch(`${await listeningUrl(other)}/readyz`);
    expect(ready.status).toBe(200);
  }, 120_000);
});
