import type { Reading } from './compose';
import { FILLER } from './lexicon';
import type { ListQuery } from './querySchema';

/** The words around "department" when it is asked of one person: "belong to", "is … in", "works on", "part of". */
const WHERE_WORDS = new Set(['what', 'which', 'whats', 'does', 'do', 'did', 'is', 'was', 'are', 'in', 'on', 'of', 'to', 'under', 'within', 'belong', 'belongs', 'part', 'sit', 'sits', 'work', 'works', 'assigned', 'member', 'tell', 'me', 'show', 'their', 'his', 'her', 'the', 'a']); // prettier-ignore

/**
 * "What department does Joni Sherman belong to?", "which dept is Lee Gu in", "what team is Alex on" (a team is a
 * department here): one person, the word for a department that names none, and nothing else asked: that person's
 * profile, which says their department. Null when any other word asks for more (a measure, a period, an app).
 */
export function personDepartmentQuery(r: Reading): ListQuery | null {
  if (r.people.length !== 1 || r.measures.length || r.periods.length || r.apps.length || r.departments.length)
    return null;
  const team = r.words.filter((w) => w.tag?.cue === 'team' && !w.department);
  if (team.length !== 1) return null;
  const person = r.people[0]!;
  const asked = r.words.every(
    (w) => w === team[0] || (w.used && !w.tag) || WHERE_WORDS.has(w.word) || (!w.tag && FILLER.has(w.word)),
  );
  return asked ? { type: 'list', list: 'profile', person, apps: [] } : null;
}
