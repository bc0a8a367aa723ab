import type { Word } from './recognise';

/**
 * Words of the domain no tag carries (they are filler to the reader, yet say the message is about Copilot use):
 * a message holding one of them is never declined as out of scope.
 */
const DOMAIN_WORDS = new Set(
  `copilot copilots microsoft m365 365 o365 office active data tenant report stats statistics figures figure licence
  licences license licenses licensed seat seats dashboard kpi users user people employees staff persons`.split(/\s+/),
);

/** A tag that only a question about Copilot use carries (a measure, a grouping, a source, a risk, an app…). */
const DOMAIN_CUES = new Set(['users', 'license', 'inactive', 'usage', 'sites', 'team', 'sync', 'risk', 'summary', 'rate', 'average', 'per_licence', 'export', 'profile', 'ask', 'trend', 'change', 'compare', 'rank', 'rank_asc', 'count', 'new', 'list', 'help', 'by']); // prettier-ignore

/** Whether any word of the message belongs to the domain: a measure, grouping, app, department, source, risk or cue. */
export function hasDomainWord(words: readonly Word[]): boolean {
  return words.some((w) => {
    if (w.app || w.department || w.excluded || DOMAIN_WORDS.has(w.word) || DOMAIN_WORDS.has(w.raw)) return true;
    const t = w.tag;
    if (!t) return false;
    return Boolean(t.measure || t.dim || t.dimNoun || t.kind || t.host || t.risk || (t.cue && DOMAIN_CUES.has(t.cue)));
  });
}

/** "What time is it", "what's the date today": the clock, not a time grouping of Copilot's use. */
export const CLOCK_QUESTION =
  /^\s*what(?:'s|\s+is)?\s+(?:the\s+)?(?:time|date|day)(?:\s+is\s+it)?(?:\s+(?:today|now|right\s+now))?\s*\??\s*$/i;

/**
 * Chit-chat said as such (thanks, who the bot is, a greeting); any other message without a word of the domain is
 * out of scope. Each kind is said with what can be asked.
 */
export function smallTalkOf(text: string): 'thanks' | 'identity' | 'greeting' | null {
  const t = text.toLowerCase().replace(/[^\p{L}\s']/gu, ' ');
  if (/\b(?:thanks|thank\s+you|thx|ty|cheers|much\s+appreciated|great|perfect|awesome|cool|ok|okay|got\s+it)\b/.test(t))
    return 'thanks';
  if (
    /\bwho\s+(?:are|r)\s+(?:you|u)\b|\bwhat\s+(?:are|r)\s+(?:you|u)\b|\byour\s+name\b|\bare\s+you\s+(?:a\s+)?(?:bot|human|real|ai)\b/.test(
      t,
    )
  )
    // prettier-ignore
    return 'identity';
  if (/^\s*(?:hi|hello|hey|hiya|howdy|yo|good\s+(?:morning|afternoon|evening|day)|greetings|how\s+are\s+you)\b/.test(t))
    return 'greeting';
  return null;
}

/**
 * A request for the bot to do Copilot's or an assistant's work ("book me a meeting", "can you summarise my emails",
 * "remind me tomorrow"): it only reads how Copilot is used, so such a message is out of scope whatever it names.
 */
// "can you email this report to my manager every monday": a delivery the bot does not make (a sync summary is posted
// to a channel, a saved question asked again).
export const ACTION_REQUEST =
  /^\s*(?:(?:can|could|would|will)\s+you\s+(?:please\s+)?|please\s+|pls\s+)?(?:book|reschedule|remind|set\s+up\s+(?:a|an|the)\s+(?:meeting|call|appointment)|schedule\s+(?:a|an|the|me)\s+(?:meeting|call|appointment|catch-?up|sync)|summari[sz]e\s+(?:my|our|this|these|that|the\s+(?:latest|last))\s+(?:e-?mails?|mails?|inbox|meetings?|chats?|messages?|documents?|docs?|files?|threads?)|translate|proofread|rewrite|reply\s+to|(?:e-?mail|mail|forward|send)\s+(?:this|that|the|these|those|it|them|me|him|her|my\s+manager|our)\b[^?]{0,40}?\b(?:report|answer|table|results?|figures|numbers|data|digest|summary|to)\b)\b/i;

/**
 * "What are people using Copilot for?", "what is Copilot being used for in Excel": the purpose of the use, which the
 * product does not classify (it counts use and flags risks; it does not read prompts for their topic). A person's own
 * ("what is Lee using Copilot for") is their profile, read as usual.
 */
export const PURPOSE_ASKED =
  /\bwhat\s+(?:(?:are|do|did|have)\s+(?:people|users|employees|staff|folks|colleagues|we|they|our\s+[\w-]+|the\s+[\w-]+(?:\s+team)?)\s+(?:been\s+)?(?:using|use|used)|(?:is|was|has)\s+(?:microsoft\s+365\s+|m365\s+)?copilot\s+(?:being\s+|been\s+)?used)\s+(?:(?:microsoft\s+365\s+|m365\s+)?copilot\s+|it\s+)?for\b/i;

/** What can be asked instead of a purpose: where and how much Copilot is used, and what it drew on. */
/** "DAU/MAU ratio", "stickiness": a ratio the product does not compute, from figures it does give. */
export const STICKINESS =
  /\bdau\s*(?:\/|:|to|over|vs\.?|versus)\s*mau\b|\bstickiness\b|\bsticky\s+(?:ratio|factor|metric)\b/;
export const STICKINESS_SUGGESTIONS = ['Daily active users in the last 30 days', 'Monthly active users this year', 'Weekly active users over the last 8 weeks']; // prettier-ignore

/**
 * "How many hours of Copilot use last week", "time spent in Copilot", "average session length": durations, which the
 * Copilot interaction export does not hold (each prompt and response has a time; a session has no length).
 */
export const DURATION_ASKED =
  /\bhow\s+many\s+(?:hours|minutes)\s+(?:of\b|did\b|do\b|does\b|have\b|has\b|were\b|was\b|are\b|a\s+(?:day|week)\b|per\b|(?:\w+\s+){0,3}?(?:spent|spend|using|use|used)\b)|\b(?:hours|minutes)\s+(?:of\s+)?(?:copilot\s+)?(?:use|usage|spent|using)\b|\btime\s+(?:spent|used)\b|\bspen[dt]\s+(?:\w+\s+){0,3}?(?:time|hours|minutes)\b|\bhow\s+(?:much|long)\s+time\b|\bhow\s+long\s+(?:do|does|did|are|were|is|was)\s+(?:\w+\s+){0,3}?(?:sessions?|using|spend|spent)\b|\b(?:session|usage|conversation|chat)\s+(?:length|duration)s?\b|\bscreen\s+time\b/i;
export const DURATION_SUGGESTIONS = ['Sessions by person this month', 'Prompts by hour of day last week', 'Daily active users in the last 30 days']; // prettier-ignore

export const PURPOSE_SUGGESTIONS = ['Prompts by app this month', 'Most referenced files this month', 'Active users by department this month']; // prettier-ignore
