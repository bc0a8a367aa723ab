/** Finding categories, as the API and the tab name them. */
export type RiskCategory =
  | 'credential'
  | 'financial'
  | 'personal_data'
  | 'prompt_injection'
  | 'exfiltration'
  | 'oversharing'
  | 'account'
  | 'watchlist';

export const RISK_CATEGORIES: readonly RiskCategory[] = [
  'credential',
  'financial',
  'personal_data',
  'prompt_injection',
  'exfiltration',
  'oversharing',
  'account',
  'watchlist',
];

export type Severity = 'high' | 'medium' | 'low';
export const SEVERITIES: readonly Severity[] = ['high', 'medium', 'low'];

export type Confidence = 'high' | 'medium' | 'low';

/** Who wrote the text: the user (pasted it) or Copilot (surfaced it). */
export type TextSource = 'prompt' | 'response';

/** A piece of an interaction that is scanned: the body, one attachment's content, or one URL. */
export interface ScanField {
  /** `body`, `attachments[2].content`, `links[0].linkUrl`, `attachments[1].contentUrl`. */
  path: string;
  kind: 'body' | 'attachment' | 'url';
  text: string;
  /**
   * The words an Adaptive Card shows before this text, when they sit in a field of their own: a FactSet fact's
   * `title` before its `value`, an input's `label`. Rules that read the words before a number read these too.
   */
  label?: string;
}

/**
 * One match of one rule. `value` is the matched text: it lives only in memory while a finding is built (to hash
 * and mask it) and is never stored, logged or returned.
 */
export interface RuleMatch {
  rule: string;
  category: RiskCategory;
  severity: Severity;
  confidence: Confidence;
  /** What was found, in words an admin reads (`GitHub token`, `Visa card number`). */
  type: string;
  start: number;
  end: number;
  value: string;
  /** The masked form shown instead of the value. */
  masked: string;
  /** Whether the stored interaction text must have this span masked too (secrets and identifiers). */
  redact: boolean;
}

/** What the rules know about the tenant and the admin's settings. */
export interface ScanContext {
  source: TextSource;
  /** True for hosts (or e-mail domains) that belong to the tenant or to Microsoft 365 itself. */
  isTenantHost(host: string): boolean;
  watchlist: readonly WatchlistEntry[];
  /**
   * Countries (ISO 3166 alpha-2) whose national phone format is read, besides international `+` numbers: the
   * licences' usage locations in the directory. US when unset.
   */
  phoneRegions?: readonly string[];
}

/** An admin-defined keyword or regular expression with its own severity. */
export interface WatchlistEntry {
  id: string;
  name: string;
  /** A keyword (whole words, any case) or, with `regex`, a JavaScript regular expression source. */
  pattern: string;
  regex: boolean;
  severity: Severity;
}

/** A synchronous text rule: pure and fast (no I/O). */
export type TextRule = (field: ScanField, ctx: ScanContext) => RuleMatch[];
