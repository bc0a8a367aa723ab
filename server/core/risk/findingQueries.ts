import { ObjectId, type Filter } from 'mongodb';
import { AppError, notFound } from '../../errors';
import type { FindingDoc, FindingStatus, FindingSuppressionDoc } from '../../store/documents';
import { naturalId } from '../../store/naturalId';
import type { Store } from '../../store/Store';
import { mapPage, pagedFind } from '../insights/pagedFind';
import type { Page, SortDirection, TimeRange } from '../insights/types';
import { aggregateIds } from '../sync/aggregateOps';

export const FINDING_STATUSES: readonly FindingStatus[] = [
  'open',
  'investigating',
  'resolved',
  'dismissed',
  'false_positive',
];

/** Triage moves: open ↔ investigating → resolved / dismissed / false_positive; a closed finding can be reopened. */
const NEXT: Record<FindingStatus, readonly FindingStatus[]> = {
  open: ['investigating', 'resolved', 'dismissed', 'false_positive'],
  investigating: ['open', 'resolved', 'dismissed', 'false_positive'],
  resolved: ['open'],
  dismissed: ['open'],
  false_positive: ['open'],
};

/**
 * What the findings list can be sorted by: when it happened, when it was first found, when its status last moved, or
 * severity (high → medium → low, then newest; descending is the analyst's order).
 */
export const FINDING_SORTS = ['interactionAt', 'detectedAt', 'statusChangedAt', 'severity'] as const;
export type FindingSort = (typeof FINDING_SORTS)[number];
/** The stored field each sort reads: severity by its numeric key, since the strings sort alphabetically. */
const SORT_FIELDS: Record<FindingSort, string> = {
  interactionAt: 'interactionAt',
  detectedAt: 'detectedAt',
  statusChangedAt: 'statusChangedAt',
  severity: 'severityOrder',
};

export interface FindingFilter {
  category?: string;
  severity?: string;
  status?: FindingStatus;
  userId?: string;
  appKey?: string;
  /** On the interaction's time. */
  range?: TimeRange;
}

/** A finding with the user's directory name. */
export interface Finding extends Omit<FindingDoc, '_id' | 'tenantId' | 'hashes' | 'severityOrder'> {
  id: string;
  /** The id of the conversation (the user's session) the interaction belongs to. */
  conversationId: string;
  displayName: string | null;
  userPrincipalName: string | null;
}

/** The store filter for a tenant's findings narrowed by `query`. */
export function findingFilter(tenantId: string, query: FindingFilter): Filter<FindingDoc> {
  const filter: Filter<FindingDoc> = { tenantId };
  if (query.category) filter.category = query.category;
  if (query.severity) filter.severity = query.severity as FindingDoc['severity'];
  if (query.status) filter.status = query.status;
  if (query.userId) filter.userId = query.userId;
  if (query.appKey) filter.appKey = query.appKey;
  if (query.range) filter.interactionAt = { $gte: query.range.from, $lt: query.range.to };
  return filter;
}

/** Findings, newest interaction first unless `sort` says otherwise, filtered, one keyset page. */
export async function listFindings(
  store: Store,
  tenantId: string,
  query: FindingFilter & { limit: number; cursor?: string; sort?: FindingSort; direction?: SortDirection },
): Promise<Page<Finding>> {
  const page = await pagedFind(store.findings, {
    filter: findingFilter(tenantId, query),
    sortField: SORT_FIELDS[query.sort ?? 'interactionAt'],
    direction: query.direction ?? 'desc',
    limit: query.limit,
    cursor: query.cursor,
  });
  const names = await directoryNames(
    store,
    tenantId,
    page.items.map((f) => f.userId),
  );
  return mapPage(page, (doc) => present(doc, names.get(doc.userId)));
}

/** One finding by id, or 404. */
export async function getFinding(store: Store, tenantId: string, id: string): Promise<Finding> {
  const doc = await findOne(store, tenantId, id);
  const names = await directoryNames(store, tenantId, [doc.userId]);
  return present(doc, names.get(doc.userId));
}

/** Moves a finding along the triage workflow and/or adds a note, recording who and when. */
export async function updateFinding(
  store: Store,
  tenantId: string,
  id: string,
  change: { status?: FindingStatus; note?: string | null },
  who: { userId: string; name: string | null },
  at: Date,
): Promise<Finding> {
  const doc = await findOne(store, tenantId, id);
  const status = change.status ?? doc.status;
  if (change.status && change.status !== doc.status && !NEXT[doc.status].includes(change.status))
    throw new AppError(
      'invalid_transition',
      `A ${doc.status.replace('_', ' ')} finding cannot become ${change.status.replace('_', ' ')}.`,
      409,
    );
  const note = change.note === undefined ? doc.note : change.note;
  const entry = { status, by: who.userId, byName: who.name, at, note: change.note ?? null };
  // Filtered on the status read, so two admins triaging at once cannot overwrite each other unseen.
  const updated = await store.findings.findOneAndUpdate(
    { _id: doc._id, tenantId, status: doc.status },
    { $set: { status, note, statusChangedAt: at, statusChangedBy: who.userId }, $push: { history: entry } },
    { returnDocument: 'after' },
  );
  if (!updated) throw new AppError('conflict', 'The finding changed meanwhile; reload it and try again.', 409);
  const names = await directoryNames(store, tenantId, [updated.userId]);
  return present(updated, names.get(updated.userId));
}

async function findOne(store: Store, tenantId: string, id: string): Promise<FindingDoc> {
  const doc = /^[0-9a-f]{24}$/.test(id) ? await store.findings.findOne({ _id: new ObjectId(id), tenantId }) : null;
  if (!doc) throw notFound('Finding');
  return doc;
}

async function directoryNames(
  store: Store,
  tenantId: string,
  userIds: string[],
): Promise<Map<string, { displayName: string | null; userPrincipalName: string | null }>> {
  const users = await store.directoryUsers
    .find(
      { tenantId, userId: { $in: [...new Set(userIds)] } },
      { projection: { userId: 1, displayName: 1, userPrincipalName: 1 } },
    )
    .toArray();
  return new Map(users.map((u) => [u.userId, { displayName: u.displayName, userPrincipalName: u.userPrincipalName }]));
}

function present(
  doc: FindingDoc,
  name: { displayName: string | null; userPrincipalName: string | null } | undefined,
): Finding {
  const { _id, tenantId: _tenantId, hashes: _hashes, severityOrder: _order, ...rest } = doc;
  return {
    id: _id.toHexString(),
    conversationId: aggregateIds.conversation(doc.tenantId, doc.userId, doc.sessionId).toHexString(),
    ...rest,
    displayName: name?.displayName ?? null,
    userPrincipalName: name?.userPrincipalName ?? null,
  };
}

/** A suppression as the API shows it. */
export type Suppression = Omit<FindingSuppressionDoc, '_id' | 'tenantId' | 'suppressionId'> & { id: string };

export async function listSuppressions(store: Store, tenantId: string): Promise<Suppression[]> {
  const docs = await store.findingSuppressions.find({ tenantId }).sort({ createdAt: -1 }).toArray();
  return docs.map(presentSuppression);
}

/** Adds a suppression (the same rule, user and resource again is the same suppression). */
export async function createSuppression(
  store: Store,
  tenantId: string,
  input: { rule: string; userId: string | null; resource: string | null; note: string | null },
  who: string,
  at: Date,
): Promise<Suppression> {
  const suppressionId = naturalId(
    'suppression',
    tenantId,
    input.rule,
    input.userId ?? '',
    input.resource ?? '',
  ).toHexString();
  const doc: FindingSuppressionDoc = {
    _id: new ObjectId(suppressionId),
    tenantId,
    suppressionId,
    ...input,
    createdBy: who,
    createdAt: at,
  };
  await store.findingSuppressions.updateOne({ _id: doc._id }, { $setOnInsert: doc }, { upsert: true });
  return presentSuppression((await store.findingSuppressions.findOne({ _id: doc._id }))!);
}

/** Removes a suppression; false when there was none. */
export async function deleteSuppression(store: Store, tenantId: string, id: string): Promise<boolean> {
  if (!/^[0-9a-f]{24}$/.test(id)) return false;
  return (await store.findingSuppressions.deleteOne({ _id: new ObjectId(id), tenantId })).deletedCount === 1;
}

function presentSuppression(doc: FindingSuppressionDoc): Suppression {
  return {
    id: doc.suppressionId,
    rule: doc.rule,
    userId: doc.userId,
    resource: doc.resource,
    note: doc.note,
    createdBy: doc.createdBy,
    createdAt: doc.createdAt,
  };
}
