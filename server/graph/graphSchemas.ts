import { z } from 'zod';
import type { AiInteraction, GraphUser } from './types';

/**
 * What a Graph page must look like before the sync trusts it. Strict on the fields the sync relies on, tolerant
 * elsewhere: unknown extra fields pass through, and properties the CSDL declares nullable may be null or absent.
 */

const nullableString = z.string().nullish();

const identity = z.looseObject({ id: nullableString, displayName: nullableString }).nullish();

const identitySet = z.looseObject({ application: identity, device: identity, user: identity });

const timestamp = z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'not an ISO 8601 timestamp');

const aiInteraction = z.looseObject({
  id: z.string().min(1),
  sessionId: z.string().min(1),
  appClass: z.string().min(1),
  interactionType: z.enum(['userPrompt', 'aiResponse', 'unknownFutureValue']),
  // Nullable in the CSDL; items without a time cannot be placed in a window and are dropped by the gateway.
  createdDateTime: timestamp.nullable(),
  from: identitySet,
  requestId: nullableString,
  conversationType: nullableString,
  etag: nullableString,
  locale: nullableString,
  body: z.looseObject({ contentType: z.string(), content: nullableString }).nullish(),
  attachments: z.array(z.looseObject({})).nullish(),
  links: z.array(z.looseObject({})).nullish(),
  contexts: z.array(z.looseObject({})).nullish(),
  mentions: z.array(z.looseObject({})).nullish(),
});

const assignedLicense = z.looseObject({ skuId: z.string(), disabledPlans: z.array(z.string()).nullish() });

const graphUser = z.looseObject({
  id: z.string().min(1),
  displayName: nullableString,
  userPrincipalName: nullableString,
  mail: nullableString,
  department: nullableString,
  jobTitle: nullableString,
  officeLocation: nullableString,
  usageLocation: nullableString,
  accountEnabled: z.boolean().nullish(),
  assignedLicenses: z.array(assignedLicense).nullish(),
});

/** An OData collection page of `item`. */
function collectionPage<T extends z.ZodType>(item: T) {
  return z.looseObject({ '@odata.nextLink': z.string().nullish(), value: z.array(item) });
}

export const interactionPageSchema = collectionPage(aiInteraction);
export const userPageSchema = collectionPage(graphUser);

export type ParsedInteraction = z.infer<typeof aiInteraction>;
export type ParsedUser = z.infer<typeof graphUser>;

/** The wire type with absent optional properties as null, as the sync expects them. */
export function toAiInteraction(item: ParsedInteraction & { createdDateTime: string }): AiInteraction {
  return {
    ...item,
    requestId: item.requestId ?? null,
    conversationType: item.conversationType ?? null,
    etag: item.etag ?? null,
    locale: item.locale ?? '',
    body: (item.body as AiInteraction['body']) ?? null,
    from: {
      ...item.from,
      application: item.from.application ?? null,
      device: item.from.device ?? null,
      user: item.from.user ?? null,
    } as AiInteraction['from'],
    attachments: (item.attachments as AiInteraction['attachments']) ?? null,
    links: (item.links as AiInteraction['links']) ?? null,
    contexts: (item.contexts as AiInteraction['contexts']) ?? null,
    mentions: (item.mentions as AiInteraction['mentions']) ?? null,
  };
}

/** The wire type with absent optional properties as null. */
export function toGraphUser(user: ParsedUser): GraphUser {
  return {
    ...user,
    displayName: user.displayName ?? null,
    userPrincipalName: user.userPrincipalName ?? null,
    mail: user.mail ?? null,
    department: user.department ?? null,
    jobTitle: user.jobTitle ?? null,
    officeLocation: user.officeLocation ?? null,
    usageLocation: user.usageLocation ?? null,
    accountEnabled: user.accountEnabled ?? null,
    assignedLicenses: (user.assignedLicenses ?? []).map((l) => ({ ...l, disabledPlans: l.disabledPlans ?? [] })),
  };
}
