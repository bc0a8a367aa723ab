import type { AnyBulkWriteOperation } from 'mongodb';
import type { FindingDoc } from '../../store/documents';
import type { Store } from '../../store/Store';
import type { Severity } from './types';

const RANK: Record<Severity, number> = { high: 3, medium: 2, low: 1 };
/** Above any time in milliseconds until the year 2286, and rank × step stays an exact double. */
const STEP = 1e13;

/**
 * The findings list's severity sort key: high → medium → low, then newest interaction, as one number. Stored, because
 * the strings sort alphabetically (high, low, medium); one field keeps the keyset sort served by an index.
 */
export function severityOrder(severity: Severity, interactionAt: Date): number {
  return RANK[severity] * STEP + interactionAt.getTime();
}

/** Gives findings stored before the sort key existed their key; returns how many. Idempotent. */
export async function backfillSeverityOrder(store: Store, tenantId: string): Promise<number> {
  const missing = await store.findings
    .find({ tenantId, severityOrder: { $exists: false } }, { projection: { _id: 1, severity: 1, interactionAt: 1 } })
    .toArray();
  if (missing.length === 0) return 0;
  const writes: AnyBulkWriteOperation<FindingDoc>[] = missing.map((f) => ({
    updateOne: {
      filter: { _id: f._id },
      update: { $set: { severityOrder: severityOrder(f.severity, f.interactionAt) } },
    },
  }));
  await store.findings.bulkWrite(writes, { ordered: false });
  return writes.length;
}
