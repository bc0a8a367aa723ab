import { listAgents } from '../../../server/core/insights/agents';
import { BatchWriter, type PendingBatch } from '../../../server/core/sync/batchWriter';
import { mapInteraction } from '../../../server/core/sync/interactionMapper';
import type { GraphUser } from '../../../server/graph/types';
import { createSilentLogger } from '../../../server/logger';
import { buildInteraction, buildUser, pendingBatch } from '../../support/factories';
import { openTestStore, type TestStore } from '../../support/testStore';

/**
 * An agent carries its person's department key, the agents list's department filter. The batch that sets a person's
 * department (on their users record) sets it on every agent of theirs, those of apps it does not touch too, and a
 * batch replayed after a crash leaves the same keys.
 */

const tenantId = 'tenant-agent-departments';
const WORD = 'IPM.SkypeTeams.Message.Copilot.Word';
const TEAMS = 'IPM.SkypeTeams.Message.Copilot.Teams';
const EXCEL = 'IPM.SkypeTeams.Message.Copilot.Excel';
const at = new Date('2026-11-05T00:00:00Z');

let counter = 0;
/** One prompt of `user` in each app named, in a session of its own. */
function batch(batchId: string, user: GraphUser, appClasses: string[]): PendingBatch {
  const interactions = appClasses.map((appClass) => {
    counter += 1;
    const interaction = buildInteraction({
      id: `i${counter}`,
      appClass,
      sessionId: `session-${counter}`,
      createdDateTime: new Date(Date.UTC(2026, 10, 2, 9, counter)).toISOString(),
    });
    return mapInteraction(tenantId, user.id, interaction, at);
  });
  return pendingBatch(tenantId, batchId, user, interactions, at);
}

const ada = buildUser({ id: 'user-ada', department: ' Finance ' });
const ben = buildUser({ id: 'user-ben', department: 'Finance' });

describe("an agent's department key through the sync's batch writer", () => {
  let t: TestStore;
  let writer: BatchWriter;
  beforeEach(async () => {
    t = await openTestStore('agentdept');
    writer = new BatchWriter(t.store, createSilentLogger());
    await writer.write(batch('b1', ada, [WORD, TEAMS, EXCEL]));
    await writer.write(batch('b2', ben, [WORD]));
  });
  afterEach(async () => t.close());

  const keys = async () =>
    Object.fromEntries(
      (await t.store.agents.find({ tenantId }).toArray()).map((a) => [`${a.userId}/${a.appKey}`, a.departmentKey]),
    );
  const listed = async (department: string) =>
    (await listAgents(t.store, tenantId, { department, sort: 'lastAt', direction: 'desc', limit: 50 })).items.map(
      (a) => `${a.userId}/${a.appKey}`,
    );

  it("is written on each new agent as its person's department, trimmed and lowercased", async () => {
    expect(await keys()).toEqual({
      'user-ada/word': 'finance',
      'user-ada/teams': 'finance',
      'user-ada/excel': 'finance',
      'user-ben/word': 'finance',
    });
    expect((await listed('FINANCE')).sort()).toEqual([
      'user-ada/excel',
      'user-ada/teams',
      'user-ada/word',
      'user-ben/word',
    ]);
  });

  it('follows a department change to every agent of that person, not only the apps of the batch, and no one else', async () => {
    await writer.write(batch('b3', { ...ada, department: 'Research' }, [WORD]));
    expect(await keys()).toEqual({
      'user-ada/word': 'research',
      'user-ada/teams': 'research',
      'user-ada/excel': 'research',
      'user-ben/word': 'finance',
    });
    expect((await t.store.users.findOne({ tenantId, userId: ada.id }))?.departmentKey).toBe('research');
    expect((await listed('research')).sort()).toEqual(['user-ada/excel', 'user-ada/teams', 'user-ada/word']);
    expect(await listed('finance')).toEqual(['user-ben/word']);

    // Leaving every department: the key is null (the filter for "no department"), on every agent again.
    await writer.write(batch('b4', { ...ada, department: null }, [TEAMS]));
    expect(await keys()).toMatchObject({ 'user-ada/word': null, 'user-ada/teams': null, 'user-ada/excel': null });
  });

  it('moves them when a crash left the batch journalled with its interactions stored, and a second recovery changes nothing', async () => {
    const moved = batch('b3', { ...ada, department: 'Sales' }, [EXCEL]);
    await t.store.syncBatches.insertOne(moved.entry);
    await t.store.interactions.insertMany(moved.interactions);
    expect(await writer.recover(tenantId)).toBe(1);
    const after = await t.store.agents.find({ tenantId }).sort({ _id: 1 }).toArray();
    expect(after.map((a) => [a.userId, a.departmentKey])).toEqual(
      after.map((a) => [a.userId, a.userId === ada.id ? 'sales' : 'finance']),
    );
    expect(await writer.recover(tenantId)).toBe(0);
    expect(await t.store.agents.find({ tenantId }).sort({ _id: 1 }).toArray()).toEqual(after);
  });

  it("moves the person's other agents when a crash came after the batch's ops but before they moved", async () => {
    const research = batch('b3', { ...ada, department: 'Research' }, [WORD]);
    await writer.write(research);
    // What such a crash leaves: the journal entry, the person and the Word agent moved, the other agents not yet.
    await t.store.syncBatches.insertOne(research.entry);
    for (const shared of ['dataSources', 'dailyActivity', 'siteActivity'])
      await t.store.db.collection(shared).updateMany({ tenantId }, { $set: { 'applied.b3': true } });
    await t.store.agents.updateMany(
      { tenantId, userId: ada.id, appKey: { $ne: 'word' } },
      { $set: { departmentKey: 'finance' } },
    );
    expect(await writer.recover(tenantId)).toBe(1);
    expect(await keys()).toEqual({
      'user-ada/word': 'research',
      'user-ada/teams': 'research',
      'user-ada/excel': 'research',
      'user-ben/word': 'finance',
    });
  });
});
