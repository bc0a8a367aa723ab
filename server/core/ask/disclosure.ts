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
      return 'figures';
    case 'list':
      return q.list === 'prompts' ? 'content' : 'people';
    case 'findings':
      // Masked evidence is still what someone typed or was shown; per-person rows or a person filter name people.
      if (q.show === 'list') return 'content';
      return q.filters.people.length > 0 || q.by.includes('user') ? 'people' : 'figures';
    case 'reply':
      return q.people.length > 0 || q.reply === 'nobody' || q.reply === 'which_person' ? 'people' : 'figures';
    case 'measure': {
      const namesPeople =
        q.filters.people.length > 0 ||
        q.by.some((d) => d === 'user' || d === 'source' || d === 'site') ||
        (['licensed_inactive', 'licensed_users', 'new_users'].includes(q.measure) && q.by.length === 0);
      return namesPeople ? 'people' : 'figures';
    }
    default:
      return 'people';
  }
}
