import { ObjectId, type Document, type Filter } from 'mongodb';
import type { ConversationDoc, InteractionDoc } from '../../store/documents';
import type { Store } from '../../store/Store';
import { resolveApp } from '../appCatalog';
import { aggregateIds } from '../sync/aggregateOps';
import { decodeCursor, encodeCursor, invalidCursor } from './cursor';
import { dataSourceRefs } from './dataSourceRefs';
import { activityScope, scopeFilter, type ActivityScope } from './activityScope';
import { DAY_MS, dayOf } from './timeRange';
import type { ActivityQuery, ActivityRow, ActivityType, Page, TimeRange } from './types';
import { unknownUser, userRefs } from './userDirectory';

export const ACTIVITY_TYPES: readonly ActivityType[] = ['session', 'prompt', 'response', 'data_source_access'];
const SORT_KEY = 'at:desc';

/** A feed row before names are joined. `id` orders rows that share a time: "s:<hex>" > "i:<hex>" > "d:<hex>:<n>". */
type RawRow = Omit<ActivityRow, 'userId' | 'displayName' | 'userPrincipalName' | 'department'> & { userId: string };

interface Position {
  at: number;
  id: string;
}

const INTERACTION_FIELDS = {
  userId: 1,
  sessionId: 1,
  appClass: 1,
  interactionType: 1,
  createdAt: 1,
  dataSourceKeys: 1,
} as const;
type FeedInteraction = Pick<InteractionDoc, keyof typeof INTERACTION_FIELDS | '_id'>;

/**
 * The Observability feed, newest first: sessions (a conversation, at its start), prompts and responses (one
 * interaction each), and data source accesses (one row per interaction and data source it used). Metadata
 * only: never prompt or response text. Filters: types, time range, app, user, and a search on user name/UPN,
 * app name and data source name/URL. Each kind is read with its own narrow filter and the pages merged.
 */
export async function activityFeed(store: Store, tenantId: string, query: ActivityQuery): Promise<Page<ActivityRow>> {
  const types = new Set(query.types && query.types.length > 0 ? query.types : ACTIVITY_TYPES);
  const scope = await activityScope(store, tenantId, query);
  const position = query.cursor ? decodePosition(query.cursor) : null;
  const interactionTypes = [
    ...(types.has('prompt') ? ['userPrompt'] : []),
    ...(types.has('response') ? ['aiResponse'] : []),
  ];
  const sessionFilter = { tenantId, firstAt: range(query), ...scopeFilter(scope, query) } as Filter<ConversationDoc>;
  const filters = interactionFilters(tenantId, query.range, scopeFilter(scope, query), interactionTypes);
  const fetch = query.limit + 2;

  const [sessions, prompts, accesses, totals] = await Promise.all([
    types.has('session')
      ? store.conversations
          .find(and(sessionFilter, after('s', 'firstAt', position)), {
            sort: { firstAt: -1, _id: -1 },
            limit: fetch,
            projection: {
              userId: 1,
              sessionId: 1,
              appKey: 1,
              appName: 1,
              firstAt: 1,
              promptCount: 1,
              responseCount: 1,
            },
          })
          .toArray()
      : [],
    interactionTypes.length > 0
      ? readInteractions(store, and(filters.prompts, after('i', 'createdAt', position)), fetch)
      : [],
    types.has('data_source_access')
      ? readInteractions(store, and(filters.sources, after('d', 'createdAt', position)), fetch)
      : [],
    Promise.all([
      types.has('session') ? store.conversations.countDocuments(sessionFilter) : 0,
      scope || query.userId !== undefined
        ? countInteractionRows(store, filters, interactionTypes, types.has('data_source_access'), scope)
        : interactionRowTotal(store, tenantId, query, interactionTypes, types.has('data_source_access')),
    ]),
  ]);

  const rows: RawRow[] = [
    ...sessions.map((c) => sessionRow(c as ConversationDoc)),
    ...prompts.map((i) => interactionRow(tenantId, i)),
    ...accesses.flatMap((i) => accessRows(tenantId, i, scope)),
  ]
    .filter((row) => !position || before(row, position))
    .sort((a, b) => b.at.getTime() - a.at.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  const nextCursor = rows.length > query.limit && last ? encodeCursor(SORT_KEY, { value: last.at, id: last.id }) : null;
  return { items: await withNames(store, tenantId, page), nextCursor, total: totals.reduce((a, b) => a + b, 0) };
}

function range(query: ActivityQuery): { $gte: Date; $lt: Date } {
  return { $gte: query.range.from, $lt: query.range.to };
}

function and(filter: Document, extra: Document | null): Document {
  return extra ? { $and: [filter, extra] } : filter;
}

interface InteractionFilters {
  prompts: Filter<InteractionDoc>;
  sources: Filter<InteractionDoc>;
}

function interactionFilters(
  tenantId: string,
  within: TimeRange,
  scope: Document,
  interactionTypes: string[],
): InteractionFilters {
  const base = { tenantId, createdAt: { $gte: within.from, $lt: within.to }, ...scope };
  return {
    prompts: { ...base, interactionType: { $in: interactionTypes } } as Filter<InteractionDoc>,
    sources: { ...base, 'dataSourceKeys.0': { $exists: true } } as Filter<InteractionDoc>,
  };
}

/** Prompt, response and data source access rows matching the filters, counted from `interactions`. */
async function countInteractionRows(
  store: Store,
  filters: InteractionFilters,
  interactionTypes: string[],
  accesses: boolean,
  scope: ActivityScope | null,
): Promise<number> {
  const [rows, accessRows] = await Promise.all([
    interactionTypes.length > 0 ? store.interactions.countDocuments(filters.prompts) : 0,
    accesses ? countAccesses(store, filters.sources, scope) : 0,
  ]);
  return rows + accessRows;
}

/**
 * The same count without a user or search filter, cheaply and exactly: whole UTC days inside the range from the
 * per-app daily aggregate, and only the partial days at either end from `interactions`.
 */
async function interactionRowTotal(
  store: Store,
  tenantId: string,
  query: ActivityQuery,
  interactionTypes: string[],
  accesses: boolean,
): Promise<number> {
  if (interactionTypes.length === 0 && !accesses) return 0;
  const { from, to } = query.range;
  const firstWhole = Math.ceil(from.getTime() / DAY_MS) * DAY_MS;
  const endWhole = Math.floor(to.getTime() / DAY_MS) * DAY_MS;
  const app = query.appKey === undefined ? {} : { appKey: query.appKey };
  const edge = (edgeFrom: number, edgeTo: number): Promise<number> =>
    edgeFrom >= edgeTo
      ? Promise.resolve(0)
      : countInteractionRows(
          store,
          interactionFilters(tenantId, { from: new Date(edgeFrom), to: new Date(edgeTo) }, app, interactionTypes),
          interactionTypes,
          accesses,
          null,
        );
  if (firstWhole >= endWhole) return edge(from.getTime(), to.getTime());
  const field = (name: string, wanted: boolean) => (wanted ? { $ifNull: [`$${name}`, 0] } : 0);
  const [sums, head, tail] = await Promise.all([
    store.dailyActivity
      .aggregate<{ n: number }>([
        {
          $match: {
            tenantId,
            ...app,
            day: { $gte: dayOf(new Date(firstWhole)), $lt: dayOf(new Date(endWhole)) },
          },
        },
        {
          $group: {
            _id: null,
            n: {
              $sum: {
                $add: [
                  field('promptCount', interactionTypes.includes('userPrompt')),
                  field('responseCount', interactionTypes.includes('aiResponse')),
                  field('dataSourceAccessCount', accesses),
                ],
              },
            },
          },
        },
      ])
      .toArray(),
    edge(from.getTime(), firstWhole),
    edge(endWhole, to.getTime()),
  ]);
  return (sums[0]?.n ?? 0) + head + tail;
}

function readInteractions(store: Store, filter: Document, limit: number): Promise<FeedInteraction[]> {
  return store.interactions
    .find(filter as Filter<InteractionDoc>, { sort: { createdAt: -1, _id: -1 }, limit, projection: INTERACTION_FIELDS })
    .toArray() as Promise<FeedInteraction[]>;
}

/** Data source access rows: one per (interaction, source) in scope. */
async function countAccesses(
  store: Store,
  filter: Filter<InteractionDoc>,
  scope: ActivityScope | null,
): Promise<number> {
  const [row] = await store.interactions
    .aggregate<{ n: number }>([
      { $match: filter },
      { $project: { _id: 0, userId: 1, appKey: 1, dataSourceKeys: 1 } },
      { $unwind: '$dataSourceKeys' },
      ...(scope ? [{ $match: scopeFilter(scope, {}) }] : []),
      { $count: 'n' },
    ])
    .toArray();
  return row?.n ?? 0;
}

/**
 * The store filter for one kind's rows after the cursor. Rows sharing the cursor's time order by id, whose
 * first letter is the kind ("s" > "i" > "d"), so a kind either keeps all rows at that time, none, or those past
 * the cursor's own id. Data source rows share their interaction's id: that interaction is read again and its
 * rows filtered exactly in memory.
 */
function after(kind: 's' | 'i' | 'd', field: string, position: Position | null): Document | null {
  if (!position) return null;
  const at = new Date(position.at);
  const cursorKind = position.id[0];
  if (kind > cursorKind!) return { [field]: { $lt: at } };
  if (kind < cursorKind!) return { [field]: { $lte: at } };
  const hex = new ObjectId(position.id.slice(2, 26));
  return { $or: [{ [field]: { $lt: at } }, { [field]: at, _id: { [kind === 'd' ? '$lte' : '$lt']: hex } }] };
}

function before(row: RawRow, position: Position): boolean {
  const at = row.at.getTime();
  return at < position.at || (at === position.at && row.id < position.id);
}

function decodePosition(cursor: string): Position {
  const { value, id } = decodeCursor(SORT_KEY, cursor, /^(s|i):[0-9a-f]{24}$|^d:[0-9a-f]{24}:\d{3}$/);
  if (!(value instanceof Date)) throw invalidCursor();
  return { at: value.getTime(), id };
}

function sessionRow(c: ConversationDoc): RawRow {
  return {
    id: `s:${c._id.toHexString()}`,
    type: 'session',
    at: c.firstAt,
    userId: c.userId,
    appKey: c.appKey,
    appName: c.appName,
    conversationId: c._id.toHexString(),
    sessionId: c.sessionId,
    promptCount: c.promptCount,
    responseCount: c.responseCount,
  };
}

function interactionRow(tenantId: string, i: FeedInteraction): RawRow {
  const app = resolveApp(i.appClass);
  return {
    id: `i:${i._id.toHexString()}`,
    type: i.interactionType === 'userPrompt' ? 'prompt' : 'response',
    at: i.createdAt,
    userId: i.userId,
    appKey: app.key,
    appName: app.displayName,
    conversationId: aggregateIds.conversation(tenantId, i.userId, i.sessionId).toHexString(),
    sessionId: i.sessionId,
  };
}

function accessRows(tenantId: string, i: FeedInteraction, scope: ActivityScope | null): RawRow[] {
  const base = interactionRow(tenantId, i);
  const wholeInteraction = !scope || scope.userIdSet.has(i.userId) || scope.appKeySet.has(base.appKey);
  return i.dataSourceKeys.flatMap((key, n) =>
    wholeInteraction || scope.sourceKeySet.has(key)
      ? [
          {
            ...base,
            id: `d:${i._id.toHexString()}:${String(n).padStart(3, '0')}`,
            type: 'data_source_access' as const,
            dataSource: { key, kind: 'other', name: null, url: null },
          },
        ]
      : [],
  );
}

async function withNames(store: Store, tenantId: string, rows: RawRow[]): Promise<ActivityRow[]> {
  const [users, sources] = await Promise.all([
    userRefs(
      store,
      tenantId,
      rows.map((r) => r.userId),
    ),
    dataSourceRefs(
      store,
      tenantId,
      rows.flatMap((r) => (r.dataSource ? [r.dataSource.key] : [])),
    ),
  ]);
  return rows.map((r) => ({
    ...(users.get(r.userId) ?? unknownUser(r.userId)),
    ...r,
    ...(r.dataSource ? { dataSource: sources.get(r.dataSource.key)! } : {}),
  }));
}
