import type { Filter } from 'mongodb';
import { departmentKey } from '../../store/departmentKey';
import type { AgentDoc } from '../../store/documents';
import type { Store } from '../../store/Store';
import { mapPage, pagedFind, pageKeys } from './pagedFind';
import { overlapFilter } from './timeRange';
import type { AgentRow, AgentsQuery, Page, UserRef } from './types';
import { matchingAppKeys, matchingUserIds, unknownUser, userRefs } from './userDirectory';

const AGENT_FIELDS = {
  userId: 1,
  appKey: 1,
  appName: 1,
  known: 1,
  firstAt: 1,
  lastAt: 1,
  promptCount: 1,
  responseCount: 1,
  interactionCount: 1,
  conversationCount: 1,
} as const;

/**
 * Agents (one user's use of one Copilot app), filtered and sorted, one keyset page at a time. A time range
 * keeps agents active in it (lastAt >= from and firstAt < to); their counts are all-time.
 */
export async function listAgents(store: Store, tenantId: string, query: AgentsQuery): Promise<Page<AgentRow>> {
  const filter = await agentFilter(store, tenantId, query);
  if (query.sort === 'userName') return agentsByUserName(store, tenantId, filter, query);
  const page = await pagedFind(store.agents, {
    filter,
    sortField: query.sort,
    textSort: query.sort === 'appName',
    direction: query.direction,
    limit: query.limit,
    cursor: query.cursor,
    projection: AGENT_FIELDS,
  });
  const refs = await userRefs(
    store,
    tenantId,
    page.items.map((a) => a.userId),
  );
  return mapPage(page, (a) => toAgentRow(a, refs.get(a.userId)));
}

async function agentFilter(store: Store, tenantId: string, query: AgentsQuery): Promise<Filter<AgentDoc>> {
  const and: Filter<AgentDoc>[] = [{ tenantId }];
  if (query.appKey !== undefined) and.push({ appKey: query.appKey });
  if (query.userId !== undefined) and.push({ userId: query.userId });
  if (query.range) and.push(overlapFilter(query.range, 'firstAt', 'lastAt'));
  // An equality on the agent's own key (the person's, kept by the sync), which the by_department_* indexes order.
  if (query.department !== undefined) and.push({ departmentKey: departmentKey(query.department) });
  if (query.search !== undefined) {
    const [ids, appKeys] = await Promise.all([
      matchingUserIds(store, tenantId, { search: query.search }),
      matchingAppKeys(store, tenantId, query.search),
    ]);
    and.push({ $or: [{ userId: { $in: ids } }, { appKey: { $in: appKeys } }] });
  }
  return and.length === 1 ? and[0]! : { $and: and };
}

/** Sorting by the user's name: names live on the users records, so the sort happens here, over ids only. */
async function agentsByUserName(
  store: Store,
  tenantId: string,
  filter: Filter<AgentDoc>,
  query: AgentsQuery,
): Promise<Page<AgentRow>> {
  const all = await store.agents.find(filter, { projection: { userId: 1 } }).toArray();
  const refs = await userRefs(
    store,
    tenantId,
    all.map((a) => a.userId),
  );
  const page = pageKeys(
    all.map((a) => ({ value: refs.get(a.userId)?.displayName ?? null, id: a._id.toHexString() })),
    { sortField: 'userName', direction: query.direction, limit: query.limit, cursor: query.cursor },
  );
  const byId = new Map(all.map((a) => [a._id.toHexString(), a._id]));
  const docs = await store.agents
    .find({ _id: { $in: page.keys.map((k) => byId.get(k.id)!) } }, { projection: AGENT_FIELDS })
    .toArray();
  const docById = new Map(docs.map((d) => [d._id.toHexString(), d]));
  const items = page.keys.flatMap((k) => {
    const doc = docById.get(k.id);
    return doc ? [toAgentRow(doc, refs.get(doc.userId))] : [];
  });
  return { items, nextCursor: page.nextCursor, total: page.total };
}

function toAgentRow(a: Pick<AgentDoc, keyof typeof AGENT_FIELDS | '_id'>, user: UserRef | undefined): AgentRow {
  return {
    ...(user ?? unknownUser(a.userId)),
    id: a._id.toHexString(),
    appKey: a.appKey,
    appName: a.appName,
    known: a.known,
    firstAt: a.firstAt,
    lastAt: a.lastAt,
    promptCount: a.promptCount,
    responseCount: a.responseCount,
    interactionCount: a.interactionCount,
    conversationCount: a.conversationCount,
  };
}
