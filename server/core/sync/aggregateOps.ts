import type { ObjectId } from 'mongodb';
import type { GraphUser } from '../../graph/types';
import type { AggregateCollection, AggregateOp, UserProfileFields } from '../../store/documents';
import { naturalId } from '../../store/naturalId';
import { departmentKey } from '../../store/departmentKey';
import { resolveApp } from '../appCatalog';
import { siteOfKey, sitePrefixOfKey } from '../dataSourceSite';
import { nameHeads } from '../sourceNames';
import type { MappedInteraction } from './interactionMapper';

const idCache = new Map<string, ObjectId>();

/** naturalId, remembered: a batch asks for the same few aggregate ids once per interaction. */
function cachedId(...parts: string[]): ObjectId {
  const key = parts.join('\u0000');
  let id = idCache.get(key);
  if (!id) {
    if (idCache.size >= 100_000) idCache.clear();
    id = naturalId(...parts);
    idCache.set(key, id);
  }
  return id;
}

/** The `_id`s of aggregate documents, derived from their natural keys. */
export const aggregateIds = {
  conversation: (tenantId: string, userId: string, sessionId: string) =>
    cachedId('conversation', tenantId, userId, sessionId),
  agent: (tenantId: string, userId: string, appKey: string) => cachedId('agent', tenantId, userId, appKey),
  user: (tenantId: string, userId: string) => cachedId('user', tenantId, userId),
  dataSource: (tenantId: string, key: string) => cachedId('dataSource', tenantId, key),
  dataSourceUsage: (tenantId: string, key: string, userId: string) =>
    cachedId('dataSourceUsage', tenantId, key, userId),
  daily: (tenantId: string, day: string, appKey: string) => cachedId('daily', tenantId, day, appKey),
  dayTotal: (tenantId: string, day: string) => cachedId('dayTotal', tenantId, day),
  dailyUser: (tenantId: string, day: string, userId: string) => cachedId('dailyUser', tenantId, day, userId),
  site: (tenantId: string, site: string) => cachedId('site', tenantId, site),
  sourceMonth: (tenantId: string, month: string, key: string) => cachedId('sourceMonth', tenantId, month, key),
};

export interface AggregateInput {
  tenantId: string;
  user: GraphUser;
  /** Interactions of this batch that are not in the store yet. */
  interactions: readonly MappedInteraction[];
  /** Hex `_id`s of this user's conversations that already exist. */
  existingConversations: ReadonlySet<string>;
  /** Hex `_id`s of this user's data-source usage records that already exist. */
  existingUsages: ReadonlySet<string>;
}

const zeroCounts = { promptCount: 0, responseCount: 0, interactionCount: 0 };

/**
 * The changes one batch of new interactions makes to every aggregate, merged to one op per document.
 * Pure: the batch writer records the result before applying it, so a replay applies exactly the same changes.
 */
export function buildAggregateOps(input: AggregateInput): AggregateOp[] {
  const { tenantId, user } = input;
  const userId = user.id;
  const ops = new Map<string, AggregateOp>();
  // Defaults come from a function: only the first interaction touching a document builds them.
  const touch = (
    collection: AggregateCollection,
    _id: ObjectId,
    setOnInsert: () => Record<string, unknown>,
  ): AggregateOp => {
    const key = `${collection}:${_id.toHexString()}`;
    let op = ops.get(key);
    if (!op) {
      op = { collection, _id, setOnInsert: setOnInsert(), inc: {}, min: {}, max: {}, addToSet: {}, set: {} };
      ops.set(key, op);
    }
    return op;
  };
  const newConversations = new Set<string>();

  for (const { doc, dataSources } of input.interactions) {
    const app = resolveApp(doc.appClass);
    const at = doc.createdAt;
    const day = at.toISOString().slice(0, 10);
    const counts = countsOf(doc.interactionType);

    const conversationId = aggregateIds.conversation(tenantId, userId, doc.sessionId);
    const conversation = touch('conversations', conversationId, () => ({
      tenantId,
      userId,
      sessionId: doc.sessionId,
      appKey: app.key,
      appName: app.displayName,
      appClass: doc.appClass,
      conversationType: doc.conversationType,
      ...zeroCounts,
      dataSourceKeys: [],
    }));
    span(conversation, 'firstAt', 'lastAt', at);
    addCounts(conversation, counts);
    if (dataSources.length > 0)
      addSet(
        conversation,
        'dataSourceKeys',
        dataSources.map((s) => s.key),
      );
    const conversationIsNew =
      !input.existingConversations.has(conversationId.toHexString()) &&
      !newConversations.has(conversationId.toHexString());
    if (conversationIsNew) newConversations.add(conversationId.toHexString());

    const agent = touch('agents', aggregateIds.agent(tenantId, userId, app.key), () => ({
      tenantId,
      userId,
      appKey: app.key,
      appName: app.displayName,
      appClass: doc.appClass,
      known: app.known,
      ...zeroCounts,
      conversationCount: 0,
    }));
    span(agent, 'firstAt', 'lastAt', at);
    addCounts(agent, counts);

    const userOp = touch('users', aggregateIds.user(tenantId, userId), () => ({
      tenantId,
      userId,
      ...zeroCounts,
      conversationCount: 0,
      appCounts: {},
    }));
    span(userOp, 'firstActiveAt', 'lastActiveAt', at);
    addCounts(userOp, counts);
    increment(userOp, `appCounts.${app.key}`, 1);

    if (conversationIsNew) {
      increment(agent, 'conversationCount', 1);
      increment(userOp, 'conversationCount', 1);
    }

    const daily = touch('dailyActivity', aggregateIds.daily(tenantId, day, app.key), () => ({
      tenantId,
      day,
      date: new Date(`${day}T00:00:00.000Z`),
      appKey: app.key,
      appName: app.displayName,
      ...zeroCounts,
      dataSourceAccessCount: 0,
      hours: new Array<number>(24).fill(0),
    }));
    addCounts(daily, counts);
    increment(daily, `hours.${at.getUTCHours()}`, 1);
    if (dataSources.length > 0) increment(daily, 'dataSourceAccessCount', dataSources.length);
    // And the day's total of every app, for figures by day, week or month of all apps.
    addCounts(
      touch('dayTotals', aggregateIds.dayTotal(tenantId, day), () => ({ tenantId, day, ...zeroCounts })),
      counts,
    );

    const dailyUser = touch('dailyUserActivity', aggregateIds.dailyUser(tenantId, day, userId), () => ({
      tenantId,
      day,
      date: new Date(`${day}T00:00:00.000Z`),
      userId,
      ...zeroCounts,
      appCounts: {},
      appPrompts: {},
    }));
    addCounts(dailyUser, counts);
    increment(dailyUser, `appCounts.${app.key}`, 1);
    if (counts.promptCount > 0) increment(dailyUser, `appPrompts.${app.key}`, counts.promptCount);

    for (const source of dataSources) {
      const sourceOp = touch('dataSources', aggregateIds.dataSource(tenantId, source.key), () => ({
        tenantId,
        key: source.key,
        kind: source.kind,
        name: source.name,
        ...nameHeads(source.name),
        url: source.url,
        host: source.host,
        referenceCount: 0,
        userCount: 0,
        appKeys: [],
      }));
      span(sourceOp, 'firstAt', 'lastAt', at);
      increment(sourceOp, 'referenceCount', 1);
      addSet(sourceOp, 'appKeys', [app.key]);

      const usageId = aggregateIds.dataSourceUsage(tenantId, source.key, userId);
      const usageIsNew =
        !input.existingUsages.has(usageId.toHexString()) && !ops.has(`dataSourceUsage:${usageId.toHexString()}`);
      const usage = touch('dataSourceUsage', usageId, () => ({
        tenantId,
        key: source.key,
        userId,
        referenceCount: 0,
        appKeys: [],
      }));
      span(usage, 'firstAt', 'lastAt', at);
      increment(usage, 'referenceCount', 1);
      addSet(usage, 'appKeys', [app.key]);
      if (usageIsNew) increment(sourceOp, 'userCount', 1);

      // The source's site counts the same reference (its site follows from the key: see dataSourceSite.ts).
      const site = siteOfKey(source.key) ?? '';
      const siteOp = touch('siteActivity', aggregateIds.site(tenantId, site), () => ({
        tenantId,
        site,
        prefix: sitePrefixOfKey(source.key),
        referenceCount: 0,
      }));
      increment(siteOp, 'referenceCount', 1);

      // And the source's references in this calendar month (UTC), for a month's leaders.
      const month = day.slice(0, 7);
      const monthOp = touch('sourceMonths', aggregateIds.sourceMonth(tenantId, month, source.key), () => ({
        tenantId,
        month,
        key: source.key,
        kind: source.kind,
        referenceCount: 0,
      }));
      increment(monthOp, 'referenceCount', 1);
    }
  }

  const profile = profileOf(user);
  const userOp = ops.get(`users:${aggregateIds.user(tenantId, userId).toHexString()}`);
  if (userOp) userOp.set = { ...profile };
  // The agents list's department filter is an equality on the agent's own key, and Ask's department figures are
  // grouped by the store on the daily records' (the batch writer moves the person's other agents and days when the
  // key changes).
  for (const op of ops.values())
    if (op.collection === 'agents' || op.collection === 'dailyUserActivity')
      op.set = { departmentKey: profile.departmentKey };
  return [...ops.values()];
}

/** The profile fields copied onto the user's activity record (kept current on every batch). */
export function profileOf(user: GraphUser): UserProfileFields {
  return {
    displayName: user.displayName ?? null,
    userPrincipalName: user.userPrincipalName ?? null,
    mail: user.mail ?? null,
    department: user.department ?? null,
    departmentKey: departmentKey(user.department),
    jobTitle: user.jobTitle ?? null,
    officeLocation: user.officeLocation ?? null,
  };
}

function countsOf(type: string): { promptCount: number; responseCount: number; interactionCount: number } {
  return {
    promptCount: type === 'userPrompt' ? 1 : 0,
    responseCount: type === 'aiResponse' ? 1 : 0,
    interactionCount: 1,
  };
}

function addCounts(op: AggregateOp, counts: Record<string, number>): void {
  for (const [field, n] of Object.entries(counts)) if (n) increment(op, field, n);
}

function increment(op: AggregateOp, field: string, n: number): void {
  op.inc[field] = (op.inc[field] ?? 0) + n;
}

function span(op: AggregateOp, minField: string, maxField: string, at: Date): void {
  const min = op.min[minField];
  const max = op.max[maxField];
  if (!min || at < min) op.min[minField] = at;
  if (!max || at > max) op.max[maxField] = at;
}

function addSet(op: AggregateOp, field: string, values: readonly unknown[]): void {
  const list = (op.addToSet[field] ??= []);
  for (const value of values) if (!list.includes(value)) list.push(value);
}
