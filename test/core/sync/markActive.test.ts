import { aggregateIds } from '../../../server/core/sync/aggregateOps';
import { markActive } from '../../../server/core/sync/markActive';
import { naturalId } from '../../../server/store/naturalId';
import { openTestStore, type TestStore } from '../../support/testStore';

/** Who is marked as having used Copilot: the listed licence holders with an activity record, and nobody else. */

const tenantId = 'tenant-mark-active';
let t: TestStore;
beforeEach(async () => {
  t = await openTestStore('markActive');
});
afterEach(async () => t.close());

it('marks only the listed people who have an activity record, in this tenant', async () => {
  const people = ['user-ada', 'user-ben', 'user-cy'];
  await t.store.directoryUsers.insertMany(
    people.map((userId) => ({ _id: naturalId('directoryUser', tenantId, userId), tenantId, userId, hasActivity: false })) as never[], // prettier-ignore
  );
  // Ada and Ben have activity; Cy has none yet.
  await t.store.users.insertMany(
    ['user-ada', 'user-ben'].map((userId) => ({ _id: aggregateIds.user(tenantId, userId), tenantId, userId })) as never[], // prettier-ignore
  );
  await markActive(t.store, tenantId, ['user-ada', 'user-cy']);
  const marked = await t.store.directoryUsers.find({ tenantId, hasActivity: true }).toArray();
  expect(marked.map((d) => d.userId)).toEqual(['user-ada']);
});
