import { recordAccess } from '../../../server/core/insights/accessLog';
import { applyRetention, applyRetentionIfDue } from '../../../server/core/privacy/retention';
import { createSilentLogger } from '../../../server/logger';
import { startAppHarness, type AppHarness } from '../../support/appHarness';

const DAY = 86_400_000;

describe('retention', () => {
  let h: AppHarness;
  beforeAll(async () => {
    h = await startAppHarness({ userCount: 10, seed: 32 });
  });
  afterAll(() => h.close());

  const figures = async () => {
    const s = h.testStore.store;
    const sum = async (field: string) =>
      (
        await s.dailyActivity.aggregate<{ n: number }>([{ $group: { _id: null, n: { $sum: `$${field}` } } }]).toArray()
      )[0]?.n ?? 0;
    return {
      prompts: await sum('promptCount'),
      interactions: await sum('interactionCount'),
      users: await s.users.countDocuments({}),
      agents: await s.agents.countDocuments({}),
      sources: await s.dataSources.countDocuments({}),
    };
  };

  it('removes text older than its period, deletes records older than theirs, keeps every count, records the pass', async () => {
    const s = h.testStore.store;
    const now = h.ctx.now();
    const textCutoff = new Date(now.getTime() - 30 * DAY);
    const metaCutoff = new Date(now.getTime() - 60 * DAY);
    const old = await s.interactions.countDocuments({ createdAt: { $lt: textCutoff, $gte: metaCutoff } });
    const ancient = await s.interactions.countDocuments({ createdAt: { $lt: metaCutoff } });
    const recent = await s.interactions.countDocuments({ createdAt: { $gte: textCutoff }, body: { $ne: null } });
    expect(old).toBeGreaterThan(0);
    expect(ancient).toBeGreaterThan(0);
    expect(recent).toBeGreaterThan(0);
    await recordAccess(s, {
      tenantId: h.ctx.tenantId,
      at: new Date(now.getTime() - 800 * DAY),
      viewer: { userId: 'admin', name: null, upn: null, demo: false },
      subjectUserId: 'someone',
      subjectName: null,
      what: 'conversation',
      sessionId: null,
      via: 'tab',
    });
    const before = await figures();

    const run = await applyRetention(
      s,
      h.ctx.tenantId,
      { textDays: 30, metadataDays: 60, accessLogDays: 730, operationalDays: 90 },
      now,
      createSilentLogger(),
    );

    expect(run.counts).toMatchObject({ textRemoved: old + ancient, interactionsDeleted: ancient, accessLogDeleted: 1 });
    const aged = await s.interactions.find({ createdAt: { $lt: textCutoff } }).toArray();
    expect(aged).toHaveLength(old);
    for (const i of aged) {
      expect(i.body).toBeNull();
      expect(i.attachments).toEqual([]);
      expect(i.mentions).toEqual([]);
      expect(i.textRemovedAt).toEqual(now);
    }
    expect(await s.interactions.countDocuments({ createdAt: { $lt: metaCutoff } })).toBe(0);
    expect(await s.conversations.countDocuments({ lastAt: { $lt: metaCutoff } })).toBe(0);
    expect(await s.interactions.countDocuments({ createdAt: { $gte: textCutoff }, body: { $ne: null } })).toBe(recent);
    expect(await figures()).toEqual(before);
    expect(await s.retentionRuns.countDocuments({})).toBe(1);
  });

  it('runs at most once a day after syncs, and a later pass reads only what aged since', async () => {
    const s = h.testStore.store;
    const settings = { textDays: 30, metadataDays: 60, accessLogDays: 730, operationalDays: 90 };
    const now = h.ctx.now();
    expect(
      await applyRetentionIfDue(s, h.ctx.tenantId, settings, new Date(now.getTime() + 3600_000), createSilentLogger()),
    ).toBeNull();
    const next = await applyRetentionIfDue(
      s,
      h.ctx.tenantId,
      settings,
      new Date(now.getTime() + DAY),
      createSilentLogger(),
    );
    expect(next).not.toBeNull();
    const aged = await s.interactions.countDocuments({
      createdAt: { $lt: new Date(now.getTime() + DAY - 30 * DAY), $gte: new Date(now.getTime() - 30 * DAY) },
    });
    expect(next!.counts.textRemoved).toBe(aged);
  });
});
