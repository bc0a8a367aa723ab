/**
 * "Numbers for the board", "exec summary", "recap of this week", "headline numbers", "KPIs", "the usual monthly
 * figures", "state of Copilot": an overview asked, with no measure named. It is answered as the headline measures side
 * by side (severalMeasures.ts) for the period said, the default said when none is; who the figures are for ("for the
 * board", "for my manager") changes nothing counted, so it is set aside and said, never read as a person.
 */

/** What an overview is read as: the headline measures, counted over the same interactions. */
export const OVERVIEW_MEASURES = 'active users, prompts and sessions';

/** Words that are an overview on their own. */
const OVERVIEW_NOUN = String.raw`(?:(?:exec(?:utive)?|management|high[\s-]?level|quick|short|brief|overall|general)\s+)?(?:overview|summary|summari[sz]e|sum\s+up|recap|round[\s-]?up|digest|highlights|snapshot|scorecard|score\s+card|kpis?|(?:big|overall|full|whole)\s+picture|(?:the\s+)?state\s+of\s+(?:play|things|(?:ms\s+|microsoft\s+(?:365\s+)?|m365\s+)?copilot)|at\s+a\s+glance|tl;?dr)`;
/** Words that are an overview only beside a word saying which figures: "headline numbers", "the usual monthly stats". */
const FIGURES_NOUN = String.raw`(?:numbers|figures|stats|statistics|metrics|kpis?|report|dashboard|data|update|pack|deck)`;
const FIGURES_MODIFIER = String.raw`(?:headline|key|main|top[\s-]?line|usual|standard|regular|overall|high[\s-]?level|general|basic|core|summary|board|exec(?:utive)?|management|leadership|(?:ms\s+|m365\s+)?copilot)`;
/** Who the figures are for. */
const AUDIENCE = String.raw`(?:(?:for|to)\s+(?:the\s+|my\s+|our\s+|a\s+|an\s+)?(?:board(?:\s+(?:meeting|pack|deck))?|cio|ceo|cto|cfo|ciso|coo|cdo|execs?|executives?|exec(?:utive)?\s+team|leadership(?:\s+team)?|senior\s+leadership|slt|elt|management(?:\s+team)?|manager|boss|director|vp|c[\s-]?suite|steering\s+(?:committee|group)|committee|stakeholders?|sponsors?|higher[\s-]?ups|the\s+top|qbr|all[\s-]?hands|(?:monthly|weekly|quarterly)\s+(?:review|meeting|update)))`;
/** A report's cadence, read as the period it reports on when no other is named. */
const CADENCE: Record<string, string> = { daily: 'yesterday', weekly: 'last week', monthly: 'last month', quarterly: 'last quarter' }; // prettier-ignore

/**
 * Anything that says which figures are wanted (a measure, people, licences, sources, findings, the sync, a reason
 * for prompts) or asks about money: the question is read as it is, the overview word only its framing.
 */
const SAYS_WHICH =
  /\b(?:prompts?|questions?|quer(?:y|ies)|messages?|sessions?|conversations?|chats?|users?|people|persons?|employees|staff|who|whom|which|interactions?|responses?|answers?|replies|adoption|licen[cs]\w*|seats?|files?|documents?|docs|sources?|references?|sites?|pages?|emails?|meetings?|agents?|apps?|plugins?|findings?|risks?|risky|security|alerts?|incidents?|sensitive|pii|injections?|jailbreaks?|sync\w*|retention|access(?:es|ed)?|audit\w*|hours?|revenue|costs?|spend\w*|prices?|roi|savings|money|budget|asked|asking|topics?|top|most|least|trend\w*|compare\w*|vs|versus|growth|grew|change\w*|per|average)\b|['’]s\s+(?:overview|summary|recap)/i;

const PERIOD_WORD = String.raw`(?:today|yesterday|this|last|past|previous|prior|since|ytd|mtd|qtd|q[1-4]|h[12]|week(?:s|end)?|months?|quarter|year|days?|\d{4}|jan\w*|feb\w*|mar\w*|apr\w*|may|jun\w*|jul\w*|aug\w*|sep\w*|oct\w*|nov\w*|dec\w*)`;
const PERIOD_SAID = new RegExp(String.raw`\b${PERIOD_WORD}\b`, 'i');
/** "numbers for November", "Saturday and Sunday figures in Q3": the figures of a period said, with no measure named. */
const FIGURES_OF_PERIOD = new RegExp(
  String.raw`\b${FIGURES_NOUN}(?=\s+(?:for|in|during|over|across|from)\s+(?:the\s+)?${PERIOD_WORD}\b)`,
  'i',
);

const OVERVIEW = new RegExp(
  String.raw`\b(?:${OVERVIEW_NOUN}|(?:(?:the\s+)?(?:daily|weekly|monthly|quarterly)\s+)?${FIGURES_MODIFIER}\s+(?:(?:daily|weekly|monthly|quarterly)\s+)?${FIGURES_NOUN}|(?:daily|weekly|monthly|quarterly)\s+${FIGURES_NOUN})\b`,
  'i',
);
/** "give me the numbers", "show us the stats": figures asked with nothing saying which (SAYS_WHICH is read first). */
const FIGURES_ASKED = new RegExp(
  String.raw`\b(?:give|show|send|get|need|want|see)\s+(?:me\s+|us\s+)?(?:the|some|our|all\s+the|your)\s+${FIGURES_NOUN}\b`,
  'i',
);
const FIGURES_FOR = new RegExp(String.raw`\b${FIGURES_NOUN}\s+(?=${AUDIENCE})`, 'i');
const AUDIENCE_SAID = new RegExp(String.raw`\s*\b${AUDIENCE}\b`, 'gi');
/** "How are we doing with Copilot", "how is Copilot going": an overview of use, asked as a question. */
const HOW_DOING =
  /\bhow\s+(?:(?:are|r)\s+(?:we|things)|is\s+(?:ms\s+|m365\s+)?copilot|'?s\s+copilot|is\s+it|(?:is|'?s)\s+(?:the\s+|our\s+)?(?:copilot\s+)?(?:roll-?out|deployment|pilot|launch))\s+(?:doing|going|performing|tracking)(?:\s+(?:with|on)\s+(?:ms\s+|m365\s+)?copilot)?\b/i;

/**
 * "How's my department doing", "how is Sales getting on with Copilot", "how are the Legal folks doing": an overview of
 * one group's use (a department, a person, or the asker's own department, which is then asked about).
 */
const HOW_GROUP_DOING =
  /\bhow\s*(?:\s(?:is|are|r)|['’]?s)\s+(?!(?:we|it|copilot|things|you|they|us)\b)([^?.,;:]{2,60}?)\s+(?:doing|going(?!\s+to\b)|performing|tracking|getting\s+on)(?:\s+(?:with|on|in)\s+(?:(?:ms|m365|microsoft\s+365)\s+)?copilot)?\b/i;
/** The people of a group named in HOW_GROUP_DOING ("the Sales people", "our staff"): who, not which figures. */
const GROUP_PEOPLE = /\b(?:people|users?|staff|employees|persons|folks|team|colleagues)\b/gi;
/** A figure named in the group's place ("how's usage in Sales going"): read as that figure, not an overview. */
const GROUP_FIGURE = /\b(?:usage|use|activity|engagement|adoption|uptake|copilot)\b/i;
/** What makes that group a department ("my team", "the Legal department", "the Sales folks"); a person is not one. */
const GROUP_WORD =
  /\b(?:department|dept|team|division|unit|org|organisation|organization|group|people|staff|folks|employees|colleagues)\b/i;

/**
 * The text with an overview asked read as the headline measures and its audience taken out (said in `aside`), or null
 * when the text asks no overview or already says which figures it wants.
 */
export function readOverview(
  text: string,
  isDepartment: (words: string) => boolean = () => false,
): { text: string; aside: string[] } | null {
  const group = HOW_DOING.test(text) ? null : HOW_GROUP_DOING.exec(text);
  // A person's name is read as that person's use (their profile), not an overview.
  const named = group && !GROUP_FIGURE.test(group[1]!) && (GROUP_WORD.test(group[1]!) || isDepartment(group[1]!));
  if (group && named && !SAYS_WHICH.test(text.replace(GROUP_PEOPLE, ' '))) {
    const rest = `${text.slice(0, group.index)} ${group[1]} ${OVERVIEW_MEASURES} ${text.slice(group.index + group[0].length)}`;
    return { text: rest.replace(/\s+/g, ' ').trim(), aside: [] };
  }
  if (SAYS_WHICH.test(text)) return null;
  const asked =
    OVERVIEW.exec(text) ??
    FIGURES_FOR.exec(text) ??
    HOW_DOING.exec(text) ??
    FIGURES_OF_PERIOD.exec(text) ??
    FIGURES_ASKED.exec(text);
  if (!asked) return null;
  const aside: string[] = [];
  const withoutAudience = (s: string) =>
    s.replace(AUDIENCE_SAID, (w) => {
      aside.push(w.trim().toLowerCase().slice(0, 30));
      return ' ';
    });
  const before = withoutAudience(text.slice(0, asked.index));
  const after = withoutAudience(text.slice(asked.index + asked[0].length));
  // "the usual monthly figures": the month reported on, unless the question names its own period.
  const cadence = /\b(daily|weekly|monthly|quarterly)\b/i.exec(asked[0])?.[1]?.toLowerCase();
  const period = cadence && !PERIOD_SAID.test(`${before} ${after}`) ? ` ${CADENCE[cadence]}` : '';
  // "Copilot usage summary", "summarise our Copilot activity": the use is what the measures count.
  const rest = (s: string) => s.replace(/\b(?:usage|activity|use|utili[sz]ation|of|on)\b/gi, ' ');
  return { text: `${rest(before)} ${OVERVIEW_MEASURES}${period} ${rest(after)}`.replace(/\s+/g, ' ').trim(), aside };
}
