import { COPILOT_APPS } from '../appCatalog';
import type { Dimension, Measure } from './querySchema';
import { DISCOURSE_WORDS } from './discourseWords';
import type { RiskTag } from './riskLexicon';

/** App names as admins write them (the catalogue's names and the aliases Microsoft has used) -> app key. */
export const APP_ALIASES: ReadonlyArray<readonly [string, string]> = [
  ['microsoft 365 copilot chat', 'm365chat'],
  ['microsoft 365 chat', 'm365chat'],
  ['m365 copilot chat', 'm365chat'],
  ['m365 chat', 'm365chat'],
  ['copilot chat', 'm365chat'],
  ['business chat', 'm365chat'],
  ['bizchat', 'm365chat'],
  ['biz chat', 'm365chat'],
  ['m365chat', 'm365chat'],
  ['microsoft teams', 'teams'],
  ['teams', 'teams'],
  ['word', 'word'],
  ['excel', 'excel'],
  ['outlook', 'outlook'],
  ['powerpoint', 'powerpoint'],
  ['power point', 'powerpoint'],
  ['ppt', 'powerpoint'],
  ['onenote', 'onenote'],
  ['one note', 'onenote'],
  ['loop', 'loop'],
  ['planner', 'planner'],
  ['whiteboard', 'whiteboard'],
  ['forms', 'forms'],
  ['stream', 'stream'],
];

/** Single-word app names, for spelling correction ("exel", "powerpont", "outlok"). */
export const APP_WORDS = [...new Set(APP_ALIASES.filter(([a]) => !a.includes(' ')).map(([a]) => a))];

/** A catalogue app's name; one outside it by its key's words ("other:fabric-notebook": "Fabric Notebook (unrecognised)"). */
export const appName = (key: string): string =>
  COPILOT_APPS.find((a) => a.key === key)?.displayName ??
  (key.startsWith('other:')
    ? `${key
        .slice('other:'.length)
        .split('-')
        .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
        .join(' ')} (unrecognised)`
    : key);

/** What a word tells the engine. */
export interface Tag {
  measure?: Measure;
  /** A dimension the word names on its own ("daily", "hourly", "weekday"). */
  dim?: Dimension;
  /** A dimension the word names after "by"/"per"/"which"/"each" ("app", "department"). */
  dimNoun?: Dimension;
  kind?: 'file' | 'site' | 'meeting' | 'email' | 'web' | 'chat';
  /** Where a source is stored ("SharePoint", "OneDrive"): its address's host. */
  host?: 'sharepoint' | 'onedrive' | 'sharepoint_only';
  cue?: Cue;
  /** What a word of a risk question narrows or groups (riskLexicon.ts). */
  risk?: RiskTag;
}

export type Cue =
  | 'users'
  | 'who'
  | 'count'
  | 'rank'
  | 'rank_asc'
  | 'compare'
  | 'change'
  | 'trend'
  | 'license'
  | 'inactive'
  | 'new'
  | 'ask'
  | 'list'
  | 'profile'
  | 'by'
  | 'sync'
  | 'risk'
  | 'help'
  | 'scope'
  | 'mail_flow'
  | 'summary'
  | 'usage'
  | 'sites'
  | 'team'
  | 'rate'
  | 'average'
  | 'per_licence'
  | 'export';

const t = (words: string, tag: Tag): Array<[string, Tag]> => words.split(' ').map((w) => [w, tag]);

/** Single words. Phrases (below) are matched first. */
export const WORDS: ReadonlyMap<string, Tag> = new Map<string, Tag>([
  ...t('prompts prompt questions requests messages', { measure: 'prompts' }),
  ...t('responses response answers replies', { measure: 'responses' }),
  ...t('sessions session conversations conversation chats threads', { measure: 'sessions' }),
  ...t('interactions interaction', { measure: 'interactions' }),
  ...t(
    'usage activity activities use used uses using engagement volume utilization utilisation tried try tries trying utilise utilises utilised utilising utilize utilizes utilized utilizing',
    {
      cue: 'usage',
    },
  ),
  ...t('agents agent', { measure: 'agents' }),
  ...t(
    'references referenced reference sources source cite cites citing cited citations citation accessed access content grounding',
    {
      measure: 'references',
    },
  ),
  ...t('grounded', { measure: 'references' }),
  // "the budget spreadsheets", "workbooks": files by what they hold. ("deck" is the asker's own slides as often:
  // "numbers for the exec deck"; after a source's name it is that file's, namedSources.ts.)
  ...t('files file documents document docs doc spreadsheet spreadsheets workbook workbooks', { kind: 'file' }),
  ...t('meetings meeting', { kind: 'meeting' }),
  ...t('emails email mails mail', { kind: 'email' }),
  ...t('websites website urls links', { kind: 'web' }),
  ...t('sites site', { cue: 'sites' }),
  // SharePoint alone is its sites; OneDrive alone its personal sites; both named, both (compose.ts).
  ...t('sharepoint spo', { host: 'sharepoint_only' }),
  ...t('onedrive', { host: 'onedrive' }),
  ...t(
    'users user people employees staff persons person folks adopters colleagues coworkers individuals rep reps representatives teammates guys peeps',
    {
      cue: 'users',
    },
  ),
  ...t('who whom', { cue: 'who' }),
  ...t('many number count total totals', { cue: 'count' }),
  ...t(
    'top most mostly highest biggest heavy heaviest busiest peak popular rank ranked ranking best engaged largest frequent',
    {
      cue: 'rank',
    },
  ),
  // "sorted by app", "ordered by prompts", "descending": the rows largest first, as "ranked".
  ...t('sorted sort ordered descending', { cue: 'rank' }),
  ...t('ascending', { cue: 'rank_asc' }),
  ...t('leaderboard champions', { cue: 'who' }),
  // "light users", "the lightest users": the least active first.
  ...t('least fewest lowest bottom quietest smallest light lightest', { cue: 'rank_asc' }),
  // "who barely uses it", "people who hardly touch Copilot": the least active first, as "least".
  ...t('barely hardly rarely seldom', { cue: 'rank_asc' }),
  ...t('vs versus compare compared comparing comparison against than better worse higher lower', { cue: 'compare' }),
  ...t(
    'growing growth grow grows grown increase increased increasing decrease decreased decreasing drop dropped dropping declining decline declined rising risen rose grew shrinking shrunk change changed changes jump jumps jumped spike spiked spikes surge surged rise rises dip dips dipped',
    { cue: 'change' },
  ),
  ...t('trend trends trending timeline history', { cue: 'trend' }),
  ...t('license licenses licence licences licensed licenced seats seat', { cue: 'license' }),
  ...t('never inactive unused idle dormant wasting wasted waste reclaim', { cue: 'inactive' }),
  // "which new users started in November": began to use Copilot, as "started using".
  ...t('new first-time newcomers onboarded onboard started began joined', { cue: 'new' }),
  ...t('ask asked asks asking typed wrote', { cue: 'ask' }),
  // "name the users active in Stream", "the names of people using Teams": the people listed.
  ...t('list name names', { cue: 'list' }),
  ...t('by per each every breakdown', { cue: 'by' }),
  ...t(
    'sync synced syncs syncing synchronization synchronisation freshness fresh stale staleness refresh refreshed refreshes ingestion ingested',
    { cue: 'sync' },
  ),
  ...t('risk risks risky findings alerts alert oversharing overshared sensitive dlp jailbreak', { cue: 'risk' }),
  ...t('summary overview adoption dashboard kpis kpi', { cue: 'summary' }),
  ...t('rate percentage percent proportion ratio share penetration fraction', { cue: 'rate' }),
  // "median": answered with the mean, which the line says (no median is computed).
  ...t('average averages mean typical typically median', { cue: 'average' }),
  ...t('export exported exporting csv download downloadable xlsx', { cue: 'export' }),
  ...t(
    'weather joke jokes capital france game won score write draft compose translate cost costs price pricing prices roi install installing storage recipe news stock poem spending budget billing invoice invoices money fee fees',
    { cue: 'scope' },
  ),
  ...t('send sent receive received happened scheduled held', { cue: 'mail_flow' }),
  ...t('team org organisation organization division dept department group unit', { cue: 'team' }),
  ...t('departments depts orgs divisions', { dimNoun: 'department' }),
  ...t('apps app applications application products', { dimNoun: 'app' }),
  ...t('daily day days', { dim: 'day' }),
  ...t('weekly week weeks', { dim: 'week' }),
  ...t('monthly month months', { dim: 'month' }),
  ...t('hourly hour hours', { dim: 'hour' }),
  ...t('weekday weekdays weekend weekends', { dim: 'weekday' }),
  // "per licensed user" (SHORTHAND): a figure over the licence holders.
  ['licenceholder', { cue: 'per_licence' }],
  ['dau', { dim: 'day', cue: 'users' }],
  ['wau', { dim: 'week', cue: 'users' }],
  ['mau', { dim: 'month', cue: 'users' }],
  ['kind', { dimNoun: 'kind' }],
  ['type', { dimNoun: 'kind' }],
  ['types', { dimNoun: 'kind' }],
  ['kinds', { dimNoun: 'kind' }],
]);

/** Multi-word phrases, matched before single words (longest first). */
export const PHRASES: ReadonlyArray<readonly [string, Tag]> = [
  ['day of the week', { dim: 'weekday' }],
  ['day of week', { dim: 'weekday' }],
  ['days of the week', { dim: 'weekday' }],
  ['time of day', { dim: 'hour' }],
  ['busiest time', { dim: 'hour', cue: 'rank' }],
  ['busiest times', { dim: 'hour', cue: 'rank' }],
  ['peak time', { dim: 'hour', cue: 'rank' }],
  ['peak times', { dim: 'hour', cue: 'rank' }],
  ['hour of day', { dim: 'hour' }],
  ['hour of the day', { dim: 'hour' }],
  ['hours of the day', { dim: 'hour' }],
  ['time of the day', { dim: 'hour' }],
  ['what time', { dim: 'hour' }],
  ['which hour', { dim: 'hour' }],
  ['week over week', { dim: 'week' }],
  ['month over month', { dim: 'month' }],
  ['day over day', { dim: 'day' }],
  ['over time', { cue: 'trend' }],
  ['going up or down', { cue: 'trend' }],
  ['up or down', { cue: 'trend' }],
  ['going up', { cue: 'change' }],
  ['went up', { cue: 'change' }],
  ['went down', { cue: 'change' }],
  ['gone up', { cue: 'change' }],
  ['gone down', { cue: 'change' }],
  ['going down', { cue: 'change' }],
  ['how many', { cue: 'count' }],
  ['at least', {}],
  ['at most', {}],
  ['how much', { cue: 'usage' }],
  ['number of', { cue: 'count' }],
  ['data sources', { measure: 'references' }],
  ['data source', { measure: 'references' }],
  ['web pages', { kind: 'web' }],
  // "external websites": the web, as opposed to the tenant's own files and sites.
  ['external websites', { kind: 'web' }],
  ...[
    'web sources',
    'web source',
    'external web sources',
    'external web source',
    'external sources',
    'web results',
  ].map((p): [string, Tag] => [p, { kind: 'web', measure: 'references' }]),
  ['external web pages', { kind: 'web' }],
  ['public websites', { kind: 'web' }],
  ['active users', { cue: 'users' }],
  ['most active', { cue: 'rank' }],
  ['least active', { cue: 'rank_asc' }],
  ['most used', { cue: 'rank' }],
  ['most often', { cue: 'rank' }],
  ['most frequently', { cue: 'rank' }],
  ['most common', { cue: 'rank' }],
  ['least often', { cue: 'rank_asc' }],
  ['least common', { cue: 'rank_asc' }],
  ['least used', { cue: 'rank_asc' }],
  ['power users', { cue: 'who' }],
  ['started using', { cue: 'new' }],
  ['began using', { cue: 'new' }],
  ['first time', { cue: 'new' }],
  ['not used', { cue: 'inactive' }],
  // "licenses that nobody uses": held, with no one using them.
  ...['nobody', 'no one', 'noone'].flatMap((who) =>
    ['uses', 'used', 'using', 'is using', 'has used'].map((verb): [string, Tag] => [
      `${who} ${verb}`,
      { cue: 'inactive' },
    ]),
  ),
  ['not use', { cue: 'inactive' }],
  // "licences sitting unused", "seats going idle": held without use, as "unused".
  ...['sitting', 'sit', 'sat', 'lying', 'left', 'going', 'gone', 'remain', 'remaining'].flatMap((verb) =>
    ['unused', 'idle', 'dormant', 'inactive'].map((state): [string, Tag] => [`${verb} ${state}`, { cue: 'inactive' }]),
  ),
  // "we can't see any data for X", "nothing shows up for X": missing data, asked as that person's use (whose notes
  // say what the sync could not read), not a negated question.
  ...[
    'can not see',
    'cannot see',
    'do not see',
    'does not see',
    'not seeing',
    'not showing',
    'not show',
    'not appearing',
    // "why can't we see …", "why don't I see …": the same, asked as a question.
    'can not we see',
    'can not i see',
    'do not we see',
    'do not i see',
    'is there no data',
    'there is no data',
    'no data for',
    // "her history is missing from our reports": data not there, as "not showing" ("missing a licence" is not this).
    'is missing',
    'are missing',
    'missing from',
    'gone missing',
    'went missing',
  ].map((p): [string, Tag] => [p, {}]),
  ['stopped using', { cue: 'inactive' }],
  ['quit using', { cue: 'inactive' }],
  ['no longer', { cue: 'inactive' }],
  ['dropped off', { cue: 'inactive' }],
  ['not using', { cue: 'inactive' }],
  // "which licensed users were not active last week", "haven't been active".
  ['not active', { cue: 'inactive' }],
  ['not been active', { cue: 'inactive' }],
  ['not touched', { cue: 'inactive' }],
  ['no activity', { cue: 'inactive' }],
  ['without activity', { cue: 'inactive' }],
  ['without copilot activity', { cue: 'inactive' }],
  ['has not', { cue: 'inactive' }],
  ['have not', { cue: 'inactive' }],
  ['hasnt', { cue: 'inactive' }],
  ['havent', { cue: 'inactive' }],
  ['up to date', { cue: 'sync' }],
  // "any errors in the last data pull": the sync's run, not a measure.
  ['data pull', { cue: 'sync' }],
  ['sync errors', { cue: 'sync' }],
  ['last updated', { cue: 'sync' }],
  ['data as of', { cue: 'sync' }],
  ['what can you do', { cue: 'help' }],
  ['what can i ask', { cue: 'help' }],
  ['what do you know', { cue: 'help' }],
  ['tell me about', { cue: 'profile' }],
  ['how active', { cue: 'profile' }],
  ['how often', { cue: 'profile' }],
  ['how do i', { cue: 'scope' }],
  ['how to', { cue: 'scope' }],
  ['reached by', { measure: 'source_users' }],
  // A count of people is of distinct people already: "distinct", "unique", "different" users say nothing more.
  ...['distinct', 'unique', 'different', 'individual', 'separate'].flatMap((d) =>
    ['users', 'people', 'persons', 'employees'].map((who): [string, Tag] => [
      `${d} ${who}`,
      { measure: 'source_users' },
    ]),
  ),
  // SharePoint's pages as a kind of data source ("which site pages did Copilot cite"), not web pages.
  ...['site pages', 'site page', 'sharepoint pages', 'sharepoint page', 'intranet pages', 'intranet page'].map(
    (p): [string, Tag] => [p, { kind: 'site' }],
  ),
  ['across users', { measure: 'source_users' }],
  ['widely used', { measure: 'source_users' }],
  ['side by side', { cue: 'compare' }],
  // "yesterday vs the day before", "this week vs the week before": the period before, of the same length.
  ['day before', { cue: 'change' }],
  ['week before', { cue: 'change' }],
  ['month before', { cue: 'change' }],
  ['period before', { cue: 'change' }],
  ['previous period', { cue: 'change' }],
  ['prior period', { cue: 'change' }],
  ['compared to', { cue: 'compare' }],
  ['compared with', { cue: 'compare' }],
  // "highest first", "descending": the order of the rows, not people ranked.
  ['highest first', {}],
  ['largest first', {}],
  ['biggest first', {}],
  ['descending', {}],
  ['lowest first', { cue: 'rank_asc' }],
  ['smallest first', { cue: 'rank_asc' }],
  ['ascending', { cue: 'rank_asc' }],
  ['break down', { cue: 'by' }],
  ['broken down', { cue: 'by' }],
  ['split by', { cue: 'by' }],
];

/** Words that carry no meaning of their own here (never a person, never "not understood"). */
export const FILLER = new Set(
  `a about actually all along am an and any anyone anybody are as at be been being both can could copilot copilots did do
  making makes does doing done for from get gets getting give go had has have having hey hi hello how i in into is it its just last
  latest lately let like many me microsoft m365 mine my of on one or our ours over past please pls recently see
  show shows showing shown showed so than that the their them then there these they this those to up us via want was we were what
  whats when where which while whose why will with within would you your tell find fetch display me know now much
  ms office 365 o365 let's lets also ever still currently current really right now did get got chart table report
  list give see view look lookup check  should could whom across between stats statistics info information details
  more less fewer than other others everyone everybody only overall figure figures data active
  shall may might must do does ones one's them those kind some whole entire org-wide company
  tenant organisation-wide organization-wide across up down again here there anything something everything
  any a lot so far far ago recent newest latest top-line level levels actually please thanks thank but
  generate generated produce produced pull pulled pulling draw drawing drawn rely relies make made spend spent work
  working need needs think touched touch happen happens happened happening occur occurs occurred out times unique
  usually typically normally generally pulls draws
  come comes came coming went goes
  surfaced surface surfacing surfaces opened open opens wants wanted asks once twice hold holds holding submitted submit
  entered through
  summarise summarize summarises summarizes summarised summarized summarising summarizing
  provide provided period numbers together confirm whether verify assigned assignment possible able needed combined altogether stuck
  grouped split segmented bucketed
  read reads reading looked looking reached reach reaching
  if because distribution heatmap company-wide companywide
  stored recorded logged captured tracked timestamps timestamp`
    .split(/\s+/)
    .concat(DISCOURSE_WORDS),
);

/**
 * Chat shorthand admins type ("hw many ppl", "lst wk", "this mnth", "dont"), spelled out before anything else reads
 * the question — the date reader included, which knows "last week" but not "lst wk".
 */
export const SHORTHAND: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bppl\b/gi, 'people'],
  // "switch Copilot off for Marketing", "turn it on for Lee": a change, as "switch off Copilot" is.
  [/\b(switch|turn)\s+((?:[\p{L}'-]+\s+){1,3}?)(off|on)\b(?=\s+(?:for|in|at|across)\b|\s*[?.!]?\s*$)/giu, '$1 $3 $2'],
  // "who hasn't used copilot in the last 30 days but did before": who stopped using it in that period.
  [
    /\b(?:has|have|had|did)(?:\s+not|n['’]?t)\s+(?:used?|touched)\s+((?:copilot|it|m365\s+copilot)\s+)?([^?,]{0,40}?)\s*,?\s*but\s+(?:did|had|has|have|used(?:\s+it)?|was\s+active|were\s+active)\s+(?:so\s+)?(?:before|earlier|previously|prior(?:\s+to\s+(?:that|it))?)\b/gi,
    'stopped using $1$2',
  ],
  // "licences not being used", "seats that are not being used": held without use.
  [/\bnot\s+being\s+used\b/gi, 'unused'],
  // "users which did not make any prompt": no activity.
  [
    /\b(?:did|do|does|has|have|had)(?:\s+not|n['’]?t)\s+(?:make|made|send|sent|write|written|submit|submitted|do|done|have|had|create|created|enter|entered)\s+(?:any|a\s+single)\s+(?:copilot\s+)?(?:prompts?|questions?|requests?|queries|query|interactions?)\b/gi,
    'had no activity',
  ],
  // "the department with the less usage": the least, as learners write it.
  [/\bthe\s+less\b(?!\s+than\b)/gi, 'the least'],
  // "on ten or more different days": days counted ("different apps" stays a count of apps).
  [/\bdifferent\s+(days)\b/gi, '$1'],
  // "last fortnight vs the previous fortnight": two weeks, and the two before them.
  [
    /\b(last|past)\s+fortnight\b([^?]*?)\b(vs\.?|versus|compared\s+(?:to|with)|against|than)\s+(?:the\s+)?(?:(?:previous|prior|preceding)\s+fortnight|fortnight\s+before)\b/gi,
    '$1 2 weeks$2$3 the period before',
  ],
  // "last 7 days vs the 7 days before (that)", "… vs (the) previous 7 days": the span of the same length before it.
  [
    /\b(last|past)\s+(\d{1,3}|two|three|four|five|six|seven|eight|nine|ten|fourteen|thirty)\s+(days|weeks|months)\b([^?]*?)\b(vs\.?|versus|compared\s+(?:to|with)|against|than)\s+(?:the\s+)?(?:(?:previous|prior|preceding)\s+\2\s+\3|\2\s+\3\s+(?:before|prior|earlier)(?:\s+(?:that|it|then))?)\b/gi,
    '$1 $2 $3$4$5 the period before',
  ],
  // "which users became inactive in November": who stopped; "became active (for the first time)": who started.
  [/\b(?:became|become|becomes|becoming|went|gone|turned)\s+(?:inactive|dormant|idle|quiet)\b/gi, 'stopped using'],
  [/\b(?:became|become|becomes|becoming)\s+active\b/gi, 'started using'],
  // "give me the users of Stream and of Loop": the people listed, as "list the users of" reads ("how many" counts).
  [
    /\b(?:give|show|send|get|tell)\s+(?:me|us)\s+(?:the\s+)?(?:(?:names|list)\s+of\s+(?:the\s+)?)?(users|people|persons)\s+(?=of\b|in\b|on\b|who\b|that\b|what\b|which\b)/gi,
    'list the $1 ',
  ],
  // "when was her last prompt": when she last used Copilot (a time, not the prompt's text).
  [
    /\bwhen\s+(?:was|is)\s+([\p{L}'’ -]{1,40}?)(?:['’]s?)?\s+(?:last|latest|most\s+recent)\s+(?:copilot\s+)?(?:prompt|message|question|interaction|activity|session|use)\b/giu,
    'when did $1 last use copilot',
  ],
  // "company wide", "org wide": the whole company, as "company-wide" reads.
  [/\b(company|organi[sz]ation|org|tenant)\s+wide\b/gi, '$1-wide'],
  // "active in October but not since": none after October.
  [
    /\b((?:in|during)\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*)\s+(?:but|and)\s+not\s+since\b/gi,
    '$1 but not after $2',
  ],
  // "the files most used, the first 5": a ranking's first rows, its top ("the first 5 days of May" is a date).
  [
    /\b(?:the\s+)?first\s+(\d{1,3}|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty)\s*(?=[?!.,;]|$)/gi,
    'top $1',
  ],
  // Chat spellings of words the rules below read ("this mnth vs last" is compared as "this month vs last" is).
  [/\bhw\b/gi, 'how'],
  [/\blst\b/gi, 'last'],
  [/\b(?:mnth|mth)(s?)\b/gi, 'month$1'],
  [/\bwk(s?)\b/gi, 'week$1'],
  // "top 3 apps mth", "usage week": a unit alone at the end, right after what is counted or ranked, is the current
  // one ("by month", "per week", "last month", "month over month", "Thanksgiving week" are read as they say).
  [
    /(?<=\b(?:apps|applications|users|people|persons|departments|depts|teams|prompts|sessions|usage|activity|interactions|responses|files|documents|sites|agents|adoption|numbers|figures|stats)\s+)(week|month|quarter|year)\s*[?.!]*\s*$/gi,
    'this $1',
  ],
  // "How much prompts made Angela?", "how much users": a count of what is counted one by one, as "how many".
  [
    /\bhow\s+much\s+(?=(?:copilot\s+)?(?:prompts?|sessions?|users?|people|peoples|persons?|interactions?|responses?|messages?|questions?|chats?|conversations?|files?|documents?|agents?|licen[cs]es?|seats?|findings?|alerts?|times)\b)/gi,
    'how many ',
  ],
  // "I'm after the top 5 users", "what we are after is …": what is wanted, not a time ("after 5pm").
  [
    /\b(?:what\s+)?(?:i|we)\s*(?:'m|’m|'re|’re|\s+am|\s+are)\s+(?:really\s+|mainly\s+|just\s+)?after\b(?:\s+is\b)?/gi,
    'I want',
  ],
  // "more than one app": a number ("one" is otherwise a filler word, and the condition would be lost).
  [/\b(more than|over|at least|fewer than|less than|under|exactly)\s+one\b(?!\s+of\b)/gi, '$1 1'],
  // "How is Copilot adoption going?", "how's usage in Sales looking this month": the figure over time.
  [
    /^\s*how(?:'s|’s|\s+is|\s+are)\b([^?]*?\S)\s+(?:going|looking|tracking|progressing|trending|coming\s+along|shaping\s+up)\b/gi,
    'how is$1 trend',
  ],
  // "which departments grew the most since last month": this month against last month (not since its start).
  [
    /\b((?:increased?|grew|grown|rose|risen|dropped|drop|fell|fallen|declined?|decreased?|changed?|growth|moved)\b[^?]*?)\bsince\s+last\s+(week|month|quarter|year)\b/gi,
    '$1this $2 vs last $2',
  ],
  // "how many sessions did Finance start", "people who began a chat with Copilot": a session is counted when it starts.
  // "sessions per week since the start of November" names a date: "the start of" is no verb.
  [
    /\b(sessions?|conversations?|chats?|threads?)\b([^?.]*?)(?<!\b(?:the|a|an|its|their))\s+(?:start|begin|initiate|kick\s+off)\b(?!\s+of\b)/gi,
    '$1$2',
  ],
  // "what time did Lee last use Copilot", "what day was she last active": when, as a time of the last use.
  [/^\s*what\s+(?:time|day|date)\s+(did|was|has|have|is)\b(?=[^?]*\blast\b)/gi, 'when $1'],
  // "has usage in Loop picked up", "did Teams slow down": a rise or a fall.
  [/\b(?:picked|picking|picks|pick)\s+up\b/gi, 'increased'],
  [/\b(?:slowed|slowing|slows|slow)\s+down\b|\b(?:tailed|tailing|tails|tail)\s+off\b/gi, 'decreased'],
  // "can you say me how many …": "tell me", as learners of English write it.
  [/\bsay\s+(?=(?:me|us)\b)/gi, 'tell '],
  // "who should lose their licence", "which seats could we take back": the holders without activity.
  [
    /\b(?:lose|give\s+up|hand\s+back|take\s+back|free\s+up)\s+(?:their|a|the|his|her|its|our|those)\s+(licen[cs]es?|seats?)\b/gi,
    'reclaim $1',
  ],
  [
    /\b(licen[cs]es?|seats?)\s+(?:could|can|should|might|would)\s+(?:we|i|you)\s+(?:take\s+back|free\s+up|reclaim|recover)\b/gi,
    'reclaim $1',
  ],
  // "the first week of November": its days (the date reader has no weeks of a month).
  [/\b(?:in\s+|during\s+)?the\s+first\s+week\s+of\s+([a-z]{3,9})\b/gi, '1-7 $1'],
  [/\b(?:in\s+|during\s+)?the\s+second\s+week\s+of\s+([a-z]{3,9})\b/gi, '8-14 $1'],
  [/\b(?:in\s+|during\s+)?the\s+third\s+week\s+of\s+([a-z]{3,9})\b/gi, '15-21 $1'],
  [/\b(?:in\s+|during\s+)?the\s+fourth\s+week\s+of\s+([a-z]{3,9})\b/gi, '22-28 $1'],
  // "When did Lee Gu first use Copilot", "when did she start using it": the person's first and last use (their profile).
  [
    /^(\s*when\s+(?:did|was|has|have|is)\b[^?]*?)\s+(?:first|start(?:ed)?|begin|began)\s+(?:to\s+)?(us(?:e|ed|ing))\b/gi,
    '$1 $2',
  ],
  // "the newest Copilot users", "latest adopters": the new users.
  [/\b(?:newest|latest|most\s+recent)\s+((?:copilot\s+)?(?:users|adopters|people))\b/gi, 'new $1'],
  // "licence utilisation", "utilisation rate": the share of the holders who use it ("Copilot utilisation by app" stays use).
  [/\b(?:licen[cs]e|seat)\s+(?:utili[sz]ation|usage\s+rate|use\s+rate)\b|\butili[sz]ation\s+rate\b/gi, 'adoption rate'],
  // "how much of our usage is Copilot Chat": its share.
  [/\bhow\s+much\s+of\s+(our|the|all)\s+/gi, 'what share of $1 '],
  // "where do people use Copilot the most": in which app.
  [/^\s*where\s+(do|does|did)\b(?=[^?]*\bus(?:e|ed|ing)\b)/gi, 'in which app $1'],
  // "who's our most engaged department", "who is the busiest team": departments (or apps) ranked, not people; "who is
  // most active in the Sales department" ranks the department's people (the team noun is where, not what).
  [
    /\bwho(?:'s|’s|\s+is|\s+are|s)\s+(?:the\s+|our\s+)?((?:most|least|top|biggest|busiest|heaviest|quietest|lightest)\b(?:(?!\b(?:in|from|within|inside)\b)[^?])*?\b(?:departments?|depts?|teams?|apps?|applications?))\b/gi,
    'which is the $1',
  ],
  // "never logged in", "hasn't signed in to Copilot": used it.
  [/\b(?:logged|signed)\s+(?:in(?:to)?|on(?:to)?)\b/gi, 'used'],
  [/\b(?:log|sign)\s+(?:in(?:to)?|on(?:to)?)\b/gi, 'use'],
  // "more than 2 Copilot apps": the number counts the apps ("Copilot" between would leave it on prompts).
  [/\b(\d+(?:\s+or\s+(?:more|fewer|less))?)\s+copilot\s+(apps?|applications?|prompts?|sessions?|agents?)\b/gi, '$1 $2'],
  // "active in multiple apps": in two or more.
  [/\bmultiple\s+((?:copilot\s+|different\s+)?(?:apps|applications))\b/gi, '2 or more $1'],
  // "for the whole year", "the entire month": the calendar unit so far.
  [/\b(?:for\s+)?the\s+(?:whole|entire|full)\s+(year|quarter|month|week)\b/gi, 'this $1'],
  // "up this month compared to last", "vs the previous": the unit named before.
  [
    /\b(this|last)\s+(week|month|quarter|year)\b([^?]*?\b(?:compared\s+(?:to|with)|vs\.?|versus|than|against)\s+(?:the\s+)?(?:last|previous|prior))\b(?!\s+(?:\d|week|month|quarter|year|day|time|fortnight|period|one))/gi,
    '$1 $2$3 $2',
  ],
  [/\b(?:yday|yest)\b/gi, 'yesterday'],
  [/\bavg\b/gi, 'average'],
  // "per-user average": the hyphen joins what "per user" says.
  [/\bper-(users?|persons?|person|heads?|capita|employees?|seats?)\b/gi, 'per $1'],
  // "prompts per person per day": a figure over the people, day by day (as "average prompts per person by day").
  [
    /\bper\s+(?:users?|persons?|people|employees?|head)\s+(?:per|a|an|each)\s+(day|week|month)\b/gi,
    'average per person per $1',
  ],
  // "prompts per user by app", "sessions by department per person": the figure over each row's people (as "average
  // prompts per person by app"), not a row per person and app; "prompts per user in HR" stays a row per person.
  [
    /\bper\s+(?:users?|persons?|people|employees?|head)\s+(?:by|per|for\s+each|in\s+each|across)\s+(apps?|applications?|departments?|depts?)\b/gi,
    'average per person by $1',
  ],
  [
    /\b(?:by|per|for\s+each|in\s+each|across)\s+(apps?|applications?|departments?|depts?)\s+per\s+(?:users?|persons?|people|employees?|head)\b/gi,
    'average per person by $1',
  ],
  // "rank departments by prompts per user", "which app has the most sessions per person": the rows named first, each
  // one's figure over its people.
  [
    /\b(departments?|depts?|apps?|applications?)\b([^?]*?)\b(prompts|sessions|interactions|responses)\s+per\s+(?:active\s+)?(?:users?|persons?|people|employees?|head)\b(?!\s+(?:by|per|in|for|across|on|over)\b)/gi,
    '$1$2average $3 per person',
  ],
  // "weekdays vs weekends", "compare weekday and weekend usage": every day of the week side by side (not the weekend).
  [
    /\bweek\s*days?\s+(?:vs\.?|versus|and|or|to|against|compared\s+(?:to|with))\s+week\s*ends?\b|\bweek\s*ends?\s+(?:vs\.?|versus|and|or|to|against|compared\s+(?:to|with))\s+week\s*days?\b/gi,
    'usage by day of the week',
  ],
  [/\bpct\b/gi, 'percent'],
  // "licence holders", "licence holders at zero prompts": licensed users, and those without activity.
  [/\blicen[cs]e\s+holders?\b/gi, 'licensed users'],
  [
    /\b(?:at|with|on|but|and|yet)\s+(?:zero|0|no)\s+(?:copilot\s+)?(?:prompts|activity|usage|use|interactions|sessions)\b/gi,
    'without activity',
  ],
  // "Finance people without prompts this week": without any use, as licence holders "without activity".
  [
    /\bwithout\s+(?:any\s+)?(?:copilot\s+)?(?:prompts|usage|use|interactions|sessions|activity)\b/gi,
    'without activity',
  ],
  // "which of my Support team", "who among our Sales people": the department's people, as "who in Support".
  [/\b(?:which|who)\s+(?:ones\s+)?(?:of|among(?:st)?)\s+(?:my|our|the)\s+/gi, 'who in '],
  // "Copilot-enabled users": the people holding a Copilot licence.
  [/\bcopilot[- ]enabled\b/gi, 'licensed'],
  // "prompts per active user", "sessions per head": a figure over the people, as "average … per person".
  [/\bper\s+(?:an?\s+)?(?:active\s+(?:users?|persons?|people|employees?)|head|capita)\b/gi, 'average per person'],
  // "prompts per licensed user", "per seat": over the licence holders, a denominator of its own.
  [
    /\bper\s+(?:an?\s+)?(?:licen[cs]ed\s+(?:users?|persons?|people|employees?|seats?)|licen[cs]e(?:\s+holder)?|seat)s?\b/gi,
    'licenceholder',
  ],
  // "once or twice", "two or three times": a number of uses between the two, as "between 1 and 2 times" says.
  [/\b(?:once|one|1)\s+or\s+(?:twice|two\s+times|2\s+times)\b(?!\s+(?:a|per|every|each)\b)/gi, 'between 1 and 2 times'],
  [
    /\b(?:twice|two|2)\s+or\s+(?:thrice|three\s+times|3\s+times)\b(?!\s+(?:a|per|every|each)\b)/gi,
    'between 2 and 3 times',
  ],
  [/\b(\d{1,3})\s+or\s+(\d{1,3})\s+times\b(?!\s+(?:a|per|every|each)\b)/gi, 'between $1 and $2 times'],
  // "how many people's data are we holding", "whose prompts do we store": the people with a synced interaction, ever.
  [
    /\b(?:people's|peoples|persons'|users'|employees'|staff's|whose)\s+(?:copilot\s+)?(?:data|records|prompts|interactions|conversations|history)\s+(?:(?:are|is|do|does|did)\s+)?(?:we|you|the\s+app|the\s+tool)\s+(?:currently\s+|still\s+)?(?:hold|holding|store|storing|stored|keep|keeping|kept|retain|retaining|have|having)\b/gi,
    'people who used copilot ever',
  ],
  // "how much are we paying for Copilot", "what do we pay per seat": a price asked ("licences we pay for that nobody
  // uses" are licences).
  [
    /\bhow\s+much\s+(?:are|do|did|does|will|would|is|should)\s+(?:we|you|they|it|the\s+company|our\s+company)\s+(?:pay|paying|spend|spending|being\s+charged|charged|charge)\b(?!\s+(?:time|hours?|minutes?)\b)|\bwhat\s+(?:do|did|does|will|would|should)\s+(?:we|you|they|the\s+company|our\s+company)\s+pay\b/gi,
    'what is the cost',
  ],
  // "which was Angela's last day using Copilot", "what was his last day on Copilot": when they last used it.
  [
    /\b(?:which|what)\s+(?:was|is|were)\s+((?:\p{Lu}[\p{L}'-]*\s+){0,3}\p{Lu}[\p{L}'-]*)['’]s?\s+last\s+(?:day|date|time)\s+(?:of\s+)?(?:using|on|with|in)\b/gu,
    'when did $1 last use',
  ],
  [
    /\b(?:which|what)\s+(?:was|is|were)\s+(his|her|their)\s+last\s+(?:day|date|time)\s+(?:of\s+)?(?:using|on|with|in)\b/giu,
    'when was $1 last use of',
  ],
  // "how many prompts … and by how many persons": a second count, of the people who sent them.
  [/\band\s+(?:by|from)\s+how\s+many\s+(persons?|people|users|employees|staff|colleagues)\b/gi, 'and how many $1'],
  // "during this month", "during last week": the period's own words ("during" before them is read as "in").
  [/\bduring\s+(?=(?:this|last|past|previous|current|the\s+(?:current|last|past|previous))\b)/gi, 'in '],
  // "being investigated at the moment", "as we speak": now, as "currently" says it.
  [/\b(?:at\s+(?:the|this)\s+moment|as\s+(?:we\s+speak|of\s+now)|at\s+present)\b/gi, 'currently'],
  // "account-related findings", "credential-related alerts": the category or kind named ("work-related prompts" is a
  // subject, which no answer reads: left as typed).
  [
    /\b(account|credential|password|secret|key|token|financial|payment|card|iban|bank|pii|personal[\s-]data|privacy|injection|jailbreak|exfiltration|oversharing|sharing|watchlist|phone|email|passport|ssn|identity)-related(?=\s+(?:security\s+)?(?:findings?|alerts?|risks?|issues?|incidents?|detections?|hits?)\b)/gi,
    '$1',
  ],
  // "every single user", "each and every person": every one of them.
  [/\b(?:every\s+single|each\s+and\s+every|each\s+single)\b/gi, 'every'],
  // "show me every user": the people listed, as "show all users" ("prompts for every user" stays a row per person).
  [
    /\b(show|list|display|give|get|see)(\s+(?:me|us))?\s+every\s+(?:users?|persons?|people|employees?|members?)\b/gi,
    '$1$2 all users',
  ],
  [/\bwhos\b/gi, 'who is'],
  [/\b(do|does|did|is|are|was|were|have|has|had)nt\b/gi, '$1 not'],
  [/\bcant\b/gi, 'can not'],
];

/**
 * Verbs that start a request to change something (Copilot Observatory only reads). "mark" only with what it marks
 * ("mark all findings as false positive"), so "Mark Mensah's prompts" stays a person's. A verb before a colon is a
 * label ("Triage: a disabled account was using Copilot …"), not a request.
 */
export const CHANGE_VERBS =
  /^(?:(?:(?:hi|hello|hey)[,!]?|(?:please|pls|plz|kindly)(?:\s+to)?|(?:can|could|would) you(?:\s+to)?|can we|could we|i want to|i need to|i want you to|we want to|we need to|(?:i|we)(?:'d| would) like (?:you )?to|help me|go ahead and|let's|lets|let us)\s+)*(remove|revoke|cancel|take(?=\s[^?]*\b(?:away|off|back)\b)|get rid of|extend|renew|terminate|deprovision|provision|transfer|upgrade|downgrade|reactivate|re-?enable|restore|unassign|assign|reassign|give(?!\s+(?:to\s+)?(?:me|us)\b)|grant|disable|enable|block|unblock|delete|erase|purge|wipe|turn (?:off|on)|switch (?:off|on)|add|create|change|set(?!\s+of\b)|update|modify|reset|buy|purchase|order(?!\s+by\b)|reclaim|dismiss|suppress|reopen|triage|deactivate|activate|suspend|uninstall|restrict|allow|deny|ban|kick|drop (?:table|database|collection)|close|resolve|acknowledge|escalate|snooze|mute|approve|reject|mark(?=\s+(?:all|every|each|the|these|this|that|those|it|them|any|my|our)\b|\s.*\bas\s+(?:an?\s+)?(?:false|true|resolved|dismissed|closed|fixed|done|benign|safe|reviewed|read|investigat)))\b(?!\s+(?:in|of|over|between)\b|\s*:)/;
