import type { InteractionWindow } from './GraphGateway';
import { USER_SELECT_FIELDS } from './constants';

/** The request paths the gateway sends (relative to the Graph root and version) and the client-side window check. */

/** ISO 8601 UTC as Graph's examples write it: whole seconds without a fraction, otherwise milliseconds. */
export function graphTimestamp(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

/** Users holding `skuId` (an unquoted Edm.Guid literal), with the fields the sync needs. */
export function licensedUsersPath(skuId: string, pageSize: number): string {
  const filter = `assignedLicenses/any(x:x/skuId eq ${skuId})`;
  return `/users?$filter=${encodeURIComponent(filter)}&$select=${USER_SELECT_FIELDS.join(',')}&$top=${pageSize}`;
}

/** A user's Copilot interactions, optionally with the createdDateTime filter (both bounds, as the docs require). */
export function interactionsPath(userId: string, pageSize: number, window?: InteractionWindow): string {
  const base = `/copilot/users/${encodeURIComponent(userId)}/interactionHistory/getAllEnterpriseInteractions`;
  if (!window) return `${base}?$top=${pageSize}`;
  const filter = `createdDateTime gt ${graphTimestamp(window.after)} and createdDateTime lt ${graphTimestamp(window.before)}`;
  return `${base}?$filter=${encodeURIComponent(filter)}&$top=${pageSize}`;
}

/** The strict window test: after < createdDateTime < before (millisecond precision). */
export function isInWindow(createdDateTime: string, window: InteractionWindow): boolean {
  const at = Date.parse(createdDateTime);
  return at > window.after.getTime() && at < window.before.getTime();
}
