import type { AiInteractionAttachment, AiInteractionContext } from '../types';
import type { AppProfile } from './copilotAppProfiles';
import type { DataSourcePool } from './dataSourcePool';
import { titleCase } from './dataSourcePool';
import type { Random } from './random';
import { TOPICS } from './tenantVocabulary';

/**
 * What a Copilot session is about: the document being edited, the Teams meeting or chat, the email thread.
 * Every turn of the session carries the same contexts; Teams meetings also tag bodies with the meeting thread.
 */
export interface Scene {
  promptContexts: AiInteractionContext[];
  responseContexts: AiInteractionContext[];
  /** Reference attachment repeated on every prompt and response (Teams meetings). */
  attachment: AiInteractionAttachment | null;
  /** Id used in `<attachment id="…">` body tags, when the scene has one. */
  attachmentTagId: string | null;
}

const EMPTY: Scene = { promptContexts: [], responseContexts: [], attachment: null, attachmentTagId: null };
const context = (contextReference: string, displayName: string, contextType: string): AiInteractionContext => ({
  contextReference,
  displayName,
  contextType,
});

/** Picks the scene of one session for an app. */
export function pickScene(profile: AppProfile, pool: DataSourcePool, random: Random): Scene {
  switch (profile.scene) {
    case 'teams':
      return random.chance(0.65) ? meetingScene(pool, random) : teamsChatScene(random);
    case 'file': {
      const file = pool.file(profile.fileKind ?? 'docx', random);
      return single(context(file.url, file.name, profile.contextType ?? 'Document'));
    }
    case 'email':
      if (!random.chance(0.6)) return EMPTY;
      return single(
        context(
          `https://outlook.office.com/mail/inbox/id/AAQkAD${random.base64url(58)}%3D`,
          `RE: ${titleCase(random.pick(TOPICS))}`,
          'Email',
        ),
      );
    case 'plan': {
      const plan = pool.plan(random);
      return single(context(plan.url, plan.name, profile.contextType ?? 'Plan'));
    }
    case 'form': {
      const form = pool.form(random);
      return single(context(form.url, form.name, profile.contextType ?? 'Form'));
    }
    case 'site': {
      const site = pool.site(random);
      return single(context(site.url, site.name, profile.contextType ?? 'Site'));
    }
    case 'fabric':
      return single(
        context(
          `https://app.fabric.microsoft.com/groups/${random.uuid()}/synapsenotebooks/${random.uuid()}`,
          `${titleCase(random.pick(TOPICS))} analysis`,
          profile.contextType ?? 'Notebook',
        ),
      );
    default:
      return EMPTY;
  }
}

function single(ctx: AiInteractionContext): Scene {
  return { promptContexts: [ctx], responseContexts: [ctx], attachment: null, attachmentTagId: null };
}

/** Teams meeting Copilot: responses often lack the context the prompt has (documented known issue). */
function meetingScene(pool: DataSourcePool, random: Random): Scene {
  const { threadId } = pool.meeting(random);
  const url = `https://microsoft.teams.com/threads/${threadId}`;
  const ctx = context(url, 'Teams Meeting Copilot', 'TeamsMeeting');
  return {
    promptContexts: [ctx],
    responseContexts: random.chance(0.5) ? [] : [ctx],
    attachment: {
      attachmentId: threadId,
      contentType: 'reference',
      contentUrl: url,
      content: null,
      name: 'Teams Meeting Copilot',
    },
    attachmentTagId: threadId,
  };
}

function teamsChatScene(random: Random): Scene {
  const threadId = `19:${random.hex(32)}@thread.v2`;
  return single(context(`https://microsoft.teams.com/threads/${threadId}`, 'Teams Chat Copilot', 'TeamsChat'));
}

/** Fresh copies, so no two interactions share mutable objects. */
export function cloneContexts(contexts: readonly AiInteractionContext[]): AiInteractionContext[] {
  return contexts.map((c) => ({ ...c }));
}
