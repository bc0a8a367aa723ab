import { interactionFacts, sourceFacts, type InteractionFact, type SourceFact } from '../insights/askFacts';
import { userRefs } from '../insights/userDirectory';
import { interactionsWithSources, keysOfNamed, oneDriveOwnerOf, oneDriveSpelling } from '../insights/sourceFilter';
import { MEASURE_LABELS } from './interpretation';
import type { Contribution, FactScope } from './measureFacts';
import type { Filters, MeasureQuery } from './querySchema';
import { localTime } from './timeZone';

/**
 * Figures over one named data source or site (filters.source) and over OneDrive files of someone other than the
 * person who used them (filters.owner): the interactions that referenced them, read by their keys in the period
 * (sourceFilter.ts), counted as the question's measure — references, people reaching them, active users, prompts,
 * responses, interactions, sessions or agents — by any dimension the engine groups by.
 */

/** Measures of licence holders: not counted over interactions, so not over one source. */
const HOLDER_MEASURES = new Set<string>(['licensed_inactive', 'licensed_users', 'new_users', 'adoption']);
const SOURCE_MEASURES = new Set<string>(['references', 'source_users']);

/** Why a question cannot take its named source or owner, or null when it can. */
export function namedSourceUnsupported(q: MeasureQuery): string | null {
  const s = q.filters.source;
  if (!s && !q.filters.owner) return null;
  const what = s ? s.name : "someone else's OneDrive";
  if (HOLDER_MEASURES.has(q.measure))
    return `${MEASURE_LABELS[q.measure]} are counted from licences and first uses, not from what Copilot drew on, so not for ${what}. Ask who used it instead ("who used ${what}").`;
  if (q.perPerson)
    return `An average per person is not given for ${what}; ask for its references by user, or how many people reached it.`;
  if (!s && !SOURCE_MEASURES.has(q.measure))
    return `Only data-source questions (files, references, the people reaching them) can be narrowed to someone else's OneDrive.`;
  return null;
}

/** Where a source is stored, by its address's host (OneDrive's are `<tenant>-my.sharepoint.com`). */
export function storedIn(host: Filters['host'], s: SourceFact | undefined): boolean {
  if (!host) return true;
  const name = s?.host ?? (s?.url ? safeHost(s.url) : '');
  const sharepoint = /(^|\.)sharepoint\.com$/i.test(name);
  const onedrive = /-my\.sharepoint\.com$/i.test(name);
  if (host === 'onedrive') return onedrive;
  if (host === 'sharepoint_only') return sharepoint && !onedrive;
  return sharepoint;
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}

/** The contributions over the named source (or site), or over others' OneDrive files, with the sources they cite. */
export async function namedSourceContributions(
  scope: FactScope,
  q: MeasureQuery,
  range: { from: Date; to: Date },
): Promise<[Contribution[], Map<string, SourceFact>]> {
  const s = q.filters.source;
  const filter = { appKeys: q.filters.apps, userIds: scope.userIds };
  let rows: InteractionFact[];
  let matched = new Set<string>();
  if (s) {
    const keys = await keysOfNamed(scope.store, scope.tenantId, s);
    matched = new Set(keys);
    rows = await interactionsWithSources(scope.store, scope.tenantId, keys, range, filter);
  } else rows = await interactionFacts(scope.store, scope.tenantId, range, { ...filter, withSources: true });
  const cited = [...new Set(rows.flatMap((r) => r.dataSourceKeys))];
  const facts = await sourceFacts(scope.store, scope.tenantId, { keys: cited });
  const byKey = new Map(facts.map((f) => [f.key, f]));
  // A site's keys are its address and every address under it ("…/sites/Finance/…", not "…/sites/FinanceOld").
  const inSite = (key: string, prefix: string) => key === prefix || (key.startsWith(prefix) && /^[/?]/.test(key.slice(prefix.length))); // prettier-ignore
  const inSource = (key: string) =>
    !s || (s.of === 'source' ? key === s.key : s.of === 'site' ? inSite(key, s.key) : matched.has(key));
  const wanted = (key: string) => {
    const f = byKey.get(key);
    return inSource(key) && storedIn(q.filters.host, f) && (!q.filters.sourceKind || f?.kind === q.filters.sourceKind);
  };
  const owners = q.filters.owner ? await spellingsOf(scope, rows) : null;
  const out: Contribution[] = [];
  for (const f of rows) {
    const keys = f.dataSourceKeys.filter(
      (k) => wanted(k) && (!owners || othersOneDrive(byKey.get(k), owners.get(f.userId))),
    );
    if (keys.length) out.push(...contributionsOf(q, f, keys, scope.timeZone));
  }
  return [out, byKey];
}

/** What one interaction adds: a reference per source for source measures, else the interaction once. */
function contributionsOf(q: MeasureQuery, f: InteractionFact, keys: string[], tz: string): Contribution[] {
  const t = localTime(f.at, tz);
  const day = `${t.year}-${String(t.month).padStart(2, '0')}-${String(t.day).padStart(2, '0')}`;
  const base = { userId: f.userId, appKey: f.appKey, day, hour: t.hour };
  switch (q.measure) {
    case 'references': return keys.map((sourceKey) => ({ ...base, sourceKey, amount: 1 }));
    case 'source_users': return keys.map((sourceKey) => ({ ...base, sourceKey, amount: 1, distinct: f.userId }));
    case 'active_users': return [{ ...base, sourceKey: keys[0], amount: 1, distinct: f.userId }];
    case 'sessions': return [{ ...base, sourceKey: keys[0], amount: 1, distinct: `${f.userId}|${f.sessionId}` }];
    case 'agents': return [{ ...base, sourceKey: keys[0], amount: 1, distinct: `${f.userId}|${f.appKey}` }];
    case 'prompts': return f.prompt ? [{ ...base, sourceKey: keys[0], amount: 1 }] : [];
    case 'responses': return f.response ? [{ ...base, sourceKey: keys[0], amount: 1 }] : [];
    default: return [{ ...base, sourceKey: keys[0], amount: 1 }];
  }
} // prettier-ignore

/** Each person's user principal name as a OneDrive address spells it. */
async function spellingsOf(scope: FactScope, rows: InteractionFact[]): Promise<Map<string, string>> {
  const refs = await userRefs(scope.store, scope.tenantId, [...new Set(rows.map((r) => r.userId))]);
  const out = new Map<string, string>();
  for (const [id, ref] of refs) if (ref.userPrincipalName) out.set(id, oneDriveSpelling(ref.userPrincipalName));
  return out;
}

/** A OneDrive file whose address names an owner other than the person (known) who used it. */
function othersOneDrive(s: SourceFact | undefined, user: string | undefined): boolean {
  const owner = oneDriveOwnerOf(s?.url ?? null);
  return owner !== null && user !== undefined && owner !== user;
}
