import { PHRASES } from './injectionPhrases';
import type { RuleMatch, ScanField, ScanContext, TextRule } from './types';

/**
 * Prompt injection and jailbreak wording as weighted phrases. Everyday business prompts say "ignore the previous
 * draft", "act as the note taker", "bypass the queue": phrases name what is ignored or bypassed (instructions,
 * rules, safety filters), and words such as "act as" weigh nothing alone. A text scoring THRESHOLD or more is a
 * low-severity "review" finding — never high on phrases alone (Microsoft's own jailbreak classifier is only in
 * Purview audit records).
 */

const THRESHOLD = 3;
const QUOTE = /["“”'‘’«»]/;

/**
 * Whether a phrase is quoted: right after an opening quote, or (`inside`, for prompts: a user quoting an attack in
 * training text) anywhere within a double-quoted span. In an answer, a quoted instruction is what a document said.
 */
function quoted(text: string, start: number, end: number, inside: boolean): boolean {
  const rest = text.slice(end, end + 160);
  const lineEnd = rest.indexOf('\n');
  const closes = QUOTE.test(lineEnd >= 0 ? rest.slice(0, lineEnd) : rest);
  const before = text.slice(Math.max(0, start - 2), start);
  if (/["“'‘«]\s*$/.test(before)) return closes;
  if (!inside) return false;
  // Further inside a double-quoted example: an opening quote earlier on the line is still open.
  const line = text.slice(text.lastIndexOf('\n', start - 1) + 1, start);
  const opened =
    (line.match(/"/g) ?? []).length % 2 === 1 ||
    (line.match(/[“«]/g) ?? []).length > (line.match(/[”»]/g) ?? []).length;
  return opened && closes;
}

/** Injection wording in a prompt (or, in a response, from content Copilot drew on): one review finding per text. */
export const injectionRule: TextRule = (field: ScanField, ctx: ScanContext): RuleMatch[] => {
  if (field.kind === 'url') return [];
  let score = 0;
  let quotedScore = 0;
  let first: { start: number; end: number } | null = null;
  const hits: string[] = [];
  for (const phrase of PHRASES) {
    const m = phrase.pattern.exec(field.text);
    if (!m) continue;
    // Quoted wording is talked about ("examples of 'ignore all previous instructions' in phishing"), not used.
    // Quoted phrases together count as one at most.
    if (quoted(field.text, m.index, m.index + m[0].length, ctx.source === 'prompt'))
      quotedScore = Math.min(1, quotedScore + phrase.weight);
    else score += phrase.weight;
    hits.push(phrase.id);
    if (!first || m.index < first.start) first = { start: m.index, end: m.index + m[0].length };
  }
  score += quotedScore;
  if (score < THRESHOLD || !first) return [];
  const value = field.text.slice(first.start, first.end);
  return [
    {
      rule: ctx.source === 'prompt' ? 'prompt-injection' : 'injected-instructions-in-response',
      category: 'prompt_injection',
      severity: 'low',
      confidence: score >= 5 ? 'medium' : 'low',
      type: `Injection wording (${hits.join(', ')})`,
      start: first.start,
      end: first.end,
      value,
      // The phrase itself is no secret; an admin needs to read it to triage.
      masked: value.length > 120 ? `${value.slice(0, 117)}…` : value,
      redact: false,
    },
  ];
};
