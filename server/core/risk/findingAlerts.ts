import type { FindingDoc } from '../../store/documents';
import type { Store } from '../../store/Store';
import { SEVERITIES, type Severity } from './types';

/** What makes a new finding worth a channel alert. */
export interface AlertRule {
  /** The lowest severity alerted (RISK_ALERT_MIN_SEVERITY). */
  minSeverity: Severity;
  /** How much older than its finding an interaction may be (RISK_ALERT_MAX_AGE_HOURS): older history is not alerted. */
  maxAgeMs: number;
}

/** The severities at or above `min`. */
export function severitiesFrom(min: Severity): Severity[] {
  return SEVERITIES.slice(0, SEVERITIES.indexOf(min) + 1);
}

/** Whether a finding is alerted under a rule: severe enough, still untriaged or being looked at, and recent. */
export function isAlerted(
  f: Pick<FindingDoc, 'severity' | 'status' | 'interactionAt' | 'detectedAt'>,
  rule: AlertRule,
) {
  return (
    severitiesFrom(rule.minSeverity).includes(f.severity) &&
    (f.status === 'open' || f.status === 'investigating') &&
    f.detectedAt.getTime() - f.interactionAt.getTime() <= rule.maxAgeMs
  );
}

/**
 * Findings first detected since `since` that the rule alerts, oldest detection first (at most `limit`). Read through
 * the findings' time index: an alerted interaction is at most `maxAgeMs` older than its detection.
 */
export async function alertableFindings(
  store: Store,
  tenantId: string,
  since: Date,
  rule: AlertRule,
  limit = 500,
): Promise<FindingDoc[]> {
  const docs = await store.findings
    .find({
      tenantId,
      interactionAt: { $gte: new Date(since.getTime() - rule.maxAgeMs) },
      detectedAt: { $gte: since },
      severity: { $in: severitiesFrom(rule.minSeverity) },
      status: { $in: ['open', 'investigating'] },
    })
    .sort({ detectedAt: 1, _id: 1 })
    .limit(limit)
    .toArray();
  return docs.filter((f) => isAlerted(f, rule));
}
