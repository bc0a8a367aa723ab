import { aggregateIds } from '../../../server/core/sync/aggregateOps';
import { BatchWriter, type PendingBatch } from '../../../server/core/sync/batchWriter';
import { followDirectoryProfiles } from '../../../server/core/sync/directoryMoves';
import { syncDirectory } from '../../../server/core/sync/directorySyncer';
import type { GraphGateway } from '../../../server/graph/GraphGateway';
import { M365_COPILOT_SKU_ID } from '../../../server/graph/constants';
import type { GraphUser } from '../../../server/graph/types';
import { createSilentLogger } from '../../../server/logger';
import { buildUser, promptsBatch } from '../../support/factories';
import { openTestStore, type TestStore } from '../../support/testStore';

/**
 * The directory sync brings the activity records of the people it lists to the directory's profile: a changed
 * department moves the person's users record, every agent and every daily record of theirs (no one else's), a changed
 * name only the users record; someone without activity gets no record. A crash between those writes is finished by
 * the next sync, and a sync after that writes nothing.
 */

const tenantId = 'tenant-directory-moves';
const WORD = 'IPM.SkypeTeams.Message.Copilot.Word';
const TEAMS = 'IPM.SkypeTeams.Message.Copilot.Teams';
const at = new Date('2026-11-20T00:00:00Z');

/** One prompt of `user` in each app named, each on a November day of its own. */
const batch = (batchId: string, user: GraphUser, appClasses: string[]): PendingBatch =>
  promptsBatch(
    tenantId,
    batchId,
    user,
    appClasses.map((appClass, i) => ({
      appClass,
      createdDateTime: `2026-11-${String(2 + i).padStart(2, '0')}T09:00:00Z`,
    })),
    at,
  );

const ada = buildUser({ id: 'user-ada', department: 'Finance' });
const ben = buildUser({ id: 'user-ben', department: 'Finance' });
const cy = buildUser({ id: 'user-cy', department: 'Legal' });

let t: TestStore;
beforeEach(async () => {
  t = await openTestStore('dirmoves');
  const writer = new BatchWriter(t.store, createSilentLogger());
  await writer.write(batch('b1', ada, [WORD, TEAMS]));
  await writer.write(batch('b2', ben, [WORD]));
});
afterEach(async () => {
  jest.restoreAllMocks();
  await t.close();
});

const directory = (page: GraphUser[]) =>
  syncDirectory({
    store: t.store,
    gateway: { async *listLicensedUsers() { yield page; } } as unknown as GraphGateway, // prettier-ignore
    tenantId,
    skuIds: [M365_COPILOT_SKU_ID],
    now: at,
  });

/** Each person's department key on their users record, agents and daily records. */
async function keys() {
  const out: Record<string, unknown[]> = {};
  for (const records of [t.store.users, t.store.agents, t.store.dailyUserActivity] as const)
    for (const r of await (records as typeof t.store.agents).find({ tenantId }).sort({ _id: 1 }).toArray())
      (out[r.userId] ??= []).push(r.departmentKey);
  return out;
}

it("moves a person's users record, every agent and every day to the new department, and no one else", async () => {
  await directory([{ ...ada, department: ' Research ' }, ben, cy]);
  expect(await keys()).toEqual({
    'user-ada': ['research', 'research', 'research', 'research', 'research'],
    'user-ben': ['finance', 'finance', 'finance'],
  });
  expect(await t.store.users.findOne({ tenantId, userId: ada.id })).toMatchObject({ department: ' Research ' });
  // Someone without activity has no users record to move (their first batch writes it).
  expect(await t.store.users.countDocuments({ tenantId, userId: cy.id })).toBe(0);
});

it('changes only the users record when the name changes, moving no agent or day', async () => {
  const agentWrites = jest.spyOn(t.store.agents, 'bulkWrite');
  const dayWrites = jest.spyOn(t.store.dailyUserActivity, 'bulkWrite');
  await directory([{ ...ada, displayName: 'Ada Lovelace-Byron', jobTitle: 'Controller' }, ben]);
  expect(await t.store.users.findOne({ tenantId, userId: ada.id })).toMatchObject({
    displayName: 'Ada Lovelace-Byron',
    jobTitle: 'Controller',
    departmentKey: 'finance',
  });
  expect(agentWrites).not.toHaveBeenCalled();
  expect(dayWrites).not.toHaveBeenCalled();
});

it('is finished by the next sync after a crash before the users record was written, and then writes nothing', async () => {
  const moved = [{ ...ada, department: 'Research' }, ben];
  jest.spyOn(t.store.users, 'bulkWrite').mockRejectedValueOnce(new Error('connection reset'));
  await expect(directory(moved)).rejects.toThrow('connection reset');
  // What the crash left: agents and days moved, the users record not.
  expect((await keys())['user-ada']).toEqual(['finance', 'research', 'research', 'research', 'research']);
  await directory(moved);
  expect((await keys())['user-ada']).toEqual(['research', 'research', 'research', 'research', 'research']);
  const users = await t.store.users.find({ tenantId }).toArray();
  jest.restoreAllMocks();
  const writes = [
    jest.spyOn(t.store.users, 'bulkWrite'),
    jest.spyOn(t.store.agents, 'bulkWrite'),
    jest.spyOn(t.store.dailyUserActivity, 'bulkWrite'),
  ];
  await directory(moved);
  for (const w of writes) expect(w).not.toHaveBeenCalled();
  expect(await t.store.users.find({ tenantId }).toArray()).toEqual(users);
});

it('is finished by the next sync after a crash before any record moved', async () => {
  const moved = [{ ...ada, department: 'Research' }, ben];
  jest.spyOn(t.store.agents, 'bulkWrite').mockRejectedValueOnce(new Error('connection reset'));
  await expect(directory(moved)).rejects.toThrow('connection reset');
  expect((await keys())['user-ada']).toEqual(['finance', 'finance', 'finance', 'finance', 'finance']);
  await directory(moved);
  expect(await keys()).toEqual({
    'user-ada': ['research', 'research', 'research', 'research', 'research'],
    'user-ben': ['finance', 'finance', 'finance'],
  });
});

it.each([
  ['displayName', 'Ben Okafor-Smith'],
  ['userPrincipalName', 'ben.os@contoso.example'],
  ['mail', 'ben.os@contoso.example'],
  ['department', 'FINANCE'], // another spelling of the same department: the same key, nothing to move
  ['jobTitle', 'Head of Treasury'],
  ['officeLocation', 'Building 9'],
] as const)("follows a change of %s alone on that person's users record, and no one else's", async (field, value) => {
  const before = await t.store.users.findOne({ tenantId, userId: ada.id });
  const agentWrites = jest.spyOn(t.store.agents, 'bulkWrite');
  await directory([ada, { ...ben, [field]: value }]);
  expect(await t.store.users.findOne({ tenantId, userId: ben.id })).toMatchObject({ [field]: value });
  expect(await t.store.users.findOne({ tenantId, userId: ada.id })).toEqual(before);
  expect(agentWrites).not.toHaveBeenCalled();
});

it("reads only this tenant's records: another tenant's person under the same id changes nothing here", async () => {
  const ours = await t.store.users.findOne({ tenantId, userId: ben.id });
  const theirs = { tenantId: 'tenant-other', department: 'Legal', departmentKey: 'legal' };
  await t.store.users.insertOne({ ...ours!, _id: aggregateIds.user('tenant-other', ben.id), ...theirs });
  const writes = jest.spyOn(t.store.users, 'bulkWrite');
  await directory([ada, ben]);
  expect(writes).not.toHaveBeenCalled();
  expect(await followDirectoryProfiles(t.store, tenantId, [ada, ben])).toBe(0);
});

it('reads nothing for an empty page', async () => {
  const reads = jest.spyOn(t.store.users, 'find');
  expect(await followDirectoryProfiles(t.store, tenantId, [])).toBe(0);
  expect(reads).not.toHaveBeenCalled();
});
