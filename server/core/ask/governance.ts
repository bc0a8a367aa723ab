import { resolveUser } from '../insights/questions/resolveUser';
import type { NameDirectory } from '../insights/questions/nameDirectory';
import { departmentsIn } from './contextGroups';
import { APP_WORDS } from './lexicon';
import { findPeriod, lastDays } from './periods';
import type { AskQuery, Person, ReplyQuery, SystemQuery } from './querySchema';

/**
 * Questions about the product's own records rather than Copilot use: who opened whose conversations (the access
 * log), how long text is kept (retention), the asker's privacy tier, and erasures. Read before usage questions,
 * whose words ("opened", "prompts", "last") they share.
 */

/** What reading needs: the clock, the time zone and the directory (people named in an access-log question). */
export interface GovernanceContext {
  now: Date;
  timeZone: string;
  names: NameDirectory;
  /** The tenant's departments: "the Finance team's conversations" names one, not a person. */
  departments?: readonly string[];
}

const AUDIT = /\b(?:audit\s+(?:log|trail)s?|access[\s-]+(?:log|history|records?)s?)\b/;
const LOOKED =
  /\b(?:look(?:ed|s|ing)?\s+(?:at|into|through)|view(?:ed|s|ing)?|open(?:ed|s|ing)?|read(?:ing|s)?|access(?:ed|es|ing)?|s[ae]en|saw|pull(?:ed)?\s+up)\b/;
const CONTENT = /\b(?:conversations?|transcripts?|prompts?|chats?|messages|(?:chat|copilot)\s+history)\b/;
/** Who did it asked ("who", "has anyone"), a passive ("been opened"), or "did Megan open …". */
const ASKED_WHO =
  /\b(?:who|whom|anyone|anybody|someone|somebody|which\s+(?:admins?|investigators?|analysts?|people|users|colleagues))\b|\b(?:was|were|been|got|being)\s+(?:\w+\s+)?(?:opened|viewed|read|accessed|looked\s+at|seen)\b|\b(?:did|has|have)\s+[\p{L}'-]+(?:\s+[\p{L}'-]+)?\s+(?:open|view|read|access|look|seen|opened|viewed|accessed|looked)\b/u;
/** A ranking of usage ("who opened the most conversations") is not a question about the log. */
const RANKED = /\b(?:most|least|fewest|top|how\s+many\s+(?:conversations|prompts|chats|sessions))\b/;

const ERASURE =
  /\berasures?\b|\b(?:was|were|been|got|get|gets)\s+(?:\w+\s+)?erased\b|\berased\s+(?:users?|people|persons?|accounts?)\b|\bright\s+to\s+(?:be\s+forgotten|erasure)\b|\b(?:gdpr|dsar|data\s+subject)\s+(?:deletions?|erasures?|requests?)\b/;
const TIER =
  /\b(?:privacy|access|permission|security)\s+(?:tiers?|levels?|roles?)\b|\b(?:which|what)\s+(?:tier|role)\b|\bmy\s+(?:tier|role|access\s+level|permissions)\b|\btier\s+(?:am|are)\s+(?:i|we)\b|\bwho\s+(?:can|could|may|is\s+allowed\s+to)\s+(?:see|read|view|access|open)\b|\b(?:has|have)\s+access\s+to\b/;
const KEPT =
  '(?:keep|kept|keeps|store|stored|stores|retain|retained|hold|held|save|saved|persist|persisted|delete|deleted|purge|purged|remove|removed|wipe|wiped)';
const STORED_THINGS =
  '(?:prompts?|responses?|text|data|conversations?|transcripts?|content|logs?|history|interactions?|records?|messages)';
const RETENTION = new RegExp(
  [
    '\\bretention\\b',
    `\\bhow\\s+long\\b.*\\b${STORED_THINGS}\\b.*\\b${KEPT}\\b`,
    `\\bhow\\s+long\\b.*\\b${KEPT}\\b.*\\b${STORED_THINGS}\\b`,
    `\\b(?:is|are)\\s+(?:the\\s+|our\\s+|their\\s+)?(?:prompt\\s+|response\\s+)?${STORED_THINGS}\\s+(?:text\\s+)?(?:stored|kept|saved|retained|persisted|deleted|purged)\\b`,
    `\\b(?:do|does)\\s+(?:we|you|it|the\\s+app|copilot\\s+observatory)\\s+(?:store|keep|save|retain|delete|purge)\\s+(?:the\\s+|our\\s+)?(?:prompt\\s+|response\\s+)?${STORED_THINGS}\\b`,
    `\\bwhen\\b.*\\b${STORED_THINGS}\\b.*\\b(?:deleted|purged|removed|wiped)\\b`,
  ].join('|'),
);

/** Words an access-log question is made of; whatever else is left is a name, or not understood. */
const LOG_WORDS = new Set(
  `who whom whose has have had did does do was were been being is are am any anyone anybody someone somebody admin admins
  investigator investigators analyst analysts people users user colleagues look looked looks looking at into through view
  viewed views viewing open opened opens opening read reads reading access accessed accesses accessing seen see saw pull
  pulled up conversations conversation transcripts transcript prompts prompt chats chat history messages message
  responses copilot the a an of for about by on in to audit log logs trail entries entry records record show me list give
  what which when get got all ever anything please pls i our us their my mine content text so far yet already lately
  recently can could you tell let know there been any one ones the other others peoples someone's somebody's else
  else's employees' users' people's staff's`.split(/\s+/),
);

/** Words pointing at this product, where the access log is kept. */
const THIS_PRODUCT =
  /\b(?:(?:in|on|via|through|using|with)\s+)?(?:(?:this|the|our)\s+(?:tool|app|application|product|dashboard|portal|system)|(?:copilot\s+)?observatory|here)\b/g;

/**
 * An access-log or privacy-settings question as a system query (or a reply asking who was meant), else null. `typed`
 * keeps the capitals of `lower` (same length), so a capitalised word nobody is called is said to be nobody's name.
 */
export async function readGovernance(lower: string, typed: string, ctx: GovernanceContext): Promise<AskQuery | null> {
  if (ERASURE.test(lower)) return privacy('erasure');
  if (TIER.test(lower)) return privacy('tier');
  if (RETENTION.test(lower)) return privacy('retention');
  const content = CONTENT.test(lower.replace(/\b(?:copilot|m365|microsoft\s+365|bizchat)\s+chat\b/g, ' '));
  // "did anyone open Teams chats with Copilot": an app named is use of that app, not the log.
  const appNamed = lower.split(/[^\p{L}\d]+/u).some((w) => APPS.has(w));
  const asksLog =
    AUDIT.test(lower) || (LOOKED.test(lower) && content && ASKED_WHO.test(lower) && !RANKED.test(lower) && !appNamed);
  return asksLog ? accessLogQuery(lower, typed, ctx) : null;
}

/**
 * Money per person ("cost per active user", "cost per user last month"), as the shorthand has rewritten it; a price
 * per licence or seat is the licence's price, which stays unknown (the no-prices reply).
 */
const PRICE = /\b(?:cost|costs|costing|price|prices|priced|pay|paying|spend|spending|spent)\b/;
const PER_PERSON = /\b(?:average\s+per\s+person|per\s+(?:active\s+)?(?:users?|persons?|people|employees?|heads?))\b/;

/**
 * "What is our cost per active user": no price is known, but what a price is divided by is — the active users and
 * the licence holders of the period (adoption, overall), answered with a sentence saying prices are not known.
 */
export function readMoney(lower: string, now: Date, tz: string): AskQuery | null {
  if (!PRICE.test(lower) || !PER_PERSON.test(lower)) return null;
  const period = findPeriod(lower, now, tz)?.period ?? { ...lastDays(now, tz, 30), default: true };
  const filters = { apps: [], departments: [], people: [] };
  return { type: 'measure', measure: 'adoption', by: [], filters, period, order: 'natural', priced: true };
}

/** Apps' names, but for Copilot itself (its conversations are what the log records). */
const APPS = new Set(APP_WORDS.filter((w) => w !== 'copilot' && w !== 'chat'));

const privacy = (topic: 'retention' | 'tier' | 'erasure'): SystemQuery => ({
  type: 'system',
  system: 'privacy',
  topic,
});

interface Token {
  raw: string;
  lower: string;
  capital: boolean;
  possessive: boolean;
  at: number;
}

async function accessLogQuery(lower: string, typed: string, ctx: GovernanceContext): Promise<AskQuery> {
  const found = findPeriod(lower, ctx.now, ctx.timeZone);
  // "in this tool", "here", "in Observatory": the log is this product's own, so these words name no one.
  const rest = (found ? found.rest : lower).replace(THIS_PRODUCT, (m) => ' '.repeat(m.length));
  const tokens = [...typed.matchAll(/[\p{L}][\p{L}.'’-]*/gu)]
    .filter((m) => rest.slice(m.index, m.index + m[0].length).trim() !== '')
    .map((m, at): Token => {
      const possessive = /['’]s$/i.test(m[0]);
      const raw = m[0].replace(/['’]s$/i, '').replace(/['’.]+$/, '');
      return { raw, lower: raw.toLowerCase(), capital: /^\p{Lu}/u.test(raw) && m.index > 0, possessive, at };
    });
  const base: SystemQuery = { type: 'system', system: 'access_log', ...(found ? { period: found.period } : {}) };
  const runs = runsOf(tokens.filter((t) => !LOG_WORDS.has(t.lower)));
  const me = /\b(?:my|mine)\b/.test(lower) ? { ...base, person: 'me' as const, role: 'subject' as const } : null;
  if (runs.length === 0) return me ?? (/\b(?:did|have)\s+i\b/.test(lower) ? { ...base, person: 'me', role: 'viewer' } : base); // prettier-ignore
  if (runs.length > 1 || me) return rephrase(runs.flat().map((t) => t.raw));
  const run = runs[0]!;
  const text = run.map((t) => t.raw).join(' ');
  // "conversations of the Finance team", "transcripts of people in Finance": whose content, by their department.
  const departments = departmentsIn(text, ctx.departments ?? []);
  if (
    departments.length &&
    run.every((t) => departments.some((d) => d.toLowerCase().includes(t.lower)) || GROUP_WORDS.has(t.lower))
  )
    // prettier-ignore
    return { ...base, departments, role: 'subject' };
  const resolved = await resolveUser(ctx.names, text);
  const role = roleOf(run, tokens);
  if (resolved.status === 'found') return { ...base, person: toPerson(resolved.user), role };
  if (resolved.status === 'ambiguous')
    return reply('which_person', {
      text,
      people: resolved.candidates.map((c) => ({
        person: toPerson(c),
        label: c.displayName ?? c.userId,
        query: { ...base, person: toPerson(c), role },
      })),
    });
  // A name typed as one (capitals, "X's") that nobody has is said to be nobody's; other words are not understood.
  if (run.some((t) => t.capital || t.possessive))
    return reply('nobody', {
      text,
      people: resolved.suggestions.map((c) => ({
        person: toPerson(c),
        label: c.displayName ?? c.userId,
        query: { ...base, person: toPerson(c), role },
      })),
    });
  return rephrase(run.map((t) => t.raw));
}

/** Words beside a department's name that name its people, not a person. */
const GROUP_WORDS = new Set([
  'team',
  'teams',
  'department',
  'dept',
  'people',
  'staff',
  'users',
  'folks',
  'group',
  'org',
]);

/** Consecutive tokens (by their place in the question) as runs of at most three. */
function runsOf(tokens: Token[]): Token[][] {
  const runs: Token[][] = [];
  for (const t of tokens) {
    const last = runs[runs.length - 1];
    if (last && last[last.length - 1]!.at === t.at - 1 && last.length < 3) last.push(t);
    else runs.push([t]);
  }
  return runs;
}

/**
 * Whose entries: "Megan's conversations", "conversations of Megan" are hers as the one viewed; "did Megan open",
 * "opened by Megan" hers as the viewer; "the audit log for Megan" either.
 */
function roleOf(run: Token[], tokens: Token[]): 'subject' | 'viewer' | 'either' {
  const first = run[0]!.at;
  const last = run[run.length - 1]!.at;
  const before = tokens[first - 1]?.lower ?? '';
  const after = tokens[last + 1]?.lower ?? '';
  if (run[run.length - 1]!.possessive || ['of', 'about', 'whose'].includes(before)) return 'subject';
  if (before === 'by' || ['did', 'has', 'have'].includes(before) || LOOKED.test(after)) return 'viewer';
  return 'either';
}

const toPerson = (u: { userId: string; displayName: string | null; userPrincipalName: string | null }): Person => ({
  userId: u.userId,
  name: (u.displayName ?? u.userPrincipalName ?? u.userId).trim().slice(0, 120),
});

function reply(kind: ReplyQuery['reply'], extra: Partial<ReplyQuery> = {}): ReplyQuery {
  return { type: 'reply', reply: kind, notUnderstood: [], suggestions: [], people: [], choices: [], ...extra };
}

const rephrase = (words: string[]): ReplyQuery =>
  reply('rephrase', {
    notUnderstood: words.slice(0, 10).map((w) => w.slice(0, 60)),
    understood: 'the access log (who opened whose Copilot conversations)',
    suggestions: ['Who opened conversations this week?', 'Has anyone viewed my prompts?', 'Access log for last month'],
  });
