import { tierAtLeast, type Tier } from '../privacy/tiers';
import type { AnswerDisclosure } from './answerTypes';
import type { AskQuery } from './querySchema';

/**
 * What an answer to a query discloses, from the query alone and fail-closed: `figures` only when no person can be
 * named — no per-person or per-source rows (a OneDrive address names its owner), no person filter, no list of
 * people, no people to pick from. Prompt text is `content`. Anything not shown to be `figures` is at least `people`.
 */
export function disclosureOf(q: AskQuery): AnswerDisclosure {
  switch (q.type) {
    case 'system':
      // The access log names who opened whose conversations; the sync's failing users are named too.
      return q.system === 'access_log' || q.failing ? 'people' : 'figures';
    case 'list':
      return q.list === 'prompts' ? 'content' : 'people';
    case 'findings':
      // Masked evidence is still what someone typed or was shown; per-person rows or a person filter name people, as
      // the analysts who triaged them do.
      if (q.show === 'list') return 'content';
      return q.filters.people.length > 0 || q.by.includes('user') || q.triage === 'closed_by' ? 'people' : 'figures';
    case 'reply':
      // Sources to pick from are named files and sites, whose addresses can name their owners.
      return q.people.length > 0 || q.reply === 'nobody' || q.reply === 'which_person' || q.sources !== undefined
        ? 'people'
        : 'figures';
    case 'measure': {
      const namesPeople =
        q.filters.people.length > 0 ||
        q.filters.source !== undefined ||
        q.by.some((d) => d === 'user' || d === 'agent' || d === 'source' || d === 'site') ||
        (['licensed_inactive', 'licensed_users', 'new_users'].includes(q.measure) && q.by.length === 0);
      return namesPeople ? 'people' : 'figures';
    }
    default:
      return 'people';
  }
}

/**
 * Whether answering shows prompt text, which is read only with a reason kept in the access log (as a conversation is
 * opened in the tab). A findings list's evidence is masked, and shown without one, as on a finding's page.
 */
export const needsReason = (q: AskQuery): boolean => q.type === 'list' && q.list === 'prompts';

/** The lowest tier that may read each kind of answer; a team channel or group chat is read at the Viewer level. */
export const DISCLOSURE_TIERS: Record<AnswerDisclosure, Tier> = {
  figures: 'Viewer',
  people: 'Analyst',
  content: 'Investigator',
};

/** Team channels and group chats are read by members of any tier, or none: only Viewer-level answers go there. */
export const SHARED_CONVERSATION_TIER: Tier = 'Viewer';

/** Whether an answer that discloses `disclosure` may be read at `tier`. */
export const readableAt = (disclosure: AnswerDisclosure, tier: Tier): boolean =>
  tierAtLeast(tier, DISCLOSURE_TIERS[disclosure]);

/** The lowest tier a query's answer is for. Risk findings start at Analyst (as in the tab); their list shows evidence. */
export function tierForQuery(q: AskQuery): Tier {
  // The access log, retention settings and erasures are the Admin's, as in the tab; one's own tier is anyone's.
  if (q.type === 'system' && (q.system === 'access_log' || (q.system === 'privacy' && q.topic !== 'tier')))
    return 'Admin';
  if (q.type === 'findings') return q.show === 'list' ? 'Investigator' : 'Analyst';
  return DISCLOSURE_TIERS[disclosureOf(q)];
}

/**
 * Whether a Viewer may have the answer with people as pseudonyms: a measure ranked or split by person that names
 * nobody itself (no person filter, no files or sites, whose addresses name their owners).
 */
export function pseudonymisable(q: AskQuery): boolean {
  return (
    q.type === 'measure' &&
    q.by.includes('user') &&
    q.filters.people.length === 0 &&
    !q.filters.source &&
    !q.by.some((d) => d === 'source' || d === 'site') &&
    !['licensed_inactive', 'licensed_users', 'new_users'].includes(q.measure)
  );
}
