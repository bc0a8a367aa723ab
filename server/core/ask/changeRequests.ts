/**
 * A change asked for without its verb first: "Eli Nguyen's licence should be cancelled", "I need Grace's access
 * revoked", "can you get Lee's seat taken away", "the open finding needs to be assigned to Bo". Copilot Observatory
 * only reads, so these are declined as change requests (lexicon.ts's CHANGE_VERBS holds the verbs that start one).
 * A question about what could be done stays a question: "which licences could be removed" asks for the idle holders.
 */

const DONE =
  '(?:cancel+ed|revoked|removed|taken\\s+(?:away|off|back)|reassigned|assigned|unassigned|suspended|disabled|blocked|reset|given|granted|added|extended|renewed|terminated|deleted|reactivated|re-?enabled|enabled|transferred|upgraded|downgraded|deprovisioned|closed|dismissed)';
/** What a change is done to: licences, people, access, findings and who owns them. */
const CHANGED =
  /\b(?:licen[cs]es?|seats?|subscriptions?|copilot|access|accounts?|users?|permissions?|findings?|alerts?|owners?|data|prompts?|departments?|groups?|admins?|administrators?|investigators?|analysts?|viewers?|roles?|tiers?)\b/;
/** A question asking which or how many could be changed: answered (idle holders, findings), never declined. */
const QUESTION = /^\s*(?:which|who|whose|what|how|where|when|are\s+there|is\s+there|any|do|does|did)\b/;
/** "list the licences that could be removed": the ones that could be changed, asked for. */
const WHICH_COULD =
  /\b(?:that|which|who|whose)\s+(?:\S+\s+){0,2}?(?:should|must|can|could|will|would|needs?|have|has)\b/;
/** What is changed right before the change said ("Grace's access revoked"), and no period after it ("added this month"). */
const OBJECT_DONE = `[^?.]{0,60}?\\b(?:licen[cs]es?|seats?|subscriptions?|access|accounts?|permissions?|findings?|alerts?)\\s+${DONE}\\b(?!\\s+(?:this|last|in|since|during|over|between|on|yesterday|today|per|by)\\b)`;
const ASKED_DONE = new RegExp(
  [
    // "Eli's licence should be cancelled", "can Grace's access be revoked".
    `\\b(?:should|must|needs?\\s+to|has\\s+to|have\\s+to|can|could|will|would)\\b[^?.]{0,60}?\\bbe\\s+${DONE}\\b`,
    // "I want Eli's licence to be cancelled" ("findings yet to be closed", "alerts to be dismissed" are lists asked for).
    `\\b(?:want|wants|wanted|like|need|asked|ask)\\b[^?.]{0,60}?\\bto\\s+be\\s+${DONE}\\b`,
    // "I need Grace's access revoked", "we'd like Lee's seat taken away" ("I want the users added this month" asks).
    `^(?:(?:please|pls|plz)\\s+)?(?:i|we)\\s+(?:need|want|would\\s+like)\\s+(?!to\\b)${OBJECT_DONE}`,
    // "please get Lee's licence removed", "can you have Bo's account disabled".
    `^(?:(?:please|pls|plz|can\\s+you|could\\s+you)\\s+)*(?:get|have)\\s+${OBJECT_DONE}`,
  ].join('|'),
);

/** Verbs that only ever ask for a change, wherever a clause starts with them ("…, cancel his licence"). */
const STRONG =
  '(?:cancel|revoke|remove|unassign|reassign|suspend|disable|unblock|block|delete|erase|wipe|take\\s+(?:away|back)|extend|renew|terminate|deprovision|grant|make\\s+(?!sure\\b)[^?.,]{1,40}?\\b(?:owner|assignee|admin|administrator|investigator|analyst|viewer)|promote|demote|make\\s+(?:a\\s+|an\\s+)?new|create|set\\s+up|rename)\\b';
/**
 * A clause after a statement that starts with one ("Eli left the company, cancel his licence", "… - please revoke it"),
 * or asked whether it may be done ("can I cancel Eli's licence here?", "is it possible to remove Grace's licence").
 */
const CLAUSE_CHANGE = new RegExp(
  [
    `(?:^|[,;.!]|\\s[-—–])\\s*(?:and\\s+|so\\s+|then\\s+)?(?:(?:please|pls|plz|can\\s+you|could\\s+you|you\\s+can|you\\s+could)\\s+)*${STRONG}([^,;.!?]*)`,
    `^(?:(?:can|could|may)\\s+(?:i|we)|is\\s+it\\s+possible\\s+to|are\\s+we\\s+able\\s+to)\\s+(?:\\S+\\s+)?${STRONG}([^,;.!?]*)`,
  ].join('|'),
  'g',
);
/** What such a clause changes, or a word standing for it ("revoke it"): "prompts by app, remove Teams" changes nothing. */
const CLAUSE_OBJECT =
  /\b(?:licen[cs]es?|seats?|subscriptions?|access|accounts?|permissions?|copilot|findings?|alerts?|owner|assignee|departments?|groups?|it|his|her|their|them|admins?|administrators?|investigators?|analysts?|viewers?|roles?|tiers?)\b/;

/** Whether a clause starting with a verb that only asks for a change names what it changes. */
const clauseChange = (request: string) =>
  [...request.matchAll(CLAUSE_CHANGE)].some((m) => CLAUSE_OBJECT.test(`${m[0]}`.replace(/^\W+/, ' ')));

/** Whether a question (lower case, as read) asks for a change in the passive or after "I need …": then declined. */
export function changeAsked(request: string): boolean {
  if (QUESTION.test(request) || WHICH_COULD.test(request) || !CHANGED.test(request)) return false;
  return ASKED_DONE.test(request) || clauseChange(request);
}
