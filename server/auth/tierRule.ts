import type { Config } from '../config';
import { TIERS, type Tier } from '../core/privacy/tiers';
import type { Principal } from './principal';

/** Who holds one tier: the holders of its app role, the listed users, and members of the listed groups. */
export interface TierMapping {
  /** App role value in the token's `roles` claim. */
  role: string;
  userIds: readonly string[];
  groupIds: readonly string[];
}

export interface TierRuleSettings {
  tiers: Record<Tier, TierMapping>;
  /** The local demo identity's tier (it only exists in demo mode, on loopback). */
  demoTier: Tier;
}

/** What the rule looks at: the caller before their tier is known. */
export type Unranked = Omit<Principal, 'isAdmin' | 'tier'>;

/** The tier mapping as configured (ADMIN_*, INVESTIGATOR_*, ANALYST_*, VIEWER_*, DEMO_TIER). */
export function tierRuleSettingsOf(config: Config): TierRuleSettings {
  const mapping = (prefix: 'ADMIN' | 'INVESTIGATOR' | 'ANALYST' | 'VIEWER'): TierMapping => ({
    role: config[`${prefix}_ROLE`],
    userIds: config[`${prefix}_USER_IDS`],
    groupIds: config[`${prefix}_GROUP_IDS`],
  });
  return {
    tiers: {
      Admin: mapping('ADMIN'),
      Investigator: mapping('INVESTIGATOR'),
      Analyst: mapping('ANALYST'),
      Viewer: mapping('VIEWER'),
    },
    demoTier: config.DEMO_TIER,
  };
}

/**
 * A caller's tier: the highest one whose role, user list or group list matches (tiers include the ones below, so a
 * person listed twice gets the higher); null when none does. Object ids compare case-insensitively (GUIDs).
 */
export function createTierRule(settings: TierRuleSettings): (p: Unranked) => Tier | null {
  const rules = [...TIERS].reverse().map((tier) => {
    const m = settings.tiers[tier];
    return {
      tier,
      role: m.role,
      users: new Set(m.userIds.map((id) => id.toLowerCase())),
      groups: new Set(m.groupIds.map((id) => id.toLowerCase())),
    };
  });
  return (p) => {
    if (p.demo) return settings.demoTier;
    const userId = p.userId.toLowerCase();
    const groups = p.groups.map((g) => g.toLowerCase());
    const match = rules.find(
      (r) => p.roles.includes(r.role) || r.users.has(userId) || groups.some((g) => r.groups.has(g)),
    );
    return match?.tier ?? null;
  };
}
