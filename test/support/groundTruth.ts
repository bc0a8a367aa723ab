import type { AiInteraction } from '../../server/graph/types';
import type { Store } from '../../server/store/Store';
import { expectedAppKey, expectedSources, sourceIdentity } from './simulatorRecord';

export interface TruthRow {
  userId: string;
  interaction: AiInteraction;
}

/** Everything the store's aggregates should say, recomputed from a list of interactions. */
export interface ExpectedAggregates {
  interactions: string[];
  conversations: Record<string, { prompts: number; responses: number; first: string; last: string }>;
  agents: Record<string, { prompts: number; responses: number; conversations: number }>;
  users: Record<string, { interactions: number; conversations: number }>;
  daily: Record<string, { interactions: number; prompts: number; accesses: number }>;
  dailyUsers: Record<string, number>;
  /** Prompts per `day|user|app`. */
  dailyUserAppPrompts: Record<string, number>;
  /** By source identity (see simulatorRecord.ts), not by the product's key. */
  dataSources: Record<string, { references: number; users: number }>;
}

function emptyAggregates(): ExpectedAggregates {
  return {
    interactions: [],
    conversations: {},
    agents: {},
    users: {},
    daily: {},
    dailyUsers: {},
    dailyUserAppPrompts: {},
    dataSources: {},
  };
}

/**
 * Recomputes every aggregate the sync maintains from raw interactions. Shares no code with the sync: apps come from
 * the simulator's own app profiles and data sources from the references as the simulator wrote them, both read by
 * simulatorRecord.ts, so a dedupe or app-mapping bug in the sync shows as a difference.
 */
export function expectedFrom(rows: Iterable<TruthRow>): ExpectedAggregates {
  const e = emptyAggregates();
  const sessionsPerAgent = new Map<string, Set<string>>();
  const sessionsPerUser = new Map<string, Set<string>>();
  const usersPerSource = new Map<string, Set<string>>();
  for (const { userId, interaction: i } of rows) {
    const prompt = i.interactionType === 'userPrompt' ? 1 : 0;
    const response = i.interactionType === 'aiResponse' ? 1 : 0;
    const app = expectedAppKey(i.appClass);
    const at = new Date(i.createdDateTime).toISOString();
    e.interactions.push(`${userId}|${i.id}`);
    const c = (e.conversations[`${userId}|${i.sessionId}`] ??= { prompts: 0, responses: 0, first: at, last: at });
    c.prompts += prompt;
    c.responses += response;
    if (at < c.first) c.first = at;
    if (at > c.last) c.last = at;
    const agentKey = `${userId}|${app}`;
    const a = (e.agents[agentKey] ??= { prompts: 0, responses: 0, conversations: 0 });
    a.prompts += prompt;
    a.responses += response;
    add(sessionsPerAgent, agentKey, i.sessionId);
    const u = (e.users[userId] ??= { interactions: 0, conversations: 0 });
    u.interactions += 1;
    add(sessionsPerUser, userId, i.sessionId);
    const sources = expectedSources(i);
    const d = (e.daily[`${at.slice(0, 10)}|${app}`] ??= { interactions: 0, prompts: 0, accesses: 0 });
    d.interactions += 1;
    d.prompts += prompt;
    d.accesses += sources.length;
    e.dailyUsers[`${at.slice(0, 10)}|${userId}`] = (e.dailyUsers[`${at.slice(0, 10)}|${userId}`] ?? 0) + 1;
    if (prompt) {
      const key = `${at.slice(0, 10)}|${userId}|${app}`;
      e.dailyUserAppPrompts[key] = (e.dailyUserAppPrompts[key] ?? 0) + 1;
    }
    for (const source of sources) {
      const s = (e.dataSources[source] ??= { references: 0, users: 0 });
      s.references += 1;
      add(usersPerSource, source, userId);
    }
  }
  for (const [key, set] of sessionsPerAgent) e.agents[key]!.conversations = set.size;
  for (const [key, set] of sessionsPerUser) e.users[key]!.conversations = set.size;
  for (const [key, set] of usersPerSource) e.dataSources[key]!.users = set.size;
  e.interactions.sort();
  return e;
}

/** Reads the store's aggregates in the same shape as expectedFrom(). */
export async function actualAggregates(store: Store, tenantId: string): Promise<ExpectedAggregates> {
  const e = emptyAggregates();
  for await (const i of store.interactions.find({ tenantId }, { projection: { userId: 1, graphId: 1 } }))
    e.interactions.push(`${i.userId}|${i.graphId}`);
  e.interactions.sort();
  for await (const c of store.conversations.find({ tenantId })) {
    e.conversations[`${c.userId}|${c.sessionId}`] = {
      prompts: c.promptCount,
      responses: c.responseCount,
      first: c.firstAt.toISOString(),
      last: c.lastAt.toISOString(),
    };
  }
  for await (const a of store.agents.find({ tenantId })) {
    e.agents[`${a.userId}|${a.appKey}`] = {
      prompts: a.promptCount,
      responses: a.responseCount,
      conversations: a.conversationCount,
    };
  }
  for await (const u of store.users.find({ tenantId }))
    e.users[u.userId] = { interactions: u.interactionCount, conversations: u.conversationCount };
  for await (const d of store.dailyActivity.find({ tenantId }))
    e.daily[`${d.day}|${d.appKey}`] = {
      interactions: d.interactionCount,
      prompts: d.promptCount,
      accesses: d.dataSourceAccessCount,
    };
  for await (const d of store.dailyUserActivity.find({ tenantId })) {
    e.dailyUsers[`${d.day}|${d.userId}`] = d.interactionCount;
    for (const [app, n] of Object.entries(d.appPrompts ?? {}))
      if (n > 0) e.dailyUserAppPrompts[`${d.day}|${d.userId}|${app}`] = n;
  }
  for await (const s of store.dataSources.find({ tenantId })) {
    // Two stored records of one source (a missed dedupe) show as a second, marked entry.
    const identity = s.url ? sourceIdentity(s.url) : `unaddressed:${s.key}`;
    const key = identity in e.dataSources ? `${identity} (stored twice)` : identity;
    e.dataSources[key] = { references: s.referenceCount, users: s.userCount };
  }
  return e;
}

/**
 * References per site from raw interactions (decoded addresses, as the simulator wrote them): each source an
 * interaction used counts once for its site, the SharePoint site of its address ("host/sites/Name") or else its host.
 */
export function expectedSites(rows: Iterable<TruthRow>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const { interaction } of rows)
    for (const address of expectedSources(interaction)) {
      const url = new URL(address);
      const site = /^\/(?:sites|teams)\/[^/]+/i.exec(url.pathname)?.[0] ?? '';
      const key = `${url.host}${site}`;
      out[key] = (out[key] ?? 0) + 1;
    }
  return out;
}

/** The store's per-site reference counts (siteActivity) in the same shape as expectedSites(). */
export async function actualSites(store: Store, tenantId: string): Promise<Record<string, number>> {
  const docs = await store.siteActivity.find({ tenantId }).toArray();
  return Object.fromEntries(docs.filter((d) => d.referenceCount > 0).map((d) => [d.site, d.referenceCount]));
}

/**
 * References per month (UTC, `YYYY-MM`) and data source, counted from the stored interactions' source keys: each
 * source an interaction cites counts once in the month of its time. Keyed `month|key`.
 */
export async function expectedSourceMonths(store: Store, tenantId: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for await (const i of store.interactions.find({ tenantId }))
    for (const key of i.dataSourceKeys) {
      const id = `${i.createdAt.toISOString().slice(0, 7)}|${key}`;
      out[id] = (out[id] ?? 0) + 1;
    }
  return out;
}

/** The store's per-source monthly counts (sourceMonths) in the same shape as expectedSourceMonths(). */
export async function actualSourceMonths(store: Store, tenantId: string): Promise<Record<string, number>> {
  const docs = await store.sourceMonths.find({ tenantId }).toArray();
  return Object.fromEntries(
    docs.filter((d) => d.referenceCount > 0).map((d) => [`${d.month}|${d.key}`, d.referenceCount]),
  );
}

/** Prompts, responses and interactions of every app per UTC day (`YYYY-MM-DD`), counted from raw interactions. */
export function expectedDayTotals(rows: Iterable<TruthRow>): Record<string, [number, number, number]> {
  const out: Record<string, [number, number, number]> = {};
  for (const { interaction: i } of rows) {
    const day = new Date(i.createdDateTime).toISOString().slice(0, 10);
    const t = (out[day] ??= [0, 0, 0]);
    if (i.interactionType === 'userPrompt') t[0] += 1;
    if (i.interactionType === 'aiResponse') t[1] += 1;
    t[2] += 1;
  }
  return out;
}

/** The store's per-day totals (dayTotals) in the same shape as expectedDayTotals(). */
export async function actualDayTotals(
  store: Store,
  tenantId: string,
): Promise<Record<string, [number, number, number]>> {
  const docs = await store.dayTotals.find({ tenantId }).toArray();
  return Object.fromEntries(
    docs
      .filter((d) => d.interactionCount > 0)
      .map((d) => [d.day, [d.promptCount, d.responseCount, d.interactionCount] as [number, number, number]]),
  );
}

/** The interactions currently stored, as ground-truth rows (to check aggregates against what is stored). */
export async function storedRows(store: Store, tenantId: string): Promise<TruthRow[]> {
  const rows: TruthRow[] = [];
  for await (const i of store.interactions.find({ tenantId })) {
    rows.push({
      userId: i.userId,
      interaction: {
        id: i.graphId,
        sessionId: i.sessionId,
        requestId: i.requestId,
        appClass: i.appClass,
        interactionType: i.interactionType as AiInteraction['interactionType'],
        conversationType: i.conversationType,
        etag: i.etag,
        createdDateTime: i.createdAt.toISOString(),
        locale: i.locale,
        body: i.body,
        from: i.from,
        attachments: i.attachments,
        links: i.links,
        contexts: i.contexts,
        mentions: i.mentions,
      },
    });
  }
  return rows;
}

function add(map: Map<string, Set<string>>, key: string, value: string): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}
