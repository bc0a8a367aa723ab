import type { Tier } from '../../../server/api/contracts';

/** What each tier adds, in the words the tab explains a hidden view or a refusal with. */
export const TIER_ADDS: Record<Tier, string> = {
  Viewer: 'figures, charts and trends, with people shown as pseudonyms',
  Analyst: 'named users, agents, data sources, sync status and risk findings (without evidence)',
  Investigator: 'prompt and response text (each conversation opened with a reason) and risk evidence',
  Admin: 'setup, sync, the access log, erasure and the role mapping',
};

/** The four roles, as a person without one is told: any of them opens the tab. */
export const ANY_ROLE = 'Viewer, Analyst, Investigator or Admin';

/** Plain words for a 403 inside the tab: the role the request needs (the API's `requiredTier`) and what it adds. */
export function forbiddenText(requiredTier: Tier | undefined): string {
  if (!requiredTier) return `You need a Copilot Observatory role to see this (${ANY_ROLE}).`;
  return `This needs the ${requiredTier} role of Copilot Observatory, which adds ${TIER_ADDS[requiredTier]}. Ask your administrator if your work needs it.`;
}
