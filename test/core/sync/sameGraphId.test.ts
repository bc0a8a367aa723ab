import { aggregateIds } from '../../../server/core/sync/aggregateOps';
import { prepareBatch } from '../../../server/core/sync/batchPreparer';
import { BatchWriter } from '../../../server/core/sync/batchWriter';
import { mapInteraction } from '../../../server/core/sync/interactionMapper';
import { createSilentLogger } from '../../../server/logger';
import { buildInteraction, buildUser } from '../../support/factories';
import { openTestStore, type TestStore } from '../../support/testStore';

/**
 * Graph's aiInteraction ids are unique within one user's history only (the export API is read per user, and the ids
 * are creation timestamps): two people's interactions at the same moment share an id and must both be stored.
 */

const tenantId = 'tenant-same-graph-id';
let t: TestStore;

beforeEach(async () => {
  t = await openTestStore('samegraphid');
});
afterEach(() => t.close());

it("stores two users' interactions that share a Graph id, each counted for its own user", async () => {
  const at = new Date('2026-11-04T00:00:00.000Z');
  const graphId = '1762078500000';
  const users = [buildUser({ id: 'user-one' }), buildUser({ id: 'user-two' })];
  const pages = users.map((user) => ({
    user,
    interactions: [
      mapInteraction(tenantId, user.id, buildInteraction({ id: graphId, sessionId: `19:${user.id}@thread.v2` }), at),
    ],
  }));
  const prepared = await prepareBatch(t.store, tenantId, 'run-1', at, pages);
  const writer = new BatchWriter(t.store, createSilentLogger());
  for (const batch of prepared?.batches ?? []) await writer.write(batch);

  const stored = await t.store.interactions.find({ tenantId }).toArray();
  expect(stored.map((d) => `${d.userId}|${d.graphId}|${d.sessionId}`).sort()).toEqual([
    `user-one|${graphId}|19:user-one@thread.v2`,
    `user-two|${graphId}|19:user-two@thread.v2`,
  ]);
  for (const user of users) {
    const activity = await t.store.users.findOne({ _id: aggregateIds.user(tenantId, user.id) });
    expect(activity).toMatchObject({ interactionCount: 1, promptCount: 1, conversationCount: 1 });
  }
});
