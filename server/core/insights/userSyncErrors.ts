import type { Filter } from 'mongodb';
import type { DirectoryUserDoc, SyncStateDoc } from '../../store/documents';
import type { Store } from '../../store/Store';
import { mapPage } from './pagedFind';
import type { Page, UserSyncErrorRow, UserSyncErrorsQuery } from './types';
import { pageLicensedUsers, toRef } from './userDirectory';

/**
 * Users whose Copilot history the latest sync could not read (per-user sync state `error`, e.g. the export API's
 * 403). Whether they used Copilot is unknown, so they are never counted as licences without activity.
 */
export async function unreadableUserIds(store: Store, tenantId: string): Promise<string[]> {
  const states = await store.syncState.find({ tenantId, status: 'error' }, { projection: { userId: 1 } }).toArray();
  return states.map((s) => s.userId);
}

/** Everyone whose history the latest sync could not read: their ids, and the rows of those in the directory. */
export interface UnreadableUsers {
  ids: string[];
  rows: UserSyncErrorRow[];
}

/**
 * `unreadableUserIds` with the rows `listUserSyncErrors` gives of them, in two reads: one of the sync state in error,
 * one of those users' directory entries (what an Ask answer says of them).
 */
export async function unreadableUsers(store: Store, tenantId: string): Promise<UnreadableUsers> {
  const states = await store.syncState.find({ tenantId, status: 'error' }).toArray();
  if (states.length === 0) return { ids: [], rows: [] };
  const stateOf = new Map(states.map((s) => [s.userId, s]));
  const users = await store.directoryUsers.find({ tenantId, userId: { $in: [...stateOf.keys()] } }).toArray();
  return { ids: states.map((s) => s.userId), rows: users.map((u) => toRow(u, stateOf.get(u.userId))) };
}

/**
 * Licensed users whose history the sync could not read, by name, with what Graph said, when it last said it, when
 * the user was last read (null: never) and what an admin can do. `withoutActivity` keeps those with no activity
 * synced at all (the users the licence views would otherwise call unused).
 */
export async function listUserSyncErrors(
  store: Store,
  tenantId: string,
  query: UserSyncErrorsQuery,
): Promise<Page<UserSyncErrorRow>> {
  const ids = await unreadableUserIds(store, tenantId);
  if (ids.length === 0) return { items: [], nextCursor: null, total: 0 };
  const filter: Filter<DirectoryUserDoc> = { tenantId, userId: { $in: ids } };
  if (query.withoutActivity) filter.hasActivity = false;
  const page = await pageLicensedUsers(store, filter, query);
  const states = await store.syncState.find({ tenantId, userId: { $in: page.items.map((u) => u.userId) } }).toArray();
  const stateOf = new Map(states.map((s) => [s.userId, s]));
  return mapPage(page, (u) => toRow(u, stateOf.get(u.userId)));
}

function toRow(u: DirectoryUserDoc, state: SyncStateDoc | undefined): UserSyncErrorRow {
  const error = state?.lastError;
  const status = error?.status ?? null;
  return {
    ...toRef(u),
    jobTitle: u.jobTitle ?? null,
    copilotEnabled: u.copilotEnabled,
    hasActivity: u.hasActivity,
    licensedSince: u.firstSeenAt,
    lastReadAt: state?.lastSyncedAt ?? null,
    errorCode: error?.code ?? 'unknown',
    errorStatus: status,
    errorMessage: error?.message ?? null,
    lastErrorAt: error?.at ?? null,
    advice: syncErrorAdvice(status),
  };
}

/** What an admin can do about a user's sync error, in plain words. */
export function syncErrorAdvice(status: number | null): string {
  if (status === 403) {
    return (
      "Microsoft Graph refused this user's Copilot history. Usually their Copilot licence was assigned recently (it " +
      'can take up to a day to take effect) or its Microsoft 365 Copilot service plan is turned off: check the licence ' +
      'in the Microsoft 365 admin center. If every user fails this way, check the admin consent in Setup. The next ' +
      'sync tries again.'
    );
  }
  if (status === 404) {
    return 'Microsoft Graph does not know this user any more (deleted or moved?). The next sync tries again.';
  }
  if (status === 429 || (status !== null && status >= 500)) {
    return 'A temporary Microsoft Graph problem. The next sync tries again; nothing to do unless it keeps failing.';
  }
  return 'The next sync tries again. If it keeps failing, send Setup › Copy diagnostics to whoever supports this app.';
}
