import type { AnyBulkWriteOperation, Collection, Document } from 'mongodb';
import type { GraphUser } from '../../graph/types';
import type { UserDoc, UserProfileFields } from '../../store/documents';
import type { Store } from '../../store/Store';
import { profileOf } from './aggregateOps';

const PROFILE_FIELDS: readonly (keyof UserProfileFields)[] = [
  'displayName',
  'userPrincipalName',
  'mail',
  'department',
  'departmentKey',
  'jobTitle',
  'officeLocation',
];

/**
 * Brings the activity records of the people of one directory page to the directory's profile: a person whose
 * department (or name, mail, title, office) changed without new Copilot activity would otherwise keep the old one on
 * their `users` record, agents and daily records (what the department figures count) until a batch of theirs came.
 *
 * One read of the page's `users` records (their profile fields, by the natural key), then writes only for the people
 * whose profile differs: their agents and daily records get the new department key (`updateMany` filtered on the key
 * differing), then the `users` record the profile. An unchanged tenant writes nothing. Every write is a set of the
 * directory's values (no count moves), and the `users` record, which decides whether a person is written at all, is
 * written last: a crash in the middle leaves that person different, so the next sync finishes the move, and running it
 * again changes nothing. Returns how many people it changed.
 */
export async function followDirectoryProfiles(store: Store, tenantId: string, people: GraphUser[]): Promise<number> {
  if (people.length === 0) return 0;
  // Stryker disable next-line ArrayDeclaration: a projection only trims the read; whole documents compare the same
  const projection = Object.fromEntries([['_id', 0], ['userId', 1], ...PROFILE_FIELDS.map((f) => [f, 1])]);
  const stored = await store.users
    .find(
      { tenantId, userId: { $in: people.map((p) => p.id) } },
      // Stryker disable next-line ObjectLiteral: a projection only trims the read; whole documents compare the same
      { projection },
    )
    .toArray();
  const storedById = new Map(stored.map((s) => [s.userId, s as Partial<UserDoc>]));
  const profiles: AnyBulkWriteOperation<UserDoc>[] = [];
  const moves: AnyBulkWriteOperation<Document>[] = [];
  for (const person of people) {
    const record = storedById.get(person.id);
    if (!record) continue; // No activity yet: the first batch writes the profile.
    const profile = profileOf(person);
    if (PROFILE_FIELDS.every((f) => record[f] === profile[f])) continue;
    profiles.push({ updateOne: { filter: { tenantId, userId: person.id }, update: { $set: profile } } });
    if (record.departmentKey !== profile.departmentKey) {
      const filter = { tenantId, userId: person.id, departmentKey: { $ne: profile.departmentKey } };
      moves.push({ updateMany: { filter, update: { $set: { departmentKey: profile.departmentKey } } } });
    }
  }
  // Stryker disable ObjectLiteral,BooleanLiteral: unordered only lets the server apply the sets in any order, and
  // none fails alone (no upsert, no unique key touched), so ordered writes end the same
  if (moves.length > 0)
    for (const records of [store.agents, store.dailyUserActivity])
      await (records as unknown as Collection<Document>).bulkWrite(moves, { ordered: false });
  if (profiles.length > 0) await store.users.bulkWrite(profiles, { ordered: false });
  // Stryker restore ObjectLiteral,BooleanLiteral
  return profiles.length;
}
