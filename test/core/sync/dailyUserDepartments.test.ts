import { BatchWriter, packOps, type PendingBatch } from '../../../server/core/sync/batchWriter';
import { aggregateIds } from '../../../server/core/sync/aggregateOps';
import { mapInteraction } from '../../../server/core/sync/interactionMapper';
import type { GraphUser } from '../../../server/graph/types';
import { createSilentLogger } from '../../../server/logger';
import { buildInteraction, buildUser, pendingBatch } from '../../support/factories';
import { openTestStore, type TestStore } from '../../support/testStore';

/**
 * A person's daily records carry their department key (Ask's figures by department are grouped by the store on it).
 * The batch that sets a person's department (on their users record) sets it on every day of theirs, days it does not
 * touch too; a batch replayed after a crash leaves the same keys; days stored before the key existed get their
 * person's at start-up, once.
 */

const tenantId = 'tenant-daily-departments';
const WORD = 'IPM.SkypeTeams.Message.Copilot.Word';
const at = new Date('2026-11-20T00:00:00Z');

let counter = 0;
/** One prompt of `user` on each of the November days named. */
function batch(batchId: string, user: GraphUser, days: number[]): PendingBatch {
  const interactions = days.map((d) => {
    counter += 1;
    const interaction = buildInteraction({
      id: `i${counter}`,
      appClass: WORD,
      sessionId: `session-${counter}`,
      createdDateTime: new Date(Date.UTC(2026, 10, d, 9, counter % 60)).toISOString(),
    });
    return mapInteraction(tenantId, user.id, interaction, at);
  });
  return pendingBatch(tenantId, batchId, user, interactions, at);
}

const ada = buildUser({ id: 'user-ada', department: ' Finance ' });
const ben = buildUser({ id: 'user-ben', department: 'Finance' });

describe("a person's daily records' department key through the sync's batch writer", () => {
  let t: TestStore;
  let writer: BatchWriter;
  beforeEach(async () => {
    t = await openTestStore('dailydept');
    writer = new BatchWriter(t.store, createSilentLogger());
    await writer.write(batch('b1', ada, [2, 3, 4]));
    await writer.write(batch('b2', ben, [3]));
  });
  afterEach(async () => t.close());

  const keys = async () =>
    Object.fromEntries(
      (await t.store.dailyUserActivity.find({ tenantId }).toArray()).map((d) => [
        `${d.userId}/${d.day}`,
        d.departmentKey,
      ]),
    );

  it("is written on each new day as its person's department, trimmed and lowercased", async () => {
    expect(await keys()).toEqual({
      'user-ada/2026-11-02': 'finance',
      'user-ada/2026-11-03': 'finance',
      'user-ada/2026-11-04': 'finance',
      'user-ben/2026-11-03': 'finance',
    });
  });

  it('keeps every key when a batch journalled by a release before the key existed is written (it sets none)', async () => {
    const earlier = batch('b-old', ada, [5]);
    for (const op of earlier.ops) delete (op.set as { departmentKey?: unknown }).departmentKey;
    earlier.entry.opsBson = packOps(earlier.ops);
    await writer.write(earlier);
    expect(await keys()).toEqual({
      'user-ada/2026-11-02': 'finance',
      'user-ada/2026-11-03': 'finance',
      'user-ada/2026-11-04': 'finance',
      'user-ada/2026-11-05': undefined,
      'user-ben/2026-11-03': 'finance',
    });
  });

  it('follows a department change to every day of that person, not only the days of the batch, and no one else', async () => {
    await writer.write(batch('b3', { ...ada, department: 'Research' }, [5]));
    expect(await keys()).toEqual({
      'user-ada/2026-11-02': 'research',
      'user-ada/2026-11-03': 'research',
      'user-ada/2026-11-04': 'research',
      'user-ada/2026-11-05': 'research',
      'user-ben/2026-11-03': 'finance',
    });
    expect((await t.store.users.findOne({ tenantId, userId: ada.id }))?.departmentKey).toBe('research');
    // Leaving every department: the key is null, on every day again.
    await writer.write(batch('b4', { ...ada, department: null }, [2]));
    expect(await keys()).toMatchObject({
      'user-ada/2026-11-02': null,
      'user-ada/2026-11-03': null,
      'user-ada/2026-11-04': null,
      'user-ada/2026-11-05': null,
      'user-ben/2026-11-03': 'finance',
    });
  });

  it('moves them when a crash left the batch journalled with its interactions stored, and a second recovery changes nothing', async () => {
    const moved = batch('b3', { ...ada, department: 'Sales' }, [6]);
    await t.store.syncBatches.insertOne(moved.entry);
    await t.store.interactions.insertMany(moved.interactions);
    expect(await writer.recover(tenantId)).toBe(1);
    const after = await t.store.dailyUserActivity.find({ tenantId }).sort({ _id: 1 }).toArray();
    expect(after.map((d) => [d.userId, d.departmentKey])).toEqual(
      after.map((d) => [d.userId, d.userId === ada.id ? 'sales' : 'finance']),
    );
    expect(after.filter((d) => d.userId === ada.id)).toHaveLength(4);
    // Counted once: the replayed batch's day has its one prompt.
    expect(after.find((d) => d.userId === ada.id && d.day === '2026-11-06')?.promptCount).toBe(1);
    expect(await writer.recover(tenantId)).toBe(0);
    expect(await t.store.dailyUserActivity.find({ tenantId }).sort({ _id: 1 }).toArray()).toEqual(after);
  });

  it("moves the person's other days when a crash came after the batch's ops but before they moved", async () => {
    const research = batch('b3', { ...ada, department: 'Research' }, [3]);
    await writer.write(research);
    // What such a crash leaves: the journal entry, the person and the batch's day moved, the other days not yet.
    await t.store.syncBatches.insertOne(research.entry);
    for (const shared of ['dataSources', 'dailyActivity', 'siteActivity'])
      await t.store.db.collection(shared).updateMany({ tenantId }, { $set: { 'applied.b3': true } });
    await t.store.dailyUserActivity.updateMany(
      { tenantId, userId: ada.id, day: { $ne: '2026-11-03' } },
      { $set: { departmentKey: 'finance' } },
    );
    const prompts = (await t.store.dailyUserActivity.find({ tenantId }).sort({ _id: 1 }).toArray()).map(
      (d) => d.promptCount,
    );
    expect(await writer.recover(tenantId)).toBe(1);
    expect(await keys()).toEqual({
      'user-ada/2026-11-02': 'research',
      'user-ada/2026-11-03': 'research',
      'user-ada/2026-11-04': 'research',
      'user-ben/2026-11-03': 'finance',
    });
    // The recovery moved the days and counted nothing again.
    expect(
      (await t.store.dailyUserActivity.find({ tenantId }).sort({ _id: 1 }).toArray()).map((d) => d.promptCount),
    ).toEqual(prompts);
  });
});

describe('daily records stored before they carried a department key', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore('dailydeptfill');
  });
  afterAll(async () => t.close());

  it("get their person's key at start-up, only where missing, and a second start changes nothing", async () => {
    const person = (userId: string, department: string | null) => ({
      _id: aggregateIds.user(tenantId, userId),
      tenantId,
      userId,
      department,
      departmentKey: department?.trim().toLowerCase() ?? null,
    });
    await t.store.db
      .collection('users')
      .insertMany([person('u1', ' Sales'), person('u2', null), person('u3', 'Legal')]);
    const dayOf = (userId: string, day: string, extra: Record<string, unknown> = {}) => ({
      _id: aggregateIds.dailyUser(tenantId, day, userId),
      tenantId,
      userId,
      day,
      promptCount: 1,
      ...extra,
    });
    await t.store.db
      .collection('dailyUserActivity')
      .insertMany([
        dayOf('u1', '2026-11-01'),
        dayOf('u1', '2026-11-02'),
        dayOf('u2', '2026-11-01'),
        dayOf('u3', '2026-11-01', { departmentKey: 'set by a sync' }),
        dayOf('ghost', '2026-11-01'),
      ]);
    await t.store.ensureIndexes();
    const keys = async () =>
      Object.fromEntries(
        (await t.store.dailyUserActivity.find({ tenantId }).toArray()).map((d) => [
          `${d.userId}/${d.day}`,
          d.departmentKey,
        ]),
      );
    expect(await keys()).toEqual({
      'u1/2026-11-01': 'sales',
      'u1/2026-11-02': 'sales',
      'u2/2026-11-01': null,
      'u3/2026-11-01': 'set by a sync',
      'ghost/2026-11-01': null,
    });
    const before = await t.store.dailyUserActivity.find({}).sort({ _id: 1 }).toArray();
    await t.store.ensureIndexes();
    expect(await t.store.dailyUserActivity.find({}).sort({ _id: 1 }).toArray()).toEqual(before);
  });
});
