import { ObjectId } from 'mongodb';
import { notFound, validationFailed } from '../../errors';
import type { SavedQuestionDoc } from '../../store/documents';
import { naturalId } from '../../store/naturalId';
import type { Store } from '../../store/Store';

/** A saved question as the bot and the tab show it. */
export interface SavedQuestion {
  id: string;
  name: string;
  question: string;
  createdAt: Date;
  lastRunAt: Date | null;
  runCount: number;
}

export const MAX_SAVED_PER_OWNER = 50;
export const MAX_NAME_LENGTH = 80;
export const MAX_QUESTION_LENGTH = 500;

const present = (doc: SavedQuestionDoc): SavedQuestion => ({
  id: doc._id.toHexString(),
  name: doc.name,
  question: doc.question,
  createdAt: doc.createdAt,
  lastRunAt: doc.lastRunAt,
  runCount: doc.runCount,
});

const idOf = (tenantId: string, ownerId: string, name: string) =>
  naturalId(tenantId, ownerId.toLowerCase(), name.trim().toLowerCase());

/** One admin's saved questions, by name. */
export async function listSavedQuestions(store: Store, tenantId: string, ownerId: string): Promise<SavedQuestion[]> {
  const docs = await store.savedQuestions
    .find({ tenantId, ownerId: ownerId.toLowerCase() })
    .limit(MAX_SAVED_PER_OWNER)
    .toArray();
  return docs.map(present).sort((a, b) => a.name.localeCompare(b.name));
}

/** Saves (or replaces, same name) a question for its owner. */
export async function saveQuestion(
  store: Store,
  input: { tenantId: string; ownerId: string; name: string; question: string },
  now: Date,
): Promise<SavedQuestion> {
  const name = input.name.trim().replace(/\s+/g, ' ');
  const question = input.question.trim();
  if (!name || name.length > MAX_NAME_LENGTH)
    throw validationFailed(`A saved question needs a name of 1 to ${MAX_NAME_LENGTH} characters.`);
  if (!question || question.length > MAX_QUESTION_LENGTH)
    throw validationFailed(`A saved question must be 1 to ${MAX_QUESTION_LENGTH} characters long.`);
  const ownerId = input.ownerId.toLowerCase();
  const _id = idOf(input.tenantId, ownerId, name);
  const exists = (await store.savedQuestions.countDocuments({ _id }, { limit: 1 })) > 0;
  if (
    !exists &&
    (await store.savedQuestions.countDocuments({ tenantId: input.tenantId, ownerId })) >= MAX_SAVED_PER_OWNER
  )
    throw validationFailed(`You can keep up to ${MAX_SAVED_PER_OWNER} saved questions; delete one first.`);
  await store.savedQuestions.updateOne(
    { _id },
    {
      $set: { tenantId: input.tenantId, ownerId, name, question },
      $setOnInsert: { createdAt: now, lastRunAt: null, runCount: 0 },
    },
    { upsert: true },
  );
  return present((await store.savedQuestions.findOne({ _id }))!);
}

function parseId(id: string): ObjectId {
  if (!/^[0-9a-f]{24}$/i.test(id)) throw notFound('Saved question');
  return new ObjectId(id);
}

/** A saved question by id (only its owner's). */
export async function getSavedQuestion(
  store: Store,
  tenantId: string,
  ownerId: string,
  id: string,
): Promise<SavedQuestion> {
  const doc = await store.savedQuestions.findOne({ _id: parseId(id) });
  if (!doc || doc.tenantId !== tenantId || doc.ownerId !== ownerId.toLowerCase()) throw notFound('Saved question');
  return present(doc);
}

/** A saved question by name (case-insensitive), or null. */
export async function findSavedQuestionByName(
  store: Store,
  tenantId: string,
  ownerId: string,
  name: string,
): Promise<SavedQuestion | null> {
  const doc = await store.savedQuestions.findOne({ _id: idOf(tenantId, ownerId, name) });
  return doc ? present(doc) : null;
}

/** Deletes one; answers whether it existed. */
export async function deleteSavedQuestion(
  store: Store,
  tenantId: string,
  ownerId: string,
  id: string,
): Promise<boolean> {
  const result = await store.savedQuestions.deleteOne({
    _id: parseId(id),
    tenantId,
    ownerId: ownerId.toLowerCase(),
  });
  return result.deletedCount === 1;
}

/** Counts a run of a saved question. */
export async function markSavedQuestionRun(store: Store, id: string, now: Date): Promise<void> {
  await store.savedQuestions.updateOne({ _id: parseId(id) }, { $set: { lastRunAt: now }, $inc: { runCount: 1 } });
}
