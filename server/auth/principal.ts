import type { Tier } from '../core/privacy/tiers';

/** The caller, as the API and the bot see it after authentication. */
export interface Principal {
  /** Entra object id (`oid`), or the demo identity's fixed id. */
  userId: string;
  tenantId: string;
  name: string | null;
  upn: string | null;
  roles: string[];
  groups: string[];
  /** The highest privacy tier the caller holds (see core/privacy/tiers); null: none, so nothing is shown. */
  tier: Tier | null;
  /** `tier === 'Admin'`. */
  isAdmin: boolean;
  /** The local demo identity (demo mode, loopback, no bearer token). */
  demo: boolean;
}

/** Who the local demo identity is: clearly labelled wherever it shows. */
export const DEMO_PRINCIPAL_ID = '00000000-0000-0000-0000-00000000de00';

/** The demo identity's label for its tier (DEMO_TIER): "Local demo admin" (the default), "Local demo viewer"… */
export const demoPrincipalName = (tier: Tier): string => `Local demo ${tier.toLowerCase()}`;

/** The local demo identity at the Admin tier, who may ask anything (the bench and the tests ask as it). */
export const demoAdmin = (tenantId: string): Principal => ({
  userId: DEMO_PRINCIPAL_ID,
  tenantId,
  name: demoPrincipalName('Admin'),
  upn: null,
  roles: [],
  groups: [],
  demo: true,
  tier: 'Admin',
  isAdmin: true,
});
