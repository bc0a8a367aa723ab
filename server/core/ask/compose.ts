import { everyRowAsked } from './defaultTop';
import { FILLER, type Cue } from './lexicon';
import { allTime, lastDays, seriesPeriod, type Period } from './periods';
import type { AskQuery, Dimension, Filters, Measure, MeasureQuery, Person } from './querySchema';
import type { Word } from './recognise';
import { localTime, startOfLocalDay } from './timeZone';

/** What the words of a question said, gathered from the recognised words. */
export interface Reading {
  words: Word[];
  cues: Set<Cue>;
  measures: Measure[];
  dims: Dimension[];
  /** Dimensions implied rather than named (ranked users, sources of a references question). */
  apps: string[];
  departments: string[];
  kinds: Array<NonNullable<Filters['sourceKind']>>;
  /** "SharePoint", "OneDrive": sources stored there. */
  host: Filters['host'];
  people: Person[];
  limit: number | undefined;
  periods: Period[];
  /** Apps and departments left out ("excluding IT", "not in Teams"). */
  exclude: { apps: string[]; departments: string[] };
}

const TOGETHER = new Set(['combined', 'together', 'altogether']);
const LAPSED = new Set(['stopped', 'quit', 'longer', 'dropped']);
const TIME_DIMS = new Set<Dimension>(['day', 'week', 'month', 'hour', 'weekday']);
const BY_WORDS = new Set(['by', 'per', 'each', 'every']);
const GROUPERS = new Set(['by', 'per', 'each', 'every', 'which', 'what', 'breakdown', 'top', 'across']);
/** Verbs in "-ed" that arrange rows: "grouped by user" is a breakdown, "referenced by users" is not. */
const ARRANGED = new Set(['grouped', 'sorted', 'ordered', 'listed', 'ranked', 'segmented', 'categorised', 'categorized', 'organised', 'organized', 'aggregated', 'bucketed', 'totalled', 'totaled', 'divided', 'separated', 'broken', 'sliced', 'filtered', 'counted', 'shown', 'displayed', 'split']); // prettier-ignore
const LIMIT_BEFORE = new Set(['top', 'first', 'bottom', 'last', 'latest', 'best', 'most']);
const MEASURE_PRIORITY: Measure[] = [
  'source_users',
  'references',
  'sessions',
  'responses',
  'prompts',
  'agents',
  'interactions',
];

/** Reads cues, measures, dimensions, filters and the count out of recognised words. */
export function read(words: Word[], people: Person[], periods: Period[]): Reading {
  const r: Reading = {
    words,
    cues: new Set(),
    measures: [],
    dims: [],
    apps: [],
    departments: [],
    kinds: [],
    host: undefined,
    people,
    limit: undefined,
    periods,
    exclude: { apps: [], departments: [] },
  };
  const prevWord = (i: number) => words[i - 1]?.word ?? '';
  /** The nearest word before `i` that means something ("most popular Copilot app": "popular"). */
  const prevMeaningful = (i: number) => {
    let j = i - 1;
    while (j >= 0 && !words[j]!.tag && !words[j]!.app && FILLER.has(words[j]!.word) && !GROUPERS.has(words[j]!.word))
      j--;
    return words[j];
  };
  /** "files referenced by people in Finance": "by" after a verb names who did it, not how the rows are grouped. */
  const passiveAgent = (i: number) => {
    const verb = words[i - 2]?.raw ?? '';
    return prevWord(i) === 'by' && /[a-z]ed$/.test(verb) && !ARRANGED.has(verb);
  };
  const isDimWord = (w: Word | undefined) => !!(w?.tag?.dim || w?.tag?.dimNoun || w?.tag?.cue === 'team');
  const grouped = (i: number) => {
    const before = prevMeaningful(i);
    if (GROUPERS.has(prevWord(i)) || GROUPERS.has(words[i + 1]?.word ?? '')) return true;
    // "the lowest adoption department", "highest usage app": a ranked figure before the noun ranks its rows.
    const figure = before && (before.tag?.measure || before.tag?.cue === 'usage' || before.word === 'adoption');
    const ranked = figure ? prevMeaningful(words.indexOf(before)) : undefined;
    if (ranked?.tag?.cue === 'rank' || ranked?.tag?.cue === 'rank_asc') return true;
    if (before?.tag?.cue === 'rank' || before?.tag?.cue === 'rank_asc' || GROUPERS.has(before?.word ?? '')) return true;
    return prevWord(i) === 'and' && isDimWord(words[i - 2]) && r.dims.length > 0;
  };
  words.forEach((w, i) => {
    if (w.app && !r.apps.includes(w.app)) r.apps.push(w.app);
    if (w.department && !r.departments.includes(w.department)) r.departments.push(w.department);
    const out = w.excluded;
    if (out?.app && !r.exclude.apps.includes(out.app)) r.exclude.apps.push(out.app);
    if (out?.department && !r.exclude.departments.includes(out.department)) r.exclude.departments.push(out.department);
    const tag = w.tag;
    if (tag?.cue) r.cues.add(tag.cue);
    // "prompts by agent": agents named after "by"/"per" are what the rows are, not what is counted.
    // "top 10 agents by interactions": the agents are the rows, the measure after "by" is what ranks them.
    if (tag?.measure === 'agents' && (BY_WORDS.has(prevWord(i)) || rankedBy(words, i))) addDim(r, 'agent');
    else if (tag?.measure && !r.measures.includes(tag.measure)) r.measures.push(tag.measure);
    if (tag?.kind && !r.kinds.includes(tag.kind)) r.kinds.push(tag.kind);
    if (tag?.host) r.host = r.host && r.host !== tag.host ? 'sharepoint' : tag.host;
    if (tag?.dim) addDim(r, tag.dim);
    const counted = ['most', 'many', 'fewest', 'more'].includes(prevWord(i));
    if (tag?.dimNoun && !counted && (grouped(i) || w.word.endsWith('s'))) addDim(r, tag.dimNoun);
    // "when are people busiest": the hour of the day; "when did usage peak this month": which day, in a period of days.
    if (w.word === 'when' && words.some((x) => x.tag?.cue === 'rank')) addDim(r, whenOf(words[i + 1]?.word, periods));
    if (tag?.cue === 'team' && grouped(i)) addDim(r, 'department');
    // "Compare Teams and Outlook by active users and prompts": the active users are a measure named, no grouping.
    const measureNamed = w.word === 'active' && prevWord(i) === 'by';
    if (tag?.cue === 'users' && GROUPERS.has(prevWord(i)) && prevWord(i) !== 'top' && !passiveAgent(i) && !measureNamed)
      addDim(r, 'user');
    // "which data source types", "file type": a kind named in a data-source question is what the rows are.
    if (tag?.dimNoun === 'kind' && !counted && words.some((x) => x.tag?.measure === 'references' || x.tag?.kind))
      addDim(r, 'kind');
    if (w.num !== undefined && r.limit === undefined) {
      const next = words[i + 1]?.tag;
      if (
        LIMIT_BEFORE.has(prevWord(i)) ||
        next?.cue === 'users' ||
        next?.cue === 'rank' ||
        // "the 10 least active users", "3 lowest departments".
        next?.cue === 'rank_asc' ||
        next?.dimNoun ||
        next?.kind ||
        next?.cue === 'sites' ||
        next?.measure ||
        // "the busiest 3 hours", "quietest 5 days": a ranking's cut-off before the buckets it ranks.
        (next?.dim && ['rank', 'rank_asc'].includes(words[i - 1]?.tag?.cue ?? ''))
      )
        r.limit = Math.max(1, Math.min(100, w.num));
    }
  });
  return r;
}

/** "What hour …", "which weekday …", "what month …": the question word asks for a time bucket, not for people. */
function timeBucketAsked(r: Reading): boolean {
  const at = r.words.findIndex((w) => w.word === 'what' || w.word === 'which');
  const next = at >= 0 && at <= 2 ? r.words[at + 1]?.tag : undefined;
  const dim = next?.dim ?? next?.dimNoun;
  return dim !== undefined && TIME_DIMS.has(dim);
}

/** Whether "by" and another measure follow word `i` ("agents by prompts"). */
function rankedBy(words: readonly Word[], i: number): boolean {
  const measure = words[i + 2]?.tag?.measure;
  return words[i + 1]?.word === 'by' && measure !== undefined && measure !== 'agents';
}

function addDim(r: Reading, d: Dimension): void {
  if (!r.dims.includes(d)) r.dims.push(d);
}

const has = (r: Reading, ...cues: Cue[]) => cues.some((c) => r.cues.has(c));
const position = (r: Reading, test: (w: Word) => boolean) => r.words.findIndex(test);

/** The grouping "when … most" asks for: the day of a past period longer than a day, else the hour of the day. */
function whenOf(next: string | undefined, periods: Period[]): 'day' | 'hour' {
  const p = periods[0];
  // No period named: the default 30 days.
  const days = p ? (p.to.getTime() - p.from.getTime()) / 86_400_000 : 30;
  return ['did', 'was', 'were'].includes(next ?? '') && days > 1.5 ? 'day' : 'hour';
}

const USING = new Set(['using', 'use', 'uses', 'used']);
const BREAKDOWN_WORDS = new Set(['breakdown', 'breakdowns', 'split', 'broken', 'break', 'distribution', 'spread']);

/** The measure a question asks for, or null when it names none. */
export function measureOf(r: Reading): Measure | null {
  // "by user" names a dimension; "people use …" is the subject of the usage: neither asks to count people.
  const usersAsked =
    has(r, 'who') ||
    anyonePeople(r) ||
    r.words.some((w, i) => w.tag?.cue === 'users' && !subject(r, i) && !BY_WORDS.has(r.words[i - 1]?.word ?? ''));
  if (adoptionAsked(r)) return 'adoption';
  if (has(r, 'inactive') && (has(r, 'license') || usersAsked || r.dims.includes('department')))
    return 'licensed_inactive';
  if (has(r, 'new') && usersAsked) return 'new_users';
  const sources = r.kinds.length > 0 || has(r, 'sites') || r.host || r.measures.includes('references');
  if (sources) return r.measures.includes('source_users') || usersReached(r) ? 'source_users' : 'references';
  const explicit = MEASURE_PRIORITY.find((m) => r.measures.includes(m) && m !== 'source_users');
  if (explicit) return explicit;
  // "unique users" with no source in sight: people who used Copilot.
  if (r.measures.includes('source_users')) return rankedUsers(r) ? 'prompts' : 'active_users';
  // "the least active user with a license": people ranked by use; the licence only says who they are.
  if (has(r, 'license') && !has(r, 'inactive') && !(usersAsked && has(r, 'rank', 'rank_asc'))) return 'licensed_users';
  if (mostApps(r) || appsCounted(r)) return 'agents';
  if (usersAsked) return rankedUsers(r) ? 'prompts' : 'active_users';
  if (has(r, 'summary')) return 'active_users';
  if (has(r, 'usage')) return 'interactions';
  if (r.people.length > 1) return 'prompts';
  if (r.dims.length > 0 && has(r, 'rank', 'rank_asc', 'trend')) return 'interactions';
  // "a breakdown by app for November", "split by department": usage, broken down as asked.
  if (r.dims.length > 0 && r.words.some((w) => BREAKDOWN_WORDS.has(w.word))) return 'interactions';
  if (r.apps.length > 0 || r.departments.length > 0) return 'interactions';
  // "yesterday vs the day before", "this week compared to last week": periods compared, nothing named — usage.
  if (r.periods.length > 0 && has(r, 'compare', 'change')) return 'interactions';
  return null;
}

/**
 * People counted over sources: "how many users pulled in SharePoint files" (a count of people, where "how many times"
 * or "how often … people" counts references), "top sites by users", "which sites do the most users reach" (sources
 * ranked by the people reaching them: the users after the sources, after "by" or "most", not "referenced by users").
 */
function usersReached(r: Reading): boolean {
  const w = r.words;
  const sourceAt = position(r, (x) => x.tag?.cue === 'sites' || x.tag?.dimNoun === 'source' || !!x.tag?.kind);
  return w.some((x, i) => {
    if (x.tag?.cue !== 'users') return false;
    const before = w[i - 1]?.word ?? '';
    const counted = w[i - 1]?.tag?.cue === 'count' || (['distinct', 'different', 'unique'].includes(before) && w[i - 2]?.tag?.cue === 'count'); // prettier-ignore
    const byUsers = before === 'by' && !/[a-z]ed$/.test(w[i - 2]?.word ?? '');
    const most = ['most', 'fewest', 'more'].includes(before);
    return counted || (sourceAt >= 0 && sourceAt < i && (byUsers || most));
  });
}

/**
 * "What percentage of licensed users use Copilot", "adoption rate", "licence utilisation rate", "which department has
 * the lowest adoption": a share of licensed users, not a count. "Is adoption going up" stays active users.
 */
function adoptionAsked(r: Reading): boolean {
  const adoption = r.words.some((w) => w.word === 'adoption');
  const rate = has(r, 'rate') && (adoption || has(r, 'license', 'users', 'who', 'usage'));
  const measured = r.measures.some((m) => m !== 'source_users');
  if (measured || has(r, 'inactive', 'new') || r.kinds.length > 0 || r.host) return false;
  const byDepartment = r.dims.includes('department') && !r.dims.some((d) => d !== 'department');
  // "compare Sales and Engineering adoption": departments side by side, each its own share.
  const departmentsCompared = has(r, 'compare') && r.departments.length > 1 && r.apps.length === 0;
  // "licensed seats vs people actually using it": the holders beside those active among them.
  const holdersVersusUsers =
    has(r, 'license') &&
    (has(r, 'usage', 'users', 'who') || r.words.some((w) => w.raw === 'active')) &&
    // "how many licences do we have and how many are used": two counts, the holders and those using it.
    (has(r, 'compare') ||
      r.words.filter((w) => w.raw === 'many').length > 1 ||
      partOfHoldersUsing(r) ||
      // "how many licensed users were active last month": the holders who were, counted against all of them ("… used
      // Excel" lists the holders who used the app).
      (countAsked(r) && !r.apps.length && r.words.some((w) => USAGE_VERBS.has(w.raw) || w.raw === 'active')));
  // "share of active users by department": how the active users divide between the rows, not a share of holders.
  if (rate && activeShared(r) && !has(r, 'license')) return false;
  // "percentage of Marketing using Copilot": the department's people who use it, a share of its licence holders.
  if (rate && r.words.some((w, i) => USING.has(w.raw) && r.words[i - 1]?.department)) return true;
  // "how much of our usage is in Outlook, as a percentage": the app's part of the use, not of the licence holders.
  if (rate && usageShared(r) && !has(r, 'license', 'users', 'who')) return false;
  // "how are we doing on adoption vs last month": the share in each period, side by side ("is adoption going up" counts).
  const periodsCompared = r.periods.length > 1;
  // "Sales department adoption, last 30 days": that department's share of its licence holders, not its active count.
  const ofDepartments = r.departments.length > 0 && r.apps.length === 0 && r.people.length === 0;
  return (
    rate ||
    holdersVersusUsers ||
    (adoption &&
      (byDepartment || departmentsCompared || periodsCompared || ofDepartments) &&
      !has(r, 'change', 'trend'))
  );
}

/** "how many of our licensed users are actually using it": the part of the holders that is active. */
function partOfHoldersUsing(r: Reading): boolean {
  const partOf = r.words.some((w, i) => ['many', 'much'].includes(w.raw) && r.words[i + 1]?.raw === 'of');
  return partOf && r.words.some((w) => USAGE_VERBS.has(w.raw) || w.raw === 'active');
}

/** "(much) of our Copilot usage" with an app or department named: the use is what is divided up. */
function usageShared(r: Reading): boolean {
  if (!r.apps.length && !r.departments.length) return false;
  return r.words.some(
    (w, i) => w.tag?.cue === 'usage' && r.words.slice(Math.max(0, i - 3), i).some((x) => x.raw === 'of'),
  );
}

/** "share of (the) active users", "percentage of our active users": the active users are what is divided up. */
function activeShared(r: Reading): boolean {
  return r.words.some((w, i) => {
    if (w.tag?.cue !== 'rate' || r.words[i + 1]?.raw !== 'of') return false;
    const next = ['the', 'our', 'all'].includes(r.words[i + 2]?.raw ?? '') ? i + 3 : i + 2;
    return r.words[next]?.raw === 'active';
  });
}

const USAGE_VERBS = new Set(['use', 'uses', 'used', 'using', 'send', 'sent', 'ask', 'asked']);

/** "Which app do people use most": the people are the subject of the usage, not what is counted. */
function subject(r: Reading, i: number): boolean {
  return USAGE_VERBS.has(r.words[i + 1]?.word ?? '') && !has(r, 'count') && r.dims.length > 0;
}

/**
 * "average number of apps per person", "avg apps used per user": the apps are what is counted (a person's apps are
 * their agents), divided by the people — not a row per app.
 */
function appsCounted(r: Reading): boolean {
  const at = position(r, (w) => w.tag?.dimNoun === 'app');
  return (
    at > 0 && has(r, 'average') && ['of', 'many', 'average', 'different', 'distinct'].includes(r.words[at - 1]!.word)
  );
}

/**
 * "Top 5 users by web sources referenced", "rank people by SharePoint files used", "the 3 people with the most emails
 * referenced": people ranked by their references — the ranked people named before any source word, as the rows.
 */
function peopleRankedBySources(r: Reading): boolean {
  const w = r.words;
  const sourceAt = position(r, (x) => x.tag?.cue === 'sites' || x.tag?.dimNoun === 'source' || !!x.tag?.kind || x.tag?.measure === 'references'); // prettier-ignore
  return w.some((x, i) => {
    if (sourceAt >= 0 && sourceAt < i) return false;
    // "who referenced the most meetings", "who used Copilot in Teams meetings": the people asked for, before the
    // sources they reached.
    if (x.tag?.cue === 'who') return has(r, 'rank', 'rank_asc') || SOURCE_VERBS.has(w[i + 1]?.word ?? '');
    if (x.tag?.cue !== 'users') return false;
    const before = w.slice(Math.max(0, i - 3), i);
    return before.some((b) => b.tag?.cue === 'rank' || b.tag?.cue === 'rank_asc' || b.word === 'top' || b.word === 'bottom' || (b.num !== undefined && b.num === r.limit)); // prettier-ignore
  });
}

/** What a person does with a source through Copilot, said right after "who". */
const SOURCE_VERBS = new Set(['used', 'uses', 'use', 'using', 'reached', 'referenced', 'cited', 'pulled', 'opened', 'accessed', 'touched']); // prettier-ignore

/** "…by prompts and active users": "active users" names the measure, not the people the rows are. */
const activeNamed = (r: Reading) => r.words.some((w) => w.word === 'active' && w.tag?.cue === 'users');

/** "people who use the most apps": agents (a person in an app) per person. */
function mostApps(r: Reading): boolean {
  const at = position(r, (w) => w.tag?.dimNoun === 'app');
  const before = r.words[at - 1]?.word;
  const counted = before === 'most' || before === 'many' || before === 'fewest';
  // "is Chris using more apps than Hassan?": people compared by their apps.
  const compared = r.people.length > 1 && (before === 'more' || before === 'fewer');
  return at > 0 && ((has(r, 'users', 'who') && counted) || compared);
}

/**
 * Whether people are what is ranked: "top 5 users", "who uses … most", "power users" — but not "which app has the
 * most users" (users counted per app) or "how many users".
 */
function rankedUsers(r: Reading): boolean {
  if (countAsked(r)) return false;
  if (anyonePeople(r)) return true;
  if (!has(r, 'users', 'who')) return false;
  if (!has(r, 'who') && r.words.every((w, i) => w.tag?.cue !== 'users' || subject(r, i))) return false;
  const usersAt = position(r, (w) => w.tag?.cue === 'users' || w.tag?.cue === 'who');
  const dimAt = position(r, (w) => !!w.tag?.dimNoun || (w.tag?.cue === 'team' && !w.department));
  if (dimAt >= 0 && dimAt < usersAt) return false;
  return has(r, 'who', 'rank', 'rank_asc', 'list') || whichPeople(r);
}

/**
 * "Which persons are using Loop", "which Copilot users were active after 8pm", "show me the users active on weekends",
 * "see all Sales staff using Word": people asked for by name, as "who" asks — whatever filters follow.
 */
export function whichPeople(r: Reading): boolean {
  // "show active users", "display users whose usage dropped": the measure as a report names it, a figure; "show
  // users active on weekends" asks for the people.
  const figure = r.dims.some((d) => d !== 'user') || r.words.some((w) => w.word === 'whose');
  return r.words.some((w, i) => {
    const measureNamed = figure || w.word === 'active' || r.words[i - 1]?.word === 'active';
    return w.tag?.cue === 'users' && listOpened(r.words, i, measureNamed ? WHICH : LIST_OPENERS);
  });
}

/** Words that ask for the items themselves, not their number ("which", "show me", "see the", "list"). */
const WHICH = new Set(['which', 'what', 'identify', 'list', 'name', 'names']);
const LIST_OPENERS = new Set([...WHICH, 'show', 'see', 'display']);
/** Words that may stand between the opener and the noun it asks for ("which of the Copilot users", "show me all"). */
const LIST_BETWEEN = new Set(['of', 'the', 'are', 'were', 'me', 'us', 'all', 'our', 'my', 'copilot', 'active', 'licensed', 'current', 'those', 'these']); // prettier-ignore

/**
 * Whether the noun at `i` is asked for as a list: an opener up to four words before it with only apps, departments,
 * the words above and those `between` accepts between ("which Copilot users", "see the agents", "show me all Sales
 * users"); a count asked between them ("show the number of users") asks for a figure instead.
 */
function listOpened(
  words: readonly Word[],
  i: number,
  openers = LIST_OPENERS,
  between: (w: Word) => boolean = () => false,
): boolean {
  for (let j = i - 1; j >= Math.max(0, i - 5); j--) {
    const w = words[j]!;
    if (openers.has(w.word) || w.tag?.cue === 'list') return true;
    if (!(LIST_BETWEEN.has(w.word) || w.app || w.department || between(w))) return false;
  }
  return false;
}

/** "See the agents that Joni is using", "which agents does Megan use": a person's agents listed, not counted. */
function agentsListed(r: Reading): boolean {
  // "show me Alex Wilber's agents": whose they are may stand between.
  const names = new Set(r.people.flatMap((p) => p.name.toLowerCase().split(/\s+/)));
  const whose = (w: Word) => names.has(w.raw.replace(/['’]s$/, ''));
  return !countAsked(r) && r.words.some((w, i) => w.tag?.measure === 'agents' && listOpened(r.words, i, LIST_OPENERS, whose)); // prettier-ignore
}

/** Apps joined by "or" ("Word or PowerPoint", "Teams, Outlook or Loop"). */
function appsOrApps(r: Reading): boolean {
  return r.words.some((w, i) => w.raw === 'or' && r.words[i - 1]?.app && r.words[i + 1]?.app);
}

/** "Is anyone using Loop", "did anybody in Sales use Excel": the people asked for, as "who" (usage only). */
export function anyonePeople(r: Reading): boolean {
  return r.words.some((w) => (w.word === 'anyone' || w.word === 'anybody') && !w.used);
}

/** A count asked ("how many", "number of"), not the order of a ranking ("top 10 users by number of sessions"). */
export function countAsked(r: Reading): boolean {
  const w = r.words;
  return w.some(
    (x, i) =>
      x.tag?.cue === 'count' &&
      !BY_WORDS.has(w[i - 1]?.word ?? '') &&
      !(w[i - 1]?.tag?.cue === 'count' && BY_WORDS.has(w[i - 2]?.word ?? '')),
  );
}

/** Builds the measure query from a reading; dims are completed from what the measure needs. */
export function measureQuery(r: Reading, asked: Measure, now: Date, tz: string): MeasureQuery {
  // "Which agents are used most": an agent is one person in one app, ranked by its interactions (the tab's Agents view).
  const rankedAgents =
    asked === 'agents' &&
    r.dims.length === 0 &&
    r.people.length === 0 &&
    has(r, 'rank', 'rank_asc') &&
    !has(r, 'count', 'users', 'who') &&
    !mostApps(r);
  // "see the agents Joni uses", "Joni's agents", "copilot agents used by Joni": one person's agents are the apps they
  // used, a row each with its interactions; only a count asked ("how many agents does Joni have") is one figure.
  const ownAgents =
    asked === 'agents' && r.dims.length === 0 && r.people.length === 1 && (has(r, 'list') || !countAsked(r));
  const measure: Measure = rankedAgents || ownAgents ? 'interactions' : asked;
  const peopleMeasure = [
    'active_users',
    'licensed_inactive',
    'licensed_users',
    'new_users',
    'source_users',
    'adoption',
  ].includes(measure);
  const by: Dimension[] = [
    ...(rankedAgents ? ['agent' as const] : []),
    ...(ownAgents ? ['app' as const] : []),
    ...r.dims.filter(
      (d) => !(peopleMeasure && d === 'user') && !(measure === 'agents' && d === 'app' && appsCounted(r)),
    ),
  ];
  const people = r.people;
  // "when are people most active": when, not who (the hour or day the question's "when" asked for).
  // "what hour of the day are people busiest", "which weekday are users most active": the same, asked as which bucket.
  const whenAsked =
    ((r.words[0]?.word === 'when' && by.some((d) => d === 'hour' || d === 'day')) || timeBucketAsked(r)) &&
    !has(r, 'who');
  const usersRanked =
    !peopleMeasure &&
    !whenAsked &&
    (measure !== 'references' || peopleRankedBySources(r)) &&
    (rankedUsers(r) ||
      mostApps(r) ||
      (has(r, 'users', 'who') && measure !== 'agents' && !countAsked(r) && r.dims.length === 0 && !activeNamed(r)));
  // "list agents in Outlook": the agents are people in an app, listed per person.
  const listed = (has(r, 'list') || agentsListed(r)) && measure === 'agents' && by.length === 0;
  if ((usersRanked || listed) && !by.includes('user') && !by.includes('agent') && people.length <= 1) by.push('user');
  // "which files reached the largest number of people", "top sites by number of users": sources ranked by a count,
  // not one count over them all.
  const sourcesRanked =
    has(r, 'rank', 'rank_asc') && r.words.some((w) => ['which', 'what', 'top', 'bottom'].includes(w.word));
  if (
    (measure === 'references' || measure === 'source_users') &&
    by.length === 0 &&
    (!has(r, 'count') || sourcesRanked)
  )
    by.push(has(r, 'sites') ? 'site' : 'source');
  const compareValues = has(r, 'compare') && (r.apps.length > 1 || r.departments.length > 1 || people.length > 1);
  // "who used Word or PowerPoint": each person once, over either app, not a row per app and person.
  const either = usersRanked && !compareValues && by.length === 1 && by[0] === 'user' && appsOrApps(r);
  // "Teams and Outlook combined": the apps together, not a row each.
  const together = either || r.words.some((w) => TOGETHER.has(w.raw));
  for (const [values, dim] of [
    [together ? [] : r.apps, 'app'],
    [r.departments, 'department'],
    [people, 'user'],
  ] as const)
    if (values.length > 1 && !by.includes(dim)) by.unshift(dim);
  let [first, second] = r.periods;
  let compare: MeasureQuery['compare'];
  // "Word vs Excel this month vs last month": a row per app, each against the other period (both comparisons kept).
  if (compareValues) compare = second ? 'previous' : 'values';
  else if ((has(r, 'change') && !by.some((d) => TIME_DIMS.has(d))) || (has(r, 'compare') && second))
    compare = 'previous';
  // "October vs November": the change runs from the earlier period to the later, whichever was named first.
  if (compare === 'previous' && first && second && second.from > first.from) [first, second] = [second, first];
  // "who stopped using it": no use lately, not never — the default looks back 30 days rather than all time.
  const lapsed = measure === 'licensed_inactive' && r.words.some((w) => LAPSED.has(w.raw));
  const series = SERIES_MEASURES.has(measure) ? (['month', 'week'] as const).find((d) => by.includes(d)) : undefined;
  const period =
    first ??
    (lapsed
      ? { ...lastDays(now, tz, 30), default: true }
      : series
        ? { ...seriesPeriod(series, now, tz), default: true }
        : defaultPeriod(measure, now, tz));
  // "is usage up or down this month compared to last": which way the total moved, not a series; "the trend this month
  // vs last month" stays one.
  const trends = r.words.filter((w) => w.tag?.cue === 'trend');
  const directionOnly = compare === 'previous' && trends.every((w) => UP_OR_DOWN.has(w.raw));
  // "is usage up or down vs last month", asked on the 5th: this month's 5 days against last month's first 5, not all of
  // it (a direction over unequal spans is the spans' lengths, not the use).
  if (directionOnly && trends.length && second && CURRENT_UNIT.test(period.label) && second.from < period.from)
    second = sameDaysOf(second, period, tz);
  if (trends.length && !directionOnly && !by.some((d) => d === 'day' || d === 'week' || d === 'month'))
    by.push(trendUnit(period));
  // "What share of prompts went to Copilot Chat": the named app's figure over all apps', both shown.
  const share = has(r, 'rate') && measure !== 'adoption';
  const shareOf = share ? sharedFilter(r) : undefined;
  const { apps, departments } = r;
  // "Average prompts per person": each row's figure over its active users, not a row per person; "avg prompts per user
  // per week": each week's over that week's active users. "Per licensed user": over the licence holders instead.
  const perLicensed = has(r, 'per_licence');
  // "compare prompts per user between Sales and Marketing": each department's figure over its people, side by side.
  const perUserCompared =
    compare === 'values' &&
    (r.apps.length > 1 || r.departments.length > 1) &&
    r.words.some((w, i) => w.raw === 'per' && PER_PERSON_NOUNS.has(r.words[i + 1]?.raw ?? ''));
  const perPerson =
    (has(r, 'average') || perLicensed || perUserCompared) &&
    !peopleMeasure &&
    (measure !== 'agents' || !by.includes('app')) &&
    (!by.some((d) => TIME_DIMS.has(d)) || by.includes('user')) &&
    compare !== 'previous';
  if (perPerson && by.includes('user')) by.splice(by.indexOf('user'), 1);
  const mean = has(r, 'average') && !perPerson && by.length === 1 && MEAN_UNITS.has(by[0]!) && !compare && !share;
  const order = has(r, 'rank_asc') ? 'asc' : has(r, 'rank') || by.length === 0 ? 'desc' : 'natural';
  // "which app had the biggest drop vs last month": the rows ranked by their change, not by this period's figure.
  const changeOrder =
    compare === 'previous' && by.length === 1 && !TIME_DIMS.has(by[0]!) && has(r, 'rank', 'rank_asc')
      ? changeDirection(r)
      : undefined;
  const kind = r.kinds[0];
  const q: MeasureQuery = {
    type: 'measure',
    measure,
    by: by.slice(0, 2),
    filters: {
      apps,
      departments,
      people,
      ...(kind ? { sourceKind: kind } : {}),
      ...(r.host ? { host: r.host } : {}),
      ...(r.exclude.apps.length || r.exclude.departments.length ? { exclude: r.exclude } : {}),
    },
    period,
    order,
    ...(r.limit !== undefined ? { limit: r.limit } : everyRowAsked(r.words, by.at(-1)) ? { all: true } : {}),
    ...(compare ? { compare } : {}),
    ...(compare === 'previous' && second ? { against: second } : {}),
    ...(changeOrder ? { changeOrder } : {}),
    ...(share ? { share } : {}),
    ...(shareOf ? { shareOf } : {}),
    ...(perPerson ? { perPerson } : {}),
    ...(perPerson && perLicensed ? { perLicensed } : {}),
    ...(mean ? { mean } : {}),
    ...((perPerson || mean) && r.words.some((w) => w.word === 'median') ? { medianAsked: true } : {}),
  };
  return q;
}

/**
 * Which filter a share is taken of: the named apps ("share of prompts in Word", "Teams vs Outlook share"), else the
 * named departments ("Sales' share of prompts"); with both, the one said before the share word ("Sales' share of
 * Word prompts"), else the apps ("percentage of Sales prompts in Word").
 */
function sharedFilter(r: Reading): 'app' | 'department' | undefined {
  const apps = r.apps.length > 0 || r.exclude.apps.length > 0;
  const departments = r.departments.length > 0 || r.exclude.departments.length > 0;
  if (!apps || !departments) return apps ? 'app' : departments ? 'department' : undefined;
  const rateAt = position(r, (w) => w.tag?.cue === 'rate');
  const departmentAt = position(r, (w) => !!w.department);
  return departmentAt >= 0 && departmentAt < rateAt ? 'department' : 'app';
}

/** Words of change that say which way ("the biggest drop"); the others ("changed most") rank either way. */
const FALLS = new Set(['decrease', 'decreasing', 'drop', 'dropped', 'dropping', 'decline', 'declining', 'shrinking']);
const RISES = new Set(['growing', 'growth', 'increase', 'increasing', 'rising', 'grew']);

function changeDirection(r: Reading): MeasureQuery['changeOrder'] {
  const said = r.words.filter((w) => w.tag?.cue === 'change').map((w) => w.raw.toLowerCase());
  const fall = said.some((w) => FALLS.has(w));
  const rise = said.some((w) => RISES.has(w));
  return fall === rise ? 'size' : fall ? 'fall' : 'rise';
}

/** The people a figure is taken per ("per user", "per head"). */
const PER_PERSON_NOUNS = new Set(['user', 'person', 'head', 'employee', 'capita', 'seat']);

/** Measures counted over time, whose series by month or week looks back further when no period is named. */
const SERIES_MEASURES = new Set<Measure>(['active_users', 'prompts', 'responses', 'sessions', 'interactions', 'agents', 'new_users', 'adoption']); // prettier-ignore

/** The words of "going up or down" (each tagged a trend). */
const UP_OR_DOWN = new Set(['going', 'up', 'or', 'down']);
/** A calendar unit still running ("this month"), as the period reader names it. */
const CURRENT_UNIT = /^this (?:week|month|quarter|year)$/;

/** The first days of an earlier period, as many as the later one has had so far ("the same days of last month"). */
function sameDaysOf(earlier: Period, later: Period, tz: string): Period {
  const days = Math.round((later.to.getTime() - later.from.getTime()) / 86_400_000);
  const start = localTime(earlier.from, tz);
  const to = startOfLocalDay(start.year, start.month, start.day + days, tz);
  return to < earlier.to ? { ...earlier, to, label: `the same days of ${earlier.label}` } : earlier;
}

/** A mean per unit of time is asked as "average … per day/week" ("average daily users"). */
const MEAN_UNITS = new Set<Dimension>(['day', 'week']);

function trendUnit(p: Period): Dimension {
  const days = (p.to.getTime() - p.from.getTime()) / 86_400_000;
  return days <= 45 ? 'day' : days <= 190 ? 'week' : 'month';
}

/** The period used when the question names none (said in the interpretation). */
export function defaultPeriod(measure: Measure | 'prompts_list' | 'sessions_list', now: Date, tz: string): Period {
  if (['references', 'source_users', 'licensed_inactive', 'licensed_users'].includes(measure))
    return { ...allTime(now, tz), default: true };
  if (measure === 'sessions_list') return { ...lastDays(now, tz, 7), default: true };
  return { ...lastDays(now, tz, 30), default: true };
}

/** One person's list (prompts, sessions) or profile, when that is what the question asks. */
export function listQuery(r: Reading, measure: Measure | null, now: Date, tz: string): AskQuery | null {
  if (r.people.length !== 1 || r.dims.length > 0 || has(r, 'count')) return null;
  const person = r.people[0]!;
  const limit = r.limit !== undefined ? { limit: r.limit } : {};
  if (has(r, 'ask') || (measure === 'prompts' && !has(r, 'rank', 'rank_asc')))
    return {
      type: 'list',
      list: 'prompts',
      person,
      apps: r.apps,
      period: r.periods[0] ?? defaultPeriod('prompts_list', now, tz),
      ...limit,
    };
  // "what did Lee do in Copilot yesterday": nothing counted, a period named: that period's sessions (a profile has none).
  // "what has Lee been doing lately": recent use, the last 30 days' sessions (a profile is all synced history).
  const lately = measure === null && !r.periods[0] && r.words.some((w) => w.raw === 'lately' || w.raw === 'recently');
  if (measure === 'sessions' || (measure === null && r.periods[0] && !r.periods[0].default) || lately)
    return {
      type: 'list',
      list: 'sessions',
      person,
      apps: r.apps,
      period: r.periods[0] ?? (lately ? lastDays(now, tz, 30) : defaultPeriod('sessions_list', now, tz)),
      ...limit,
    };
  if (measure === null || (measure === 'interactions' && r.apps.length === 0 && !r.periods[0]))
    return { type: 'list', list: 'profile', person, apps: [] };
  return null;
}
