import type { Filter } from 'mongodb';
import type { InteractionDoc } from '../../store/documents';
import type { Store } from '../../store/Store';
import type { CrossRiskScanner } from './crossRiskScanner';
import type { InteractionScanner } from './riskScanner';
import { backfillSeverityOrder } from './severityOrder';

export interface RescanOutcome {
  scanned: number;
  findings: number;
  redacted: number;
}

/**
 * Runs the detections again over every stored interaction of a tenant (after the rules changed): in `_id` order,
 * a batch at a time, writing back the masked text of interactions in which a secret is found. Findings are keyed,
 * so a rescan adds only what is new; triage state is kept.
 */
export async function rescanStored(
  store: Store,
  scanner: InteractionScanner,
  options: {
    tenantId: string;
    batchSize?: number;
    signal?: AbortSignal;
    onProgress?: (done: number, total: number) => void;
    /** The oversharing and account rules, run over all stored aggregates once the interactions are scanned. */
    cross?: CrossRiskScanner;
  },
): Promise<RescanOutcome> {
  await backfillSeverityOrder(store, options.tenantId);
  const total = await store.interactions.countDocuments({ tenantId: options.tenantId });
  const outcome: RescanOutcome = { scanned: 0, findings: 0, redacted: 0 };
  let last: InteractionDoc['_id'] | null = null;
  options.onProgress?.(0, total);
  while (!options.signal?.aborted) {
    const filter: Filter<InteractionDoc> = last
      ? { tenantId: options.tenantId, _id: { $gt: last } }
      : { tenantId: options.tenantId };
    const batch = await store.interactions
      .find(filter, { sort: { _id: 1 }, limit: options.batchSize ?? 500 })
      .toArray();
    if (batch.length === 0) break;
    last = batch[batch.length - 1]!._id;
    const result = await scanner.scan(batch);
    if (result.redacted.length > 0)
      await store.interactions.bulkWrite(
        result.redacted.map((doc) => ({
          updateOne: {
            filter: { _id: doc._id },
            update: {
              $set: { body: doc.body, attachments: doc.attachments, links: doc.links, contexts: doc.contexts },
            },
          },
        })),
        { ordered: false },
      );
    outcome.scanned += result.scanned;
    outcome.findings += result.findings;
    outcome.redacted += result.redacted.length;
    options.onProgress?.(outcome.scanned, total);
  }
  if (options.cross && !options.signal?.aborted) outcome.findings += await options.cross.scan(options.tenantId, null);
  return outcome;
}
