/**
 * "When did Ben last use Copilot and how many prompts did he send this month?", "is Diego still using it? last activity
 * and how many prompts in the last 30 days": a count asked beside a person's last use. The count is answered and the
 * last use after it (the engine's further questions: that person's profile, which says when they were last active),
 * never one of the two dropped.
 */
const LAST_USE = new RegExp(
  String.raw`\bwhen\s+(?:did|was|has|had)\s+(\p{L}[\p{L}'’.-]*(?:\s+\p{L}[\p{L}'’.-]*){0,3}?)\s+last\s+(?:use[ds]?|active|on(?:line)?|log(?:ged)?\s+(?:in|on)|seen|sign(?:ed)?\s+in)\b(?:\s+(?:(?:microsoft\s+365\s+|m365\s+)?copilot|it))?|\b(?:(?:their|his|her|the)\s+)?(?:last|latest|most\s+recent)\s+(?:activity|active\s+date|use|usage|login|sign[\s-]?in|seen|interaction)(?:\s+date)?\b|\blast\s+(?:used|active|seen)\b`,
  'iu',
);
/** What the rest must still ask: a count, or a measure named. */
const COUNTED =
  /\b(?:how\s+many|how\s+much|number\s+of|count\s+of|total|prompts?|sessions?|responses?|interactions?)\b/i;
/** The two are joined: "and", a comma, a question mark or a semicolon between them. */
const JOINED = /\band\b|[,;?]/;

/** The question without its last-use words (the person named there kept), or null when it does not ask both. */
export function lastUseBeside(text: string): string | null {
  // LAST_USE needs "last", "latest" or "recent": a question with none is not tried against it.
  if (!/last|latest|recent/i.test(text)) return null;
  const m = LAST_USE.exec(text);
  if (!m || !JOINED.test(text)) return null;
  const rest = `${text.slice(0, m.index)} ${m[1] ?? ''} ${text.slice(m.index + m[0].length)}`;
  return COUNTED.test(rest) ? rest.replace(/\s+/g, ' ').trim() : null;
}
