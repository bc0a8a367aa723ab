import type { Document } from 'mongodb';
import { migrateDataSourceKeys } from '../../../server/core/sync/dataSourceKeyMigration';
import { crashingAfter } from '../../support/crashingStore';
import { captureLogs } from '../../support/logCapture';
import { openTestStore, type TestStore } from '../../support/testStore';
import { expectedState, restoreSeed, seedSecondTenant, state, T, U } from './keyMergeFixture';

/**
 * Two tenants merging data-source keys (keyMergeFixture.ts) in one store: the second tenant's pass dies part-way,
 * leaving its marks (a day's count already corrected for an interaction, a usage record that already holds the old
 * keys' figures); the first tenant's whole pass then runs. It must leave every document of the second tenant as the
 * crash left it, marks included: cleared, the second tenant's next pass would take an interaction's duplicate off
 * the day's count again or add the old keys' figures to the usage record twice.
 */
let t: TestStore;

beforeAll(async () => {
  t = await openTestStore('keytenants');
});
afterAll(async () => t?.close());

async function twoTenants(): Promise<void> {
  await restoreSeed(t.store);
  await seedSecondTenant(t.store);
}
const silent = () => captureLogs().logger;
const has = (docs: Document[], field: string) => docs.some((doc) => field in doc);

describe("a tenant's merge of data-source keys beside another tenant's unfinished one", () => {
  it("leaves the other tenant's marks and records as its crashed pass left them, and its next pass ends right", async () => {
    await twoTenants();
    const whole = crashingAfter(t.store, Number.MAX_SAFE_INTEGER);
    await migrateDataSourceKeys(whole.store, U, silent());
    await migrateDataSourceKeys(t.store, T, silent());
    expect(await state(t.store)).toEqual(expectedState(true));
    const writes = whole.tried();

    const crashes = { withDayMarks: 0, withUsageMarks: 0 };
    for (let crashAt = 1; crashAt < writes; crashAt++) {
      await twoTenants();
      await expect(migrateDataSourceKeys(crashingAfter(t.store, crashAt).store, U, silent())).rejects.toThrow(
        'simulated crash',
      );
      const left = await state(t.store, U);
      if (has(left.dailyActivity!, 'dataSourceKeyMerges')) crashes.withDayMarks += 1;
      if (has(left.dataSourceUsage!, 'mergedKeys')) crashes.withUsageMarks += 1;

      await migrateDataSourceKeys(t.store, T, silent());
      expect({ crashAt, second: await state(t.store, U) }).toEqual({ crashAt, second: left });

      await migrateDataSourceKeys(t.store, U, silent());
      expect({ crashAt, state: await state(t.store) }).toEqual({ crashAt, state: expectedState(true) });
    }
    // Crashes that left each kind of mark in the second tenant's documents, for the first tenant's pass to meet.
    expect(crashes.withDayMarks).toBeGreaterThan(0);
    expect(crashes.withUsageMarks).toBeGreaterThan(0);
  });
});
