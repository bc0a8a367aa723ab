import type { TenantConnectionDoc } from '../../store/documents';
import type { Store } from '../../store/Store';
import { naturalId } from '../../store/naturalId';
import type { ConnectionProblem } from './connectionProblems';
import type { ConnectionTestResult } from './connectionTest';

/** The tenant's connection record (`tenantConnections`, one per tenant, `_id` = naturalId(tenantId)). */

const key = (tenantId: string) => ({ _id: naturalId(tenantId), tenantId });

export function readConnection(store: Store, tenantId: string): Promise<TenantConnectionDoc | null> {
  return store.tenantConnections.findOne(key(tenantId));
}

/** Admin consent was granted and verified; `warning` keeps a caveat (e.g. permissions not visible yet). */
export async function recordConsent(
  store: Store,
  tenantId: string,
  input: { adminUserId: string; at: Date; warning: ConnectionProblem | null },
): Promise<void> {
  await store.tenantConnections.updateOne(
    key(tenantId),
    {
      $set: {
        status: 'connected',
        consentedAt: input.at,
        consentedBy: input.adminUserId,
        lastError: input.warning ? { ...input.warning, at: input.at } : null,
        updatedAt: input.at,
      },
      $setOnInsert: { lastTest: null },
    },
    { upsert: true },
  );
}

/**
 * A consent attempt failed. An earlier, working connection stays `connected` (a declined re-consent changes
 * nothing at Microsoft); otherwise the tenant is `consent_failed`.
 */
export async function recordConsentFailure(
  store: Store,
  tenantId: string,
  problem: ConnectionProblem,
  at: Date,
): Promise<void> {
  const current = await readConnection(store, tenantId);
  await store.tenantConnections.updateOne(
    key(tenantId),
    {
      $set: {
        status: current?.status === 'connected' ? 'connected' : 'consent_failed',
        lastError: { ...problem, at },
        updatedAt: at,
      },
      $setOnInsert: { consentedAt: null, consentedBy: null, lastTest: null },
    },
    { upsert: true },
  );
}

/** Keeps the last "Test connection" result; a passing test proves the tenant is connected (consent may predate us). */
export async function recordTestResult(store: Store, tenantId: string, result: ConnectionTestResult): Promise<void> {
  const current = await readConnection(store, tenantId);
  const status = result.ok ? 'connected' : (current?.status ?? 'not_connected');
  await store.tenantConnections.updateOne(
    key(tenantId),
    {
      $set: {
        status,
        lastTest: {
          ok: result.ok,
          at: result.at,
          checks: result.checks.map(({ name, ok, message, status: s, code }) => ({
            name,
            ok,
            message,
            status: s,
            code,
          })),
        },
        updatedAt: result.at,
      },
      $setOnInsert: { consentedAt: null, consentedBy: null, lastError: null },
    },
    { upsert: true },
  );
}
