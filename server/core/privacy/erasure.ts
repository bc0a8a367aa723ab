import { createHash, randomBytes } from 'node:crypto';
import { notFound } from '../../errors';
import { naturalId } from '../../store/naturalId';
import type { Store } from '../../store/Store';

/**
 * How an erased person is recognised later (the sync's directory step skips them): a hash of tenant and object id.
 * It keeps the id out of a plain read of the database; whoever can list the directory can compute it too, which is
 * what the sync needs.
 */
export function erasureHash(tenantId: string, userId: string): string {
  return createHash('sha256')
    .update(`erasure\u0000${tenantId.toLowerCase()}\u0000${userId.toLowerCase()}`)
    .digest('hex');
}

/** The hashes of everyone erased in a tenant (the sync reads them once per run). */
export async function erasedUserHashes(store: Store, tenantId: string): Promise<Set<string>> {
  const docs = await store.erasures.find({ tenantId }, { projection: { userHash: 1 } }).toArray();
  return new Set(docs.map((d) => d.userHash));
}

export interface ErasureRequest {
  userId: string;
  /** Who asked (an admin's name or id, or "cli"). */
  by: string;
  reason?: string | null;
}

export interface ErasureResult {
  /** What stands in for the person in the figures that stay: random, linked to nothing. */
  pseudonym: string;
  counts: Record<string, number>;
}

/**
 * Erases one person (a data subject's request, or a leaver): their prompts and responses are deleted, their name,
 * addresses and title removed; what totals need (sessions, agents, per-day and per-source counts, their department)
 * stays under a random pseudonym, so every figure keeps its value and nobody can be traced back. The person is kept
 * on a do-not-process list (a hash, see erasureHash), so later syncs neither list nor read them. Each step is
 * idempotent: a run that dies half-way is finished by running it again.
 */
export async function eraseUser(
  store: Store,
  tenantId: string,
  request: ErasureRequest,
  now: Date,
): Promise<ErasureResult> {
  const { userId } = request;
  const known =
    (await store.directoryUsers.countDocuments({ tenantId, userId }, { limit: 1 })) +
    (await store.users.countDocuments({ tenantId, userId }, { limit: 1 })) +
    (await store.interactions.countDocuments({ tenantId, userId }, { limit: 1 }));
  const userHash = erasureHash(tenantId, userId);
  const already = await store.erasures.findOne({ tenantId, userHash });
  if (known === 0 && !already) throw notFound(`A user with object id ${userId.slice(0, 64)}`);

  // Recorded first: from now on a sync starting in parallel skips the person.
  await store.erasures.updateOne(
    { _id: naturalId('erasure', tenantId, userHash) },
    {
      $setOnInsert: {
        tenantId,
        userHash,
        erasedAt: now,
        by: request.by.slice(0, 200),
        reason: request.reason?.slice(0, 500) ?? null,
        counts: {},
      },
    },
    { upsert: true },
  );
  const pseudonym = `erased-${randomBytes(8).toString('hex')}`;
  const mine = { tenantId, userId };
  const counts: Record<string, number> = {};
  const note = (name: string, n: number) => (counts[name] = (counts[name] ?? 0) + n);

  // Content: gone. Their own watermark and personal records go with it.
  note('interactions', (await store.interactions.deleteMany(mine)).deletedCount);
  note('syncState', (await store.syncState.deleteMany(mine)).deletedCount);
  note('directoryUsers', (await store.directoryUsers.deleteMany(mine)).deletedCount);
  note('botConversations', (await store.botConversations.deleteMany(mine)).deletedCount);
  note('adminSightings', (await store.adminSightings.deleteMany(mine)).deletedCount);
  note('savedQuestions', (await store.savedQuestions.deleteMany({ tenantId, ownerId: userId })).deletedCount);
  // Risk findings about them (masked evidence, but about them) and suppressions naming them.
  note('findings', (await store.findings.deleteMany(mine)).deletedCount);
  note('findingSuppressions', (await store.findingSuppressions.deleteMany(mine)).deletedCount);

  // Figures: kept, under the pseudonym.
  const rename = { $set: { userId: pseudonym } };
  note('conversations', (await store.conversations.updateMany(mine, rename)).modifiedCount);
  note('agents', (await store.agents.updateMany(mine, rename)).modifiedCount);
  note('dailyUserActivity', (await store.dailyUserActivity.updateMany(mine, rename)).modifiedCount);
  note('dataSourceUsage', (await store.dataSourceUsage.updateMany(mine, rename)).modifiedCount);
  const profile = {
    displayName: 'Erased user',
    userPrincipalName: null,
    mail: null,
    jobTitle: null,
    officeLocation: null,
  };
  note('users', (await store.users.updateMany(mine, { $set: { userId: pseudonym, ...profile } })).modifiedCount);

  // Others' prompts that @-mentioned them keep their words (those are the others' data) but no longer point at them.
  // Rewritten per document rather than with arrayFilters, which not every MongoDB-compatible server supports.
  const mentioning = await store.interactions
    .find({ tenantId, 'mentions.mentioned.user.id': userId }, { projection: { mentions: 1 } })
    .toArray();
  for (const doc of mentioning) {
    const mentions = doc.mentions.map((m) =>
      m.mentioned?.user?.id === userId
        ? { ...m, mentioned: { ...m.mentioned, user: { id: pseudonym, displayName: null } } }
        : m,
    );
    await store.interactions.updateOne({ _id: doc._id }, { $set: { mentions } });
  }
  note('mentions', mentioning.length);

  // Records about them: the audit trail keeps that content was viewed, not whose.
  note(
    'accessLog',
    (
      await store.accessLog.updateMany(
        { tenantId, subjectUserId: userId },
        { $set: { subjectUserId: pseudonym, subjectName: null } },
      )
    ).modifiedCount,
  );
  const runs = await store.syncRuns
    .find({ tenantId, 'errors.userId': userId }, { projection: { errors: 1 } })
    .toArray();
  for (const run of runs) {
    const errors = run.errors.map((e) =>
      e.userId === userId
        ? { ...e, userId: pseudonym, userPrincipalName: null, message: 'Removed: this user was erased.' }
        : e,
    );
    await store.syncRuns.updateOne({ _id: run._id }, { $set: { errors } });
  }
  note('syncRuns', runs.length);
  const increments = Object.fromEntries(Object.entries(counts).map(([name, n]) => [`counts.${name}`, n]));
  await store.erasures.updateOne({ tenantId, userHash }, { $inc: increments });
  return { pseudonym, counts };
}
