import type { Principal } from './principal';

export interface AdminRuleSettings {
  /** App role whose holders are admins (`roles` claim). */
  role: string;
  userIds: readonly string[];
  groupIds: readonly string[];
}

/**
 * Admins are the holders of the app role, the listed users, and members of the listed groups. The demo identity is
 * an admin (it only exists in demo mode, on loopback). Object ids compare case-insensitively (GUIDs).
 */
export function createAdminRule(settings: AdminRuleSettings): (p: Omit<Principal, 'isAdmin'>) => boolean {
  const users = new Set(settings.userIds.map((id) => id.toLowerCase()));
  const groups = new Set(settings.groupIds.map((id) => id.toLowerCase()));
  return (p) =>
    p.demo ||
    p.roles.includes(settings.role) ||
    users.has(p.userId.toLowerCase()) ||
    p.groups.some((g) => groups.has(g.toLowerCase()));
}
