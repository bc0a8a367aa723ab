import { createContext, useContext } from 'react';
import type { Capability, Me, Tier } from '../../../server/api/contracts';
import type { ViewId } from '../routing/routes';

/** The signed-in person's tier and what it lets them do (GET /api/me), for views to adapt to. */
export interface TierInfo {
  tier: Tier | null;
  capabilities: Me['capabilities'];
  capabilityTiers: Me['capabilityTiers'];
}

/** Everything allowed: views rendered outside the app shell (tests, the config page) behave as before. */
const ALL: TierInfo = {
  tier: 'Admin',
  capabilities: new Proxy({} as Me['capabilities'], { get: () => true }),
  capabilityTiers: new Proxy({} as Me['capabilityTiers'], { get: () => 'Viewer' }),
};

export const TierContext = createContext<TierInfo>(ALL);

export const useTier = (): TierInfo => useContext(TierContext);

/** Whether the signed-in tier has a capability. */
export const useCan = (capability: Capability): boolean => useTier().capabilities[capability];

/** What each view needs. */
export const VIEW_CAPABILITIES: Record<ViewId, Capability> = {
  overview: 'viewFigures',
  departments: 'viewFigures',
  department: 'viewFigures',
  ask: 'ask',
  config: 'viewFigures',
  agents: 'viewPeople',
  observability: 'viewPeople',
  users: 'viewPeople',
  person: 'viewPeople',
  'data-sources': 'viewPeople',
  risk: 'viewFindings',
  finding: 'viewFindings',
  'risk-rules': 'viewFindings',
  conversation: 'readConversations',
  sync: 'viewSync',
  'access-log': 'viewAccessLog',
  setup: 'manageSetup',
};
