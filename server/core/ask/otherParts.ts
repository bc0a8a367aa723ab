import type { AnswerColumn, AnswerDisclosure, CellValue } from './answerTypes';
import type { AskQuery, FindingsQuery, ListQuery, MeasureQuery } from './querySchema';

/** A second question of the same message, read on its own and answered after the first. */
export interface OtherPart {
  /** The part as typed. */
  text: string;
  query: MeasureQuery | FindingsQuery | ListQuery;
}

/**
 * The part read on the first question's filters and period where it names none of its own ("How many of my team used
 * Copilot this week and who's the most active?": the most active in the same team, the same week; "How many findings
 * are open and which are high?": the open ones that are high). Only an answer of the same kind inherits; anything
 * else is left to be said unanswered (null), but a person's profile (when they were last active), which is theirs alone.
 */
export function onFirstsTerms(first: AskQuery, part: AskQuery | null): OtherPart['query'] | null {
  // "…and when did she last use Copilot": the person's profile, over their whole history whatever the first's period.
  if (part?.type === 'list' && part.list === 'profile' && first.type === 'measure') return part;
  if (!part || (part.type !== 'measure' && part.type !== 'findings') || part.type !== first.type) return null;
  const firstQ = first as MeasureQuery | FindingsQuery;
  const period = part.period.default && !firstQ.period.default ? firstQ.period : part.period;
  // "…used Excel last month and who in Finance used it most": each filter the part leaves out is the first's.
  const filters = { ...part.filters };
  for (const key of ['apps', 'departments', 'people'] as const)
    if (!part.filters[key].length) Object.assign(filters, { [key]: firstQ.filters[key] });
  if (part.type === 'measure') return { ...part, period, filters };
  const f = firstQ as FindingsQuery;
  return {
    ...part,
    period,
    filters,
    statuses: part.statuses.length ? part.statuses : f.statuses,
    categories: part.categories.length ? part.categories : f.categories,
    // "How many critical findings are open and who has the most?": the most of the critical ones.
    kinds: part.kinds.length ? part.kinds : f.kinds,
    severities: part.severities.length ? part.severities : f.severities,
    ...((part.source ?? f.source) ? { source: part.source ?? f.source } : {}),
    ...((part.age ?? f.age) ? { age: part.age ?? f.age } : {}),
  };
}

/** The most an answer discloses of its parts (figures < people < content). */
export function widest(a: AnswerDisclosure, b: AnswerDisclosure): AnswerDisclosure {
  const rank: Record<AnswerDisclosure, number> = { figures: 0, people: 1, content: 2 };
  return rank[a] >= rank[b] ? a : b;
}

const ROWS_SAID = 5;

/**
 * The part's answer as a sentence under the first's: what it was read as, its summary, and its first rows written
 * out ("Pradeep Gupta, Sales: 37"), with how many more there are.
 */
export function partSentence(
  interpretation: string,
  summary: string,
  columns: readonly AnswerColumn[],
  rows: ReadonlyArray<Record<string, CellValue>>,
  total: number,
): string {
  // Figures by name (one figure, a profile's facts) are in the summary already.
  const oneFigure = columns[0]?.key === 'measure';
  const said = oneFigure
    ? ''
    : rows
        .slice(0, ROWS_SAID)
        .map((row) => {
          const [value, ...labels] = [...columns].reverse();
          const name = labels
            .reverse()
            .map((c) => row[c.key])
            .filter((v) => v !== null && v !== undefined && v !== '')
            .join(', ');
          return `${name}: ${String(row[value!.key] ?? '')}`;
        })
        .join('; ');
  const more = !oneFigure && total > ROWS_SAID ? ` (${ROWS_SAID} of ${total} rows: ask it on its own for all)` : '';
  const text = summary.replace(/;\s*\d+ shown\./, '.');
  return `Second question (${interpretation}): ${text}${said ? ` ${said}${more}.` : ''}`;
}
