import { adoptionByDepartment, departmentGroups } from '../../../server/core/insights/adoption';
import { departmentMembers, firstUseFacts, licensedFacts } from '../../../server/core/insights/askFacts';
import { aggregateIds, profileOf } from '../../../server/core/sync/aggregateOps';
import { naturalId } from '../../../server/store/naturalId';
import { buildUser } from '../../support/factories';
import { openTestStore, type TestStore } from '../../support/testStore';

/**
 * Adoption and the ask engine's licence holders and department members read a department as the users list does: by
 * its key (trimmed, lowercased), so the directory's spellings of one department are one department, and a name that
 * only contains it ("Presales") is another.
 */

const tenantId = 'tenant-spellings';
const range = { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-11-08T00:00:00Z') };
/** Licence holders per spelling: Sales six times in three spellings, Presales five, Legal two. */
const DIRECTORY: Array<[string | null, number]> = [
  ['Sales', 3],
  [' sales', 2],
  ['SALES ', 1],
  ['Presales', 5],
  ['Legal', 2],
  [null, 1],
];
const people = DIRECTORY.flatMap(([department, n], group) =>
  Array.from({ length: n }, (_, i) => buildUser({ id: `g${group}-${i}`, department })),
);
/** Active (a prompt on 3 November): the first person of each spelling. */
const active = people.filter((p) => p.id.endsWith('-0'));

let t: TestStore;
beforeAll(async () => {
  t = await openTestStore('spellings');
  const now = new Date('2026-11-08T00:00:00Z');
  await t.store.directoryUsers.insertMany(
    people.map((u) => ({
      _id: naturalId('directoryUser', tenantId, u.id),
      tenantId,
      userId: u.id,
      ...profileOf(u),
      accountEnabled: true,
      skuIds: [],
      copilotEnabled: true,
      hasActivity: active.includes(u),
      firstSeenAt: now,
      lastSeenAt: now,
    })),
  );
  await t.store.users.insertMany(
    active.map((u) => ({
      _id: aggregateIds.user(tenantId, u.id),
      tenantId,
      userId: u.id,
      ...profileOf(u),
      firstActiveAt: range.from,
      lastActiveAt: range.from,
      promptCount: 1,
      responseCount: 0,
      interactionCount: 1,
      conversationCount: 1,
      appCounts: { word: 1 },
    })),
  );
  await t.store.dailyUserActivity.insertMany(
    active.map((u) => ({
      _id: aggregateIds.dailyUser(tenantId, '2026-11-03', u.id),
      tenantId,
      day: '2026-11-03',
      date: new Date('2026-11-03T00:00:00Z'),
      userId: u.id,
      promptCount: 1,
      responseCount: 0,
      interactionCount: 1,
      appCounts: { word: 1 },
      appPrompts: { word: 1 },
    })),
  );
});
afterAll(async () => t?.close());

const idsOf = (prefixes: string[]) => people.filter((p) => prefixes.some((g) => p.id.startsWith(g))).map((p) => p.id);
const SALES = idsOf(['g0-', 'g1-', 'g2-']).sort();

describe('a department in adoption and the ask engine', () => {
  it('groups the spellings of one department into one group, shown by its most common spelling', async () => {
    const { groups, total } = await adoptionByDepartment(t.store, tenantId, { range, minGroupSize: 5 });
    const shown = groups.map((g) => [g.department, g.kind, g.licensedUsers, g.now.activeUsers]);
    expect(shown).toEqual([
      ['Sales', 'department', 6, 3],
      ['Presales', 'department', 5, 1],
      ['Other (small groups)', 'small_groups', 3, 2],
    ]);
    expect(total.licensedUsers).toBe(people.length);
  });

  it('gives the minimum group size rule over the spellings: large departments by their most common spelling, the rest merged', async () => {
    expect(await departmentGroups(t.store, tenantId, 5)).toEqual({
      alone: new Set(['Sales', 'Presales']),
      mergedLicensed: 3,
    });
    expect(await departmentGroups(t.store, tenantId, 2)).toEqual({
      alone: new Set(['Sales', 'Presales', 'Legal']),
      mergedLicensed: 1,
    });
    // People whose history could not be read are not counted: Sales falls below 5 with two of them, in two spellings.
    const states = t.store.db.collection('syncState');
    const unreadable = ['g1-0', 'g2-0'].map((userId) => ({ tenantId, userId, status: 'error' }));
    await states.insertMany(unreadable);
    try {
      expect(await departmentGroups(t.store, tenantId, 5)).toEqual({ alone: new Set(['Presales']), mergedLicensed: 7 });
      const { groups } = await adoptionByDepartment(t.store, tenantId, { range, minGroupSize: 5 });
      expect(groups.map((g) => [g.department, g.licensedUsers])).toEqual([
        ['Presales', 5],
        ['Other (small groups)', 7],
      ]);
    } finally {
      await states.deleteMany({ tenantId });
    }
  });

  it("counts a department asked in any spelling over all of its people's spellings, and no other department", async () => {
    for (const asked of ['sales', ' SALES ', 'Sales']) {
      const { total } = await adoptionByDepartment(t.store, tenantId, { range, departments: [asked], minGroupSize: 5 });
      expect({ asked, licensed: total.licensedUsers, active: total.now.activeUsers }).toEqual({
        asked,
        licensed: 6,
        active: 3,
      });
    }
  });

  it("lists a department's licence holders and members over every spelling", async () => {
    const licensed = await licensedFacts(t.store, tenantId, ['sALes']);
    expect(licensed.map((f) => f.userId).sort()).toEqual(SALES);
    expect((await licensedFacts(t.store, tenantId, ['presales', 'legal'])).map((f) => f.userId).sort()).toEqual(
      idsOf(['g3-', 'g4-']).sort(),
    );
    expect((await licensedFacts(t.store, tenantId, [])).length).toBe(people.length);
    expect((await departmentMembers(t.store, tenantId, [' sales'])).sort()).toEqual(SALES);
  });

  it("finds a department's new users over every spelling, and no other department's", async () => {
    const firstUsers = async (departments: string[]) =>
      (await firstUseFacts(t.store, tenantId, range, departments)).map((f) => f.userId).sort();
    expect(await firstUsers(['Sales'])).toEqual(['g0-0', 'g1-0', 'g2-0']);
    expect(await firstUsers(['SALES', 'legal'])).toEqual(['g0-0', 'g1-0', 'g2-0', 'g4-0']);
    expect((await firstUsers([])).length).toBe(active.length);
  });
});
