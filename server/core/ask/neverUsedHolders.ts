import { licensedFacts } from '../insights/askFacts';
import { syncFactsOf } from '../insights/syncFacts';
import { plural, type AnswerDeps, type Executed } from './executed';
import type { MeasureQuery } from './querySchema';

/** How many never-active holders are named in the note; the rest are counted. */
const NAMED = 10;

/**
 * "Whose last Copilot use was more than 2 weeks ago", "who stopped using Copilot": people with use before the quiet
 * span and none in it. A licence holder who never used Copilot has no last use, so is not among them; they are said
 * beside the answer (named, up to ten, beside a list of people; counted beside a count), so an admin reclaiming seats
 * sees them too. Holders whose history could not
 * be read are neither: their use is unknown (unreadablePeople.ts says so).
 */
export async function withNeverUsedHolders(deps: AnswerDeps, q: MeasureQuery, e: Executed): Promise<Executed> {
  // Only use that stopped (active before the span, from the start of the history): not "in October but not November",
  // and not in named apps, of which the directory keeps no first use.
  if (!q.who?.quietIn || !/^before /.test(q.period.label) || q.filters.apps.length || q.filters.people.length) return e;
  const [never, unreadable] = await Promise.all([
    licensedFacts(deps.store, deps.tenantId, q.filters.departments, { neverActive: true }),
    syncFactsOf(deps).unreadableUserIds(),
  ]);
  const left = new Set((q.filters.exclude?.departments ?? []).map((d) => d.toLowerCase()));
  const refused = new Set(unreadable);
  const names = never
    .filter((u) => !refused.has(u.userId) && !left.has((u.department ?? '').toLowerCase()))
    .map((u) => (u.displayName ?? u.userPrincipalName ?? u.userId).trim())
    .sort((a, b) => a.localeCompare(b));
  if (!names.length) return e;
  const shown = names.slice(0, NAMED).join(', ');
  const more = names.length > NAMED ? ` and ${names.length - NAMED} more` : '';
  const no = `${plural(names.length, 'licence holder')} never used Copilot, so ${names.length === 1 ? 'has' : 'have'} no last use`;
  // A count is figures only (a group chat may see it): the holders are counted there, named only beside a list.
  const note = q.by.includes('user') ? `Not listed: ${no}: ${shown}${more}.` : `Not counted: ${no}.`;
  // The summary is written from the notes before this one: said in both, as every note is.
  return { ...e, summary: `${e.summary} ${note}`, notes: [...e.notes, note] };
}
