import type { Collection, Document } from 'mongodb';

/**
 * The department as a filter matches it: trimmed and lowercased, null when there is none. Stored beside the directory's
 * own spelling on users and directoryUsers (`departmentKey`), so a department filter ("sales" finds "Sales", not
 * "Presales") is an index equality. A case-insensitive regex would not be: MongoDB cannot bound an index scan with one
 * ("$regex" in the MongoDB manual: case-insensitive regular expressions cannot use indexes effectively).
 */
export function departmentKey(department: string | null | undefined): string | null {
  const key = department?.trim().toLowerCase();
  return key ? key : null;
}

/**
 * Gives every document written before `departmentKey` existed its key: one `updateMany` per spelling of the department
 * among them, then one for those without a department. Only documents still without the field are read and changed,
 * so a second run (or one after a crash half-way) changes nothing; a sync writing meanwhile sets the same key. It reads
 * the collection once per start-up (the filter on a missing field bounds no index), which for the people collections
 * is one document per licensed or active person. Returns how many documents it updated.
 */
export async function backfillDepartmentKeys(collection: Collection<Document>): Promise<number> {
  const missing = { departmentKey: { $exists: false } };
  const spellings = (await collection.distinct('department', missing)).filter(
    (d): d is string => typeof d === 'string',
  );
  let updated = 0;
  for (const spelling of spellings) {
    const set = { $set: { departmentKey: departmentKey(spelling) } };
    updated += (await collection.updateMany({ ...missing, department: spelling }, set)).modifiedCount;
  }
  // `department: null` also matches documents without the field.
  const none = { $set: { departmentKey: null } };
  updated += (await collection.updateMany({ ...missing, department: null }, none)).modifiedCount;
  return updated;
}

/** How many user ids one `$in` of the agents' backfill names. */
const BACKFILL_CHUNK = 1_000;

/**
 * Gives every record of a person (an agent, a daily per-person record) written before such records carried
 * `departmentKey` its person's key (from `users`, backfilled first; null for a record whose person has no record).
 * One `updateMany` per tenant, key and chunk of people, each only over records still without the field, so a second
 * run (or one after a crash half-way) changes nothing, and a record a sync has meanwhile given its person's current
 * key keeps it. Like the people's backfill it reads the collection once per start-up (the filter on a missing field
 * bounds no index). Returns how many records it updated.
 */
export async function backfillPersonDepartmentKeys(
  agents: Collection<Document>,
  users: Collection<Document>,
): Promise<number> {
  const missing = { departmentKey: { $exists: false } };
  let updated = 0;
  for (const tenantId of await agents.distinct('tenantId', missing)) {
    const userIds = (await agents.distinct('userId', { tenantId, ...missing })) as string[];
    for (let i = 0; i < userIds.length; i += BACKFILL_CHUNK) {
      const chunk = userIds.slice(i, i + BACKFILL_CHUNK);
      const people = await users
        .find({ tenantId, userId: { $in: chunk } }, { projection: { _id: 0, userId: 1, departmentKey: 1 } })
        .toArray();
      const byKey = new Map<string | null, string[]>();
      for (const p of people) {
        const key = typeof p.departmentKey === 'string' ? p.departmentKey : null;
        const ids = byKey.get(key) ?? [];
        ids.push(p.userId as string);
        byKey.set(key, ids);
      }
      for (const [key, ids] of byKey) {
        const filter = { tenantId, userId: { $in: ids }, ...missing };
        updated += (await agents.updateMany(filter, { $set: { departmentKey: key } })).modifiedCount;
      }
    }
    // Records whose person has no users record (none are written without one): no department.
    updated += (await agents.updateMany({ tenantId, ...missing }, { $set: { departmentKey: null } })).modifiedCount;
  }
  return updated;
}
