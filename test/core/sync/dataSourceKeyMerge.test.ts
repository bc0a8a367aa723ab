import { migrateDataSourceKeys } from '../../../server/core/sync/dataSourceKeyMigration';
import { captureLogs } from '../../support/logCapture';
import { openTestStore, type TestStore } from '../../support/testStore';
import { expectedState, restoreSeed, state, T } from './keyMergeFixture';

/**
 * The merge of data sources stored under an earlier spelling of their URL, on a small store written by hand, with
 * every figure it should end with written out by hand too (dataSourceKeyMigration.test.ts compares a whole simulated
 * tenant with a sync from scratch; this one names each rule: the usage sums less the interactions that cited two
 * spellings at once, which source lends the name, the day's access count, other tenants and unreadable keys left
 * alone). A pass that dies part-way: dataSourceKeyCrash.test.ts.
 */
let t: TestStore;

beforeAll(async () => {
  t = await openTestStore('keymerge');
});
afterAll(async () => t?.close());
beforeEach(() => restoreSeed(t.store));

describe('data sources merged into their current key, figure by figure', () => {
  it('end as a sync from scratch would store them, and the pass says what it merged', async () => {
    const logs = captureLogs();
    const result = await migrateDataSourceKeys(t.store, T, logs.logger);
    expect(result).toEqual({ merged: 5, targets: 3, interactions: 7 });
    expect(await state(t.store)).toEqual(expectedState());
    expect(logs.lines).toEqual([
      expect.objectContaining({
        level: 30,
        merged: 5,
        targets: 3,
        interactions: 7,
        msg: 'Merged data sources stored under an earlier spelling of their URL.',
      }),
    ]);
  });

  it('change nothing and say nothing when run again', async () => {
    await migrateDataSourceKeys(t.store, T, captureLogs().logger);
    const logs = captureLogs();
    expect(await migrateDataSourceKeys(t.store, T, logs.logger)).toEqual({ merged: 0, targets: 0, interactions: 0 });
    expect(await state(t.store)).toEqual(expectedState());
    expect(logs.lines).toEqual([]);
  });
});
