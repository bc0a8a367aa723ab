import { ObjectId, type Filter } from 'mongodb';
import type { AccessLogDoc } from '../../store/documents';
import type { Store } from '../../store/Store';
import { mapPage, pagedFind } from './pagedFind';
import type { AccessLogEntry, AccessLogQuery, Page } from './types';

/**
 * Where content shown through `via` was readable when the caller does not say: a CSV left the tab as a download,
 * the tab shows it to the signed-in viewer, and the bot shows content only in the asker's personal chat (in a
 * channel or group chat it sends such answers privately).
 */
function defaultShownIn(entry: Pick<AccessLogEntry, 'via' | 'what'>): NonNullable<AccessLogEntry['shownIn']> {
  if (entry.what === 'conversation_csv') return 'download';
  return entry.via === 'bot' ? 'personal_chat' : 'tab';
}

/** Writes one access-log entry (who saw whose conversation content, when, where); returns its id. */
export async function recordAccess(
  store: Store,
  entry: Omit<AccessLogEntry, 'id' | 'shownIn' | 'reason'> & {
    tenantId: string;
    shownIn?: AccessLogEntry['shownIn'];
    reason?: string | null;
  },
): Promise<string> {
  const doc: AccessLogDoc = {
    _id: new ObjectId(),
    tenantId: entry.tenantId,
    at: entry.at,
    viewer: {
      userId: entry.viewer.userId,
      name: entry.viewer.name,
      upn: entry.viewer.upn,
      demo: entry.viewer.demo,
    },
    subjectUserId: entry.subjectUserId,
    subjectName: entry.subjectName,
    what: entry.what,
    sessionId: entry.sessionId,
    via: entry.via,
    shownIn: entry.shownIn ?? defaultShownIn(entry),
    ...(entry.reason ? { reason: entry.reason } : {}),
  };
  await store.accessLog.insertOne(doc);
  return doc._id.toHexString();
}

/** The access log, newest first, one keyset page. */
export async function listAccessLog(
  store: Store,
  tenantId: string,
  query: AccessLogQuery,
): Promise<Page<AccessLogEntry>> {
  const filter: Filter<AccessLogDoc> = { tenantId };
  if (query.range) filter.at = { $gte: query.range.from, $lt: query.range.to };
  if (query.subjectUserId !== undefined) filter.subjectUserId = query.subjectUserId;
  if (query.viewerUserId !== undefined) filter['viewer.userId'] = query.viewerUserId;
  const page = await pagedFind(store.accessLog, {
    filter,
    sortField: 'at',
    direction: 'desc',
    limit: query.limit,
    cursor: query.cursor,
  });
  return mapPage(page, (d) => ({
    id: d._id.toHexString(),
    at: d.at,
    viewer: { ...d.viewer },
    subjectUserId: d.subjectUserId,
    subjectName: d.subjectName,
    what: d.what,
    sessionId: d.sessionId,
    via: d.via,
    shownIn: d.shownIn ?? null,
    reason: d.reason ?? null,
  }));
}

/** Whose entries an access-log question asks for: the person whose content was shown, who opened it, or either. */
export interface AccessLogAsked {
  range?: { from: Date; to: Date };
  userId?: string;
  /** Entries whose content was of one of these people (a department's members): as `subject`. */
  subjects?: string[];
  /** Either when not said. */
  role?: 'subject' | 'viewer' | 'either';
  /** Newest entries returned (the count covers all of them). */
  limit: number;
}

/** The access log's entries about or by one person (or everyone's), newest first, with how many match in all. */
export async function accessLogFor(
  store: Store,
  tenantId: string,
  asked: AccessLogAsked,
): Promise<{ total: number; entries: AccessLogDoc[] }> {
  const filter: Filter<AccessLogDoc> = { tenantId };
  if (asked.range) filter.at = { $gte: asked.range.from, $lt: asked.range.to };
  if (asked.userId !== undefined) {
    const { userId, role } = asked;
    if (role === 'subject') filter.subjectUserId = userId;
    else if (role === 'viewer') filter['viewer.userId'] = userId;
    else filter.$or = [{ subjectUserId: userId }, { 'viewer.userId': userId }];
  }
  if (asked.subjects) filter.subjectUserId = { $in: asked.subjects };
  const [total, entries] = await Promise.all([
    store.accessLog.countDocuments(filter),
    store.accessLog.find(filter).sort({ at: -1, _id: -1 }).limit(asked.limit).toArray(),
  ]);
  return { total, entries };
}
