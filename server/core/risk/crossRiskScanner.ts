import type { Logger } from '../../logger';
import type { Store } from '../../store/Store';
import { writeAggregateFindings, type AggregateFinding } from './aggregateFindings';
import { disabledOrGuestRule, volumeSpikeRule } from './accountRules';
import {
  DEFAULT_CROSS_RISK_THRESHOLDS,
  type CrossRiskScope,
  type CrossRiskThresholds,
  type CrossRule,
} from './crossRiskTypes';
import { createEvidenceHasher } from './mask';
import { fileAcrossDepartmentsRule, otherOneDriveRule, siteManyUsersRule } from './oversharingRules';
import type { InteractionScanner } from './riskScanner';
import { createRiskSettingsLoader, suppressed } from './riskSettings';

const CROSS_RULES: readonly CrossRule[] = [
  fileAcrossDepartmentsRule,
  otherOneDriveRule,
  siteManyUsersRule,
  disabledOrGuestRule,
  volumeSpikeRule,
];

export interface CrossRiskScannerDeps {
  store: Store;
  hashKey: Buffer;
  now: () => Date;
  logger: Logger;
  thresholds?: Partial<CrossRiskThresholds>;
}

/** The rules over many interactions (oversharing, accounts), run over the stored aggregates. */
export interface CrossRiskScanner {
  /** After a sync's batches are stored (scope: what it stored) or over all history (scope null: a rescan). */
  scan(tenantId: string, scope: CrossRiskScope | null): Promise<number>;
}

/** Builds the scanner of the cross-interaction rules; findings are keyed, so running it again adds nothing. */
export function createCrossRiskScanner(deps: CrossRiskScannerDeps): CrossRiskScanner {
  const hash = createEvidenceHasher(deps.hashKey);
  const thresholds = { ...DEFAULT_CROSS_RISK_THRESHOLDS, ...deps.thresholds };
  const settingsOf = createRiskSettingsLoader(deps.store, deps.now);
  return {
    async scan(tenantId, scope) {
      if (scope && scope.userIds.length === 0) return 0;
      const settings = await settingsOf(tenantId);
      const found: AggregateFinding[] = [];
      for (const rule of CROSS_RULES)
        found.push(...(await rule({ store: deps.store, tenantId, scope, thresholds, hash })));
      const kept = found.filter((f) => !suppressed(settings.suppressions, f.rule, f.userId, f.urls ?? []));
      const written = await writeAggregateFindings(deps.store, kept, deps.now());
      if (written > 0) deps.logger.info({ findings: written }, 'Cross-interaction risk findings recorded.');
      return written;
    },
  };
}

/**
 * Wraps the per-interaction scanner the sync's BatchWriter calls, to note what a run stored: its users and the
 * earliest interaction. The cross-interaction rules then read only those users' changed aggregates.
 */
export function collectScope(inner: InteractionScanner): { scanner: InteractionScanner; scope(): CrossRiskScope } {
  const userIds = new Set<string>();
  let since: Date | null = null;
  return {
    scanner: {
      scan(interactions) {
        for (const doc of interactions) {
          userIds.add(doc.userId);
          if (!since || doc.createdAt < since) since = doc.createdAt;
        }
        return inner.scan(interactions);
      },
    },
    scope: () => ({ userIds: [...userIds], since: since ?? new Date(0) }),
  };
}
