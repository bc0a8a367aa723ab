import type { Collection, Document } from 'mongodb';
import type { Store } from '../../store/Store';
import { checkAppKey } from './users';
import { DAY_MS, dayFilter } from './timeRange';
import type { TopUserRow, TopUsersQuery } from './types';
import type { UserRef } from './types';
import { matchingUserIds, REF_PROJECTION, toRef, unknownUser, userRefs } from './userDirectory';

interface Totals {
  _id: string;
  prompts: number;
  interactions: number;
  activeDays: number;
  /** The person's name, when the ranking read their users record anyway (candidates by all-time count). */
  ref?: UserRef;
}

/** Ranges at least this long rank from all-time bounds first (see rankByBounds); shorter ones read their days. */
const BOUNDED_MIN_DAYS = 14;
/**
 * Candidates read in the first round (per user asked for; each later round reads twice as many), and the most a
 * bounded ranking reads before it falls back to the range's records.
 */
const BOUND_FIRST_PER_ROW = 3;
const BOUND_MAX = 2_000;

/**
 * The most active users over any range of UTC days, from the per-user daily aggregate. With an app filter the
 * ranking, `interactions` and `prompts` are that app's (the daily aggregate keeps both per app); it ranks by the
 * app's interactions unless prompts are asked for.
 */
export async function topUsers(
  store: Store,
  tenantId: string,
  query: TopUsersQuery,
  tuning?: BoundTuning,
): Promise<TopUserRow[]> {
  const rows = await rankUsers(store, tenantId, query, tuning);
  const refs = await userRefs(
    store,
    tenantId,
    rows.filter((r) => !r.ref).map((r) => r.userId),
  );
  return rows.map(({ ref, ...r }) => ({ ...(ref ?? refs.get(r.userId) ?? unknownUser(r.userId)), ...r }));
}

/** A ranked person's totals over the range (topUsers without the names, but for `ref`). */
export interface RankedUser {
  userId: string;
  prompts: number;
  interactions: number;
  activeDays: number;
  /** Their name, when the ranking read their users record anyway: the caller need not look it up again. */
  ref?: UserRef;
}

/**
 * topUsers' ranking without looking up anyone's name (for a caller that names only some of them), except those whose
 * users record it read: the first `limit` people, most first, then by user id.
 */
export async function rankUsers(
  store: Store,
  tenantId: string,
  query: TopUsersQuery,
  tuning: BoundTuning = { batch: Math.max(30, BOUND_FIRST_PER_ROW * query.limit), max: BOUND_MAX },
): Promise<RankedUser[]> {
  const match: Document = { tenantId, day: dayFilter(query.range) };
  const appKey = query.appKey === undefined ? null : checkAppKey(query.appKey);
  const appField = appKey === null ? null : `appCounts.${appKey}`;
  if (appField) match[appField] = { $gt: 0 };
  const department =
    query.department === undefined ? null : await matchingUserIds(store, tenantId, { department: query.department });
  if (department) match.userId = { $in: department };
  const ranking: Ranking = {
    match,
    rankBy: query.sort ?? (appField ? 'interactions' : 'prompts'),
    appKey,
    limit: query.limit,
  };
  const long = query.range.to.getTime() - query.range.from.getTime() >= BOUNDED_MIN_DAYS * DAY_MS;
  const oneDay = match.day.$gte === match.day.$lte && !appKey && !department && ranking.rankBy === 'prompts';
  // A shorter range, in one app too, adds up every record of its days, sorted and cut by the store. Reading only the
  // days of the app's recent users (agents' lastAt) took `userId $in` their ids: on MongoDB one index seek each, but
  // the emulator tests every record against the whole list, so at 10,000 users (about 1,000 ids) it cost more than
  // the range's 6,700 records (bench:bot, docs/bot.md).
  const rows = oneDay
    ? await dayLeaders(store, tenantId, match.day.$gte as string, query.limit)
    : ((long ? await rankByBounds(store, tenantId, ranking, department, tuning) : null) ??
      (await rangeTotals(store, ranking, null, query.limit)).sort(byRank(ranking.rankBy)).slice(0, query.limit));
  return rows.map((r) => ({
    userId: r._id,
    prompts: r.prompts,
    interactions: r.interactions,
    activeDays: r.activeDays,
    ...(r.ref ? { ref: r.ref } : {}),
  }));
}

/**
 * One day's most prompting people: each has one daily record, so the day's records in the order of the index
 * `by_day_prompts_user` are the ranking, and the store reads only the first `limit` of them.
 */
async function dayLeaders(store: Store, tenantId: string, day: string, limit: number): Promise<Totals[]> {
  const rows = await store.dailyUserActivity
    .find(
      { tenantId, day },
      {
        sort: { promptCount: -1, userId: 1 },
        limit,
        projection: { _id: 0, userId: 1, promptCount: 1, interactionCount: 1 },
      },
    )
    .toArray();
  return rows.map((r) => ({ _id: r.userId, prompts: r.promptCount, interactions: r.interactionCount, activeDays: 1 }));
}

/** How many candidates a bounded ranking reads in its first round and in all (tests make rounds small). */
export interface BoundTuning {
  batch: number;
  max: number;
}

interface Ranking {
  /** The range's per-user daily records to rank (tenant, days, app, department). */
  match: Document;
  rankBy: 'prompts' | 'interactions';
  appKey: string | null;
  limit: number;
}

/**
 * Per-user totals of the matching daily records (of the given users only, when `userIds` is set); with `top`, only
 * the first `top` in ranking order, sorted and cut by the store (a top 5 of a day's thousand people sends 5 rows).
 */
function rangeTotals(store: Store, ranking: Ranking, userIds: string[] | null, top?: number): Promise<Totals[]> {
  const { match, appKey } = ranking;
  // Candidates come from the same scope (department included), so their ids replace the scope's own list.
  const scoped = userIds ? { ...match, userId: { $in: userIds } } : match;
  return store.dailyUserActivity
    .aggregate<Totals>([
      { $match: scoped },
      {
        $group: {
          _id: '$userId',
          prompts: { $sum: appKey === null ? '$promptCount' : { $ifNull: [`$appPrompts.${appKey}`, 0] } },
          interactions: { $sum: appKey === null ? '$interactionCount' : `$appCounts.${appKey}` },
          activeDays: { $sum: 1 },
        },
      },
      ...(top === undefined ? [] : [{ $sort: { [ranking.rankBy]: -1, _id: 1 } }, { $limit: top }]),
    ])
    .toArray();
}

/** Most first, then by user id (the order the store's `$sort: { [rankBy]: -1, _id: 1 }` gives). */
function byRank(rankBy: 'prompts' | 'interactions') {
  return (a: Totals, b: Totals): number => b[rankBy] - a[rankBy] || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0);
}

/**
 * Exact top N without reading every record of a long range: a user's all-time count (on the users record, or the
 * agent for one app) is at least their count in any range, so candidates are read in order of that bound and
 * their range totals computed, until the Nth best range total beats the bound of every user not yet read.
 * Null (the caller reads the whole range) when that takes more than BOUND_MAX candidates.
 */
async function rankByBounds(
  store: Store,
  tenantId: string,
  ranking: Ranking,
  department: string[] | null,
  { batch, max }: BoundTuning,
): Promise<Totals[] | null> {
  const bound = ranking.rankBy === 'prompts' ? 'promptCount' : 'interactionCount';
  const scope: Document = { tenantId, ...(department ? { userId: { $in: department } } : {}) };
  const people = ranking.appKey === null;
  const source = (people ? store.users : store.agents) as unknown as Collection<Document>;
  if (!people) scope.appKey = ranking.appKey;
  const order = byRank(ranking.rankBy);
  let best: Totals[] = [];
  for (let skip = 0, round = batch; skip < max; skip += round, round *= 2) {
    const candidates = await source
      .find(scope, {
        sort: { [bound]: -1, userId: 1 },
        skip,
        limit: round,
        // A users record holds the name too: read with the bound, the ranked need no second look-up by id.
        projection: { _id: 0, [bound]: 1, ...(people ? REF_PROJECTION : { userId: 1 }) },
      })
      .toArray();
    if (candidates.some((c) => typeof c[bound] !== 'number')) return null; // a record without its count bounds nothing
    if (candidates.length > 0) {
      const totals = await rangeTotals(
        store,
        ranking,
        candidates.map((c) => String(c.userId)),
      );
      const named = new Map(people ? candidates.map((c) => [String(c.userId), toRef(c as unknown as UserRef)]) : []);
      // A sync writing between rounds can move a user across the page boundary: keep each user once.
      const fresh = totals
        .filter((t) => !best.some((b) => b._id === t._id))
        .map((t) => (named.has(t._id) ? { ...t, ref: named.get(t._id)! } : t));
      best = [...best, ...fresh].sort(order).slice(0, ranking.limit);
    }
    const unread = candidates.length < round ? -1 : (candidates[candidates.length - 1]![bound] as number);
    const nth = best[ranking.limit - 1];
    if (unread < 0 || (nth && nth[ranking.rankBy] > unread)) return best;
  }
  return null;
}
