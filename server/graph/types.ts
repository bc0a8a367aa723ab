/**
 * Wire types of the Microsoft Graph resources Copilot Observatory reads, exactly as Graph serialises them
 * (Microsoft Learn: aiInteraction resource type; Microsoft Learn: user resource type). Shared by the real client and the Graph simulator so the two
 * cannot drift apart.
 */

/** `microsoft.graph.assignedLicense`. */
export interface AssignedLicense {
  skuId: string;
  disabledPlans: string[];
}

/** `microsoft.graph.assignedPlan`. */
export interface AssignedPlan {
  assignedDateTime: string;
  capabilityStatus: string;
  service: string;
  servicePlanId: string;
}

/** The `microsoft.graph.user` fields the sync selects. */
export interface GraphUser {
  id: string;
  displayName: string | null;
  userPrincipalName: string | null;
  mail: string | null;
  department: string | null;
  jobTitle: string | null;
  officeLocation: string | null;
  /** ISO 3166 alpha-2 country of the licence; absent when the directory has none. */
  usageLocation?: string | null;
  accountEnabled: boolean | null;
  assignedLicenses: AssignedLicense[];
  assignedPlans?: AssignedPlan[];
}

/** `microsoft.graph.identity` as found inside an identity set. */
export interface GraphIdentity {
  '@odata.type'?: string;
  id: string | null;
  displayName: string | null;
  [extra: string]: unknown;
}

/** `microsoft.graph.chatMessageFromIdentitySet`. */
export interface IdentitySet {
  '@odata.type'?: string;
  application: GraphIdentity | null;
  device: GraphIdentity | null;
  user: GraphIdentity | null;
}

export interface ItemBody {
  contentType: 'text' | 'html';
  content: string;
}

export interface AiInteractionAttachment {
  attachmentId: string | null;
  contentType: string | null;
  contentUrl: string | null;
  content: string | null;
  name: string | null;
}

export interface AiInteractionContext {
  contextReference: string | null;
  contextType: string | null;
  displayName: string | null;
}

export interface AiInteractionLink {
  linkUrl: string | null;
  displayName: string | null;
  linkType: string | null;
}

export interface AiInteractionMention {
  mentionId: number;
  mentionText: string | null;
  mentioned: {
    user?: GraphIdentity | null;
    application?: GraphIdentity | null;
    device?: GraphIdentity | null;
    conversation?: GraphIdentity | null;
    tag?: GraphIdentity | null;
  } | null;
}

export type AiInteractionType = 'userPrompt' | 'aiResponse' | 'unknownFutureValue';

/** `microsoft.graph.aiInteraction` as returned by getAllEnterpriseInteractions. */
export interface AiInteraction {
  id: string;
  sessionId: string;
  requestId: string | null;
  appClass: string;
  interactionType: AiInteractionType;
  conversationType: string | null;
  etag: string | null;
  createdDateTime: string;
  locale: string;
  body: ItemBody | null;
  from: IdentitySet;
  attachments: AiInteractionAttachment[] | null;
  links: AiInteractionLink[] | null;
  contexts: AiInteractionContext[] | null;
  mentions: AiInteractionMention[] | null;
}

/** An OData collection page. */
export interface ODataPage<T> {
  '@odata.context'?: string;
  '@odata.count'?: number;
  '@odata.nextLink'?: string;
  value: T[];
}

/** Graph's error body (`{ error: { code, message, innerError } }`). */
export interface GraphErrorBody {
  error: {
    code: string;
    message: string;
    innerError?: Record<string, unknown>;
  };
}

/** Microsoft Entra's token-endpoint error body (AADSTS errors). */
export interface TokenErrorBody {
  error: string;
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
}
