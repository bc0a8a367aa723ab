import { dailyUserFacts, licensedFacts, type DailyUserFact } from '../insights/askFacts';
import { syncFactsOf } from '../insights/syncFacts';
import { plural, type AnswerDeps, type Executed, PERSON_COLUMNS } from './executed';
import { syncedWindowNotes, unreadableNote } from './executePeople';
import type { MeasureQuery } from './querySchema';
import { describeThreshold, meetsThreshold } from './thresholds';

/** What a licence holder's condition counts: "tried it once" is one prompt. */
export type HolderCount = 'prompts' | 'responses' | 'interactions';

/**
 * "Who got a licence but only tried it once", "licensed users with fewer than 3 prompts this month": every licence
 * holder (in the departments asked) with their count in the period and apps, those meeting the condition kept —
 * holders without any activity count 0, so "fewer than 3" includes them. Holders whose history the export API refused
 * are left out and said: their count is unknown.
 */
export async function licensedWithCondition(deps: AnswerDeps, q: MeasureQuery): Promise<Executed> {
  const having = q.having!;
  const counted: HolderCount = q.holderCount ?? 'prompts';
  const [licensed, unreadableIds] = await Promise.all([
    licensedFacts(deps.store, deps.tenantId, q.filters.departments),
    syncFactsOf(deps).unreadableUserIds(),
  ]);
  const unreadable = new Set(unreadableIds);
  const active = licensed.filter((u) => u.hasActivity).map((u) => u.userId);
  const facts = active.length ? await dailyUserFacts(deps.store, deps.tenantId, q.period, active) : [];
  const counts = new Map<string, number>();
  for (const f of facts) counts.set(f.userId, (counts.get(f.userId) ?? 0) + countOf(f, counted, q.filters.apps));
  const readable = licensed.filter((u) => !unreadable.has(u.userId));
  const kept = readable
    .map((u) => ({ u, value: counts.get(u.userId) ?? 0 }))
    .filter((r) => meetsThreshold(r.value, having))
    .sort((a, b) => a.value - b.value || name(a.u).localeCompare(name(b.u)));
  const notes = await syncedWindowNotes(deps, q);
  const unknown = licensed.length - readable.length;
  if (unknown > 0) notes.push(unreadableNote(unknown));
  const condition = `${describeThreshold(having)} ${having.value === 1 ? counted.replace(/s$/, '') : counted}`;
  const where = q.filters.departments.length ? ` in ${q.filters.departments.join(', ')}` : '';
  const summary = `${plural(kept.length, 'licensed user')}${where} with ${condition} ${q.period.all ? 'in all synced history' : 'in this period'} (of ${licensed.length} licensed; no activity counts as 0).`;
  return {
    kind: 'table',
    summary: [summary, ...notes].join(' '),
    notes,
    columns: [
      ...PERSON_COLUMNS,
      { key: 'value', title: counted.charAt(0).toUpperCase() + counted.slice(1), kind: 'number' },
    ],
    rows: kept.map((r) => ({ user: name(r.u), department: r.u.department, value: r.value })),
    view: { path: 'users', params: { department: q.filters.departments[0] } },
  };
}

const name = (u: { displayName: string | null; userPrincipalName: string | null; userId: string }) =>
  (u.displayName ?? u.userPrincipalName ?? u.userId).trim();

/** One day's count of what is counted, in the apps asked (all apps when none). */
function countOf(f: DailyUserFact, counted: HolderCount, apps: string[]): number {
  if (!apps.length) return f[counted];
  const perApp = counted === 'prompts' ? f.appPrompts : counted === 'interactions' ? f.appCounts : null;
  // Responses per app are the interactions that are not prompts.
  return apps.reduce(
    (sum, a) => sum + (perApp ? (perApp[a] ?? 0) : Math.max(0, (f.appCounts[a] ?? 0) - (f.appPrompts[a] ?? 0))),
    0,
  );
}
