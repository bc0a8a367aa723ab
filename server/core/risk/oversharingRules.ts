import { createHash } from 'node:crypto';
import type { Filter } from 'mongodb';
import type { DataSourceDoc, DataSourceUsageDoc, InteractionDoc, UserDoc } from '../../store/documents';
import type { Store } from '../../store/Store';
import { maskResourceUrl, type AggregateFinding } from './aggregateFindings';
import type { CrossRule, CrossRuleInput } from './crossRiskTypes';

type Latest = AggregateFinding['latest'];

/** One file cited to users in at least `minDepartments` departments. */
export const fileAcrossDepartmentsRule: CrossRule = async (input) => {
  const { store, tenantId, thresholds } = input;
  const sources = await changedSources(input, { kind: 'file' });
  const candidates = sources.filter((s) => s.userCount >= thresholds.minDepartments);
  if (candidates.length === 0) return [];
  const usage = await store.dataSourceUsage
    .find({ tenantId, key: { $in: candidates.map((s) => s.key) } })
    .project<Pick<DataSourceUsageDoc, 'key' | 'userId' | 'lastAt'>>({ key: 1, userId: 1, lastAt: 1 })
    .toArray();
  const departments = await departmentsOf(store, tenantId, [...new Set(usage.map((u) => u.userId))]);
  const out: AggregateFinding[] = [];
  for (const source of candidates) {
    const rows = usage.filter((u) => u.key === source.key);
    const reached = new Set(rows.map((u) => departments.get(u.userId)).filter((d): d is string => !!d));
    if (reached.size < thresholds.minDepartments) continue;
    out.push(
      await fileFinding(input, source, rows, {
        rule: 'oversharing-file-departments',
        severity: 'medium',
        title: `A file cited to users in ${reached.size} departments`,
        type: 'File cited across departments',
        note: `${reached.size} departments, ${rows.length} users`,
      }),
    );
  }
  return out;
};

/** A file in another person's OneDrive (`-my.sharepoint.com/personal/<owner>/`) that Copilot cited to a user. */
export const otherOneDriveRule: CrossRule = async (input) => {
  const { store, tenantId } = input;
  const sources = await changedSources(input, { kind: 'file', url: { $regex: '-my\\.sharepoint\\.com/personal/' } });
  if (sources.length === 0) return [];
  const byKey = new Map(sources.map((s) => [s.key, s]));
  const usage = await store.dataSourceUsage
    .find({ tenantId, key: { $in: [...byKey.keys()] }, ...userFilter(input) })
    .project<Pick<DataSourceUsageDoc, 'key' | 'userId' | 'lastAt'>>({ key: 1, userId: 1, lastAt: 1 })
    .toArray();
  const names = await oneDriveNamesOf(store, tenantId, [...new Set(usage.map((u) => u.userId))]);
  // One finding per file (whoever came last), however many other people reached it: the file is what to look at.
  const others = new Map<string, typeof usage>();
  for (const row of usage) {
    const owner = /-my\.sharepoint\.com\/personal\/([^/]+)/i.exec(byKey.get(row.key)!.url ?? '')?.[1]?.toLowerCase();
    const own = names.get(row.userId);
    // A user without a known sign-in name cannot be told from the owner: no finding rather than a false one.
    if (!owner || !own || own.has(owner)) continue;
    others.set(row.key, [...(others.get(row.key) ?? []), row]);
  }
  const out: AggregateFinding[] = [];
  for (const [key, rows] of others) {
    out.push(
      await fileFinding(input, byKey.get(key)!, rows, {
        rule: 'oversharing-other-onedrive',
        severity: 'low',
        title: "A file in another person's OneDrive reached by Copilot",
        type: "Another person's OneDrive file",
        note: null,
      }),
    );
  }
  return out;
};

/** A SharePoint site whose files and pages reached at least `siteMinUsers` distinct users. */
export const siteManyUsersRule: CrossRule = async (input) => {
  const { store, tenantId, thresholds, hash } = input;
  const sources = await changedSources(input, { url: { $regex: '\\.sharepoint\\.com/(sites|teams)/' } });
  const sites = new Map<string, DataSourceDoc>();
  for (const s of sources) {
    const prefix = /^url:https:\/\/[^/]+\.sharepoint\.com\/(?:sites|teams)\/[^/?#]+/i.exec(s.key)?.[0];
    if (prefix && !sites.has(prefix)) sites.set(prefix, s);
  }
  const out: AggregateFinding[] = [];
  for (const [prefix, sample] of sites) {
    const pattern = `^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:[/?#]|$)`;
    const rows = await store.dataSourceUsage
      .find({ tenantId, key: { $regex: pattern, $options: 'i' } })
      .project<Pick<DataSourceUsageDoc, 'userId' | 'lastAt'>>({ userId: 1, lastAt: 1 })
      .toArray();
    const users = new Set(rows.map((r) => r.userId));
    if (users.size < thresholds.siteMinUsers) continue;
    const last = rows.reduce((a, b) => (b.lastAt > a.lastAt ? b : a));
    const siteUrl = prefix.slice(4);
    out.push({
      tenantId,
      rule: 'oversharing-site-users',
      category: 'oversharing',
      severity: 'low',
      confidence: 'low',
      title: `A site reached by ${users.size} users through Copilot`,
      userId: last.userId,
      perUser: false,
      anchor: `site:${anchorOf(siteUrl.toLowerCase())}`,
      latest: await latestInteraction(store, tenantId, last.userId, last.lastAt),
      at: last.lastAt,
      urls: [siteUrl],
      evidence: [
        evidenceOf('Site reached by many users', { ...sample, key: prefix, url: siteUrl }, hash, `${users.size} users`),
      ],
    });
  }
  return out;
};

/** Data sources some user in scope reached since the scope's start (every one without a scope). */
async function changedSources(input: CrossRuleInput, extra: Filter<DataSourceDoc>): Promise<DataSourceDoc[]> {
  const { store, tenantId, scope } = input;
  let keys: string[] | null = null;
  if (scope)
    keys = await store.dataSourceUsage.distinct('key', {
      tenantId,
      userId: { $in: [...scope.userIds] },
      lastAt: { $gte: scope.since },
    });
  if (keys && keys.length === 0) return [];
  return store.dataSources.find({ tenantId, ...(keys ? { key: { $in: keys } } : {}), ...extra }).toArray();
}

function userFilter(input: CrossRuleInput): Filter<DataSourceUsageDoc> {
  return input.scope ? { userId: { $in: [...input.scope.userIds] }, lastAt: { $gte: input.scope.since } } : {};
}

async function departmentsOf(store: Store, tenantId: string, userIds: string[]): Promise<Map<string, string>> {
  const users = await store.users
    .find({ tenantId, userId: { $in: userIds } })
    .project<Pick<UserDoc, 'userId' | 'department'>>({ userId: 1, department: 1 })
    .toArray();
  return new Map(users.filter((u) => u.department).map((u) => [u.userId, u.department!.trim().toLowerCase()]));
}

/** Each user's OneDrive folder names (`alex_contoso_com`) from their sign-in name and mail. */
async function oneDriveNamesOf(store: Store, tenantId: string, userIds: string[]): Promise<Map<string, Set<string>>> {
  const users = await store.users
    .find({ tenantId, userId: { $in: userIds } })
    .project<Pick<UserDoc, 'userId' | 'userPrincipalName' | 'mail'>>({ userId: 1, userPrincipalName: 1, mail: 1 })
    .toArray();
  const out = new Map<string, Set<string>>();
  for (const u of users) {
    const names = [u.userPrincipalName, u.mail]
      .filter((n): n is string => !!n)
      .map((n) => n.toLowerCase().replace(/[@.#]/g, '_'));
    if (names.length > 0) out.set(u.userId, new Set(names));
  }
  return out;
}

/** The user's interaction at that time (the latest one involved), for the finding's session and app. */
export async function latestInteraction(store: Store, tenantId: string, userId: string, at: Date): Promise<Latest> {
  return store.interactions.findOne({ tenantId, userId, createdAt: { $lte: at } } as Filter<InteractionDoc>, {
    sort: { createdAt: -1 },
    projection: { graphId: 1, sessionId: 1, appKey: 1, appClass: 1, createdAt: 1, interactionType: 1 },
  });
}

function evidenceOf(
  type: string,
  source: Pick<DataSourceDoc, 'key' | 'url'>,
  hash: CrossRuleInput['hash'],
  note: string | null,
): AggregateFinding['evidence'][number] {
  const masked = maskResourceUrl(source.url);
  return {
    type,
    path: 'dataSource',
    start: 0,
    end: 0,
    masked: note ? `${masked} (${note})` : masked,
    hash: hash(type, source.key),
  };
}

/**
 * The natural key of a file or site finding: a plain digest of its key, not the keyed evidence hash, so a sync and
 * a rescan run with different hash keys (none configured) still meet the same finding.
 */
function anchorOf(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 24);
}

/** A finding about one file, dated and placed by the latest user who reached it. */
async function fileFinding(
  input: CrossRuleInput,
  source: DataSourceDoc,
  rows: readonly Pick<DataSourceUsageDoc, 'userId' | 'lastAt'>[],
  what: { rule: string; severity: 'medium' | 'low'; title: string; type: string; note: string | null },
): Promise<AggregateFinding> {
  const last = rows.reduce((a, b) => (b.lastAt > a.lastAt ? b : a));
  return {
    tenantId: input.tenantId,
    rule: what.rule,
    category: 'oversharing',
    severity: what.severity,
    confidence: 'medium',
    title: what.title,
    userId: last.userId,
    perUser: false,
    anchor: `file:${anchorOf(source.key)}`,
    latest: await latestInteraction(input.store, input.tenantId, last.userId, last.lastAt),
    at: last.lastAt,
    urls: source.url ? [source.url] : [],
    evidence: [evidenceOf(what.type, source, input.hash, what.note)],
  };
}
