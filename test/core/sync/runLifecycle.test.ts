import { hostname } from 'node:os';
import { Binary, BSON } from 'mongodb';
import { siteOfKey } from '../../../server/core/dataSourceSite';
import { aggregateIds } from '../../../server/core/sync/aggregateOps';
import { currentDataSourceKey, MAYBE_OUTDATED_KEY } from '../../../server/core/sync/dataSourceUrl';
import { SyncLease, thisProcess } from '../../../server/core/sync/syncLease';
import { SyncRunner } from '../../../server/core/sync/syncRunner';
import { AppError, GraphRequestError } from '../../../server/errors';
import { COPILOT_CHAT_SERVICE_PLAN_ID, M365_COPILOT_SKU_ID } from '../../../server/graph/constants';
import type { GraphGateway } from '../../../server/graph/GraphGateway';
import type { Logger } from '../../../server/logger';
import { createSilentLogger } from '../../../server/logger';
import type { SyncRunDoc } from '../../../server/store/documents';
import { naturalId } from '../../../server/store/naturalId';
import { expectEvery } from '../../support/expectEvery';
import { withListings } from '../../support/gatewayListings';
import { startGraphHarness, type GraphHarness } from '../../support/graphHarness';
import { captureLogs } from '../../support/logCapture';
import { openTestStore, type TestStore } from '../../support/testStore';

/**
 * A sync run's life around the users it reads: the tenant's lease taken and always given back, runs a dead process
 * left open closed at their last heartbeat, the run's record through its stages to its end (figures of this run
 * alone), a stop or a failure before any user is read, and the one finish line (with who failed). The real gateway
 * over the simulator, the real store; the clock is injected.
 */

const REFERENCE = new Date('2026-11-20T12:00:00.000Z');
const T0 = new Date(REFERENCE.getTime() + 60_000);
const STOPPED = 'Stopped before it finished; the next run picks up where it left off.';

let h: GraphHarness;
let t: TestStore;
let clock: Date;
/** Users the sync reads (licensed, chat plan on): in this tenant Graph refuses none of them. */
let enabled: string[];

/** A clock that moves a second each time it is read, so every time the run records is its own. */
const ticking = () => {
  clock = new Date(clock.getTime() + 1_000);
  return clock;
};

function runner(gateway: GraphGateway, logger: Logger = createSilentLogger(), store = t.store) {
  return new SyncRunner({
    store,
    gateway,
    logger,
    now: ticking,
    instanceId: 'runner-a',
    settings: {
      tenantId: h.tenant.tenantId,
      skuIds: [M365_COPILOT_SKU_ID],
      // A week: enough for every user to have pages, few enough to write quickly.
      backfillDays: 7,
      overlapMinutes: 15,
      concurrency: 2,
    },
  });
}

/** `read()` once it differs from `before` (a write this test cannot await, such as a heartbeat's); fails after 5 s. */
async function changed(read: () => Promise<Date>, before: Date): Promise<Date> {
  for (let i = 0; i < 250; i++) {
    const value = await read();
    if (value.getTime() !== before.getTime()) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`still ${before.toISOString()} after 5 s`);
}
/** The lines logged with `msg` once there are any; none after 5 s. */
async function logged(lines: Array<Record<string, unknown>>, msg: string): Promise<Array<Record<string, unknown>>> {
  for (let i = 0; i < 250; i++) {
    const found = lines.filter((l) => l.msg === msg);
    if (found.length > 0) return found;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return [];
}
const leaseDoc = () => t.store.syncLeases.findOne({ _id: naturalId('syncLease', h.tenant.tenantId) });
const storedRun = (run: SyncRunDoc) => t.store.syncRuns.findOne({ _id: run._id });

/** The real gateway whose listings of `failing` users are refused (403), as Graph refuses an unlicensed user. */
function refusing(failing: ReadonlySet<string>): GraphGateway {
  return withListings(h.gateway(), async function* (real, userId, window, signal) {
    if (failing.has(userId))
      throw new GraphRequestError({ status: 403, graphCode: 'Forbidden', message: `Forbidden ${userId}` });
    yield* real(userId, window, signal);
  });
}

beforeAll(async () => {
  h = await startGraphHarness({ seed: 7, userCount: 8, referenceTime: REFERENCE });
  enabled = h.tenant.users
    .filter((u) => u.licensed && !u.graph.assignedLicenses.some((l) => l.disabledPlans.length > 0))
    .map((u) => u.graph.id);
  expectEvery(
    h.tenant.users.filter((u) => enabled.includes(u.graph.id)),
    (u) => u.copilotEnabled,
  );
  expect(enabled.length).toBeGreaterThanOrEqual(7);
});
afterAll(async () => h?.close());
beforeEach(async () => {
  t = await openTestStore('lifecycle');
  clock = T0;
});
afterEach(async () => t?.close());

describe("a sync run's lease", () => {
  it("refuses to start while another process holds the tenant's lease, naming it, and touches nothing", async () => {
    const other = { instanceId: 'other', host: 'replica-2', pid: 4242 };
    expect(await new SyncLease(t.store, h.tenant.tenantId, other, 60_000, () => T0).acquire()).toEqual({
      acquired: true,
    });
    const gateway = h.gateway();
    const refused = runner(gateway).run({ mode: 'incremental', trigger: 'tab' });
    await expect(refused).rejects.toThrow(AppError);
    await expect(refused).rejects.toMatchObject({
      code: 'sync_already_running',
      status: 409,
      message: 'A sync of this tenant is already running (process 4242 on replica-2).',
    });
    expect(gateway.stats().requests).toBe(0);
    expect(await t.store.syncRuns.countDocuments({})).toBe(0);
    expect(await leaseDoc()).toMatchObject({ holder: JSON.stringify(other), expiresAt: new Date(T0.getTime() + 60_000) }); // prettier-ignore
  });

  it('is held for a minute while the run reads, and given back when it ends, so another process starts at once', async () => {
    const seen: Array<{ holder?: string; expiresAt?: Date }> = [];
    const gateway = withListings(h.gateway(), async function* (real, userId, window, signal) {
      const lease = await leaseDoc();
      seen.push({ holder: lease?.holder, expiresAt: lease?.expiresAt });
      yield* real(userId, window, signal);
    });
    const run = await runner(gateway).run({ mode: 'incremental', trigger: 'tab' });
    expect(run.status).toBe('succeeded');
    expect(seen.length).toBe(enabled.length);
    const mine = JSON.stringify({ instanceId: 'runner-a', host: hostname(), pid: process.pid });
    // Taken at the clock's first reading (T0 + 1 s), for 60 s.
    expectEvery(seen, (s) => s.holder === mine && s.expiresAt?.getTime() === T0.getTime() + 61_000);
    expect(await leaseDoc()).toMatchObject({ holder: mine, expiresAt: new Date(0) });
    const other = new SyncLease(t.store, h.tenant.tenantId, thisProcess('other'), 60_000, () => clock);
    expect(await other.acquire()).toEqual({ acquired: true });
  });

  it('is renewed every 15 seconds while the run goes on, and no more once it has ended', async () => {
    // Only the interval timers are faked: the heartbeat's, none of the driver's or the simulator's.
    jest.useFakeTimers({
      doNotFake: ['Date', 'hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout'], // prettier-ignore
    });
    try {
      let renewal: { from: Date; to: Date } | undefined;
      const gateway = withListings(h.gateway(), async function* (real, userId, window, signal) {
        if (!renewal) {
          const before = (await leaseDoc())!.expiresAt;
          clock = new Date(clock.getTime() + 30_000); // the run has gone on for a while
          const from = clock;
          jest.advanceTimersByTime(15_000);
          const to = await changed(async () => (await leaseDoc())!.expiresAt, before);
          renewal = { from, to };
        }
        yield* real(userId, window, signal);
      });
      const run = await runner(gateway).run({ mode: 'incremental', trigger: 'tab' });
      expect(run.status).toBe('succeeded');
      // Renewed for a minute from a reading of the clock after it moved on.
      expect(renewal!.to.getTime()).toBeGreaterThan(renewal!.from.getTime() + 60_000);
      expect(renewal!.to.getTime()).toBeLessThan(renewal!.from.getTime() + 60_000 + 60_000);
      // Given back, and no heartbeat left to take it again.
      jest.advanceTimersByTime(60_000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await leaseDoc())!.expiresAt).toEqual(new Date(0));
    } finally {
      jest.useRealTimers();
    }
  });

  it('is kept by a run whose renewal fails, with a warning saying so', async () => {
    jest.useFakeTimers({
      doNotFake: ['Date', 'hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout'], // prettier-ignore
    });
    try {
      // The store refuses the lease's writes for a while (a replica set electing a new primary, say).
      let refuse = false;
      const store = new Proxy(t.store, {
        get(target, name) {
          const value = Reflect.get(target, name) as unknown;
          if (name !== 'syncLeases') return value;
          return new Proxy(value as object, {
            get(leases, method) {
              if (method === 'updateOne' && refuse) return () => Promise.reject(new Error('not primary'));
              const member = Reflect.get(leases, method) as unknown;
              return typeof member === 'function' ? (member as (...a: unknown[]) => unknown).bind(leases) : member;
            },
          });
        },
      });
      const logs = captureLogs();
      let warnings: Array<Record<string, unknown>> | undefined;
      const gateway = withListings(h.gateway(), async function* (real, userId, window, signal) {
        if (!warnings) {
          warnings = [];
          refuse = true;
          jest.advanceTimersByTime(15_000);
          warnings = await logged(logs.lines, 'Could not renew the sync lease.');
          refuse = false;
        }
        yield* real(userId, window, signal);
      });
      const run = await runner(gateway, logs.logger, store).run({ mode: 'incremental', trigger: 'tab' });
      expect(run.status).toBe('succeeded');
      expect(warnings).toEqual([
        expect.objectContaining({ level: 40, component: 'sync', err: expect.objectContaining({ message: 'not primary' }) }), // prettier-ignore
      ]);
      expect((await leaseDoc())!.expiresAt).toEqual(new Date(0));
    } finally {
      jest.useRealTimers();
    }
  });

  it('is given back when the run fails before reading anyone', async () => {
    const gateway = failingDirectory(h.gateway(), () => new Error('socket hang up'));
    const run = await runner(gateway).run({ mode: 'incremental', trigger: 'tab' });
    expect(run.status).toBe('failed');
    expect((await leaseDoc())!.expiresAt).toEqual(new Date(0));
  });
});

/** The real gateway whose licensed-user listing fails with `error()` (or whatever `before` does first). */
function failingDirectory(inner: GraphGateway, error: () => Error, before?: () => Promise<void>): GraphGateway {
  return {
    ...withListings(inner, (real, ...args) => real(...args)),
    // eslint-disable-next-line require-yield
    listLicensedUsers: async function* () {
      await before?.();
      throw error();
    },
  };
}

describe("a sync run's record", () => {
  it('goes through its stages to its end, with the figures of this run alone, stored as returned', async () => {
    const stages: string[] = [];
    const served = { pages: 0, interactions: 0 };
    // Throttled now and then, so the Graph figures of this run differ from the gateway's totals in every field.
    h.simulator.setFaults({ seed: 5, throttleStormRate: 0.3, stormRequests: 2 });
    const inner = h.gateway({ sleep: () => Promise.resolve() });
    // The stage the run's record says when the unfinished batches are looked for (the first read of the journal).
    const journalReads: Array<Promise<string | undefined>> = [];
    const store = new Proxy(t.store, {
      get(target, name) {
        if (name === 'syncBatches') journalReads.push(target.syncRuns.findOne({}).then((r) => r?.stage));
        return Reflect.get(target, name) as unknown;
      },
    });
    const gateway: GraphGateway = {
      ...withListings(inner, async function* (real, userId, window, signal) {
        stages.push((await t.store.syncRuns.findOne({}))!.stage);
        for await (const page of real(userId, window, signal)) {
          served.pages += 1;
          served.interactions += page.interactions.length;
          yield page;
        }
      }),
      listLicensedUsers: async function* (skuIds, signal, options) {
        stages.push((await t.store.syncRuns.findOne({}))!.stage);
        yield* inner.listLicensedUsers(skuIds, signal, options);
      },
    };
    // A first run, so the gateway has counted requests before the second one starts.
    await runner(gateway).run({ mode: 'incremental', trigger: 'startup' });
    await t.store.syncRuns.deleteMany({});
    stages.length = 0;
    Object.assign(served, { pages: 0, interactions: 0 });
    const before = gateway.stats();
    // The lease takes the clock's first reading, the run starts at its second.
    const started = new Date(clock.getTime() + 2_000);
    const run = await runner(gateway, createSilentLogger(), store)
      .run({ mode: 'full', trigger: 'tab' })
      .finally(() => h.simulator.setFaults({}));
    const after = gateway.stats();

    expect([...new Set(stages)]).toEqual(['users', 'interactions']);
    expect(await journalReads[0]).toBe('recovering');
    expect(run).toMatchObject({
      tenantId: h.tenant.tenantId,
      mode: 'full',
      trigger: 'tab',
      status: 'succeeded',
      stage: 'done',
      startedAt: started,
      // Its end is the last reading but one: the last is the final write's heartbeat.
      endedAt: new Date(clock.getTime() - 1_000),
      heartbeatAt: clock,
      durationMs: clock.getTime() - 1_000 - started.getTime(),
      message: null,
      errors: [],
      errorCount: 0,
      progress: { usersTotal: enabled.length, usersDone: enabled.length },
    });
    expect(run.durationMs).toBeGreaterThan(0);
    expect(run.counts.usersListed).toBe(h.tenant.licensedUserIds().length);
    // Every page and interaction Graph served, counted once (a full run re-reads what the first run stored).
    expect(run.progress.pages).toBe(served.pages);
    expect(run.counts.interactionsFetched).toBe(served.interactions);
    expect(served.pages).toBeGreaterThanOrEqual(enabled.length);
    expect(served.interactions).toBeGreaterThan(served.pages);
    expect(run.counts.interactionsNew).toBe(0);
    expect(run.graph).toEqual({
      requests: after.requests - before.requests,
      throttled: after.throttled - before.throttled,
      retries: after.retries - before.retries,
    });
    expect(run.graph.requests).toBeGreaterThan(0);
    // The gateway had counted each before this run (else a sum would pass for a difference).
    expect(Math.min(before.requests, before.throttled, before.retries)).toBeGreaterThan(0);
    expect(await storedRun(run)).toEqual(run);
    expect(await t.store.syncRuns.countDocuments({})).toBe(1);
  });

  it('records a refused user against them, with the error, the run and no watermark', async () => {
    const failed = enabled[0]!;
    const run = await runner(refusing(new Set([failed]))).run({ mode: 'incremental', trigger: 'tab' });
    expect(run.status).toBe('completed_with_errors');
    const entry = run.errors[0]!;
    expect(entry).toMatchObject({ userId: failed, status: 403, code: 'Forbidden', message: `Forbidden ${failed}` });
    const state = await t.store.syncState.findOne({ tenantId: h.tenant.tenantId, userId: failed });
    expect(state).toMatchObject({
      tenantId: h.tenant.tenantId,
      userId: failed,
      status: 'error',
      lastError: entry,
      lastRunId: run.runId,
      watermark: null,
      lastSyncedAt: null,
    });
    expect(await storedRun(run)).toEqual(run);
  });

  it('closes the runs a dead process left running at their last heartbeat, and only those', async () => {
    const left = (tenantId: string, status: SyncRunDoc['status'], startedAt: Date, heartbeatAt: Date) => ({
      _id: naturalId('syncRun', `${tenantId}-${status}-${startedAt.toISOString()}`),
      runId: `${status}-${startedAt.toISOString()}`,
      tenantId,
      status,
      startedAt,
      heartbeatAt,
      stage: 'interactions' as const,
      endedAt: null,
      durationMs: null,
      message: null,
    });
    const hour = 3_600_000;
    const dead = left(h.tenant.tenantId, 'running', new Date(T0.getTime() - 3 * hour), new Date(T0.getTime() - 2 * hour)); // prettier-ignore
    const otherTenant = left('another-tenant', 'running', new Date(T0.getTime() - hour), new Date(T0.getTime() - 60_000)); // prettier-ignore
    const ended = left(h.tenant.tenantId, 'failed', new Date(T0.getTime() - 5 * hour), new Date(T0.getTime() - 4 * hour)); // prettier-ignore
    // The dead run stored last, so closing whichever run comes first would show.
    await t.store.syncRuns.insertMany([otherTenant, ended, dead] as unknown as SyncRunDoc[]);

    const run = await runner(h.gateway()).run({ mode: 'incremental', trigger: 'tab' });
    expect(run.status).toBe('succeeded');
    expect(await t.store.syncRuns.findOne({ _id: dead._id })).toEqual({
      ...dead,
      status: 'interrupted',
      stage: 'done',
      endedAt: dead.heartbeatAt,
      durationMs: hour,
      message: 'The process running this sync stopped before it finished.',
    });
    expect(await t.store.syncRuns.findOne({ _id: otherTenant._id })).toEqual(otherTenant);
    expect(await t.store.syncRuns.findOne({ _id: ended._id })).toEqual(ended);
    expect(await storedRun(run)).toMatchObject({ status: 'succeeded' });
  });

  it('ends interrupted, with nobody recorded as failed, when stopped while the users are listed', async () => {
    const stop = new AbortController();
    const gateway = failingDirectory(
      h.gateway(),
      () => Object.assign(new Error('This operation was aborted'), { name: 'AbortError' }),
      () => {
        stop.abort(new AppError('sync_stopped', 'The server is shutting down.', 503));
        return Promise.resolve();
      },
    );
    const run = await runner(gateway).run({ mode: 'incremental', trigger: 'tab', signal: stop.signal });
    expect(run).toMatchObject({ status: 'interrupted', stage: 'done', message: STOPPED, errors: [], errorCount: 0 });
    expect(await storedRun(run)).toEqual(run);
  });

  it.each([
    ['Graph refusing the listing', new GraphRequestError({ status: 503, graphCode: 'serviceNotAvailable', message: 'Try later.' }), 'serviceNotAvailable', 503], // prettier-ignore
    ['a page it cannot read', new AppError('graph_response_malformed', 'Try later.', 502), 'graph_response_malformed', null], // prettier-ignore
  ])('ends failed with the error recorded once, against no user, at %s', async (_name, error, code, status) => {
    const run = await runner(failingDirectory(h.gateway(), () => error)).run({ mode: 'incremental', trigger: 'tab' });
    expect(run).toMatchObject({ status: 'failed', stage: 'done', message: 'Try later.', errorCount: 1 });
    expect(run.errors).toEqual([
      { userId: null, userPrincipalName: null, code, status, message: 'Try later.', at: expect.any(Date) },
    ]);
    expect(run.endedAt!.getTime()).toBeGreaterThanOrEqual(run.errors[0]!.at.getTime());
    expect(await storedRun(run)).toEqual(run);
  });

  it('ends failed with what was thrown as its message when something other than an Error is thrown', async () => {
    const gateway = failingDirectory(h.gateway(), () => 'not an error' as unknown as Error);
    const run = await runner(gateway).run({ mode: 'incremental', trigger: 'tab' });
    expect(run).toMatchObject({ status: 'failed', message: 'not an error' });
    expect(run.errors).toEqual([expect.objectContaining({ code: 'internal_error', status: null, message: 'not an error' })]); // prettier-ignore
  });

  it('ends interrupted when stopped between users, and says it can go on', async () => {
    const stop = new AbortController();
    let listed = 0;
    const gateway = withListings(h.gateway(), async function* (real, userId, window, signal) {
      yield* real(userId, window, signal);
      if (++listed === 2) stop.abort(new AppError('sync_stopped', 'The server is shutting down.', 503));
    });
    const run = await runner(gateway).run({ mode: 'incremental', trigger: 'tab', signal: stop.signal });
    expect(run).toMatchObject({ status: 'interrupted', message: STOPPED, errors: [] });
    expect(run.progress.usersDone).toBeLessThan(enabled.length);
  });
});

describe("a sync run's start", () => {
  const BUILT = 'Built the per-site reference counts from the data sources.';

  it('builds the per-site reference counts on its first run, and again only after data sources were merged', async () => {
    const tenantId = h.tenant.tenantId;
    const builtAt = async () => (await t.store.siteActivityBuilt.findOne({ tenantId }))?.builtAt;
    const first = captureLogs();
    const run1 = await runner(h.gateway(), first.logger).run({ mode: 'incremental', trigger: 'startup' });
    expect(first.lines.filter((l) => l.msg === BUILT)).toEqual([expect.objectContaining({ level: 30, component: 'sync' })]); // prettier-ignore
    expect(await builtAt()).toEqual(run1.startedAt);

    const second = captureLogs();
    await runner(h.gateway(), second.logger).run({ mode: 'incremental', trigger: 'tab' });
    expect(second.lines.filter((l) => l.msg === BUILT)).toEqual([]);
    expect(await builtAt()).toEqual(run1.startedAt);

    // A file on a site cited by one interaction under its current key and an earlier spelling, counted under both
    // (its source, its user's usage, its site), as a store synced before the current normalisation holds it.
    const sources = await t.store.dataSources.find({ tenantId }).toArray();
    const file = sources.find((s) => siteOfKey(s.key) !== null && /^[^?#]*\.[a-z]+$/.test(s.key))!;
    expect(file).toBeDefined();
    const site = siteOfKey(file.key)!;
    const oldKey = file.key.replace(/\.([a-z]+)$/, '%2e$1');
    expect(MAYBE_OUTDATED_KEY.test(oldKey) && currentDataSourceKey(oldKey) === file.key).toBe(true);
    const cited = (await t.store.interactions.findOne({ tenantId, dataSourceKeys: file.key }))!;
    await t.store.interactions.updateOne({ _id: cited._id }, { $set: { dataSourceKeys: [...cited.dataSourceKeys, oldKey] } }); // prettier-ignore
    const at = { firstAt: cited.createdAt, lastAt: cited.createdAt };
    await t.store.dataSources.insertOne({
      ...file,
      ...{ _id: aggregateIds.dataSource(tenantId, oldKey), key: oldKey, referenceCount: 1, userCount: 1, ...at },
    });
    await t.store.dataSourceUsage.insertOne({
      _id: aggregateIds.dataSourceUsage(tenantId, oldKey, cited.userId),
      ...{ tenantId, key: oldKey, userId: cited.userId, referenceCount: 1, appKeys: [cited.appKey], ...at },
    });
    await t.store.siteActivity.updateOne({ tenantId, site }, { $inc: { referenceCount: 1 } });
    const siteCount = async () => (await t.store.siteActivity.findOne({ tenantId, site }))!.referenceCount;
    const sourcesCount = async () =>
      (await t.store.dataSources.find({ tenantId }).toArray())
        .filter((s) => siteOfKey(s.key) === site)
        .reduce((sum, s) => sum + s.referenceCount, 0);
    expect(await siteCount()).toBe(await sourcesCount());

    const third = captureLogs();
    const run3 = await runner(h.gateway(), third.logger).run({ mode: 'incremental', trigger: 'tab' });
    expect(third.lines.filter((l) => l.msg === BUILT)).toEqual([expect.objectContaining({ level: 30, component: 'sync' })]); // prettier-ignore
    expect(await builtAt()).toEqual(run3.startedAt);
    expect(await t.store.dataSources.countDocuments({ tenantId, key: oldKey })).toBe(0);
    // The interaction's reference counted once: the site holds one fewer than before the merge.
    expect(await siteCount()).toBe(await sourcesCount());
    expect(await sourcesCount()).toBe(sources.filter((s) => siteOfKey(s.key) === site).reduce((n, s) => n + s.referenceCount, 0)); // prettier-ignore
  });

  it('finishes the batches an interrupted run left, and says how many', async () => {
    const tenantId = h.tenant.tenantId;
    // A batch journaled by a run that died before any of its interactions was stored: undone (its pages are read
    // again by this run).
    await t.store.syncBatches.insertOne({
      _id: naturalId('syncBatch', tenantId, 'left'),
      ...{ batchId: 'left', tenantId, userIds: [enabled[0]!], runId: 'dead-run', createdAt: T0 },
      ...{ interactionIds: [naturalId('interaction', 'never stored')], opsBson: new Binary(BSON.serialize({ ops: [] })), opCount: 0 }, // prettier-ignore
    });
    const logs = captureLogs();
    const run = await runner(h.gateway(), logs.logger).run({ mode: 'incremental', trigger: 'startup' });
    expect(run.status).toBe('succeeded');
    expect(logs.lines.filter((l) => l.msg === 'Finished batches an interrupted run left behind.')).toEqual([
      expect.objectContaining({ level: 30, component: 'sync', replayed: 1 }),
    ]);
    expect(await t.store.syncBatches.countDocuments({ batchId: 'left' })).toBe(0);
  });

  it('reads nobody whose Copilot license has its chat plan turned off, though it lists them', async () => {
    const off = h.tenant.users.find((u) => u.graph.id === enabled[enabled.length - 1])!;
    const saved = { copilotEnabled: off.copilotEnabled, assignedLicenses: off.graph.assignedLicenses };
    // As Graph shows a license whose Microsoft 365 Copilot Chat plan an admin turned off (and refuses the person's
    // interactions).
    off.copilotEnabled = false;
    off.graph.assignedLicenses = saved.assignedLicenses.map((l) =>
      l.skuId === M365_COPILOT_SKU_ID ? { ...l, disabledPlans: [COPILOT_CHAT_SERVICE_PLAN_ID] } : l,
    );
    try {
      const read: string[] = [];
      const gateway = withListings(h.gateway(), async function* (real, userId, window, signal) {
        read.push(userId);
        yield* real(userId, window, signal);
      });
      const run = await runner(gateway).run({ mode: 'incremental', trigger: 'tab' });
      const others = enabled.filter((id) => id !== off.graph.id);
      expect(run).toMatchObject({
        status: 'succeeded',
        errors: [],
        progress: { usersTotal: others.length, usersDone: others.length },
      });
      expect(run.counts.usersListed).toBe(h.tenant.licensedUserIds().length);
      expect(read.sort()).toEqual(others.sort());
    } finally {
      off.copilotEnabled = saved.copilotEnabled;
      off.graph.assignedLicenses = saved.assignedLicenses;
    }
  });
});

describe("a sync run's finish line", () => {
  const finished = (lines: Array<Record<string, unknown>>) => lines.filter((l) => l.msg === 'Sync run finished.');
  const warnings = (lines: Array<Record<string, unknown>>) => lines.filter((l) => l.level === 40);

  it('is one info line of counts, duration and Graph figures, and no warning when nobody failed', async () => {
    const logs = captureLogs();
    const run = await runner(h.gateway(), logs.logger).run({ mode: 'incremental', trigger: 'tab' });
    // What the batches wrote is counted into the run.
    expect(run.counts.interactionsNew).toBeGreaterThan(0);
    expect(run.counts.interactionsNew).toBe(await t.store.interactions.countDocuments({}));
    expect(run.counts.usersNew).toBe(await t.store.users.countDocuments({}));
    expect(finished(logs.lines)).toEqual([
      expect.objectContaining({
        level: 30,
        component: 'sync',
        runId: run.runId,
        mode: 'incremental',
        status: 'succeeded',
        durationMs: run.durationMs,
        ...run.counts,
        errors: 0,
        graph: run.graph,
      }),
    ]);
    expect(warnings(logs.lines)).toEqual([]);
    // Nothing left unfinished, nothing said about it.
    expect(logs.lines.filter((l) => l.msg === 'Finished batches an interrupted run left behind.')).toEqual([]);
  });

  it('is followed by a warning naming who failed: one error', async () => {
    const logs = captureLogs();
    const failed = h.tenant.users.find((u) => u.graph.id === enabled[0])!.graph;
    const run = await runner(refusing(new Set([failed.id])), logs.logger).run({ mode: 'incremental', trigger: 'tab' });
    expect(finished(logs.lines)).toEqual([expect.objectContaining({ status: 'completed_with_errors', errors: 1 })]);
    expect(warnings(logs.lines)).toEqual([
      expect.objectContaining({
        runId: run.runId,
        errors: [{ user: failed.userPrincipalName, status: 403, code: 'Forbidden', message: `Forbidden ${failed.id}` }],
        notShown: 0,
        msg: 'The sync ended with 1 error; the Sync view shows each with what to do.',
      }),
    ]);
  });

  it('names the first five who failed and counts the rest', async () => {
    const logs = captureLogs();
    const failing = enabled.slice(0, 7);
    const run = await runner(refusing(new Set(failing)), logs.logger).run({ mode: 'incremental', trigger: 'tab' });
    expect(run.errorCount).toBe(7);
    const [warning] = warnings(logs.lines);
    expect(warning).toMatchObject({
      msg: 'The sync ended with 7 errors; the Sync view shows each with what to do.',
      notShown: 2,
    });
    expect(warning!.errors).toEqual(
      run.errors.slice(0, 5).map((e) => ({ user: e.userPrincipalName, status: 403, code: 'Forbidden', message: e.message })), // prettier-ignore
    );
  });
});
