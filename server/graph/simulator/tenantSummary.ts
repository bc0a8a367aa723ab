import type { AiInteraction } from '../types';
import type { SimUser } from './syntheticUsers';

/** Counts describing a synthetic tenant (control API, CLI, tests). */
export interface TenantSummary {
  tenantId: string;
  domain: string;
  users: number;
  licensed: number;
  copilotEnabled: number;
  /** Licensed but the export API answers 403 for them. */
  forbidden: number;
  active: number;
  unlicensed: number;
  disabledAccounts: number;
  interactions: number;
  /** Interactions per appClass as written on the wire. */
  perApp: Record<string, number>;
  historyStart: string;
  referenceTime: string;
}

export type InteractionCounts = Pick<TenantSummary, 'interactions' | 'perApp'>;

/** User counts; recomputed on each summary since addActivity can make users active. */
export function countUsers(
  users: readonly SimUser[],
): Pick<
  TenantSummary,
  'users' | 'licensed' | 'copilotEnabled' | 'forbidden' | 'active' | 'unlicensed' | 'disabledAccounts'
> {
  const licensed = users.filter((u) => u.licensed);
  return {
    users: users.length,
    licensed: licensed.length,
    copilotEnabled: licensed.filter((u) => u.copilotEnabled).length,
    forbidden: licensed.filter((u) => !u.copilotEnabled).length,
    active: users.filter((u) => u.active).length,
    unlicensed: users.length - licensed.length,
    disabledAccounts: users.filter((u) => u.graph.accountEnabled === false).length,
  };
}

/** Adds interactions to running counts. */
export function countInteractions(counts: InteractionCounts, interactions: readonly AiInteraction[]): void {
  counts.interactions += interactions.length;
  for (const i of interactions) counts.perApp[i.appClass] = (counts.perApp[i.appClass] ?? 0) + 1;
}
