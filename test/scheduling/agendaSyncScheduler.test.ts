import { MongoClient } from 'mongodb';
import type { SyncRequestResult } from '../../server/core/sync/syncControl';
import { SyncRunner, type RunOptions } from '../../server/core/sync/syncRunner';
import { M365_COPILOT_SKU_ID } from '../../server/graph/constants';
import type { GraphGateway } from '../../server/graph/GraphGateway';
import { createSilentLogger } from '../../server/logger';
import { AgendaSyncScheduler } from '../../server/scheduling/AgendaSyncScheduler';
import { agendaJobs, SCHEDULE_JOB, SYNC_JOB } from '../../server/scheduling/syncJobDocuments';
import type { SyncRunDoc } from '../../server/store/documents';
import { createStore, type Store } from '../../server/store/Store';
import { startGraphHarness, type GraphHarness } from '../support/graphHarness';
import { openTestStore, type TestStore } from '../support/testStore';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(50);
  }
}

interface StartedRun {
  instance: string;
  trigger: string;
  mode: string;
  startedAt: number;
}

/** One app instance: its own MongoClient, runner and scheduler, on the shared database. */
interface Instance {
  name: string;
  client: MongoClient;
  store: Store;
  scheduler: AgendaSyncScheduler;
  finished: SyncRunDoc[];
}

describe('the Agenda sync scheduler on two instances sharing one database', () => {
  let h: GraphHarness;
  let t: TestStore;
  let instances: Instance[];
  let started: StartedRun[];
  let gate: Promise<void> | null;
  /** While set, every interaction page after the third waits for it (a run held mid-way, whatever the load). */
  let pageGate: Promise<void> | null;
  let pagesHeld: number;

  beforeAll(async () => {
    h = await startGraphHarness({ seed: 11, userCount: 12, referenceTime: new Date() });
  });
  afterAll(async () => {
    await h.close();
    // Agenda 6 leaves a timer of half a lock lifetime behind each job it ran; let them run out before jest leaves.
    await sleep(3100);
  });
  beforeEach(async () => {
    t = await openTestStore('sched');
    instances = [];
    started = [];
    gate = null;
    pageGate = null;
    pagesHeld = 0;
  });
  afterEach(async () => {
    for (const i of instances) await i.scheduler.stop(5000);
    for (const i of instances) await i.client.close();
    await t.close();
  });

  /** The harness's gateway, with interaction pages held at `pageGate` once three have been served. */
  function gatedGateway(): GraphGateway {
    const inner = h.gateway();
    let served = 0;
    return {
      ...inner,
      listLicensedUsers: (...args) => inner.listLicensedUsers(...args),
      refreshToken: () => inner.refreshToken(),
      stats: () => inner.stats(),
      async *listInteractions(userId, window, signal) {
        for await (const page of inner.listInteractions(userId, window, signal)) {
          if (served++ >= 3 && pageGate) {
            pagesHeld += 1;
            await pageGate;
          }
          yield page;
        }
      },
    };
  }

  function runnerOn(store: Store, name: string): SyncRunner {
    return new SyncRunner({
      store,
      gateway: gatedGateway(),
      logger: createSilentLogger(),
      now: () => new Date(),
      instanceId: name,
      settings: {
        tenantId: h.tenant.tenantId,
        skuIds: [M365_COPILOT_SKU_ID],
        backfillDays: 30,
        overlapMinutes: 15,
        concurrency: 2,
      },
    });
  }

  async function startInstance(
    name: string,
    options: Partial<ConstructorParameters<typeof AgendaSyncScheduler>[0]> = {},
  ): Promise<Instance> {
    const client = new MongoClient(t.uri);
    await client.connect();
    const store = createStore(client.db(t.dbName));
    const runner = runnerOn(store, name);
    const scheduler = new AgendaSyncScheduler({
      db: client.db(t.dbName),
      store,
      tenantId: h.tenant.tenantId,
      logger: createSilentLogger(),
      instanceId: name,
      intervalMs: 0,
      lockLifetimeMs: 3000,
      processEveryMs: 100,
      firstRun: false,
      ...options,
      runner: {
        run: async (o: RunOptions) => {
          started.push({ instance: name, trigger: o.trigger, mode: o.mode, startedAt: Date.now() });
          if (gate) await gate;
          return runner.run(o);
        },
      },
    });
    const instance: Instance = { name, client, store, scheduler, finished: [] };
    scheduler.onRunFinished((run) => {
      instance.finished.push(run);
    });
    instances.push(instance);
    await scheduler.start();
    return instance;
  }

  const finishedRuns = () => instances.flatMap((i) => i.finished);

  it('runs the schedule once per interval however many instances share it, never two runs at once', async () => {
    const intervalMs = 1500;
    // Backfill first, so each scheduled (incremental) run is well inside one interval.
    await runnerOn(t.store, 'setup').run({ mode: 'incremental', trigger: 'setup' });
    await startInstance('a', { intervalMs });
    await startInstance('b', { intervalMs });
    const jobs = agendaJobs(instances[0]!.client.db(t.dbName));
    expect(await jobs.countDocuments({ name: SCHEDULE_JOB })).toBe(1);
    expect(await jobs.countDocuments({ name: SYNC_JOB })).toBe(1);

    await waitFor(() => finishedRuns().length >= 3, 15_000, 'three scheduled runs');
    await sleep(intervalMs * 0.5);
    const runs = finishedRuns().sort((x, y) => x.startedAt.getTime() - y.startedAt.getTime());
    expect(runs.map((r) => r.trigger)).toEqual(['schedule', 'schedule', 'schedule']);
    expect(runs.every((r) => r.status === 'succeeded')).toBe(true);
    for (let k = 1; k < runs.length; k++) {
      // one run per cycle: the next one starts an interval after the previous one, never beside it
      expect(runs[k]!.startedAt.getTime() - runs[k - 1]!.startedAt.getTime()).toBeGreaterThan(intervalMs * 0.8);
      expect(runs[k]!.startedAt.getTime()).toBeGreaterThanOrEqual(runs[k - 1]!.endedAt!.getTime());
    }
  }, 30_000);

  it('folds ten "Sync now" requests made during a run into exactly one more run (a full one if any asked)', async () => {
    let release = (): void => undefined;
    gate = new Promise<void>((resolve) => (release = resolve));
    const a = await startInstance('a');
    const b = await startInstance('b');
    expect(await a.scheduler.requestSync({ trigger: 'tab', requestedBy: 'admin-1' })).toEqual({
      status: 'queued',
      runId: null,
    });
    await waitFor(() => started.length === 1, 5000, 'the first run to start');

    const answers: SyncRequestResult[] = [];
    for (let k = 0; k < 10; k++) {
      const via = k % 2 === 0 ? a : b;
      answers.push(await via.scheduler.requestSync({ trigger: 'bot', mode: k === 4 ? 'full' : undefined }));
    }
    expect(answers.map((x) => x.status)).toEqual(['running', ...Array(9).fill('already_queued')]);
    release();

    await waitFor(() => finishedRuns().length === 2, 15_000, 'the run and its one follow-up');
    await sleep(1000);
    expect(started.map((s) => [s.trigger, s.mode])).toEqual([
      ['tab', 'incremental'],
      ['bot', 'full'],
    ]);
    expect(finishedRuns()).toHaveLength(2);
    // Listeners hear about a run in the instance that ran it, and only there.
    for (const i of instances) {
      expect(i.finished.map((r) => r.trigger)).toEqual(
        started.filter((s) => s.instance === i.name).map((s) => s.trigger),
      );
    }
    expect(await t.store.syncRuns.countDocuments({})).toBe(2);
  }, 30_000);

  it('queues one run for requests made while idle, and answers "already queued" to the rest', async () => {
    const a = await startInstance('a', { processEveryMs: 60_000 });
    await startInstance('b', { processEveryMs: 60_000 });
    const answers = await Promise.all(Array.from({ length: 10 }, () => a.scheduler.requestSync({ trigger: 'tab' })));
    expect(answers.filter((x) => x.status === 'queued')).toHaveLength(1);
    expect(answers.filter((x) => x.status === 'already_queued')).toHaveLength(9);
    const jobs = agendaJobs(a.client.db(t.dbName));
    expect(await jobs.countDocuments({ name: SYNC_JOB })).toBe(1);
  });

  it('on stop, ends the run after its page, records it interrupted and hands it to the other instance at once', async () => {
    let releasePages = (): void => undefined;
    pageGate = new Promise<void>((resolve) => (releasePages = resolve));
    // A long lock lifetime: a takeover within seconds can only come from the released lock, not from expiry.
    const a = await startInstance('a', { lockLifetimeMs: 6000 });
    const b = await startInstance('b', { lockLifetimeMs: 6000 });
    await a.scheduler.requestSync({ trigger: 'tab' });
    await waitFor(() => pagesHeld > 0, 20_000, 'the run to be under way');
    expect(await t.store.syncRuns.countDocuments({ status: 'running' })).toBe(1);
    const first = started[0]!;
    const [holder, other] = first.instance === 'a' ? [a, b] : [b, a];
    const stoppedAt = Date.now();
    // Stop while a page is held, then let it through: the run must finish that page and end there.
    const stopping = holder.scheduler.stop();
    pageGate = null;
    releasePages();
    await stopping;
    const interrupted = await t.store.syncRuns.findOne({ trigger: 'tab' }, { sort: { startedAt: 1 } });
    expect(interrupted).toMatchObject({ status: 'interrupted', stage: 'done' });
    expect(interrupted!.progress.usersDone).toBeLessThan(interrupted!.progress.usersTotal);
    expect(holder.finished.map((r) => r.status)).toEqual(['interrupted']);

    await waitFor(() => other.finished.length === 1, 20_000, 'the other instance to finish the run');
    const takeover = started[1]!;
    expect(takeover.instance).toBe(other.name);
    expect(takeover.startedAt - stoppedAt).toBeLessThan(3000);
    expect(other.finished[0]!.status).toBe('succeeded');
    const job = await agendaJobs(other.client.db(t.dbName)).findOne({ name: SYNC_JOB });
    expect(job?.lockedAt ?? null).toBeNull();
  }, 40_000);
});
