import { ObjectId } from 'mongodb';
import { createBotContext } from '../../../bot/botContext';
import { demoAdmin } from '../../../server/auth/principal';
import { ask } from '../../../server/core/ask/engine';
import { createSyncFacts, SYNC_FACTS_TTL_MS } from '../../../server/core/insights/syncFacts';
import type { SyncControl } from '../../../server/core/sync/syncControl';
import { newRun } from '../../../server/core/sync/syncRunner';
import type { SyncRunDoc } from '../../../server/store/documents';
import { startAppHarness, type AppHarness } from '../../support/appHarness';

/**
 * The first synced day and the last sync's end, shared by the questions of a few seconds: reused within the bound,
 * read again after it, and renewed at once when a run of this process ends.
 */
describe('sync facts shared by Ask answers', () => {
  let h: AppHarness;
  const at = (iso: string) => new Date(iso);

  beforeAll(async () => {
    h = await startAppHarness({ userCount: 4, seed: 5, sync: false });
  });
  afterAll(async () => h?.close());

  /** Records a successful run that ended at `endedAt` (what a sync of any instance writes last). */
  async function runEnded(endedAt: Date): Promise<SyncRunDoc> {
    const started = newRun(
      h.ctx.tenantId,
      { mode: 'incremental', trigger: 'test' },
      new Date(endedAt.getTime() - 1_000),
    );
    const run: SyncRunDoc = { ...started, status: 'succeeded', stage: 'done', endedAt, durationMs: 1_000 };
    await h.testStore.store.syncRuns.insertOne(run);
    return run;
  }

  it('reuses both facts within the bound and reads them again after it', async () => {
    const store = h.testStore.store;
    let clock = 0;
    const facts = createSyncFacts(store, h.ctx.tenantId, 5_000, () => clock);
    await runEnded(at('2026-11-10T08:00:00Z'));
    expect(await facts.lastSyncedAt()).toEqual(at('2026-11-10T08:00:00Z'));
    expect(await facts.firstSyncedDay()).toBeNull();

    await runEnded(at('2026-11-10T09:00:00Z'));
    await store.dailyActivity.insertOne({
      _id: new ObjectId(),
      tenantId: h.ctx.tenantId,
      day: '2026-10-01',
      date: at('2026-10-01T00:00:00Z'),
      appKey: 'word',
      appName: 'Word',
      promptCount: 1,
      responseCount: 0,
      interactionCount: 1,
      dataSourceAccessCount: 0,
      hours: new Array<number>(24).fill(0),
    });
    clock = 4_999;
    expect(await facts.lastSyncedAt()).toEqual(at('2026-11-10T08:00:00Z'));
    expect(await facts.firstSyncedDay()).toBeNull();
    clock = 5_000;
    expect(await facts.lastSyncedAt()).toEqual(at('2026-11-10T09:00:00Z'));
    expect(await facts.firstSyncedDay()).toBe('2026-10-01');

    await runEnded(at('2026-11-10T10:00:00Z'));
    facts.forget();
    expect(await facts.lastSyncedAt()).toEqual(at('2026-11-10T10:00:00Z'));
    expect(SYNC_FACTS_TTL_MS).toBeLessThanOrEqual(5_000);
  });

  it("renews the answers' data time as soon as a run of this process ends", async () => {
    const listeners: Array<(run: SyncRunDoc) => Promise<void> | void> = [];
    const syncControl: SyncControl = {
      requestSync: async () => ({ status: 'queued', runId: null }),
      onRunFinished: (listener) => listeners.push(listener),
    };
    const bot = createBotContext({ ...h.ctx, syncControl });
    const deps = bot.engine(demoAdmin(h.ctx.tenantId), 'tab');
    const question = 'prompts per day in the last 7 days';

    await runEnded(at('2026-11-11T08:00:00Z'));
    expect((await ask(deps, question)).dataAsOf).toBe('2026-11-11T08:00:00.000Z');
    // Another instance's run: seen once the bound has passed (on the app's clock), not by the next question.
    await runEnded(at('2026-11-11T09:00:00Z'));
    expect((await ask(deps, question)).dataAsOf).toBe('2026-11-11T08:00:00.000Z');
    h.advanceClock(SYNC_FACTS_TTL_MS);
    expect((await ask(deps, question)).dataAsOf).toBe('2026-11-11T09:00:00.000Z');
    // This process's run: at once.
    const ours = await runEnded(at('2026-11-11T10:00:00Z'));
    expect((await ask(deps, question)).dataAsOf).toBe('2026-11-11T09:00:00.000Z');
    expect(listeners).toHaveLength(1);
    await listeners[0]!(ours);
    expect((await ask(deps, question)).dataAsOf).toBe('2026-11-11T10:00:00.000Z');
  });

  it('shares whose history could not be read, read again after the bound or a run, never in the meantime', async () => {
    const store = h.testStore.store;
    let clock = 0;
    const facts = createSyncFacts(store, h.ctx.tenantId, 5_000, () => clock);
    const refused = async (userId: string) => {
      const lastError = { userId, userPrincipalName: null, code: 'forbidden', status: 403, message: 'Forbidden', at: at('2026-11-12T08:00:00Z') }; // prettier-ignore
      await store.syncState.insertOne({ _id: new ObjectId(), tenantId: h.ctx.tenantId, userId, watermark: null, lastSyncedAt: null, lastRunId: null, status: 'error', lastError }); // prettier-ignore
    };
    await refused('refused-1');
    expect((await facts.unreadable()).ids).toEqual(['refused-1']);
    await refused('refused-2');
    clock = 4_999;
    expect((await facts.unreadable()).ids).toEqual(['refused-1']);
    clock = 5_000;
    expect([...(await facts.unreadable()).ids].sort()).toEqual(['refused-1', 'refused-2']);
    await store.syncState.deleteMany({ tenantId: h.ctx.tenantId, userId: 'refused-1' });
    facts.forget();
    expect((await facts.unreadable()).ids).toEqual(['refused-2']);
    await store.syncState.deleteMany({ tenantId: h.ctx.tenantId, status: 'error' });
  });
});
