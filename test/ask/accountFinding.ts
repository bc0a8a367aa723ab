import { ObjectId } from 'mongodb';
import { injectTurns } from '../api/injectTurns';
import type { AppHarness } from '../support/appHarness';

/**
 * A licensed user whose history the sync reads, disabled in the directory, active three days before `now` and synced
 * again, with the account rule's finding on that turn as core/risk/accountRules.ts records it (its detection is tested
 * in test/core/risk/crossRiskRules.test.ts; here only a question's reading is at stake). Returns the user's id.
 */
export async function disabledAccountFinding(h: AppHarness, now: Date): Promise<string> {
  const forbidden = new Set(h.graph.tenant.forbiddenUserIds());
  const id = h.graph.tenant.licensedUserIds().find((u) => !forbidden.has(u))!;
  h.graph.tenant.users.find((u) => u.graph.id === id)!.graph.accountEnabled = false;
  await injectTurns(h, id, 3 * 24 * 60, [{ prompt: 'Draft a status note', response: 'Done.' }]);
  await h.sync('incremental');
  const store = h.testStore.store;
  const turn = (await store.interactions.find({ userId: id }).sort({ createdAt: -1 }).limit(1).next())!;
  await store.findings.insertOne({
    _id: new ObjectId(),
    tenantId: h.ctx.tenantId,
    rule: 'account-disabled',
    category: 'account',
    severity: 'medium',
    confidence: 'high',
    title: 'Copilot used by a disabled account',
    userId: id,
    appKey: turn.appKey,
    appClass: turn.appClass,
    sessionId: turn.sessionId,
    interactionId: turn.graphId,
    source: 'prompt',
    interactionAt: turn.createdAt,
    detectedAt: now,
    lastDetectedAt: now,
    evidence: [{ type: 'Disabled account', path: 'user', start: 0, end: 0, masked: '1 interactions', hash: 'h' }],
    hashes: ['h'],
    status: 'open',
    statusChangedAt: now,
    statusChangedBy: null,
    note: null,
    history: [],
  });
  return id;
}
