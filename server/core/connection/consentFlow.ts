import type { GraphGateway } from '../../graph/GraphGateway';
import { sleep as defaultSleep } from '../../lib/sleep';
import type { Logger } from '../../logger';
import type { Store } from '../../store/Store';
import type { SyncControl, SyncRequestResult } from '../sync/syncControl';
import {
  REQUIRED_ROLES,
  consentErrorProblem,
  tokenProblem,
  wrongTenantProblem,
  type ConnectionProblem,
} from './connectionProblems';
import { recordConsent, recordConsentFailure } from './connectionRecord';
import { adminConsentUrl, parseConsentRedirect } from './consentRedirect';
import type { ConsentStatePayload, ConsentStateSigner } from './consentState';
import { issueConsentState, redeemConsentState, type StateRefusal } from './consentStates';

export interface ConsentFlowDeps {
  store: Store;
  signer: ConsentStateSigner;
  now: () => Date;
  logger: Logger;
  /** The tenant this app is set up for: the only one a consent may connect. */
  tenantId: string;
  clientId: string;
  authorityHost: string;
  /** `${PUBLIC_URL}/auth/consent/callback`, registered on the app registration. */
  redirectUri: string;
  gateway: GraphGateway;
  syncControl: SyncControl;
  /** Token requests made to see the granted permissions (Entra can take a moment to apply a fresh consent). */
  verifyAttempts?: number;
  verifyDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** The callback's verdict. `refused`: nothing was stored (bad or reused state, or not an Entra redirect). */
export type ConsentOutcome =
  | { kind: 'refused'; code: string; message: string }
  | { kind: 'failed'; ui: ConsentStatePayload['ui']; problem: ConnectionProblem }
  | {
      kind: 'connected';
      ui: ConsentStatePayload['ui'];
      warning: ConnectionProblem | null;
      sync: SyncRequestResult | null;
    };

/** "Connect with Microsoft": a single-use signed state and the admin-consent URL carrying it. */
export async function startConsent(
  deps: ConsentFlowDeps,
  input: { adminUserId: string; ui: ConsentStatePayload['ui'] },
): Promise<{ url: string; expiresAt: Date }> {
  const { state, expiresAt } = await issueConsentState(deps, input);
  const url = adminConsentUrl({
    authorityHost: deps.authorityHost,
    tenant: deps.tenantId,
    clientId: deps.clientId,
    redirectUri: deps.redirectUri,
    state,
  });
  deps.logger.info({ adminUserId: input.adminUserId, expiresAt }, 'Admin consent started.');
  return { url, expiresAt };
}

const REFUSALS: Record<StateRefusal, { code: string; message: string }> = {
  missing: { code: 'state_missing', message: 'This link carries no consent state. Start again from the Setup page.' },
  malformed: {
    code: 'state_invalid',
    message: 'This consent link is not one the app issued. Start again from the Setup page.',
  },
  bad_signature: {
    code: 'state_invalid',
    message: 'This consent link is not one the app issued. Start again from the Setup page.',
  },
  unknown: {
    code: 'state_invalid',
    message: 'This consent link is not one the app issued. Start again from the Setup page.',
  },
  expired: {
    code: 'state_expired',
    message: 'This consent link has expired (links last 10 minutes). Start again from the Setup page.',
  },
  replayed: { code: 'state_replayed', message: 'This consent link was already used. Start again from the Setup page.' },
};

/**
 * The redirect back from Microsoft Entra: state first (signature, expiry, single use), then the documented error
 * or grant. A grant counts only for the configured tenant, and only once a fresh app-only token shows it.
 */
export async function completeConsent(deps: ConsentFlowDeps, query: Record<string, unknown>): Promise<ConsentOutcome> {
  const log = deps.logger;
  const state = typeof query.state === 'string' ? query.state : query.state === undefined ? undefined : '';
  const redeemed = await redeemConsentState(deps, state);
  if (!redeemed.ok) {
    log.warn({ reason: redeemed.reason }, 'Admin consent callback refused: bad state.');
    return { kind: 'refused', ...REFUSALS[redeemed.reason] };
  }
  const { ui, adminUserId } = redeemed.payload;
  const redirect = parseConsentRedirect(query);
  const at = deps.now();
  if (redirect.kind === 'invalid') return { kind: 'refused', code: 'invalid_redirect', message: redirect.message };
  const failed = async (problem: ConnectionProblem): Promise<ConsentOutcome> => {
    await recordConsentFailure(deps.store, deps.tenantId, problem, at);
    log.warn({ adminUserId, code: problem.code }, 'Admin consent did not connect the tenant.');
    return { kind: 'failed', ui, problem };
  };
  if (redirect.kind === 'error')
    return failed(consentErrorProblem(redirect.error, redirect.aadsts, redirect.description));
  // Anyone can put any tenant in the query: it must be ours, and a token will prove the consent below.
  if (redirect.tenant.toLowerCase() !== deps.tenantId.toLowerCase())
    return failed(wrongTenantProblem(redirect.tenant, deps.tenantId));

  const verified = await verifyGrant(deps);
  if ('failure' in verified) return failed(verified.failure);
  await recordConsent(deps.store, deps.tenantId, { adminUserId, at, warning: verified.warning });
  let sync: SyncRequestResult | null = null;
  if (!verified.warning) {
    try {
      sync = await deps.syncControl.requestSync({ trigger: 'consent', requestedBy: adminUserId });
    } catch (error) {
      // The connection stands; the schedule (or "Sync now") will start the sync.
      log.error({ err: error }, 'Could not start the first sync after admin consent.');
    }
  }
  log.info({ adminUserId, warning: verified.warning?.code ?? null, sync: sync?.status ?? null }, 'Tenant connected.');
  return { kind: 'connected', ui, warning: verified.warning, sync };
}

/** A new token must carry both application permissions; Entra can take a few seconds to reflect a new consent. */
async function verifyGrant(
  deps: ConsentFlowDeps,
): Promise<{ failure: ConnectionProblem } | { warning: ConnectionProblem | null }> {
  const attempts = Math.max(1, deps.verifyAttempts ?? 3);
  const sleep = deps.sleep ?? defaultSleep;
  const required = Object.values(REQUIRED_ROLES);
  for (let attempt = 1; ; attempt++) {
    let roles: string[] | null;
    try {
      roles = (await deps.gateway.refreshToken()).roles;
    } catch (error) {
      return { failure: tokenProblem(error) };
    }
    const missing = roles === null ? [] : required.filter((r) => !roles.includes(r));
    if (missing.length === 0) return { warning: null };
    if (attempt >= attempts)
      return {
        warning: {
          code: 'permissions_pending',
          message: `Consent was recorded, but the app's token does not carry ${missing.join(' and ')} yet. Microsoft Entra can take a few minutes; then use "Test connection". If it persists, add the permission to the app registration and connect again.`,
        },
      };
    await sleep(deps.verifyDelayMs ?? 2_000);
  }
}
