import type { FindingStatus, RiskCategory, Severity } from '../../../server/api/contracts';

/** Finding categories in words, in the order the filter offers them. */
export const CATEGORY_LABELS: Record<RiskCategory, string> = {
  credential: 'Credentials',
  financial: 'Financial data',
  personal_data: 'Personal data',
  prompt_injection: 'Prompt injection',
  exfiltration: 'Exfiltration',
  oversharing: 'Oversharing',
  account: 'Accounts',
  watchlist: 'Watch-list',
};

export const SEVERITY_LABELS: Record<Severity, string> = { high: 'High', medium: 'Medium', low: 'Low' };

export const STATUS_LABELS: Record<FindingStatus, string> = {
  open: 'Open',
  investigating: 'Investigating',
  resolved: 'Resolved',
  dismissed: 'Dismissed',
  false_positive: 'False positive',
};

/** A category's label; an unknown one (a rule newer than the tab) as it came. */
export const categoryLabel = (category: string): string => CATEGORY_LABELS[category as RiskCategory] ?? category;

/** The filter choices for a label map. */
export const optionsOf = (labels: Record<string, string>): { value: string; label: string }[] =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));
