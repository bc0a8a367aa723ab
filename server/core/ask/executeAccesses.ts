import { interactionsWithSources, keysOfNamed } from '../insights/sourceFilter';
import { sourceFacts } from '../insights/askFacts';
import { userRefs } from '../insights/userDirectory';
import { plural, type AnswerDeps, type Executed, type Row } from './executed';
import { appName } from './lexicon';
import { scopedUsers } from './measureFacts';
import type { MeasureQuery } from './querySchema';

/** People named with their latest access in the summary; the rows carry every one. */
const NAMED_IN_SUMMARY = 5;

/**
 * "Who accessed Budget.xlsx and when", "every access to the Projects site this month": each interaction that drew on
 * the named source (or a file of the named site) as a row — when, who, their department, the app, and for a site
 * which file — newest first, so the first row is the last access. Read by the source's keys in the period
 * (sourceFilter.ts), narrowed to the apps, departments and people asked.
 */
export async function answerAccesses(deps: AnswerDeps, q: MeasureQuery): Promise<Executed> {
  const s = q.filters.source!;
  const named = await keysOfNamed(deps.store, deps.tenantId, s);
  // "files with 'Policy' in the name": of a site's or a name's sources, those of the kind asked.
  const kind = q.filters.sourceKind;
  const keys =
    kind && s.of !== 'source'
      ? (await sourceFacts(deps.store, deps.tenantId, { keys: named, kind })).map((f) => f.key)
      : named;
  const userIds = await scopedUsers(deps.store, deps.tenantId, q);
  const found = await interactionsWithSources(deps.store, deps.tenantId, keys, q.period, {
    appKeys: q.filters.apps,
    userIds,
  });
  const inSource = new Set(keys);
  const hits = found
    .map((f) => ({ f, key: f.dataSourceKeys.find((k) => inSource.has(k))! }))
    .sort((a, b) => b.f.at.getTime() - a.f.at.getTime());
  const [refs, facts] = await Promise.all([
    userRefs(
      deps.store,
      deps.tenantId,
      hits.map((h) => h.f.userId),
    ),
    s.of !== 'source' ? sourceFacts(deps.store, deps.tenantId, { keys: [...new Set(hits.map((h) => h.key))] }) : [],
  ]);
  const fileNames = new Map(facts.map((f) => [f.key, f.name ?? f.key]));
  const nameOf = (id: string) => (refs.get(id)?.displayName ?? refs.get(id)?.userPrincipalName ?? id).trim();
  const rows: Row[] = hits.map(({ f, key }) => ({
    at: f.at.toISOString(),
    user: nameOf(f.userId),
    department: refs.get(f.userId)?.department ?? null,
    app: appName(f.appKey),
    ...(s.of !== 'source' ? { source: fileNames.get(key) ?? key } : {}),
  }));
  return {
    kind: 'table',
    summary: summaryOf(s.name, hits, nameOf),
    notes: [],
    columns: [
      { key: 'at', title: 'When', kind: 'datetime' },
      { key: 'user', title: 'User', kind: 'text' },
      { key: 'department', title: 'Department', kind: 'text' },
      { key: 'app', title: 'App', kind: 'text' },
      ...(s.of !== 'source' ? [{ key: 'source', title: 'Data source', kind: 'text' as const }] : []),
    ],
    rows,
    view: { path: 'data-sources', params: { search: s.of === 'match' ? s.key : s.name } },
  };
}

/** "18 accesses to X by 4 people in this period; latest: Chris Diaz 2026-12-02 15:04 UTC, …" (each person's latest). */
function summaryOf(name: string, hits: Array<{ f: { at: Date; userId: string } }>, nameOf: (id: string) => string) {
  if (!hits.length) return `Nobody's Copilot use drew on ${name} in this period.`;
  const latest = new Map<string, Date>();
  for (const { f } of hits) if (!latest.has(f.userId)) latest.set(f.userId, f.at);
  const named = [...latest].slice(0, NAMED_IN_SUMMARY).map(([id, at]) => `${nameOf(id)} ${stamp(at)}`);
  const more = latest.size > NAMED_IN_SUMMARY ? `, and ${plural(latest.size - NAMED_IN_SUMMARY, 'other')}` : '';
  return `${plural(hits.length, 'access', 'accesses')} to ${name} by ${plural(latest.size, 'person', 'people')} in this period, newest first. Each person's latest: ${named.join(', ')}${more}.`;
}

const stamp = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
