import { aggregateIds } from '../../../server/core/sync/aggregateOps';
import { BatchWriter } from '../../../server/core/sync/batchWriter';
import { mapInteraction } from '../../../server/core/sync/interactionMapper';
import { createSilentLogger } from '../../../server/logger';
import { buildInteraction, buildUser, pendingBatch } from '../../support/factories';
import { openTestStore, type TestStore } from '../../support/testStore';

/**
 * The journal entry is what lets the next run settle a batch a crash interrupted: it must be stored before any of the
 * batch's interactions. A process that dies right after storing the page, before anything else, otherwise leaves
 * interactions no run will count (the next fetch finds them stored and skips them).
 */

const tenantId = 'tenant-journal-first';
let t: TestStore;

beforeEach(async () => {
  t = await openTestStore('journalfirst');
});
afterEach(() => t.close());

describe('a batch interrupted right after its interactions are stored', () => {
  it('was journalled before the first interaction was written, and the next run counts the page exactly once', async () => {
    const user = buildUser({ id: 'user-journal' });
    const at = new Date('2026-11-02T11:00:00Z');
    const page = [
      buildInteraction({ id: '5000', createdDateTime: '2026-11-02T10:00:00.000Z' }),
      buildInteraction({ id: '5001', interactionType: 'aiResponse', createdDateTime: '2026-11-02T10:00:04.000Z' }),
    ].map((i) => mapInteraction(tenantId, user.id, i, at));
    const batch = pendingBatch(tenantId, 'crashed', user, page, at);

    const journalledAtInsert: number[] = [];
    const realInsert = t.store.interactions.insertMany.bind(t.store.interactions);
    jest.spyOn(t.store.interactions, 'insertMany').mockImplementationOnce(async (...args) => {
      journalledAtInsert.push(await t.store.syncBatches.countDocuments({ batchId: 'crashed' }));
      await realInsert(...args);
      throw new Error('the process died right after storing the page');
    });
    await expect(new BatchWriter(t.store, createSilentLogger()).write(batch)).rejects.toThrow('the process died');
    expect(journalledAtInsert).toEqual([1]);

    // The next run, a new process: it finds the journal entry and finishes the batch.
    expect(await new BatchWriter(t.store, createSilentLogger()).recover(tenantId)).toBe(1);
    expect(await t.store.interactions.countDocuments({ tenantId })).toBe(2);
    const agent = await t.store.agents.findOne({ _id: aggregateIds.agent(tenantId, user.id, 'word') });
    expect(agent).toMatchObject({ promptCount: 1, responseCount: 1, interactionCount: 2, conversationCount: 1 });
    const userDoc = await t.store.users.findOne({ _id: aggregateIds.user(tenantId, user.id) });
    expect(userDoc).toMatchObject({ promptCount: 1, interactionCount: 2, conversationCount: 1 });
    expect(await t.store.syncBatches.countDocuments({})).toBe(0);
  });
});
