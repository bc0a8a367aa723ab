import type { AiInteraction, AiInteractionAttachment, AiInteractionLink } from '../types';
import { APP_CLASS_PREFIX, profileForAppClass } from './copilotAppProfiles';
import { applicationIdentity, interaction, requestIdFrom, userIdentity, type SessionInput } from './interactionBuilder';
import type { Random } from './random';
import type { SimUser } from './syntheticUsers';

/** One exchange given word for word (the control API's `turns`): a prompt, and an answer when given. */
export interface GivenTurn {
  prompt: string;
  response?: string;
  /** Links Copilot cited: on the answer (on the prompt when there is none). */
  links?: (string | Partial<AiInteractionLink>)[];
  /** Attachments (`content` may be text or an Adaptive Card object): on the answer, else on the prompt. */
  attachments?: (Partial<Omit<AiInteractionAttachment, 'content'>> & { content?: unknown })[];
}

export interface GivenSession {
  user: SimUser;
  tenantId: string;
  appClass?: string;
  locale: string;
  startMs: number;
  turns: readonly GivenTurn[];
}

/**
 * A session of the given turns, shaped as Graph serves generated ones: each prompt and its answer share a
 * requestId and the sessionId, the answer two seconds after the prompt, turns half a minute apart.
 */
export function buildGivenSession(
  given: GivenSession,
  random: Random,
  claimMs: (ms: number) => number,
): AiInteraction[] {
  const appClass = given.appClass ?? `${APP_CLASS_PREFIX}BizChat`;
  const profile = profileForAppClass(appClass);
  const input: SessionInput = { profile, appClass, user: given.user, locale: given.locale, startMs: given.startMs };
  const sessionId = `19:${random.base64url(43)}1@thread.v2`;
  const out: AiInteraction[] = [];
  let t = given.startMs;
  given.turns.forEach((turn, index) => {
    const requestId = requestIdFrom(random);
    const promptMs = claimMs(t);
    const links = (turn.links ?? []).map(toLink);
    const attachments = (turn.attachments ?? []).map((a, i) =>
      toAttachment(a, `${requestId.slice(0, 8)}-${index}-${i}`),
    );
    const onPrompt = turn.response === undefined;
    out.push(
      interaction(input, { sessionId, requestId, ms: promptMs }, 'userPrompt', {
        contexts: [],
        from: userIdentity(given.user.graph.id, given.tenantId),
        body: { contentType: 'text', content: turn.prompt },
        attachments: onPrompt ? attachments : [],
        links: onPrompt ? links : [],
        mentions: [],
      }),
    );
    t = promptMs + 2_000;
    if (turn.response !== undefined) {
      const responseMs = claimMs(t);
      out.push(
        interaction(input, { sessionId, requestId, ms: responseMs }, 'aiResponse', {
          contexts: [],
          from: applicationIdentity(profile.responder),
          body: { contentType: 'text', content: turn.response },
          attachments,
          links,
          mentions: [],
        }),
      );
      t = responseMs;
    }
    t += 30_000;
  });
  return out;
}

/** A given link as Graph serves one: a bare URL becomes a web link named by its address. */
export function toLink(link: string | Partial<AiInteractionLink>): AiInteractionLink {
  if (typeof link === 'string') return { linkUrl: link, displayName: link, linkType: 'WebLink' };
  return {
    linkUrl: link.linkUrl ?? '',
    displayName: link.displayName ?? link.linkUrl ?? '',
    linkType: link.linkType ?? 'WebLink',
  };
}

function toAttachment(
  a: Partial<Omit<AiInteractionAttachment, 'content'>> & { content?: unknown },
  fallbackId: string,
): AiInteractionAttachment {
  const content =
    a.content === undefined || a.content === null
      ? null
      : typeof a.content === 'string'
        ? a.content
        : JSON.stringify(a.content);
  return {
    attachmentId: a.attachmentId ?? fallbackId,
    contentType:
      a.contentType ?? (content?.trimStart().startsWith('{') ? 'application/vnd.microsoft.card.adaptive' : 'text'),
    contentUrl: a.contentUrl ?? null,
    content,
    name: a.name ?? null,
  };
}
