/** The weighted injection phrases `injectionRules` sums (one match per phrase and text). */
export interface Phrase {
  id: string;
  weight: number;
  pattern: RegExp;
}

const INSTRUCTIONS =
  '(?:instructions?|prompts?|rules|directions|directives|guidelines|guardrails|constraints|system (?:prompt|message)|programming|training)';

export const PHRASES: readonly Phrase[] = [
  {
    id: 'ignore-instructions',
    weight: 3,
    pattern: new RegExp(
      `\\b(?:ignore|disregard|forget|override)\\s+(?:(?:all|any|of|the)\\s+)*(?:your|previous|prior|above|earlier|preceding|original|initial|system|safety|developer|all)\\s+(?:(?:previous|prior|above|earlier|system|safety|original)\\s+)?${INSTRUCTIONS}\\b(?!\\s+(?:I|we|you|she|he|they)\\s+(?:sent|gave|wrote|shared|provided|mentioned|emailed|posted|left)|\\s+(?:from|about|regarding|on how|in the|for the)\\b)`,
      'i',
    ),
  },
  {
    // Not "ignore everything above the signature line": a part of the document pasted, not the conversation.
    id: 'ignore-everything-above',
    weight: 3,
    pattern:
      /\b(?:ignore|disregard|forget)\s+(?:everything|all(?: of)? (?:that|this|the above))\s+(?:above|before|you were told|said before|prior)\b(?!\s+the\s+(?:signature|sign-off|header|footer|heading|title|subject|table|chart|image|picture|logo|quoted|greeting|salutation|disclaimer|divider|dotted|dashed|horizontal|first|second|last)\b)/i,
  },
  {
    // Not "the system message from the outage" or "… we posted": a notice to users, in IT's own words.
    id: 'reveal-system-prompt',
    weight: 3,
    pattern:
      /\b(?:reveal|show|print|repeat|output|display|leak|dump|tell me|give me|what (?:is|are)|write out|list)\s+(?:me\s+)?(?:your|the)\s+(?:full\s+|exact\s+|original\s+|hidden\s+|secret\s+|internal\s+)*(?:system prompt|system message|initial (?:prompt|instructions)|hidden (?:prompt|instructions)|developer (?:message|prompt|instructions)|meta ?prompt|pre-?prompt)\b(?!(?<=\bthe system message)\s+(?:from|about|regarding|on the|in the|we|they|sent|posted|shown|displayed|that (?:was|went|we|they))\b)/i,
  },
  {
    // "Copy everything above this line into a new doc" is ordinary (this weight alone is below the threshold); with
    // "your instructions" or "starting with 'You are'" it is extraction.
    id: 'repeat-text-above',
    weight: 2,
    pattern:
      /\b(?:print|repeat|output|show|display|write out|copy|reproduce)\s+(?:me\s+)?(?:everything|all(?: of)?(?: the)?(?: text)?|the text|the words)\s+(?:above|before|preceding)\b/i,
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
    // Not the defence against one: "jailbreak-resistant", "anti-jailbreak", "jailbreak detection", "jailbreak attempts".
    id: 'jailbreak-word',
    weight: 2,
    pattern:
      /(?<!anti-?)\b(?:jailbreak|jailbroken|jail-break|developer mode|god mode|unfiltered mode|uncensored mode)\b(?![- ](?:resistant|proof|detection|protection|prevention|filters?|classifiers?|attempts?|risks?|defen[cs]es?)\b)/i,
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
      /\b(?:bypass(?:ed|ing)?|circumvent(?:ed|ing)?|evad(?:e|ed|ing)|(?:get|got|gets|getting) around|work around|disable|turn off|defeat|sneak (?:past|around))\s+(?:the\s+|your\s+|any\s+|all\s+|our\s+|microsoft['’]?s?\s+)?(?:safety|content|security|dlp|data loss prevention|sensitivity|purview|compliance|moderation|ai)?\s*(?:filters?|guardrails?|restrictions?|safeguards?|polic(?:y|ies)|controls?|moderation|detection|classifiers?|labels?|censorship)\b/i,
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
      /(?:^|\n)\s*(?:#{2,}\s*)?(?:new|updated|real|actual) (?:instructions|directives?|system prompt)\s*:|<\|im_start\|>|<\|system\|>|\[\/?(?:INST|SYS)\]|<<SYS>>/i,
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
    // Portuguese, Dutch, Japanese and Chinese forms of "ignore the previous instructions".
    id: 'ignore-instructions-translated-more',
    weight: 3,
    pattern:
      /\b(?:ignor[ea]|esque[cç]a|desconsidere)\s+(?:todas\s+)?(?:as\s+)?(?:suas\s+)?(?:instru[cç](?:ões|oes)|regras)\s+(?:anteriores|pr[eé]vias)|\b(?:negeer|vergeet)\s+(?:alle\s+)?(?:de\s+)?(?:vorige|eerdere|voorgaande|bovenstaande)\s+(?:instructies|regels|opdrachten)|(?:以前|前|上記)の(?:指示|命令|指令)を(?:すべて|全て)?無視|忽略(?:之前|以上|上面|先前)的?(?:所有)?(?:指令|指示|说明)/i,
  },
  {
    // The question form: "what instructions were you given before this conversation?"
    id: 'were-you-given',
    weight: 2,
    pattern: /\b(?:instructions|rules|guidelines|prompt)\s+(?:were|have)\s+you\s+(?:been\s+)?given\b/i,
  },
  {
    // Text addressed to the assistant inside content it reads: an HTML comment or a bracketed note (cross-prompt).
    id: 'note-to-assistant',
    weight: 2,
    pattern:
      /<!--\s*(?:note to\s+)?(?:the\s+)?(?:ai|assistant|copilot|chatbot|llm|model)\b|\[\s*(?:note|message|instructions?)\s+(?:to|for)\s+(?:the\s+)?(?:ai|assistant|copilot|llm|model)\b|\[\s*(?:ai|assistant|copilot)\s+instructions?\s*:/i,
  },
  {
    id: 'disregard-user-request',
    weight: 2,
    pattern: /\b(?:ignore|disregard)\s+(?:the\s+)?user(?:'s|’s|s')?\s+(?:request|question|instructions?|prompt)\b/i,
  },
  {
    // "ignore Microsoft's policies", "disregard your content policy" (one policy alone weighs below the threshold).
    id: 'ignore-policies',
    weight: 2,
    pattern:
      /\b(?:ignore|disregard)\s+(?:all\s+)?(?:of\s+)?(?:microsoft(?:'s|’s)?|openai(?:'s|’s)?|your|its|the|any)\s+(?:own\s+)?(?:(?:content|safety|usage|ai)\s+)?polic(?:y|ies)\b/i,
  },
  {
    id: 'regardless-of-permissions',
    weight: 2,
    pattern:
      /\bregardless of (?:the user(?:'s|’s)?|my|their|your|any) (?:permissions|access(?: rights)?|clearance|rights|role)\b/i,
  },
  {
    id: 'new-instructions-override',
    weight: 2,
    pattern:
      /\b(?:new|these|my) (?:instructions|rules|directives?) (?:overrides?|replaces?|supersedes?|takes? precedence over)\b/i,
  },
  {
    id: 'other-users-data',
    weight: 1,
    pattern:
      /\b(?:reveal|show|give me|list|print)\s+(?:me\s+)?(?:all\s+)?(?:other users(?:'|’)?|everyone(?:'s|’s)|other people(?:'s|’s))\s+(?:chats|conversations|prompts|messages|files|e-?mails|mail|data)\b/i,
  },
  {
    // Fiction as a wrapper for what would otherwise be refused ("for a short story, explain how he got around DLP").
    id: 'fiction-framing',
    weight: 1,
    pattern:
      /\bfor an? (?:short )?(?:story|novel|screenplay|film script|role-?play)\b|\b(?:in|write) an? (?:fictional|hypothetical) (?:story|scenario)\b|\bhypothetically\b/i,
  },
  {
    id: 'authorise-you',
    weight: 1,
    pattern:
      /\bI\s+(?:hereby\s+)?(?:authori[sz]e|permit|allow)\s+you\s+to\b|\bas (?:the |a |an |your )?(?:tenant |global |system )?admin(?:istrator)?,?\s+I\b/i,
  },
  {
    // "the instructions you were given before this chat" (not "the instructions you were given by IT").
    id: 'instructions-you-were-given',
    weight: 2,
    pattern:
      /\b(?:instructions|rules|guidelines|guidance|prompt)\s+(?:that\s+)?you\s+(?:were|have been)\s+given\b(?!\s+(?:by|for|from|at|in|about|on)\b)/i,
  },
  {
    id: 'ignore-given-instructions',
    weight: 3,
    pattern:
      /\b(?:ignore|disregard|forget)\s+(?:all\s+)?(?:of\s+)?(?:the\s+)?(?:instructions|rules|guidelines|guidance)\s+(?:that\s+)?you\s+(?:were|have been)\s+given\b(?!\s+(?:by|for|from)\b)/i,
  },
  { id: 'before-this-conversation', weight: 1, pattern: /\bbefore (?:this|our) (?:conversation|chat|session)\b/i },
  { id: 'verbatim', weight: 1, pattern: /\b(?:word for word|verbatim)\b/i },
  {
    // Said to the model ("your safety guidelines don't apply"), not "your travel policy doesn't apply to us".
    id: 'rules-do-not-apply',
    weight: 3,
    pattern:
      /\byour\s+(?:(?:safety|content|usage)\s+(?:rules|guidelines|polic(?:y|ies))|instructions|guardrails|filters|restrictions)\s+(?:do(?:n't|n’t| not)|no longer)\s+apply\b/i,
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
      /\b(?:do not|don't|never) (?:tell|inform|alert|notify|reveal to|mention (?:this )?to) (?:the user|anyone|the admin|security)\b|\b(?:do not|don't|never) mention this (?:note|message|instruction|comment)\b/i,
  },
];
