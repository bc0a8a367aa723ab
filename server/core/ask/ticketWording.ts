/**
 * How a help-desk ticket or a report frames a question, apart from what it asks: what someone says that the admin
 * wants checked ("Fiona says she never used it, can you confirm?"), the product's own record named as where the answer
 * comes from ("according to the access log"), and the words a ticket uses for a fault ("excel copilot is broken for
 * her"). None of them changes what is counted; each is read past or set apart, never taken for a person's name.
 */

/** Verbs that report what someone said or thinks ("she says", "the user claims that", "he told us"). */
const REPORTING = String.raw`(?:says|said|claims|claimed|insists|insisted|reports|reported|mentions|mentioned|states|stated|swears|thinks|believes|tells\s+(?:me|us)|told\s+(?:me|us))`;
/** A request to check what was said, closing the message ("can you confirm?", "is that right?", "please verify"). */
const CONFIRM = String.raw`(?:(?:can|could|would)\s+you\s+(?:please\s+)?(?:confirm|check|verify|double[-\s]?check)(?:\s+(?:that|this|it))?|please\s+(?:confirm|check|verify)(?:\s+(?:that|this|it))?|(?:is|was)\s+(?:that|this|it)\s+(?:really\s+)?(?:right|true|correct|accurate|so|the\s+case)|(?:is\s+(?:that|this|it)\s+)?true|right|correct|confirm)`;

/**
 * A claim followed by a request to check it: who said it (a few words), the reporting verb, the claim, the request
 * ("Fiona Peterson says she never used it, can you confirm?"); a claim alone ("alex says his history is missing") is
 * not one, and its words are asked about; or the claim's source before it ("according to Joni, she
 * never used it - is that right?").
 */
const SAID_CLAIM = new RegExp(
  String.raw`^(\s*(?:[\p{L}'’.-]+\s+){0,3}?[\p{L}'’.-]+,?\s+${REPORTING}(?:\s+that)?\s+)([^?]*?\p{L}[^?]*?)([\s,.;:—–-]+${CONFIRM}\s*[?.!]*\s*)$`,
  'iu',
);
const ATTRIBUTED_CLAIM = new RegExp(
  String.raw`^(\s*according\s+to\s+)([^?]*?\p{L}[^?]*?)([\s,.;:—–-]+${CONFIRM}\s*[?.!]*\s*)$`,
  'iu',
);

/** A frame that opens a question or names what is counted: no one who said something. */
const NOT_A_SPEAKER =
  /^\s*(?:how|which|what|who|whom|whose|when|where|why|is|are|was|were|do|does|did|can|could|list|show|top|count|number)\b|\b(?:users|people|persons|employees|staff|departments|depts|teams|apps|findings|prompts|sessions|licen[cs]es|files)\b/i;

/**
 * A claim to check read as the question it states: who said it, the reporting words and the request blanked (a
 * pronoun in the claim is already the person named: pronouns.ts), and what was set aside. "According to Joni" keeps
 * Joni: the claim is about her.
 */
export function checkedClaim(text: string): { text: string; said: string } | null {
  const m = SAID_CLAIM.exec(text) ?? ATTRIBUTED_CLAIM.exec(text);
  if (!m) return null;
  const [, frame, claim, request] = m as unknown as [string, string, string, string];
  // "How many findings were reported last week, can you check?": a question of its own, not someone's claim.
  if (NOT_A_SPEAKER.test(frame)) return null;
  const blank = (s: string) => ' '.repeat(s.length);
  const verb = /according/i.test(frame) ? 'according to' : /\s(\S+(?:\s+(?:me|us))?)(?:\s+that)?\s*$/i.exec(frame)![1]!;
  const said = `${verb} … ${request.replace(/^[\s,.;:—–-]+|[\s?.!]+$/g, '')}`;
  return { text: `${blank(frame)}${claim}${blank(request)}`, said: said.toLowerCase().slice(0, 30) };
}

/**
 * "According to the access log", "as per our records": the product's own record named as the source of the answer,
 * which every answer comes from; the record's name stays to be read ("the access log" is the access log).
 */
export const RECORD_SOURCE =
  /\b(?:according\s+to|as\s+per|as\s+shown\s+(?:in|by))\s+(?=(?:the|our|your|its)\s+(?:access\s+log|audit\s+log|data|records?|logs?|numbers|figures|stats|statistics|dashboard|tab|system|observatory|copilot\s+observatory)\b)/gi;

/**
 * Words a ticket uses for a fault ("is broken", "keeps crashing", "has been down"): never anyone's name, even when a
 * name in the directory is a letter or two away ("broken" and Bowen). They are not read past: a question whose only
 * words left are these is still asked about; with a question beside them they are its context (contextClauses.ts).
 */
export const FAULT_WORDS: ReadonlySet<string> = new Set(
  `broken broke breaks crashing crashed crashes crash failing faulty buggy glitchy unresponsive frozen freezing hanging
  laggy sluggish slow outage erroring malfunctioning unusable greyed grayed`.split(/\s+/),
);
