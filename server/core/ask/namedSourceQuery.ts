import { siteOfKey } from '../dataSourceSite';
import { oneDriveOwnerOf } from '../insights/sourceFilter';
import { anyonePeople, countAsked, defaultPeriod, measureQuery, whichPeople, type Reading } from './compose';
import type { NamedSourceReading } from './namedSources';
import type { AskQuery, MeasureQuery, NamedSource, ReplyQuery } from './querySchema';

/** Measures counted over the interactions that referenced a named source. */
const SOURCE_MEASURES = new Set<string>([
  'references',
  'source_users',
  'active_users',
  'prompts',
  'responses',
  'interactions',
  'sessions',
  'agents',
]);

/**
 * The answer with a named source (or site) and "someone else's OneDrive" applied: what the question counts over
 * that source, or the reply asking which source was meant, or saying none is called so. `unclear` holds what an
 * answer of another shape (a person's prompts, risk findings) cannot take, to be asked about rather than dropped.
 */
export function applyNamedSource(
  answer: AskQuery | null,
  named: NamedSourceReading,
  r: Reading,
  now: Date,
  tz: string,
): { answer: AskQuery | null; unclear: string[] } {
  const meant = named.source ?? named.unresolved?.options[0];
  if (!meant && !named.owner && !named.unresolved) return { answer, unclear: [] };
  const said = named.source?.name ?? named.unresolved?.text ?? "someone else's OneDrive";
  const base = answer ?? (meant ? measureQuery(r, 'references', now, tz) : null);
  // A name nothing answers to is said so, whatever the question would have counted.
  if (named.unresolved && !meant) return { answer: sourceReply(named.unresolved, []), unclear: [] };
  if (base?.type !== 'measure') return { answer: base, unclear: [said] };
  const q = meant ? overSource(base, r, meant, now, tz) : { ...base };
  if (named.owner) q.filters = { ...q.filters, owner: 'others', host: 'onedrive' };
  if (!named.unresolved) return { answer: { ...q, filters: { ...q.filters, ...(meant ? { source: meant } : {}) } }, unclear: [] }; // prettier-ignore
  const choices = named.unresolved.options.map((o) => ({
    label: labelOf(o),
    query: { ...q, filters: { ...q.filters, source: o } },
  }));
  return { answer: sourceReply(named.unresolved, choices), unclear: [] };
}

/** "Which one?" or "no data source or site called …", with a button per source (the question answered for it). */
function sourceReply(
  unresolved: NonNullable<NamedSourceReading['unresolved']>,
  sources: NonNullable<ReplyQuery['sources']>,
): ReplyQuery {
  return {
    type: 'reply',
    reply: unresolved.reply,
    text: unresolved.text.slice(0, 120),
    notUnderstood: [],
    suggestions: [],
    people: [],
    choices: [],
    sources,
  };
}

/**
 * What a question asks of one source: "how often" is its references, "who opened it" each person's references to it,
 * "how many people" the people who reached it; a breakdown by source the question did not ask for is none (one
 * source has one row), and a site's files are listed when files are asked for or ranked.
 */
function overSource(q: MeasureQuery, r: Reading, s: NamedSource, now: Date, tz: string): MeasureQuery {
  const explicit = (m: string) => r.measures.includes(m as never);
  let measure = q.measure;
  if (!SOURCE_MEASURES.has(measure)) return q;
  if ((measure === 'interactions' || measure === 'prompts') && !explicit(measure)) measure = 'references';
  if (measure === 'active_users' && !q.by.includes('user')) measure = 'source_users';
  // "how many times did people use it", "how often do users open it": its uses, whoever the subject is.
  const often = r.words.some(
    (w, i) => /\boften$/.test(w.raw) || (w.raw === 'times' && r.words[i - 1]?.tag?.cue === 'count'),
  );
  if (often && measure === 'source_users' && !explicit(measure)) measure = 'references';
  const asked = r.dims.includes('source') || (s.of !== 'source' && (r.kinds.length > 0 || r.cues.has('rank')));
  const by = q.by.filter((d) => d !== 'source' || asked);
  // "who accessed it through Copilot", "did anyone cite it": the people who drew on it, ranked — unless each use is
  // listed ("who accessed it and when") or its files are the rows ("did anyone use documents from the Finance site").
  if (by.length === 0 && !q.each && peopleAskedFor(r)) by.push('user');
  // "which sources have 'Pipeline' in their name": every source the words name, each its own row (not one count).
  else if (by.length === 0 && !q.each && s.of === 'match' && !countAsked(r)) by.push('source');
  // "which users accessed …": a row per person, the times each drew on it (distinct users have one row each).
  if (measure === 'source_users' && by.includes('user')) measure = 'references';
  const { limit, ...rest } = q;
  const keepLimit = limit !== undefined && (by.length > 0 || r.limit !== undefined);
  // No period asked: a source's figures are all its synced history, as for every data-source question.
  const period = q.period.default ? defaultPeriod(measure, now, tz) : q.period;
  return { ...rest, measure, by, period, order: by.length ? q.order : 'desc', ...(keepLimit ? { limit } : {}) };
}

/** "Who …", "which users …", "did anyone …": the people asked for, not how many of them ("how many people who …"). */
function peopleAskedFor(r: Reading): boolean {
  return r.people.length === 0 && !countAsked(r) && (r.cues.has('who') || anyonePeople(r) || whichPeople(r));
}

/** "Coho Winery Budget.xlsx (Finance site)", "Budget.xlsx (OneDrive of adele_vance_contoso_com)". */
export function labelOf(s: NamedSource): string {
  if (s.of !== 'source') return s.name;
  const owner = oneDriveOwnerOf(s.key.replace(/^url:/, ''));
  const site = siteOfKey(s.key)?.replace(/^.*\/(?:sites|teams)\//i, '');
  const where = owner ? `OneDrive of ${owner}` : site && !site.includes('.') ? `${site} site` : null;
  return `${s.name}${where ? ` (${where})` : ''}`.slice(0, 200);
}
