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
      /\b(?:pretend|imagine|assume|act as if)\s+(?:that\s+)?(?:you\s+)?(?:have|had|are under|were under|with)\s+no\s+(?:rules|restrictions|limits|limitations|guidelines|filters|policies)\b/i,
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
      /\byou are no longer (?:an? )?(?:ai|assistant|copilot|bound|restricted|limited)\b|\byou (?:must|will) (?:now )?obey (?:me|only me)\b/i,
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

function quoted(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 2), start);
  if (!/["“'‘«]\s*$/.test(before)) return false;
  const rest = text.slice(end, end + 160);
  const lineEnd = rest.indexOf('\n');
  return QUOTE.test(lineEnd >= 0 ? rest.slice(0, lineEnd) : rest);
}

/** Injection wording in a prompt (or, in a response, from content Copilot drew on): one review finding per text. */
export const injectionRule: TextRule = (field: ScanField, ctx: ScanContext): RuleMatch[] => {
  if (field.kind === 'url') return [];
  let score = 0;
  let first: { start: number; end: number } | null = null;
  const hits: string[] = [];
  for (const phrase of PHRASES) {
    const m = phrase.pattern.exec(field.text);
    if (!m) continue;
    // Quoted wording is talked about ("examples of 'ignore all previous instructions' in phishing"), not used.
    score += quoted(field.text, m.index, m.index + m[0].length) ? Math.min(1, phrase.weight) : phrase.weight;
    hits.push(phrase.id);
    if (!first || m.index < first.start) first = { start: m.index, end: m.index + m[0].length };
  }
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
