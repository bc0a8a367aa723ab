import { CLOCKED_MEASURES } from './measureFacts';
import { MEASURE_LABELS, DIMENSION_LABELS } from './interpretation';
import type { Dimension, MeasureQuery } from './querySchema';
import { adoptionUnsupported } from './executeAdoption';
import { perPersonUnsupported } from './executeAverage';
import { shareOfUnsupported } from './executeShare';
import { distinctUnsupported } from './distinctSources';
import { namedSourceUnsupported } from './namedSourceFacts';
import { describeClock } from './clockFilters';

/*
 * What a measure's answer declines, saying why, rather than answer something other than what was asked: a breakdown
 * or narrowing the measure does not have, and a time-of-day filter it cannot apply.
 */

/** Measures of licence holders, whose reads take departments to keep, not to leave out. */
const LICENCE_MEASURES = new Set<string>(['licensed_inactive', 'licensed_users', 'new_users', 'adoption']);
/** Measures an agent (one person in one app) has exactly one of, or none: nothing to rank agents by. */
const ONE_PER_AGENT = new Set<string>(['active_users', 'agents', 'source_users', 'licensed_inactive', 'licensed_users', 'new_users', 'adoption']); // prettier-ignore
/** The dimensions only data-source measures have. */
export const REFERENCE_DIMS = new Set<Dimension>(['source', 'site', 'kind']);
/** Measures whose rows add up to the total, so each row has a share of it. */
const SHARED_MEASURES = new Set<string>(['prompts', 'responses', 'sessions', 'interactions', 'references']);

/** Why a measure cannot be broken down or filtered as asked, or null when it can. */
export function unsupported(q: MeasureQuery): string | null {
  const named = namedSourceUnsupported(q);
  if (named) return named;
  const distinct = distinctUnsupported(q);
  if (distinct) return distinct;
  if (q.shareOf) return shareOfUnsupported(q);
  if (q.perPerson || q.per) return perPersonUnsupported(q);
  if (q.measure === 'adoption') return adoptionUnsupported(q);
  const sources = q.measure === 'references' || q.measure === 'source_users';
  const bad = q.by.find((d) => REFERENCE_DIMS.has(d) && !sources);
  if (bad)
    return `${MEASURE_LABELS[q.measure]} cannot be broken down by ${DIMENSION_LABELS[bad]}: only data-source questions have sources.`;
  if (q.measure === 'licensed_inactive' || q.measure === 'licensed_users') {
    const d = q.by.find((x) => x !== 'department');
    if (d)
      return `Licensed users without activity can only be counted by department: they have no ${DIMENSION_LABELS[d]} of use to group by.`;
  }
  if (q.measure === 'new_users') {
    const d = q.by.find((x) => !['department', 'day', 'week', 'month', 'weekday'].includes(x));
    if (d)
      return `New users can be grouped by department or by the day, week or month of their first use, not by ${DIMENSION_LABELS[d]}.`;
  }
  if (q.by.includes('agent') && ONE_PER_AGENT.has(q.measure))
    return `${MEASURE_LABELS[q.measure]} cannot be counted per agent: an agent is one person in one app. Ask for prompts, sessions or interactions by agent.`;
  if (q.filters.exclude?.departments.length && LICENCE_MEASURES.has(q.measure))
    return `${MEASURE_LABELS[q.measure]} cannot leave a department out; ask for them by department to see each one.`;
  if (q.filters.host && !sources && !q.filters.source)
    return `${MEASURE_LABELS[q.measure]} have no address: only data-source questions can be narrowed to SharePoint.`;
  // Active users by department add up too: a person is in one department.
  const sharedPeople = q.measure === 'active_users' && q.by.length === 1 && q.by[0] === 'department';
  if (q.share && !SHARED_MEASURES.has(q.measure) && !sharedPeople)
    return `A share is given for prompts, responses, sessions, interactions and references, which add up across rows; ${MEASURE_LABELS[q.measure].toLowerCase()} do not (one person can be in several rows).`;
  if (q.share && (q.by.length !== 1 || q.compare))
    return 'A share is given for a breakdown by one dimension, such as "share of prompts by app".';
  if (q.measure === 'source_users' && q.by.includes('user'))
    return 'Distinct users per source cannot also be split by person.';
  if (q.having && q.holderCount && q.measure === 'licensed_users' && q.by.length === 0) return null;
  if (q.having && (q.by.length !== 1 || ['licensed_inactive', 'licensed_users', 'new_users'].includes(q.measure)))
    return 'A condition such as "more than 3" applies to a breakdown by one dimension of prompts, responses, sessions, interactions, agents, active users or references.';
  return null;
}

/** Why an hour-of-day or weekday filter cannot be applied to this answer (said, never dropped), or null. */
export function clockUnsupported(q: MeasureQuery): string | null {
  const clock = q.filters.clock;
  if (!clock) return null;
  const simple =
    CLOCKED_MEASURES.has(q.measure) &&
    !q.filters.source &&
    !q.filters.owner &&
    !q.having &&
    !q.who &&
    !q.shareOf &&
    !q.perPerson &&
    !q.per &&
    !q.each &&
    !q.distinct;
  if (simple) return null;
  return `The time filter (${describeClock(clock)}) applies to prompts, responses, sessions, interactions, active users, agents and data-source references, counted or broken down; it cannot be applied to this answer (${MEASURE_LABELS[q.measure].toLowerCase()}${q.filters.source ? `, ${q.filters.source.name}` : ''}${q.having || q.who ? ', a condition on each row' : ''}${q.shareOf || q.perPerson || q.per ? ', a ratio' : ''}). Ask without the hours, or for one of those.`;
}
