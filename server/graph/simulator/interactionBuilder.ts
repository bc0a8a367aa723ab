import type {
  AiInteraction,
  AiInteractionAttachment,
  AiInteractionLink,
  AiInteractionMention,
  IdentitySet,
} from '../types';
import { answerCard, fileSource, pickReferencedFile, pickSources } from './citations';
import { COPILOT_APPLICATION_ID, type AppProfile } from './copilotAppProfiles';
import type { DataSourcePool, PooledFile } from './dataSourcePool';
import { type Random, WeightedTable } from './random';
import { seedRiskyTurn, type RiskLabel, type RiskSeedRates } from './riskSeeds';
import { cloneContexts, pickScene, type Scene } from './sessionScenes';
import type { SimUser } from './syntheticUsers';
import { CUSTOMERS, TOPICS } from './tenantVocabulary';

/** What every session needs from the tenant. */
export interface BuildContext {
  tenantId: string;
  pool: DataSourcePool;
  users: readonly SimUser[];
  /** Seeded risky content (off unless rates are given) and the ground-truth labels of what was seeded. */
  risk?: RiskSeeding;
}

export interface RiskSeeding {
  rates: RiskSeedRates;
  seed: number;
  domain: string;
  labels: WeakMap<AiInteraction, RiskLabel[]>;
}

export interface SessionInput {
  profile: AppProfile;
  /** The appClass as written on the wire (PowerPoint is sometimes spelled `Powerpoint`). */
  appClass: string;
  user: SimUser;
  locale: string;
  startMs: number;
}

/** Turns per session: most sessions are one or two questions, a few run long. */
const TURNS = new WeightedTable([
  [1, 45],
  [2, 22],
  [3, 12],
  [4, 8],
  [5, 5],
  [6, 4],
  [7, 2],
  [8, 2],
] as const);
/** Average interactions (prompt + response per turn) in a session, for sizing histories. */
export const MEAN_INTERACTIONS_PER_SESSION =
  2 * ((1 * 45 + 2 * 22 + 3 * 12 + 4 * 8 + 5 * 5 + 6 * 4 + 7 * 2 + 8 * 2) / 100);
/** Longest a generated session can run (8 turns × (20 s answer + 6 min pause)), to keep history before the reference time. */
export const MAX_SESSION_MS = 8 * (20_000 + 370_000);

/**
 * Builds one session: 1–8 turns, each a userPrompt and an aiResponse sharing requestId and sessionId, the
 * response 1–20 s after the prompt. `claimMs` makes each createdDateTime (and so each id) unique per user.
 */
export function buildSession(
  ctx: BuildContext,
  input: SessionInput,
  random: Random,
  claimMs: (ms: number) => number,
): AiInteraction[] {
  const sessionId = `19:${random.base64url(43)}1@thread.v2`;
  const scene = pickScene(input.profile, ctx.pool, random);
  const turns = TURNS.draw(random);
  const out: AiInteraction[] = [];
  let t = input.startMs;
  for (let turn = 0; turn < turns; turn++) {
    const requestId = requestIdFrom(random);
    const content = turnContent(ctx, input, random);
    // Drawn from the request id, not from `random`: seeding risky content leaves the rest of the history unchanged.
    const risky = ctx.risk ? seedRiskyTurn(ctx.risk.rates, ctx.risk.seed, requestId, ctx.risk.domain) : null;
    if (risky) Object.assign(content, { promptText: risky.prompt, responseText: risky.response, mentioned: null });
    const promptMs = claimMs(t);
    const responseMs = claimMs(promptMs + 1_000 + Math.floor(19_000 * Math.pow(random.next(), 2.2)));
    out.push(prompt(ctx, input, scene, { sessionId, requestId, ms: promptMs }, content));
    out.push(response(input, scene, { sessionId, requestId, ms: responseMs }, content, ctx, random));
    if (risky && ctx.risk) {
      ctx.risk.labels.set(out[out.length - 2]!, risky.promptLabels);
      ctx.risk.labels.set(out[out.length - 1]!, risky.responseLabels);
    }
    t = responseMs + 10_000 + Math.floor(360_000 * Math.pow(random.next(), 2));
  }
  return out;
}

export interface Stamp {
  sessionId: string;
  requestId: string;
  ms: number;
}

interface TurnContent {
  promptText: string;
  responseText: string;
  referencedFile: PooledFile | null;
  mentioned: SimUser | null;
}

function turnContent(ctx: BuildContext, input: SessionInput, random: Random): TurnContent {
  const template = random.pick(input.profile.prompts);
  const person = ctx.users.length > 1 ? random.pick(ctx.users) : input.user;
  const referencedFile = template.includes('{file}') ? pickReferencedFile(ctx.pool, random) : null;
  // One topic and customer per turn, so the answer talks about what was asked.
  const topic = random.pick(TOPICS);
  const customer = random.pick(CUSTOMERS);
  const fill = (text: string): string =>
    text
      .replace('{topic}', topic)
      .replace('{customer}', customer)
      .replace('{person}', person.graph.displayName ?? 'a colleague')
      .replace('{file}', referencedFile?.name ?? 'the latest file');
  return {
    promptText: fill(template),
    responseText: fill(random.pick(input.profile.responses)),
    referencedFile,
    mentioned: template.includes('{person}') && person !== input.user && random.chance(0.5) ? person : null,
  };
}

function prompt(
  ctx: BuildContext,
  input: SessionInput,
  scene: Scene,
  stamp: Stamp,
  content: TurnContent,
): AiInteraction {
  const attachments: AiInteractionAttachment[] = scene.attachment ? [{ ...scene.attachment }] : [];
  if (content.referencedFile) attachments.push(referenceAttachment(content.referencedFile, stamp.requestId));
  // Prompts typed in a Teams meeting carry the meeting tag HTML-escaped (Microsoft Learn: getAllEnterpriseInteractions, examples).
  const tag = scene.attachmentTagId ? `&lt;attachment id="${scene.attachmentTagId}"&gt;&lt;/attachment&gt;` : '';
  return interaction(input, stamp, 'userPrompt', {
    contexts: cloneContexts(scene.promptContexts),
    from: userIdentity(input.user.graph.id, ctx.tenantId),
    body: { contentType: 'text', content: content.promptText + tag },
    attachments,
    links: [],
    mentions: content.mentioned ? [mention(content.mentioned)] : [],
  });
}

function response(
  input: SessionInput,
  scene: Scene,
  stamp: Stamp,
  content: TurnContent,
  ctx: BuildContext,
  random: Random,
): AiInteraction {
  const from = applicationIdentity(input.profile.responder);
  const contexts = cloneContexts(scene.responseContexts);
  if (input.profile.cardResponses) {
    const sources = pickSources(ctx.pool, random, content.referencedFile);
    const card = answerCard(content.responseText, sources, random);
    return interaction(input, stamp, 'aiResponse', {
      contexts,
      from,
      body: { contentType: 'html', content: `<attachment id="${card.attachmentId}"></attachment>` },
      attachments: [card],
      links: sources.flatMap((s) => s.links),
      mentions: [],
    });
  }
  const links: AiInteractionLink[] = content.referencedFile ? fileSource(content.referencedFile, random).links : [];
  if (!content.referencedFile && random.chance(0.08))
    links.push(...fileSource(pickReferencedFile(ctx.pool, random), random).links);
  const tag = scene.attachmentTagId ? `<attachment id="${scene.attachmentTagId}"></attachment>` : '';
  return interaction(input, stamp, 'aiResponse', {
    contexts,
    from,
    body: { contentType: 'text', content: content.responseText + tag },
    attachments: scene.attachment ? [{ ...scene.attachment }] : [],
    links,
    mentions: [],
  });
}

export type Parts = Pick<AiInteraction, 'contexts' | 'from' | 'body' | 'attachments' | 'links' | 'mentions'>;

/** Property order follows Graph's own responses. */
export function interaction(
  input: SessionInput,
  stamp: Stamp,
  interactionType: AiInteraction['interactionType'],
  parts: Parts,
): AiInteraction {
  const id = String(stamp.ms);
  return {
    id,
    sessionId: stamp.sessionId,
    requestId: stamp.requestId,
    appClass: input.appClass,
    interactionType,
    conversationType: input.profile.conversationType,
    etag: id,
    createdDateTime: new Date(stamp.ms).toISOString(),
    locale: input.locale,
    contexts: parts.contexts,
    from: parts.from,
    body: parts.body,
    attachments: parts.attachments,
    links: parts.links,
    mentions: parts.mentions,
  };
}

export function userIdentity(userId: string, tenantId: string): IdentitySet {
  return {
    '@odata.type': '#microsoft.graph.chatMessageFromIdentitySet',
    application: null,
    device: null,
    user: {
      '@odata.type': '#microsoft.graph.teamworkUserIdentity',
      id: userId,
      displayName: `8:orgid:${userId}`,
      userIdentityType: 'aadUser',
      tenantId,
    },
  };
}

export function applicationIdentity(displayName: string): IdentitySet {
  return {
    '@odata.type': '#microsoft.graph.chatMessageFromIdentitySet',
    device: null,
    user: null,
    application: {
      '@odata.type': '#microsoft.graph.teamworkApplicationIdentity',
      id: COPILOT_APPLICATION_ID,
      displayName,
      applicationIdentityType: 'bot',
    },
  };
}

function mention(user: SimUser): AiInteractionMention {
  return {
    mentionId: 0,
    mentionText: user.graph.displayName,
    mentioned: {
      user: {
        '@odata.type': '#microsoft.graph.teamworkUserIdentity',
        id: user.graph.id,
        displayName: user.graph.displayName,
        userIdentityType: 'aadUser',
      },
    },
  };
}

function referenceAttachment(file: PooledFile, requestId: string): AiInteractionAttachment {
  return {
    attachmentId: `${requestId.slice(0, 8)}-${file.kind}`,
    contentType: 'reference',
    contentUrl: file.url,
    content: null,
    name: file.name,
  };
}

/** Graph's requestIds look like GUIDs but are not all v4 (e.g. `f128b7a9-657e-b420-201e-5602114a29f4`). */
export function requestIdFrom(random: Random): string {
  const h = random.hex(32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
