/**
 * Who sees what. Four tiers, each seeing everything the one below sees:
 * - Viewer: figures, charts and trends; people appear only as stable pseudonyms; small groups merged.
 * - Analyst: named users, agents, data sources, sync state, risk findings without their evidence.
 * - Investigator: prompt and response text (each conversation opened with a reason, kept in the access log) and
 *   risk evidence.
 * - Admin: settings, connection and setup, starting a sync, retention and erasure, role mapping, the access log.
 * Microsoft draws the same line between seeing figures and reading content (Purview's "AI Viewer" and "AI Content
 * Viewer" roles, https://learn.microsoft.com/purview/ai-microsoft-purview-permissions).
 */
export const TIERS = ['Viewer', 'Analyst', 'Investigator', 'Admin'] as const;
export type Tier = (typeof TIERS)[number];

/** Whether `tier` includes everything `needed` may do (no tier includes nothing). */
export function tierAtLeast(tier: Tier | null | undefined, needed: Tier): boolean {
  return tier !== null && tier !== undefined && TIERS.indexOf(tier) >= TIERS.indexOf(needed);
}

/** The higher of two tiers (null is below Viewer). */
export function higherTier(a: Tier | null, b: Tier | null): Tier | null {
  if (a === null) return b;
  if (b === null) return a;
  return TIERS.indexOf(a) >= TIERS.indexOf(b) ? a : b;
}

/** What a tier can do, as the tab adapts to it (GET /api/me). Each capability names the lowest tier that has it. */
export const CAPABILITY_TIERS = {
  /** Figures, charts, trends, departments; people as pseudonyms. */
  viewFigures: 'Viewer',
  /** The Ask box and the bot (answers within the tier). */
  ask: 'Viewer',
  /** Named users and a person's page, agents, data sources, the activity feed (metadata). */
  viewPeople: 'Analyst',
  /** Sync status, history and per-user read problems. */
  viewSync: 'Analyst',
  /** Risk findings (without evidence) and their triage. */
  viewFindings: 'Analyst',
  /** Risk evidence (the masked value found). */
  viewEvidence: 'Investigator',
  /** Prompt and response text: a conversation's transcript, opened with a reason. */
  readConversations: 'Investigator',
  /** Start a sync, Setup (connection, test, diagnostics), change notifications' status. */
  manageSync: 'Admin',
  manageSetup: 'Admin',
  /** Who opened which conversation and why. */
  viewAccessLog: 'Admin',
  /** Erase a person's content. */
  erase: 'Admin',
  /** Which Entra roles, users and groups map to which tier. */
  viewRoleMapping: 'Admin',
} as const satisfies Record<string, Tier>;

export type Capability = keyof typeof CAPABILITY_TIERS;

/** Every capability with whether `tier` has it. */
export function capabilitiesOf(tier: Tier | null): Record<Capability, boolean> {
  const entries = Object.entries(CAPABILITY_TIERS).map(([name, needed]) => [name, tierAtLeast(tier, needed)]);
  return Object.fromEntries(entries) as Record<Capability, boolean>;
}

/** One sentence per tier: what it sees (the tab and the bot explain a refusal with it). */
export const TIER_DESCRIPTIONS: Record<Tier, string> = {
  Viewer: 'figures, charts and trends, with people shown as pseudonyms',
  Analyst: 'named users, agents, data sources and risk findings without their evidence',
  Investigator: 'prompt and response text (each conversation opened with a reason) and risk evidence',
  Admin: 'settings, the connection, sync, erasure, role mapping and the access log',
};
