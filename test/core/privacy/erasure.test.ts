import { ObjectId } from 'mongodb';
import { recordAccess } from '../../../server/core/insights/accessLog';
import { eraseUser, erasureHash } from '../../../server/core/privacy/erasure';
import { AppError } from '../../../server/errors';
import { startAppHarness, type AppHarness } from '../../support/appHarness';

/** Every document of every collection, as text: what a whole-database scan for a person finds. */
async function databaseText(h: AppHarness): Promise<Map<string, string>> {
  const db = h.testStore.store.db;
  const texts = new Map<string, string>();
  for (const { name } of await db.listCollections().toArray()) {
    const docs = await db.collection(name).find({}).toArray();
    texts.set(name, JSON.stringify(docs));
  }
  return texts;
}

const totals = async (h: AppHarness) => {
  const s = h.testStore.store;
  const [daily] = await s.dailyActivity
    .aggregate<{ prompts: number; interactions: number }>([
      { $group: { _id: null, prompts: { $sum: '$promptCount' }, interactions: { $sum: '$interactionCount' } } },
    ])
    .toArray();
  return {
    daily,
    users: await s.users.countDocuments({}),
    agents: await s.agents.countDocuments({}),
    conversations: await s.conversations.countDocuments({}),
    sources: await s.dataSources.countDocuments({}),
  };
};

describe('erasing a person on request', () => {
  let h: AppHarness;
  let person: { userId: string; displayName: string; upn: string; mail: string | null; texts: string[] };
  beforeAll(async () => {
    h = await startAppHarness({ userCount: 10, seed: 31 });
    const s = h.testStore.store;
    const top = (await s.users.find({}).sort({ promptCount: -1 }).limit(1).next())!;
    const directory = (await s.directoryUsers.findOne({ userId: top.userId }))!;
    // Their words as only they wrote them (the simulator's prompts repeat across people): one prompt and one
    // attachment given text of their own.
    const texts = ['Quarterly numbers for Project Kestrel-7731 before the board', 'kestrel-attachment-7731 notes'];
    const own = (await s.interactions.find({ userId: top.userId, interactionType: 'userPrompt' }).limit(1).next())!;
    await s.interactions.updateOne(
      { _id: own._id },
      {
        $set: {
          body: { contentType: 'text', content: texts[0]! },
          attachments: [
            { attachmentId: 'a1', contentType: 'text', contentUrl: null, name: 'notes', content: texts[1]! },
          ],
        },
      },
    );
    person = {
      userId: top.userId,
      displayName: directory.displayName!,
      upn: directory.userPrincipalName!,
      mail: directory.mail,
      texts,
    };
    // A risk finding about them (masked evidence, but about them).
    await s.findings.insertOne({
      _id: new ObjectId(),
      tenantId: h.ctx.tenantId,
      rule: 'card-number',
      category: 'financial',
      severity: 'high',
      confidence: 'high',
      title: 'Card number in a prompt',
      userId: top.userId,
      appKey: own.appKey,
      appClass: own.appClass,
      sessionId: own.sessionId,
      interactionId: own.graphId,
      source: 'prompt',
      interactionAt: own.createdAt,
      detectedAt: own.createdAt,
      lastDetectedAt: own.createdAt,
      evidence: [],
      hashes: [],
      status: 'open',
      statusChangedAt: own.createdAt,
      statusChangedBy: null,
      note: null,
      history: [],
    });
    await recordAccess(s, {
      tenantId: h.ctx.tenantId,
      at: h.ctx.now(),
      viewer: { userId: 'admin-1', name: 'Admin', upn: null, demo: false },
      subjectUserId: person.userId,
      subjectName: person.displayName,
      what: 'conversation',
      sessionId: null,
      via: 'tab',
    });
  });
  afterAll(() => h.close());

  const traces = (texts: Map<string, string>) => {
    const found: string[] = [];
    for (const [collection, text] of texts) {
      for (const needle of [person.userId, person.upn, person.mail, ...person.texts]) {
        if (needle && text.includes(needle)) found.push(`${collection}: ${needle.slice(0, 30)}`);
      }
      // Their name, where people are recorded (other people's prompts may mention anyone).
      if (
        ['users', 'directoryUsers', 'accessLog', 'syncRuns'].includes(collection) &&
        text.includes(person.displayName)
      )
        found.push(`${collection}: ${person.displayName}`);
    }
    return found;
  };

  it('leaves no trace of their text, id, name or addresses in any collection, and every total unchanged', async () => {
    expect(traces(await databaseText(h)).length).toBeGreaterThan(0); // the scan finds them before
    const before = await totals(h);
    const result = await eraseUser(
      h.testStore.store,
      h.ctx.tenantId,
      { userId: person.userId, by: 'privacy officer', reason: 'Article 17 request #42' },
      h.ctx.now(),
    );
    expect(result.counts.interactions).toBeGreaterThan(0);
    expect(result.counts.findings).toBe(1);
    expect(traces(await databaseText(h))).toEqual([]);
    expect(await totals(h)).toEqual(before);
    const record = await h.testStore.store.erasures.findOne({ userHash: erasureHash(h.ctx.tenantId, person.userId) });
    expect(record).toMatchObject({ by: 'privacy officer', reason: 'Article 17 request #42' });
    expect(record!.counts.interactions).toBe(result.counts.interactions);
    const audit = await h.testStore.store.accessLog.findOne({ subjectUserId: result.pseudonym });
    expect(audit).toMatchObject({ what: 'conversation', subjectName: null, viewer: { userId: 'admin-1' } });
  });

  it('keeps them out of later syncs, full ones included', async () => {
    await h.sync('incremental');
    await h.sync('full');
    expect(traces(await databaseText(h))).toEqual([]);
    expect(await h.testStore.store.directoryUsers.countDocuments({ userId: person.userId })).toBe(0);
  });

  it('erases a licensed user whose history could not be read from the sync runs that name them', async () => {
    const s = h.testStore.store;
    // A licensed user the export API refused (403), as a run records them.
    const refused =
      (await s.directoryUsers.find({ hasActivity: false }).limit(1).next()) ??
      (await s.directoryUsers
        .find({ userId: { $ne: person.userId } })
        .limit(1)
        .next())!;
    const upn = refused.userPrincipalName!;
    await s.syncRuns.updateOne(
      { runId: (await s.syncRuns.find({}).sort({ startedAt: -1 }).limit(1).next())!.runId },
      {
        $push: {
          errors: {
            userId: refused.userId,
            userPrincipalName: upn,
            code: 'graph_forbidden',
            status: 403,
            message: `Graph refused ${upn}.`,
            at: h.ctx.now(),
          },
        },
      },
    );
    await eraseUser(s, h.ctx.tenantId, { userId: refused.userId, by: 'cli' }, h.ctx.now());
    const text = JSON.stringify(await s.syncRuns.find({}).toArray());
    expect(text).not.toContain(refused.userId);
    expect(text).not.toContain(upn);
    expect(await s.directoryUsers.countDocuments({ userId: refused.userId })).toBe(0);
  });

  it('erasing again is harmless; an id nobody has is a 404', async () => {
    await expect(
      eraseUser(h.testStore.store, h.ctx.tenantId, { userId: person.userId, by: 'cli' }, h.ctx.now()),
    ).resolves.toMatchObject({ counts: { interactions: 0 } });
    const unknown = eraseUser(
      h.testStore.store,
      h.ctx.tenantId,
      { userId: '00000000-0000-4000-8000-00000000dead', by: 'cli' },
      h.ctx.now(),
    );
    await expect(unknown).rejects.toBeInstanceOf(AppError);
    await expect(unknown).rejects.toMatchObject({ status: 404 });
  });
});
