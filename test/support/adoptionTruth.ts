import { hasCopilotChatPlan } from '../../server/core/sync/directorySyncer';
import { M365_COPILOT_SKU_ID } from '../../server/graph/constants';
import type { SyntheticTenant } from '../../server/graph/simulator/syntheticTenant';

/**
 * Licence holders whose history the export API refuses (403) although their licence shows the Copilot plan (a
 * licence just assigned, in the simulator's words), so the sync tries them and records the refusal. Licences whose
 * Copilot plan is turned off are not among them: the sync does not ask for those (they are licensed, never active).
 */
export function refusedIds(tenant: SyntheticTenant): Set<string> {
  return new Set(
    tenant.users
      .filter((u) => u.licensed && !u.copilotEnabled && hasCopilotChatPlan(u.graph, [M365_COPILOT_SKU_ID]))
      .map((u) => u.graph.id),
  );
}

/** One department's adoption as the simulator's own record has it. */
export interface DepartmentTruth {
  /** Licensed users whose history the export API serves. */
  licensed: number;
  /** Licensed users it refuses: in no figure. */
  unreadable: number;
  /** Readable licensed users with an interaction in the range. */
  active: number;
  /** Their prompts in the range. */
  prompts: number;
}

/**
 * Adoption per department (null: none) over [from, to), from the simulator's users and the interactions the export
 * API serves (only readable licence holders'), none of the app's reads.
 */
export function adoptionTruth(tenant: SyntheticTenant, from: number, to: number): Map<string | null, DepartmentTruth> {
  const refused = refusedIds(tenant);
  const departmentOf = new Map(tenant.users.map((u) => [u.graph.id, u.graph.department?.trim() || null]));
  const out = new Map<string | null, DepartmentTruth>();
  const entry = (d: string | null) => {
    const e = out.get(d) ?? { licensed: 0, unreadable: 0, active: 0, prompts: 0 };
    out.set(d, e);
    return e;
  };
  for (const u of tenant.users)
    if (u.licensed)
      entry(departmentOf.get(u.graph.id) ?? null)[refused.has(u.graph.id) ? 'unreadable' : 'licensed'] += 1;
  const seen = new Set<string>();
  for (const { userId, interaction } of tenant.groundTruth({ after: new Date(from - 1), before: new Date(to) })) {
    const at = Date.parse(interaction.createdDateTime);
    if (at < from || at >= to) continue;
    const e = entry(departmentOf.get(userId) ?? null);
    if (!seen.has(userId)) e.active += 1;
    seen.add(userId);
    if (interaction.interactionType === 'userPrompt') e.prompts += 1;
  }
  return out;
}
