import { licensedFacts } from '../insights/askFacts';
import { syncFactsOf } from '../insights/syncFacts';
import type { AnswerDeps } from './executed';
import { unreadableNote } from './executePeople';
import type { MeasureQuery } from './querySchema';
import { meetsThreshold } from './thresholds';

/**
 * "Least active users", "bottom 5 by prompts", "who used Copilot the least": licence holders with no activity in the
 * period are the least of all, so they are ranked with 0, never left out (a ranking of only those with activity named
 * someone who used Copilot as the least active). Holders whose history the export API refused are not ranked: their
 * use is unknown, and that is said.
 */

/** Counts a licence holder without activity has 0 of; people reached and distinct counts are no per-person use. */
const COUNTED = new Set<MeasureQuery['measure']>(['prompts', 'responses', 'interactions', 'sessions']);

/**
 * Whether a ranking from the lowest of people counts licence holders without activity; so does a condition 0 meets
 * ("users with fewer than 5 prompts": a holder with none has fewer than 5).
 */
export function ranksIdleHolders(q: MeasureQuery): boolean {
  const f = q.filters;
  const zeroKept = q.having
    ? !q.having.of && !q.activeOnly && meetsThreshold(0, q.having)
    : q.order === 'asc' && !q.activeOnly;
  return (
    COUNTED.has(q.measure) &&
    q.by.length === 1 &&
    q.by[0] === 'user' &&
    zeroKept &&
    !q.compare &&
    !q.who &&
    !q.namesToo &&
    !q.share &&
    !q.distinct &&
    !f.people.length &&
    !f.source &&
    !f.sourceKind &&
    !f.host &&
    !f.owner
  );
}

/** The licence holders (in the departments asked, none left out) with no row, and what to say of them. */
export async function idleHolders(
  deps: AnswerDeps,
  q: MeasureQuery,
  ranked: ReadonlySet<string>,
): Promise<{ ids: string[]; notes: string[] }> {
  const [licensed, unreadable] = await Promise.all([
    licensedFacts(deps.store, deps.tenantId, q.filters.departments),
    syncFactsOf(deps).unreadableUserIds(),
  ]);
  const refused = new Set(unreadable);
  const left = new Set((q.filters.exclude?.departments ?? []).map((d) => d.toLowerCase()));
  const holders = licensed.filter((u) => !left.has((u.department ?? '').toLowerCase()));
  const ids = holders.filter((u) => !ranked.has(u.userId) && !refused.has(u.userId)).map((u) => u.userId);
  const unknown = holders.filter((u) => refused.has(u.userId)).length;
  const notes = [
    ...(ids.length
      ? [
          q.having
            ? `Licence holders with no ${q.measure} in the period count as 0${q.limit === undefined ? ' and are listed' : ''} (${ids.length}).`
            : `Licence holders with no ${q.measure} in the period count as 0 and are ranked as the least (${ids.length}).`,
        ]
      : []),
    ...(unknown ? [unreadableNote(unknown)] : []),
  ];
  return { ids, notes };
}
