import type { Document } from 'mongodb';
import { listLicensedInactive } from '../../server/core/insights/licensedInactive';
import { listUsers } from '../../server/core/insights/users';
import { profileOf } from '../../server/core/sync/aggregateOps';
import { aggregateIds } from '../../server/core/sync/aggregateOps';
import { naturalId } from '../../server/store/naturalId';
import { createStore } from '../../server/store/Store';
import { buildUser } from '../support/factories';
import { openTestStore, type TestStore } from '../support/testStore';

/**
 * A department filter is an equality on `departmentKey` (the department trimmed and lowercased), which the sync writes
 * and start-up backfills on people stored before it existed.
 */

const tenantId = 'tenant-departments';
const at = new Date('2026-11-01T00:00:00Z');
/** Spellings as an earlier version stored them, without a key; undefined: no department field at all. */
const SPELLINGS: Array<string | null | undefined> = ['Sales', ' sales ', 'SALES', 'Presales', null, undefined, '  '];

let t: TestStore;

beforeAll(async () => {
  t = await openTestStore('deptkey');
  const db = t.client.db(t.dbName);
  const person = (i: number): Document => ({
    tenantId,
    userId: `u${i}`,
    displayName: `Person ${i}`,
    ...(SPELLINGS[i] === undefined ? {} : { department: SPELLINGS[i] }),
  });
  await db.collection('users').insertMany(
    SPELLINGS.map((_, i) => ({
      ...person(i),
      _id: aggregateIds.user(tenantId, `u${i}`),
      firstActiveAt: at,
      lastActiveAt: new Date(at.getTime() + i * 60_000),
      interactionCount: 1,
      promptCount: 1,
      conversationCount: 1,
      appCounts: {},
    })),
  );
  await db.collection('directoryUsers').insertMany(
    SPELLINGS.map((_, i) => ({
      ...person(i),
      _id: naturalId('directoryUser', tenantId, `u${i}`),
      hasActivity: false,
      skuIds: [],
      copilotEnabled: true,
    })),
  );
});

afterAll(async () => t?.close());

const keysOf = async (collection: string) =>
  (await t.client.db(t.dbName).collection(collection).find({}).sort({ userId: 1 }).toArray()).map((d) => [
    d.userId as string,
    d.departmentKey as unknown,
  ]);

const EXPECTED = [
  ['u0', 'sales'],
  ['u1', 'sales'],
  ['u2', 'sales'],
  ['u3', 'presales'],
  ['u4', null],
  ['u5', null],
  ['u6', null],
];

describe('the department key', () => {
  it('is the department trimmed and lowercased when the sync writes a profile, null without one', () => {
    expect(profileOf(buildUser({ department: '  Sales EMEA ' })).departmentKey).toBe('sales emea');
    expect(profileOf(buildUser({ department: null })).departmentKey).toBeNull();
  });

  it('is backfilled at start-up on people stored before it, and a second start changes nothing', async () => {
    await createStore(t.client.db(t.dbName)).ensureIndexes();
    expect(await keysOf('users')).toEqual(EXPECTED);
    expect(await keysOf('directoryUsers')).toEqual(EXPECTED);
    const before = await t.client.db(t.dbName).collection('users').find({}).sort({ userId: 1 }).toArray();
    await createStore(t.client.db(t.dbName)).ensureIndexes();
    expect(await t.client.db(t.dbName).collection('users').find({}).sort({ userId: 1 }).toArray()).toEqual(before);
    expect(await keysOf('directoryUsers')).toEqual(EXPECTED);
  });

  it('lets a department filter find every spelling of the whole name, and not a name containing it', async () => {
    const query = { sort: 'lastActiveAt', direction: 'desc', limit: 50 } as const;
    const sales = await listUsers(t.store, tenantId, { ...query, department: 'sAlEs' }, at);
    expect(sales.items.map((u) => u.userId)).toEqual(['u2', 'u1', 'u0']);
    const presales = await listUsers(t.store, tenantId, { ...query, department: 'presales' }, at);
    expect(presales.items.map((u) => u.userId)).toEqual(['u3']);
    const inactive = await listLicensedInactive(t.store, tenantId, { limit: 50, department: ' SALES' });
    expect(inactive.items.map((u) => u.userId).sort()).toEqual(['u0', 'u1', 'u2']);
  });

  it('is indexed for those reads', async () => {
    const users = await t.client.db(t.dbName).collection('users').indexes();
    expect(users.find((i) => i.name === 'by_department_last_active_id')?.key).toEqual({
      tenantId: 1,
      departmentKey: 1,
      lastActiveAt: -1,
      _id: -1,
    });
    const directory = await t.client.db(t.dbName).collection('directoryUsers').indexes();
    expect(directory.find((i) => i.name === 'by_department_key')?.key).toEqual({ tenantId: 1, departmentKey: 1 });
  });
});
