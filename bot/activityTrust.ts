import type { Activity } from 'botbuilder';

/**
 * Who reads what the bot posts. Teams marks a one-to-one chat `personal`; a team channel (`channel`) and a group
 * chat (`groupChat`) are read by every member, admin or not. Anything Teams does not mark personal counts as shared,
 * so an activity that leaves the type out can never receive more than a shared conversation may.
 */
export type ConversationScope = 'personal' | 'shared';

export function scopeOf(activity: Partial<Activity>): ConversationScope {
  return activity.conversation?.conversationType === 'personal' ? 'personal' : 'shared';
}

/** Why an activity is not taken as coming from someone in our tenant's Teams. */
export type DistrustReason = 'not_teams' | 'no_tenant' | 'other_tenant';

/**
 * Whether `from.aadObjectId` may be believed. Only Teams puts a verified Entra object id there: a Web Chat or Direct
 * Line client (enabled by default on an Azure Bot resource) can send any id it likes under a valid Bot Framework
 * token. So the activity must come from the `msteams` channel and name our tenant; both tenant fields, when present,
 * must agree. The demo (no Bot Framework, loopback only) has no tenant to check, but still only speaks Teams.
 */
export function distrustOf(
  activity: Partial<Activity>,
  tenantId: string,
  options: { requireTenant: boolean },
): DistrustReason | null {
  if (activity.channelId !== 'msteams') return 'not_teams';
  const ours = tenantId.toLowerCase();
  const named = [
    (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id,
    activity.conversation?.tenantId,
  ].filter((t): t is string => typeof t === 'string' && t.length > 0);
  if (named.some((t) => t.toLowerCase() !== ours)) return 'other_tenant';
  if (named.length === 0 && options.requireTenant) return 'no_tenant';
  return null;
}
