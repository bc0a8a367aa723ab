import type { Filter, Sort } from 'mongodb';
import type { FindingDoc, FindingStatus } from '../../store/documents';
import type { Store } from '../../store/Store';
import type { RiskCategory, Severity } from './types';

/** secretlint's rules for service API keys and tokens (its private-key, URL-password and database rules aside). */
const SERVICE_KEYS =
  '1password anthropic aws databricks docker figma gcp github gitlab grafana groq hashicorp-vault huggingface linear notion npm openai sendgrid shopify slack vercel'
    .split(' ')
    .map((name) => `secretlint/${name}`);

/** Kinds of finding admins ask about by name, each the rules that detect it. */
export const FINDING_KIND_RULES: Record<string, readonly string[]> = {
  password: ['password-assignment', 'database-uri-password', 'sql-connection-string', 'secretlint/basicauth', 'secretlint/database-connection-string'],
  api_key: ['key-assignment', 'sk-api-key', 'google-api-key', 'aws-access-key-id', 'aws-secret-access-key', ...SERVICE_KEYS],
  private_key: ['private-key', 'secretlint/privatekey'],
  connection_string: ['azure-storage-connection-string', 'azure-shared-access-key', 'sql-connection-string', 'database-uri-password', 'secretlint/database-connection-string'],
  token: ['jwt', 'azure-sas-token', 'entra-client-secret'],
  card_number: ['card-number'],
  iban: ['iban'],
  ssn: ['us-ssn'],
  national_id: ['passport-number', 'national-id', 'uk-nino'],
  phone_number: ['phone-number'],
  personal_email: ['personal-email'],
}; // prettier-ignore

/** The category each kind's rules belong to. */
export const FINDING_KIND_CATEGORY: Record<string, RiskCategory> = {
  password: 'credential', api_key: 'credential', private_key: 'credential', connection_string: 'credential',
  token: 'credential', card_number: 'financial', iban: 'financial', ssn: 'personal_data', national_id: 'personal_data',
  phone_number: 'personal_data', personal_email: 'personal_data',
}; // prettier-ignore

/** What findings to read: every field narrows, empty lists and absent fields do not. */
export interface FindingScope {
  categories: readonly RiskCategory[];
  /** Keys of FINDING_KIND_RULES. */
  kinds: readonly string[];
  severities: readonly Severity[];
  statuses: readonly FindingStatus[];
  source?: 'prompt' | 'response';
  /** null: everyone. */
  userIds: readonly string[] | null;
  appKeys: readonly string[];
  /** On the interaction's time. */
  range: { from: Date; to: Date };
  /** The range and statuses are of triage steps ("resolved last month"), not of the interaction and its status now. */
  changed?: true;
  /** The range is of when the findings were detected (`detectedAt`), not of their interactions. */
  detected?: true;
  /** Only findings detected (`detected`), or last moved in triage (`changed`), before this instant. */
  olderThan?: { before: Date; since: 'detected' | 'changed' };
}

/** A finding as answers read it: no hashes; evidence only when asked for. */
export type FindingFact = Pick<
  FindingDoc,
  | '_id'
  | 'rule'
  | 'category'
  | 'severity'
  | 'status'
  | 'userId'
  | 'appKey'
  | 'source'
  | 'interactionAt'
  | 'detectedAt'
  | 'title'
> &
  Partial<Pick<FindingDoc, 'evidence'>>;

/** The store filter of a scope (kinds become their rules). */
export function scopeFilter(tenantId: string, scope: FindingScope): Filter<FindingDoc> {
  const range = { $gte: scope.range.from, $lt: scope.range.to };
  // A triage step in the range to one of the statuses (each step is kept in the finding's history, with when).
  // Every step sets `statusChangedAt` (findingQueries.ts), so a step in the range means a last change after its start:
  // the bound lets the index on (tenantId, statusChangedAt) skip the findings untouched since.
  const filter: Filter<FindingDoc> = scope.changed
    ? {
        tenantId,
        statusChangedAt: { $gte: scope.range.from },
        history: { $elemMatch: { status: { $in: [...scope.statuses] }, at: range } },
      }
    : scope.detected
      ? { tenantId, detectedAt: range }
      : { tenantId, interactionAt: range };
  const rulesOf = (kinds: readonly string[]) => [...new Set(kinds.flatMap((k) => FINDING_KIND_RULES[k] ?? []))];
  // A kind narrows its own category ("credentials: passwords only"); a kind of another category is read beside the
  // categories ("personal data like IBANs"), which no finding could match both of.
  const inside = scope.kinds.filter((k) => scope.categories.includes(FINDING_KIND_CATEGORY[k]!));
  const beside = scope.categories.length ? scope.kinds.filter((k) => !inside.includes(k)) : [];
  const categories: Filter<FindingDoc> = scope.categories.length
    ? { category: { $in: [...scope.categories] }, ...(inside.length ? { rule: { $in: rulesOf(inside) } } : {}) }
    : scope.kinds.length
      ? { rule: { $in: rulesOf(scope.kinds) } }
      : {};
  if (beside.length) filter.$or = [categories, { rule: { $in: rulesOf(beside) } }];
  else Object.assign(filter, categories);
  if (scope.severities.length) filter.severity = { $in: [...scope.severities] };
  if (scope.statuses.length && !scope.changed) filter.status = { $in: [...scope.statuses] };
  if (scope.source) filter.source = scope.source;
  if (scope.olderThan?.since === 'detected') filter.detectedAt = { $lt: scope.olderThan.before };
  else if (scope.olderThan)
    filter.statusChangedAt = { ...(scope.changed ? { $gte: scope.range.from } : {}), $lt: scope.olderThan.before };
  if (scope.userIds) filter.userId = { $in: [...scope.userIds] };
  if (scope.appKeys.length) filter.appKey = { $in: [...scope.appKeys] };
  return filter;
}

/** The findings of a scope, newest first (by the interaction's time), with their masked evidence if asked. */
export function findingFacts(
  store: Store,
  tenantId: string,
  scope: FindingScope,
  options: { evidence?: boolean; limit?: number } = {},
): Promise<FindingFact[]> {
  const projection = {
    _id: 1,
    rule: 1,
    category: 1,
    severity: 1,
    status: 1,
    userId: 1,
    appKey: 1,
    source: 1,
    interactionAt: 1,
    detectedAt: 1,
    title: 1,
    ...(options.evidence ? { evidence: 1 } : {}),
  };
  // Detected in a period: newest detection first, the order of the index the range reads (by_detected_id).
  const sort: Sort = scope.detected ? { detectedAt: -1, _id: -1 } : { interactionAt: -1, _id: -1 };
  const cursor = store.findings.find(scopeFilter(tenantId, scope), { projection }).sort(sort);
  return (options.limit ? cursor.limit(options.limit) : cursor).toArray() as Promise<FindingFact[]>;
}

/** How many findings a scope holds. */
export function countFindings(store: Store, tenantId: string, scope: FindingScope): Promise<number> {
  return store.findings.countDocuments(scopeFilter(tenantId, scope));
}
