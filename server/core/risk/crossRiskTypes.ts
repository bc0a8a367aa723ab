import type { Store } from '../../store/Store';
import type { AggregateFinding } from './aggregateFindings';
import type { EvidenceHasher } from './mask';

/** Thresholds of the cross-interaction rules (config: RISK_OVERSHARING_* and RISK_VOLUME_*). */
export interface CrossRiskThresholds {
  /** A file cited to users of at least this many departments is an oversharing finding. */
  minDepartments: number;
  /** A SharePoint site whose files reached at least this many distinct users. */
  siteMinUsers: number;
  /** A day with at least this many times the user's median daily prompts over the baseline window... */
  volumeFactor: number;
  /** ...and at least this many prompts. */
  volumeMinPrompts: number;
  /** Days before the day that make the baseline (the user must have been active that long ago). */
  baselineDays: number;
}

export const DEFAULT_CROSS_RISK_THRESHOLDS: CrossRiskThresholds = Object.freeze({
  minDepartments: 3,
  siteMinUsers: 50,
  volumeFactor: 5,
  volumeMinPrompts: 40,
  baselineDays: 28,
});

/**
 * What changed: the users whose interactions a sync stored and the earliest of those interactions. Without a scope
 * (a rescan) every aggregate of the tenant is read.
 */
export interface CrossRiskScope {
  userIds: readonly string[];
  since: Date;
}

/** What a cross-interaction rule is given. */
export interface CrossRuleInput {
  store: Store;
  tenantId: string;
  scope: CrossRiskScope | null;
  thresholds: CrossRiskThresholds;
  hash: EvidenceHasher;
}

export type CrossRule = (input: CrossRuleInput) => Promise<AggregateFinding[]>;
