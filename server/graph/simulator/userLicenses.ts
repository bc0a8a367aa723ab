import type { AssignedLicense, AssignedPlan } from '../types';
import { COPILOT_CHAT_SERVICE_PLAN_ID, M365_COPILOT_SKU_ID } from '../constants';
import type { Random } from './random';
import { COPILOT_SERVICE_PLANS, CORE_SERVICE_PLANS, OTHER_SKUS } from './tenantVocabulary';

/**
 * Licenses and service plans of synthetic users, as `$select=assignedLicenses,assignedPlans` shows them: Copilot
 * holders also have E3/E5; a disabled chat plan appears in `disabledPlans` and is missing from `assignedPlans`.
 */
export type UserCategory = 'active' | 'unused' | 'chatPlanDisabled' | 'justAssigned' | 'unlicensed';

const DAY_MS = 86_400_000;

/** When the Copilot license was assigned: before first use, minutes ago for "just assigned", else any time. */
export function licenseAssignmentTime(
  random: Random,
  category: UserCategory,
  adoptionMs: number,
  historyStartMs: number,
  referenceMs: number,
): number {
  switch (category) {
    case 'justAssigned':
      return referenceMs - random.int(5, 90) * 60_000;
    case 'active':
      return adoptionMs - random.int(1, 30) * DAY_MS;
    default:
      return historyStartMs + random.next() * (referenceMs - historyStartMs - DAY_MS);
  }
}

/** The user's licenses and plans for their category. */
export function licensesFor(
  random: Random,
  category: UserCategory,
  copilotAssignedMs: number,
  referenceMs: number,
): { assignedLicenses: AssignedLicense[]; assignedPlans: AssignedPlan[] } {
  const baseAssigned = isoSeconds(referenceMs - random.int(400, 1500) * DAY_MS);
  const core = (status: string): AssignedPlan[] =>
    CORE_SERVICE_PLANS.map((p) => ({
      assignedDateTime: baseAssigned,
      capabilityStatus: status,
      service: p.service,
      servicePlanId: p.id,
    }));
  if (category === 'unlicensed') {
    const r = random.next();
    if (r < 0.05) return { assignedLicenses: [], assignedPlans: [] };
    const skuId = r < 0.6 ? OTHER_SKUS.e3 : r < 0.75 ? OTHER_SKUS.e5 : OTHER_SKUS.f3;
    return { assignedLicenses: [{ disabledPlans: [], skuId }], assignedPlans: core('Enabled') };
  }
  const chatDisabled = category === 'chatPlanDisabled';
  const copilotAssigned = isoSeconds(copilotAssignedMs);
  const copilotPlans = COPILOT_SERVICE_PLANS.filter(
    (p) => !(chatDisabled && p.id === COPILOT_CHAT_SERVICE_PLAN_ID),
  ).map((p) => ({
    assignedDateTime: copilotAssigned,
    capabilityStatus: 'Enabled',
    service: p.service,
    servicePlanId: p.id,
  }));
  return {
    assignedLicenses: [
      { disabledPlans: [], skuId: random.chance(0.6) ? OTHER_SKUS.e5 : OTHER_SKUS.e3 },
      { disabledPlans: chatDisabled ? [COPILOT_CHAT_SERVICE_PLAN_ID] : [], skuId: M365_COPILOT_SKU_ID },
    ],
    assignedPlans: [...core('Enabled'), ...copilotPlans],
  };
}

/** Graph writes directory timestamps without milliseconds. */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
