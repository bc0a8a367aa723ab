import type { RuleMatch, ScanField, ScanContext, TextRule } from './types';

/**
 * Prompt injection and jailbreak wording as weighted phrases. Everyday business prompts say "ignore the previous
 * draft", "act as the note taker", "bypass the queue": phrases name what is ignored or bypassed (instructions,
 * rules, safety filters), and words such as "act as" weigh nothing alone. A text scoring THRESHOLD or more is a
 * low-severity "review" finding — never high on phrases alone (Microsoft's own jailbreak classifier is only in
 * Purview audit records).
 */
interface Phrase {
  id: string;
  weight: number;
  pattern: RegExp;
}

const INSTRUCTIONS =
  '(?:instructions?|prompts?|rules|directions|directives|guidelines|guardrails|constraints|system (?:prompt|message)|programming|training)';

const PHRASES: readonly Phrase[] = [
  {
    id: 'ignore-instructions',
    weight: 3,
    pattern: new RegExp(
      `\\b(?:ignore|disregard|forget|override)\\s+(?:(?:all|any|of|the)\\s+)*(?:your|previous|prior|above|earlier|preceding|original|initial|system|safety|developer|all)\\s+(?:(?:previous|prior|above|earlier|system|safety|original)\\s+)?${INSTRUCTIONS}\\b(?!\\s+(?:I|we|you|she|he|they)\\s+(?:sent|gave|wrote|shared|provided|mentioned|emailed|posted|left)|\\s+(?:from|about|regarding|on how|in the|for the)\\b)`,
      'i',
    ),
  },
  {
    id: 'ignore-everything-above',
    weight: 3,
    pattern:
      /\b(?:ignore|disregard|forget)\s+(?:everything|all(?: of)? (?:that|this|the above))\s+(?:above|before|you were told|said before|prior)\b/i,
  },
  {
    id: 'reveal-system-prompt',
    weight: 3,
    pattern:
      /\b(?:reveal|show|print|repeat|output|display|leak|dump|tell me|give me|what (?:is|are)|write out|list)\s+(?:me\s+)?(?:your|the)\s+(?:full\s+|exact\s+|original\s+|hidden\s+|secret\s+|internal\s+)*(?:system prompt|system message|initial (?:prompt|instructions)|hidden (?:prompt|instructions)|developer (?:message|prompt|instructions)|meta ?prompt|pre-?prompt)\b/i,
  },
  {
    // "Copy everything above this line into a new doc" is ordinary; with "your instructions" it is extraction.
    id: 'repeat-text-above',
    weight: 2,
    pattern:
      /\b(?:print|repeat|output|show|display|write out|copy|reproduce)\s+(?:me\s+)?(?:everything|all(?: of)?(?: the)?(?: text)?|the text|the words)\s+(?:above|before|preceding)\s+(?:this|here|my)\b/i,
  },
  {
    id: 'your-instructions',
    weight: 1,
    pattern: /\byour (?:instructions|rules|guidelines|system (?:prompt|message))\b/i,
  },
  {
    id: 'reveal-given-instructions',
    weight: 3,
    pattern:
      /\b(?:reveal|show|print|repeat|output|display|leak|dump|tell me|write out|list)\s+(?:me\s+)?(?:the\s+)?(?:(?:full|exact|whole|entire)\s+)?(?:contents?|text|wording)\s+of\s+(?:your\s+(?:system (?:prompt|message)|instructions|rules)|the\s+system (?:prompt|message))\b|\bsystem (?:prompt|message) you (?:were|have been) given\b/i,
  },
  { id: 'system-prompt-mention', weight: 1, pattern: /\bsystem prompt\b/i },
  {
    id: 'dan-persona',
    weight: 3,
    pattern:
      /\b(?:DAN|do anything now|STAN|DUDE|AIM)\b(?=[^\n]{0,80}\b(?:mode|persona|jailbreak|no (?:rules|restrictions|limits)|anything)\b)|\bdo anything now\b/,
  },
  {
    id: 'jailbreak-word',
    weight: 2,
    pattern: /\b(?:jailbreak|jailbroken|jail-break|developer mode|god mode|unfiltered mode|uncensored mode)\b/i,
  },
  {
    id: 'no-restrictions',
    weight: 2,
    pattern:
      /\b(?:without|no|free (?:of|from)|remove (?:all|any|your)?|with no|ignoring)\s+(?:any\s+|all\s+|your\s+|the\s+)?(?:ethical\s+|safety\s+|content\s+)?(?:restrictions|filters|filtering|guardrails|limitations|censorship|safety (?:rules|guidelines|policies)|moral(?:s|ity)|ethics|content polic(?:y|ies))\b/i,
  },
  {
    id: 'policy-evasion',
    weight: 2,
    pattern:
      /\b(?:bypass|circumvent|evade|get around|work around|disable|turn off|defeat|sneak (?:past|around))\s+(?:the\s+|your\s+|any\s+|all\s+|our\s+|microsoft'?s?\s+)?(?:safety|content|security|dlp|data loss prevention|sensitivity|purview|compliance|moderation|ai)?\s*(?:filters?|guardrails?|restrictions?|safeguards?|polic(?:y|ies)|controls?|moderation|detection|classifiers?|labels?|censorship)\b/i,
  },
  {
    id: 'unrestricted-persona',
    weight: 3,
    pattern:
      /\b(?:act as|pretend (?:to be|you are)|you are now|roleplay as|become|behave (?:as|like)|(?:answer|respond|reply|speak|write) as)\s+(?:an?\s+|my\s+)?(?:unrestricted|unfiltered|uncensored|jailbroken|evil|unethical|rogue|amoral|unaligned|unlimited)\b/i,
  },
  {
    id: 'pretend-no-rules',
    weight: 3,
    pattern:
      /\b(?:pretend|imagine|assume|act as if|where)\s+(?:that\s+)?(?:you\s+)?(?:have|had|are under|were under|with)\s+no\s+(?:content\s+|safety\s+)?(?:rules|restrictions|limits|limitations|guidelines|filters|polic(?:y|ies))\b/i,
  },
  {
    id: 'new-instructions-marker',
    weight: 2,
    pattern:
      /(?:^|\n)\s*(?:#{2,}\s*)?(?:new|updated|real|actual) (?:instructions|system prompt)\s*:|<\|im_start\|>|<\|system\|>|\[\/?(?:INST|SYS)\]|<<SYS>>/i,
  },
  {
    id: 'you-are-no-longer',
    weight: 2,
    pattern:
      /\byou(?: are|'re|’re) no longer (?:an? )?(?:ai|assistant|copilot|bound|restricted|limited)\b|\byou (?:must|will) (?:now )?obey (?:me|only me)\b/i,
  },
  {
    id: 'obey-me',
    weight: 2,
    pattern: /\byour only (?:rule|instruction|goal|job) is to obey\b/i,
  },
  {
    id: 'stop-being-assistant',
    weight: 2,
    pattern: /\bstop (?:being|acting as) (?:an? )?(?:ai|assistant|copilot)\b/i,
  },
  {
    // "act as an AI that will reveal…", not "act as an assistant for the offsite".
    id: 'ai-that-will',
    weight: 2,
    pattern:
      /\b(?:act as|pretend to be|become)\s+an?\s+(?:ai|assistant|model|chatbot)\s+(?:that|which|who)\s+(?:will|can|does(?:n't|n’t| not)|has no|ignores|never refuses)\b/i,
  },
  {
    // Spanish, German, French and Italian forms of "ignore the previous instructions".
    id: 'ignore-instructions-translated',
    weight: 3,
    pattern:
      /\b(?:ignora(?:r|d)?|olvida(?:r)?)\s+(?:todas\s+)?(?:las|tus|sus)\s+(?:instrucciones|reglas)\s+(?:anteriores|previas)|\b(?:ignorier(?:e|en)?|vergiss)\s+(?:alle\s+)?(?:vorherigen|bisherigen|obigen|deine)\s+(?:Anweisungen|Instruktionen|Regeln)|\b(?:ignore[sz]?|oublie[sz]?)\s+(?:toutes\s+)?(?:les|tes|vos)\s+(?:instructions|consignes|règles)\s+(?:précédentes|antérieures)|\bignora\s+(?:tutte\s+)?le\s+istruzioni\s+precedenti/i,
  },
  {
    // "the instructions you were given before this chat" (not "the instructions you were given by IT").
    id: 'instructions-you-were-given',
    weight: 3,
    pattern:
      /\b(?:instructions|rules|guidelines|guidance|prompt)\s+(?:that\s+)?you\s+(?:were|have been)\s+given\b(?!\s+(?:by|for|from|at|in|about|on)\b)/i,
  },
  {
    id: 'rules-do-not-apply',
    weight: 3,
    pattern:
      /\byour\s+(?:safety\s+|content\s+)?(?:instructions|rules|guidelines|guardrails|polic(?:y|ies)|filters)\s+(?:do(?:n't|n’t| not)|no longer)\s+apply\b/i,
  },
  {
    // Directed at the model ("your safety filters"), unlike "bypass the DLP policy for this site".
    id: 'evade-your-filters',
    weight: 3,
    pattern:
      /\b(?:bypass|circumvent|evade|disable|turn off|switch off|get around)\s+your\s+(?:own\s+)?(?:safety\s+|content\s+)?(?:filters?|guardrails?|restrictions?|safeguards?|moderation)\b/i,
  },
  {
    id: 'hide-from-filter',
    weight: 3,
    pattern:
      /\bso\s+(?:that\s+)?(?:the\s+)?(?:content\s+|safety\s+)?(?:filters?|moderation|classifiers?)\s+(?:can(?:no|'|’)?t|cannot|won't|won’t|will not|doesn't|does not)\s+(?:read|see|detect|catch|notice|flag)\b/i,
  },
  {
    id: 'filters-off',
    weight: 2,
    pattern: /\b(?:content |safety )?filters? (?:are|is) (?:now )?(?:off|disabled)\b|\bfilters disabled\b/i,
  },
  {
    id: 'repeat-from-you-are',
    weight: 2,
    pattern: /\bstarting with ["“']?you are\b/i,
  },
  {
    // The "grandma exploit": a dead relative who used to read out what the model must not.
    id: 'grandma-exploit',
    weight: 3,
    pattern: /\b(?:late|dead|deceased)\s+grand(?:mother|ma|father|pa)\b[^.\n]{0,60}\bused to\b/i,
  },
  {
    id: 'no-refusals',
    weight: 1,
    pattern: /\b(?:without|no)\s+(?:any\s+)?(?:[a-z]+,\s+)*(?:[a-z]+\s+or\s+)?refusals?\b/i,
  },
  { id: 'system-override', weight: 2, pattern: /\b(?:system|admin|developer) override\b/i },
  {
    id: 'claimed-authority',
    weight: 1,
    pattern:
      /\b(?:the user is a verified|I am (?:an?|the|your)) (?:admin(?:istrator)?|developer|owner)\b|\bauthori[sz]ed red[- ]team\b/i,
  },
  { id: 'from-now-on', weight: 1, pattern: /\bfrom now on,? you (?:will|must|are|shall)\b/i },
  {
    id: 'hide-from-user',
    weight: 1,
    pattern:
      /\b(?:do not|don't|never) (?:tell|inform|alert|notify|reveal to|mention (?:this )?to) (?:the user|anyone|the admin|security)\b/i,
  },
];

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
