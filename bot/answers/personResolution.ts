import { resolveUser } from '../../server/core/insights/questions/resolveUser';
import type { UserRef } from '../../server/core/insights/types';
import { userRefs } from '../../server/core/insights/userDirectory';
import type { BotQuery, PersonRef } from '../questions/querySchema';
import { SUGGESTED_QUESTIONS } from '../questions/suggestions';
import { encodePageToken } from './pageToken';
import { displayOf, type AnswerDeps, type Executed } from './executed';

/**
 * The person a query names, resolved: a user, or the answer to give instead (which one? / nobody by that name).
 * A picked person (`userId` set by a "which one?" button) is looked up directly.
 */
export async function resolvePerson(
  deps: AnswerDeps,
  query: BotQuery & { person: PersonRef },
): Promise<{ user: UserRef } | { answer: Executed }> {
  if (query.person.userId) {
    const ref = (await userRefs(deps.store, deps.tenantId, [query.person.userId])).get(query.person.userId);
    if (ref && (ref.displayName || ref.userPrincipalName)) return { user: ref };
    return { answer: nobody(query.person.text, []) };
  }
  const found = await resolveUser(deps.names, query.person.text);
  if (found.status === 'found') return { user: found.user };
  if (found.status === 'ambiguous') {
    return {
      answer: {
        kind: 'choice',
        summary: `Several people match "${query.person.text}". Which one do you mean?`,
        columns: [],
        rows: [],
        filters: [],
        view: null,
        choices: found.candidates.map((c) => pick(query, c)),
      },
    };
  }
  // A question that was nothing but an unknown "name" ("tell me a joke") was no question we know.
  if (found.suggestions.length === 0 && 'guessed' in query && query.guessed)
    return {
      answer: {
        kind: 'not_understood',
        summary: "I didn't understand that question. Here are some I can answer:",
        columns: [],
        rows: [],
        filters: [],
        view: null,
        suggestions: [...SUGGESTED_QUESTIONS],
      },
    };
  return {
    answer: nobody(
      query.person.text,
      found.suggestions.map((c) => pick(query, c)),
    ),
  };
}

function pick(query: BotQuery & { person: PersonRef }, user: UserRef) {
  const label = `${displayOf(user)}${user.department ? ` (${user.department})` : ''}`;
  const q = { ...query, person: { text: (user.displayName ?? query.person.text).slice(0, 80), userId: user.userId } };
  return { label, question: label, queryToken: encodePageToken({ q, page: 1, cursor: null, question: label }) };
}

function nobody(text: string, choices: Executed['choices']): Executed {
  return {
    kind: 'choice',
    summary:
      choices && choices.length > 0
        ? `I found nobody called "${text}". Did you mean one of these?`
        : `I found nobody called "${text}" among Copilot users or licensed users.`,
    columns: [],
    rows: [],
    filters: [],
    view: null,
    choices,
  };
}
