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
