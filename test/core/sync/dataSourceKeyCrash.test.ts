import { migrateDataSourceKeys } from '../../../server/core/sync/dataSourceKeyMigration';
import { crashingAfter } from '../../support/crashingStore';
import { captureLogs } from '../../support/logCapture';
import { openTestStore, type TestStore } from '../../support/testStore';
import { expectedState, restoreSeed, state, T } from './keyMergeFixture';

/**
 * The merge of data-source keys (keyMergeFixture.ts) crashed at every write it makes, and twice in a row, then
 * finished by the next pass: each time exactly what one whole pass leaves.
 */
let t: TestStore;

beforeAll(async () => {
  t = await openTestStore('keycrash');
});
afterAll(async () => t?.close());
beforeEach(() => restoreSeed(t.store));

describe('data sources merged into their current key by a pass that dies part-way', () => {
  it('end the same when a pass dies at any write and the next one finishes it', async () => {
    const whole = crashingAfter(t.store, Number.MAX_SAFE_INTEGER);
    await migrateDataSourceKeys(whole.store, T, captureLogs().logger);
    const writes = whole.tried();
    expect(writes).toBeGreaterThan(20);
    for (let crashAt = 0; crashAt < writes; crashAt++) {
      await restoreSeed(t.store);
      const crashing = crashingAfter(t.store, crashAt);
      await expect(migrateDataSourceKeys(crashing.store, T, captureLogs().logger)).rejects.toThrow('simulated crash');
      await migrateDataSourceKeys(t.store, T, captureLogs().logger);
      expect({ crashAt, state: await state(t.store) }).toEqual({ crashAt, state: expectedState() });
    }
  });

  it('end the same when a pass dies twice in a row before one finishes', async () => {
    const whole = crashingAfter(t.store, Number.MAX_SAFE_INTEGER);
    await migrateDataSourceKeys(whole.store, T, captureLogs().logger);
    const writes = whole.tried();
    for (const [first, second] of [
      [3, 1],
      [Math.floor(writes / 2), 2],
      [writes - 2, 1],
    ] as const) {
      await restoreSeed(t.store);
      for (const crashAt of [first, second])
        await expect(
          migrateDataSourceKeys(crashingAfter(t.store, crashAt).store, T, captureLogs().logger),
        ).rejects.toThrow('simulated crash');
      await migrateDataSourceKeys(t.store, T, captureLogs().logger);
      expect({ first, second, state: await state(t.store) }).toEqual({ first, second, state: expectedState() });
    }
  });
});
