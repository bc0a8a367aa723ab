import { buildAggregateOps } from '../../server/core/sync/aggregateOps';
import { packOps, type PendingBatch } from '../../server/core/sync/batchWriter';
import { mapInteraction, type MappedInteraction } from '../../server/core/sync/interactionMapper';
import { naturalId } from '../../server/store/naturalId';
import type { AiInteraction, AiInteractionContext, GraphUser } from '../../server/graph/types';
import { M365_COPILOT_SKU_ID } from '../../server/graph/constants';

let counter = 0;

/** A Copilot-licensed Graph user. */
export function buildUser(overrides: Partial<GraphUser> = {}): GraphUser {
  counter += 1;
  const id = overrides.id ?? `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`;
  return {
    id,
    displayName: `User ${counter}`,
    userPrincipalName: `user${counter}@contoso.example`,
    mail: `user${counter}@contoso.example`,
    department: 'Sales',
    jobTitle: 'Account Executive',
    officeLocation: 'Seattle',
    accountEnabled: true,
    assignedLicenses: [{ skuId: M365_COPILOT_SKU_ID, disabledPlans: [] }],
    ...overrides,
  };
}

/** A Graph aiInteraction (a Word prompt by default) in the documented shape. */
export function buildInteraction(overrides: Partial<AiInteraction> = {}): AiInteraction {
  const createdDateTime = overrides.createdDateTime ?? '2026-11-02T10:15:00.000Z';
  const id = overrides.id ?? String(Date.parse(createdDateTime));
  const prompt = (overrides.interactionType ?? 'userPrompt') === 'userPrompt';
  return {
    id,
    sessionId: '19:session-one@thread.v2',
    requestId: 'req-1',
    appClass: 'IPM.SkypeTeams.Message.Copilot.Word',
    interactionType: 'userPrompt',
    conversationType: 'appchat',
    etag: id,
    createdDateTime,
    locale: 'en-us',
    body: { contentType: 'text', content: prompt ? 'Summarize this document' : 'Here is a summary.' },
    from: prompt
      ? { application: null, device: null, user: { id: 'u', displayName: '8:orgid:u', userIdentityType: 'aadUser' } }
      : {
          application: { id: 'fb8d773d-7ef8-4ec0-a117-179f88add510', displayName: 'Copilot in Word' },
          device: null,
          user: null,
        },
    attachments: [],
    links: [],
    contexts: [
      {
        contextReference: 'https://contoso.sharepoint.com/sites/Sales/Shared%20Documents/Plan.docx',
        contextType: 'Document',
        displayName: 'Plan.docx',
      },
    ],
    mentions: [],
    ...overrides,
  };
}

/** The context an interaction gets from a file in the Sales site's Shared Documents (`Plan.docx`, `Budget.xlsx`). */
export function documentContext(fileName: string): AiInteractionContext {
  return {
    contextReference: `https://contoso.sharepoint.com/sites/Sales/Shared%20Documents/${fileName}`,
    contextType: 'Document',
    displayName: fileName,
  };
}

/**
 * A batch as the sync's writer receives it (journal entry, interactions, aggregate ops), from one user's mapped
 * interactions, none of whose conversations or data-source usages exist yet.
 */
export function pendingBatch(
  tenantId: string,
  batchId: string,
  user: GraphUser,
  interactions: MappedInteraction[],
  at: Date,
): PendingBatch {
  const ops = buildAggregateOps({
    tenantId,
    user,
    interactions,
    existingConversations: new Set(),
    existingUsages: new Set(),
  });
  return {
    entry: {
      _id: naturalId('syncBatch', batchId),
      batchId,
      tenantId,
      userIds: [user.id],
      runId: 'run-1',
      createdAt: at,
      interactionIds: interactions.map((m) => m.doc._id),
      opsBson: packOps(ops),
      opCount: ops.length,
    },
    interactions: interactions.map((m) => m.doc),
    ops,
  };
}

let promptCounter = 0;

/** A batch of one prompt of `user` per entry (its app and time), each in a session of its own, mapped as the sync does. */
export function promptsBatch(
  tenantId: string,
  batchId: string,
  user: GraphUser,
  prompts: ReadonlyArray<{ appClass: string; createdDateTime: string }>,
  at: Date,
): PendingBatch {
  const interactions = prompts.map(({ appClass, createdDateTime }) => {
    promptCounter += 1;
    const interaction = buildInteraction({
      id: `prompt-${promptCounter}`,
      appClass,
      sessionId: `prompt-session-${promptCounter}`,
      createdDateTime,
    });
    return mapInteraction(tenantId, user.id, interaction, at);
  });
  return pendingBatch(tenantId, batchId, user, interactions, at);
}
