import {
  pollingDue,
  recordReconciliation,
  type ReconciliationDeps,
} from '../../../server/core/realtime/reconciliation';
import { createSilentLogger } from '../../../server/logger';
import { startAppHarness, type AppHarness } from '../../support/appHarness';
import { subscribeHarness, type RealtimeHarness } from '../../support/realtimeHarness';

const MINUTE = 60_000;

describe('Polling as reconciliation beside change notifications', () => {
  let harness: AppHarness;
  let rt: RealtimeHarness;
  let deps: ReconciliationDeps;

  beforeAll(async () => {
    harness = await startAppHarness({ userCount: 8 });
    rt = await subscribeHarness(harness);
    deps = {
      store: harness.testStore.store,
      collections: rt.collections,
      tenantId: harness.graph.tenant.tenantId,
      now: harness.ctx.now,
      logger: createSilentLogger(),
      reconcileIntervalMs: 360 * MINUTE,
      silenceMs: 120 * MINUTE,
    };
  }, 120_000);

  afterAll(() => harness.close());

  const state = async () => (await rt.collections.subscriptions.findOne({}))!;
  /** A notified turn: delivered, queued, stored by the worker. */
  const notifiedTurn = async (prompt: string) => {
    const added = await rt.addTurns(harness.adminUser.graph.id, [prompt]);
    await rt.waitFor(async () => (await rt.collections.queue.countDocuments({ status: 'pending' })) >= 2);
    expect(await rt.worker.drain()).toMatchObject({ stored: 2 });
    return added;
  };
  /** A polling pass some minutes later, read as reconciliation. */
  const reconcile = async () => {
    harness.advanceClock(10 * MINUTE);
    const run = await harness.sync('incremental');
    return { run, record: (await recordReconciliation(deps, run))! };
  };

  it('finds no drift while every interaction was notified, and then polls only every RECONCILE_INTERVAL', async () => {
    await notifiedTurn('Summarise the board minutes');
    const { run, record } = await reconcile();
    expect(run.counts.interactionsNew).toBe(0);
    expect(record).toMatchObject({ runId: run.runId, found: 0, missed: 0 });
    expect((await state()).gapDetectedAt).toBeNull();
    // Healthy, and reconciled just now: the scheduled pass waits for the reconciliation interval.
    await notifiedTurn('Draft the reply to legal');
    expect(await pollingDue(deps)).toBe(false);
    harness.advanceClock(300 * MINUTE);
    await notifiedTurn('List the action items');
    expect(await pollingDue(deps)).toBe(false);
    harness.advanceClock(61 * MINUTE);
    expect(await pollingDue(deps)).toBe(true);
  });

  it('records a gap when polling stores interactions a lost notification should have brought', async () => {
    await reconcile();
    await rt.control('/subscriptions/faults', 'PUT', { lose: 1 });
    const lost = await rt.addTurns(harness.nonAdminUser.graph.id, ['Which invoices are overdue?']);
    await notifiedTurn('Book the team offsite');
    const { run, record } = await reconcile();
    expect(run.counts.interactionsNew).toBe(2);
    expect(record).toMatchObject({ found: 2, missed: 2 });
    expect(record.to.getTime()).toBeLessThan(run.startedAt.getTime());
    const userId = harness.nonAdminUser.graph.id;
    for (const id of lost.ids)
      expect(await harness.testStore.store.interactions.countDocuments({ userId, graphId: id })).toBe(1);
    const after = await state();
    expect(after.gapDetectedAt).toEqual(record.at);
    expect(after).toMatchObject({ gapsDetected: 1, missedTotal: 2 });
    // Unhealthy: the schedule polls at its normal interval, whatever the reconciliation interval says.
    expect(await pollingDue(deps)).toBe(true);

    // The next pass finds nothing missing: healthy again.
    await notifiedTurn('Summarise the supplier review');
    const clean = await reconcile();
    expect(clean.record).toMatchObject({ missed: 0, from: record.to });
    expect((await state()).gapDetectedAt).toBeNull();
    expect(await pollingDue(deps)).toBe(false);
  });

  it('polls at the normal interval when no notification came for too long, or the subscription is gone', async () => {
    await reconcile();
    expect(await pollingDue(deps)).toBe(false);
    harness.advanceClock(121 * MINUTE);
    expect(await pollingDue(deps)).toBe(true);
    await notifiedTurn('Prepare the quarterly summary');
    expect(await pollingDue(deps)).toBe(false);
    await rt.collections.subscriptions.updateOne({}, { $set: { status: 'removed' } });
    expect(await pollingDue(deps)).toBe(true);
    await rt.collections.subscriptions.updateOne({}, { $set: { status: 'active' } });
  });
});
