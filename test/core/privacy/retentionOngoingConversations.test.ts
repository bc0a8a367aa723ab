import { applyRetention } from '../../../server/core/privacy/retention';
import { aggregateIds } from '../../../server/core/sync/aggregateOps';
import { BatchWriter } from '../../../server/core/sync/batchWriter';
import { mapInteraction } from '../../../server/core/sync/interactionMapper';
import { createSilentLogger } from '../../../server/logger';
import { buildInteraction, buildUser, pendingBatch } from '../../support/factories';
import { openTestStore, type TestStore } from '../../support/testStore';

/**
 * The metadata period ends a conversation when its last message is older than the period, not its first: a
 * conversation someone came back to within the period stays (with its counts and its recent messages), while the
 * messages older than the period go, as a conversation that ended before the period goes whole. Stored by the sync's
 * own batch writer.
 */

const tenantId = 'tenant-retention-ongoing';
const DAY = 86_400_000;
const NOW = new Date('2026-12-01T12:00:00.000Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY);
const settings = { textDays: 30, metadataDays: 60, accessLogDays: 730, operationalDays: 90 };

let t: TestStore;
beforeAll(async () => {
  t = await openTestStore('retentionongoing');
});
afterAll(() => t.close());

it('keeps a conversation whose last message is within the metadata period, however old its first', async () => {
  const user = buildUser({ id: 'user-ongoing' });
  const sessions = { ended: '19:ended@thread.v2', ongoing: '19:ongoing@thread.v2', recent: '19:recent@thread.v2' };
  const interactions = [
    buildInteraction({ id: '1', sessionId: sessions.ended, createdDateTime: daysAgo(90).toISOString() }),
    buildInteraction({ id: '2', sessionId: sessions.ongoing, createdDateTime: daysAgo(80).toISOString() }),
    buildInteraction({ id: '3', sessionId: sessions.ongoing, createdDateTime: daysAgo(5).toISOString() }),
    buildInteraction({ id: '4', sessionId: sessions.recent, createdDateTime: daysAgo(2).toISOString() }),
  ].map((i) => mapInteraction(tenantId, user.id, i, NOW));
  await new BatchWriter(t.store, createSilentLogger()).write(pendingBatch(tenantId, 'b1', user, interactions, NOW));
  const conversation = (session: string) =>
    t.store.conversations.findOne({ _id: aggregateIds.conversation(tenantId, user.id, session) });
  const ongoing = { firstAt: daysAgo(80), lastAt: daysAgo(5), interactionCount: 2, promptCount: 2 };
  // The ongoing conversation spans the cut-off 60 days back, as stored.
  expect(await conversation(sessions.ongoing)).toMatchObject(ongoing);

  const run = await applyRetention(t.store, tenantId, settings, NOW, createSilentLogger());

  expect(run.counts).toMatchObject({ conversationsDeleted: 1, interactionsDeleted: 2 });
  expect(await conversation(sessions.ended)).toBeNull();
  expect(await conversation(sessions.ongoing)).toMatchObject(ongoing);
  expect(await conversation(sessions.recent)).toMatchObject({ interactionCount: 1 });
  const left = await t.store.interactions.find({ tenantId }, { projection: { graphId: 1 } }).toArray();
  expect(left.map((i) => i.graphId).sort()).toEqual(['3', '4']);
});
