import type { Filter } from 'mongodb';
import { departmentKey } from '../../store/departmentKey';
import type { AgentDoc, UserDoc } from '../../store/documents';
import { userRefs } from '../insights/userDirectory';
import type { UserRef } from '../insights/types';
import { pseudonymousRefs } from '../privacy/pseudonyms';
import { moment, plural, type AnswerDeps, type Executed, type Row, PERSON_COLUMNS } from './executed';
import { appName } from './lexicon';
import type { MeasureQuery } from './querySchema';
import { smallGroupsOf } from './smallGroupRows';
import { smallGroupRefusal } from './smallGroups';

/**
 * "Who used Copilot in Excel most recently", "who was the last to use Loop": people by their last use, latest first.
 * The sync keeps each person's last use per app (the agent's `lastAt`) and in all (the user's `lastActiveAt`), both
 * indexed newest first; a last use inside a period that ended before now is not kept, so that is said, not answered
 * from another period.
 */

const refusal = (summary: string): Executed => ({ kind: 'not_available', summary, columns: [], rows: [], notes: [] });

/** Why the question cannot be ordered by last use, or null when it can. */
function unsupportedRecent(q: MeasureQuery, now: Date): string | null {
  const f = q.filters;
  if (f.people.length || f.sourceKind || f.host || f.owner || f.source || f.clock || f.exclude?.apps.length || f.exclude?.departments.length)
    return 'People are ordered by their last use in an app or a department only: no person, data source, time of day or exclusion can narrow it. Ask e.g. "who used Copilot in Excel most recently".'; // prettier-ignore
  if (q.having || q.who || q.compare || q.by.some((d) => d !== 'user'))
    return 'People are ordered by their last use alone: a condition, comparison or breakdown cannot be applied to it. Ask e.g. "who used Copilot in Excel most recently".'; // prettier-ignore
  // A period ending when the question was read ("the last 24 hours", "today") ends now; one a minute older is past.
  if (q.period.to.getTime() < now.getTime() - 60_000)
    return `Each person's last use is kept as of now, not as it was at the end of a past period (${q.period.label}). Ask "who used it most recently" without the period, or "who used it ${q.period.label}" for their figures then.`; // prettier-ignore
  return null;
}

/** The people last active in the query's apps and departments since its period began, latest first. */
async function lastUses(
  deps: AnswerDeps,
  q: MeasureQuery,
  count: number,
): Promise<Map<string, { at: Date; app?: string }>> {
  const keys = q.filters.departments.map(departmentKey);
  const department = keys.length ? { departmentKey: { $in: keys } } : {};
  const found = new Map<string, { at: Date; app?: string }>();
  if (!q.filters.apps.length) {
    const filter: Filter<UserDoc> = { tenantId: deps.tenantId, lastActiveAt: { $gte: q.period.from }, ...department };
    const docs = await deps.store.users
      .find(filter, {
        sort: { lastActiveAt: -1, _id: -1 },
        limit: count,
        projection: { _id: 0, userId: 1, lastActiveAt: 1 },
      }) // prettier-ignore
      .toArray();
    for (const d of docs) if (d.lastActiveAt) found.set(d.userId, { at: d.lastActiveAt });
    return found;
  }
  // One agent per person and app: reading as many agents per app as people wanted holds that many people.
  const filter: Filter<AgentDoc> = {
    tenantId: deps.tenantId,
    appKey: { $in: q.filters.apps },
    lastAt: { $gte: q.period.from },
    ...department,
  };
  const docs = await deps.store.agents
    .find(filter, {
      sort: { lastAt: -1, _id: -1 },
      limit: count * q.filters.apps.length,
      projection: { _id: 0, userId: 1, appKey: 1, lastAt: 1 },
    })
    .toArray();
  for (const d of docs) {
    if (found.size === count) break;
    if (!found.has(d.userId)) found.set(d.userId, { at: d.lastAt, app: appName(d.appKey) });
  }
  return found;
}

const nameOf = (r: UserRef | undefined, id: string) => (r?.displayName ?? r?.userPrincipalName ?? id).trim();

/** People by their last use (in the apps asked), latest first, the default 10 or every one asked for. */
export async function answerRecent(deps: AnswerDeps, q: MeasureQuery): Promise<Executed> {
  const problem = unsupportedRecent(q, deps.now());
  if (problem) return refusal(problem);
  const minGroupSize = deps.minGroupSize ?? 5;
  const groups = await smallGroupsOf(deps, q, minGroupSize);
  const refused = groups && smallGroupRefusal(groups, q.filters, minGroupSize);
  if (refused) return refused;
  const shown = q.all ? 100 : (q.limit ?? 10);
  const uses = await lastUses(deps, q, shown + 1);
  const more = uses.size > shown;
  const ids = [...uses.keys()].slice(0, shown);
  const named = await userRefs(deps.store, deps.tenantId, ids);
  // Below Analyst, people are their keyed pseudonyms (core/privacy/pseudonyms.ts).
  const refs = deps.pseudonyms ? pseudonymousRefs(named, deps.pseudonyms) : named;
  const apps = q.filters.apps.length > 0;
  const rows: Row[] = ids.map((id) => ({
    user: nameOf(refs.get(id), id),
    department: refs.get(id)?.department ?? null,
    ...(apps ? { app: uses.get(id)!.app ?? null } : {}),
    lastUse: uses.get(id)!.at.toISOString(),
  }));
  const where = apps ? ` in ${q.filters.apps.map(appName).join(' or ')}` : '';
  const latest = rows[0];
  const summary = latest
    ? `${String(latest.user)} used Copilot${where} most recently, on ${moment(uses.get(ids[0]!)!.at, deps.timeZone)}; ${plural(rows.length, 'person', 'people')} shown, latest first.`
    : `Nobody used Copilot${where} in this period.`;
  const notes = more
    ? [q.all ? `At most ${shown} are listed, the most recent first.` : `Only the ${rows.length} most recent are shown; ask "list every …" for more (at most 100).`] // prettier-ignore
    : [];
  return {
    kind: 'table',
    summary: [summary, ...notes].join(' '),
    notes,
    columns: [
      ...PERSON_COLUMNS,
      ...(apps ? [{ key: 'app', title: 'App', kind: 'text' as const }] : []),
      { key: 'lastUse', title: 'Last use', kind: 'datetime' },
    ],
    rows,
  };
}
