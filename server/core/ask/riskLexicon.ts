import type { FindingStatus } from '../../store/documents';
import type { RiskCategory, Severity } from '../risk/types';
import type { FindingKind } from './querySchema';
import type { Word } from './recognise';
import { tagTriageEvents } from './triageEvents';
import { tagResolution, type Resolution } from './findingResolution';
import { APP_WORDS, FILLER, WORDS } from './lexicon';

/** What a word of a risk question tells the engine. */
export interface RiskTag {
  category?: RiskCategory;
  kind?: FindingKind;
  severity?: Severity;
  /** Statuses meant together ("unresolved": open or investigating). */
  statuses?: FindingStatus[];
  /** Where the text came from: the user's prompt (pasted, shared) or Copilot's response (surfaced). */
  source?: 'prompt' | 'response';
  /** The statuses are what triage moved findings to, in the period asked ("how many did we close this week"). */
  changed?: true;
  /** The period is when the findings were detected ("detected in the last 24 hours"), not their interactions'. */
  detected?: true;
  /** An age with no number ("stale findings"): asked how old, never read as the sync's freshness. */
  ageAsked?: true;
  /** Asked of the findings triage closed in the period: how long they took, or who closed them (findingResolution.ts). */
  triage?: Resolution;
  /** A dimension of findings named after "by", "per", "which". */
  dim?: 'category' | 'severity' | 'status' | 'rule';
}

const list = (words: string, tag: RiskTag): Array<[string, RiskTag]> => words.split(',').map((w) => [w.trim(), tag]);

/** What a finding is called ("the account finding", "any financial alerts", "that card issue"). */
const FINDING_NOUNS = 'finding findings alert alerts issue issues incident incidents detection detections risk risks hit hits flag flags'.split(' '); // prettier-ignore

/**
 * A word that names a kind of finding only before a finding's noun ("what's the account finding about", "financial
 * alerts"): alone it means something else ("account" in "bank account details", "financial" a department's).
 */
const namedKind = (words: string, tag: RiskTag): Array<[string, RiskTag]> =>
  words
    .split(',')
    // "account findings", and "account security findings" with the kind of finding between.
    .flatMap((w) => FINDING_NOUNS.flatMap((noun) => [`${w.trim()} ${noun}`, `${w.trim()} security ${noun}`]))
    .map((phrase): [string, RiskTag] => [phrase, tag]);

/**
 * What each category is called when named as one ("in the account category", "category financial", "watch-list
 * category findings", "account-category findings"): the word beside "category" is that category whatever it means
 * alone ("account", "financial", "finance"), never dropped with the other filler words.
 */
const CATEGORY_NAMES: ReadonlyArray<[RiskCategory, string]> = [
  ['credential', 'credential, credentials, secret, secrets'],
  ['financial', 'financial, financial data, finance'],
  ['personal_data', 'personal data, personal, pii, personal information'],
  ['prompt_injection', 'prompt injection, injection, jailbreak'],
  ['exfiltration', 'exfiltration, data exfiltration, exfil'],
  ['oversharing', 'oversharing, overshared'],
  ['account', 'account, accounts'],
  ['watchlist', 'watchlist, watch list, watch-list'],
];
const namedCategory = ([category, names]: [RiskCategory, string]): Array<[string, RiskTag]> =>
  names.split(',').flatMap((n) => {
    const name = n.trim();
    const said = [`${name} category`, `${name} categories`, `category ${name}`, `category of ${name}`];
    return [...said, `${name.replace(/ /g, '-')}-category`].map((p): [string, RiskTag] => [p, { category }]);
  });

/** Words and phrases that make a question a risk question on their own. */
const TRIGGERS: ReadonlyArray<[string, RiskTag]> = [
  ...list('findings, finding, alerts, alert, risk, risks, risky, incidents, incident, violations, violation, detections, sensitive data, sensitive information, sensitive, dlp, security issues, security findings', {}),
  ...list('credentials, credential, secrets, secret, leaked credentials', { category: 'credential' }),
  ...list('passwords, password', { kind: 'password' }),
  ...list('api keys, api key, access keys, access key, keys', { kind: 'api_key' }),
  ...list('private keys, private key, ssh keys', { kind: 'private_key' }),
  ...list('connection strings, connection string', { kind: 'connection_string' }),
  ...list('access tokens, bearer tokens, json web tokens, jwts, jwt', { kind: 'token' }),
  ...list('credit card numbers, credit card number, credit cards, credit card, card numbers, card number, payment cards, payment card, card details', { kind: 'card_number' }),
  ...list('financial data, financial information, financial details, bank details', { category: 'financial' }),
  ...list('bank account numbers, bank account number, bank account details, bank accounts, iban numbers, iban number, ibans, iban', { kind: 'iban' }),
  ...list('social security numbers, social security number, ssns, ssn', { kind: 'ssn' }),
  // The passport and national-id detectors also read identity cards and driving licences (core/risk/personalDataRules.ts).
  ...list('passport numbers, passport number, passports, passport, national ids, national id numbers, national id, national insurance numbers, national insurance number, ni numbers, identity card numbers, id card numbers, driver licence numbers, driver license numbers, driving licence numbers, driver licence, driver license, driving licence', { kind: 'national_id' }),
  ...list('phone numbers, phone number, telephone numbers', { kind: 'phone_number' }),
  ...list('personal email addresses, personal email address, personal emails, personal email, private email addresses', { kind: 'personal_email' }),
  // What analysts call the people data the personal-data rules find (ids, phone numbers, personal e-mail addresses).
  ...list('personal data, personal information, personally identifiable information, pii, personal info, personal details, customer data, customer details, customer information, customer info, customer records, client data, client details, client information, client info, client records', { category: 'personal_data' }),
  ...list('prompt injections, prompt injection, injection attempts, injections, injection, jailbreaks, jailbreak, jailbreaking, jailbreak attempts', { category: 'prompt_injection' }),
  ...list('data exfiltration, exfiltration, exfil, external links, external link', { category: 'exfiltration' }),
  ...list('oversharing, overshared, overshare', { category: 'oversharing' }),
  // What the oversharing rules find: files and sites reached far beyond their owners (core/risk/oversharingRules.ts).
  ...list('shared too widely, shared too broadly, shared with too many people, shared too much, over-shared, over shared, overexposed, over-exposed, exposed too widely', { category: 'oversharing' }),
  // "not being investigated", "not yet triaged": what triage has not done yet is a finding's status, open, on its own.
  ...list('left to triage, needs triage, need triage, needs triaging, awaiting triage, waiting for triage, to be triaged, still to triage, yet to be triaged, not triaged yet, security-wise, security wise', { statuses: ['open'] }),
  ...list('not being investigated, not under investigation, not investigated, not yet investigated, nobody investigating, not yet triaged, not triaged, not been triaged, never triaged, untriaged', { statuses: ['open'] }),
  ...list('detection rules, detection rule, detectors, detector', { dim: 'rule' }),
  ...list('false positives, false positive, false-positive, false-positives', { statuses: ['false_positive'] }),
  ...list('guest accounts, disabled accounts, account risks', { category: 'account' }),
  // "a disabled account was using Copilot": the account's past state, found by the account rules, not a request.
  ...list('disabled account, blocked accounts, blocked account, deleted accounts, deleted account, deactivated accounts, deactivated account, suspended accounts, suspended account, disabled users, disabled user, blocked users, blocked user, deleted users, deleted user, guest account', { category: 'account' }),
  ...list('watchlist hits, watch list hits, watch-list hits, watchlist, watch list, watch-list, watchlists, watched keywords', { category: 'watchlist' }),
  ...CATEGORY_NAMES.flatMap(namedCategory),
  ...namedKind('account, accounts', { category: 'account' }),
  ...namedKind('financial', { category: 'financial' }),
  ...namedKind('card, payment', { kind: 'card_number' }),
  ...namedKind('phone', { kind: 'phone_number' }),
]; // prettier-ignore

/** Words that narrow or group findings, read only in a question that is already about risk. */
const CONTEXT: ReadonlyArray<[string, RiskTag]> = [
  ...list('high severity, high-severity, high sev, high-sev, high, critical, severe', { severity: 'high' }),
  ...list('medium severity, medium-severity, medium sev, medium-sev, med sev, medium', { severity: 'medium' }),
  ...list('low severity, low-severity, low sev, low-sev, low', { severity: 'low' }),
  ...list('open', { statuses: ['open'] }),
  // What nobody has done yet, in words that alone could be about licences or files ("not assigned"): open findings.
  ...list('not assigned, not yet assigned, unassigned, not picked up, not yet picked up, nobody is looking at, no one is looking at, nobody looking at, nobody is looking into, no one is looking into, nobody has looked at, no one has looked at, nobody looked at, no one looked at, not yet reviewed, not reviewed, not been reviewed, unreviewed, pending review, awaiting review, waiting for review, still new', { statuses: ['open'] }),
  ...list('under investigation, being investigated, investigating, in progress', { statuses: ['investigating'] }),
  ...list('resolved', { statuses: ['resolved'] }),
  ...list('dismissed', { statuses: ['dismissed'] }),
  ...list('not resolved, unresolved, outstanding, pending', { statuses: ['open', 'investigating'] }),
  // "alerts to be dismissed", "findings yet to be closed": what triage has still to close, not what it closed.
  ...list('to be dismissed, yet to be dismissed, still to be dismissed, should be dismissed, still to dismiss, to be closed, yet to be closed, still to be closed, should be closed, to be resolved, yet to be resolved, still to be resolved, should be resolved, not closed, not yet closed', { statuses: ['open', 'investigating'] }),
  ...list('pasted, paste, pasting, pastes, typed, entered, shared, sharing, share, shares, sent, posted, put, submitted, uploaded', { source: 'prompt' }),
  ...list('surfaced, returned, exposed, revealed, showed, shown, leaked, leak, leaks, leaking', { source: 'response' }),
  ...list('categories, category, types, type, kinds, kind', { dim: 'category' }),
  ...list('severity levels, severity level, severities, severity, sev', { dim: 'severity' }),
  ...list('statuses, status, states, state', { dim: 'status' }),
  ...list('rules, rule', { dim: 'rule' }),
  ...list('stale, aging, ageing, old, oldest', { ageAsked: true }),
  ...list('exposure, exposures, posture, account, accounts, item, items, thing, things, stuff, left, remaining', {}),
  // "findings detected in the last 24 hours", "new alerts this week": the period is when they were found.
  ...list('new, newly, detected, newly detected', { detected: true }),
  ...list('fired, triggered, raised, found, flagged, caught, generated, created, produced, fire, fires, firing, triggers, trigger, triggering, raise, raises, caused, cause, causes, generates, generate, generating, produces, produce, creates, attempts, attempt, cases, instances, occurrences, hits, events, containing, contain, contains, contained, include, included, including, chats', {}),
]; // prettier-ignore

const byLength = (entries: ReadonlyArray<[string, RiskTag]>) =>
  entries.map(([p, tag]) => [p.split(' '), tag] as const).sort((a, b) => b[0].length - a[0].length);
const TRIGGER_LIST = byLength(TRIGGERS);
const CONTEXT_LIST = byLength(CONTEXT);

/** Every risk word, kept from spelling correction ("ssns" is not "sessions"). */
export const RISK_WORDS: ReadonlySet<string> = new Set(
  [...TRIGGERS, ...CONTEXT].flatMap(([p]) => p.split(' ')).filter((w) => w.length > 0),
);

function tagAt(words: Word[], at: number, parts: readonly string[], risk: RiskTag, trigger: boolean): boolean {
  if (!parts.every((p, j) => words[at + j] !== undefined && !words[at + j]!.used && words[at + j]!.raw === p))
    return false;
  for (let j = 0; j < parts.length; j++)
    words[at + j] = { ...words[at + j]!, used: true, tag: trigger ? { cue: 'risk', risk } : { risk } };
  return true;
}

/**
 * Tags the words of a risk question before anything else reads them: the words that make it one ("findings",
 * "passwords", "card numbers"), then — only if there are some — the words that narrow it ("open", "high",
 * "pasted"), which mean something else or nothing in a usage question. Answers whether it is a risk question.
 */
export function recogniseRisk(words: Word[]): boolean {
  let risk = false;
  // Only the phrases whose first word the question holds can match (hundreds are listed; a question has a few words).
  const said = new Set(words.map((w) => w.raw));
  const triggers = TRIGGER_LIST.filter(([parts]) => said.has(parts[0]!));
  // Negated statuses first: "findings not triaged" is open findings, not the ones triage moved.
  for (const [parts, tag] of triggers.filter(([, t]) => t.statuses))
    for (let i = 0; i < words.length; i++) if (tagAt(words, i, parts, tag, true)) risk = true;
  risk = tagResolution(words) || risk;
  risk = tagTriageEvents(words) || risk;
  for (const [parts, tag] of triggers)
    for (let i = 0; i < words.length; i++) if (tagAt(words, i, parts, tag, true)) risk = true;
  if (!risk && !statusAlone(words)) return false;
  for (const [parts, tag] of CONTEXT_LIST.filter(([p]) => said.has(p[0]!)))
    for (let i = 0; i < words.length; i++) tagAt(words, i, parts, tag, false);
  leakedByPeople(words);
  return true;
}

/** Words of a question that only asks which findings are in a status ("what's still left open?", "how many are pending"). */
const STATUS_GLUE = new Set('not yet left remain remains remaining item items thing things stuff count number total nobody anyone'.split(' ')); // prettier-ignore

const REQUEST_LEAD = new Set(['please', 'pls', 'can', 'could', 'you', 'kindly', 'just']);
/** A word that asks nothing of its own beside a status: filler, a risk word, or the glue above. */
const quiet = (w: Word) => !!w.tag?.risk || FILLER.has(w.raw) || STATUS_GLUE.has(w.raw);
/** A word that names whose or where the findings are: an app, or one the usage words do not know (a name, a department). */
const named = (w: Word) => APP_WORDS.includes(w.word) || (!WORDS.has(w.word) && w.num === undefined);

/**
 * "What's still open?", "anything unresolved in Sales?", "what's pending review": a finding's status with nothing else
 * asked is about findings (nothing else the product keeps is open or pending), though the word alone narrows a usage
 * question to nothing. Beside it only filler, severities, apps, names and departments; "open sessions" and "did Grace
 * open Word" (a word the status is said of, right after it) stay usage questions.
 */
function statusAlone(words: Word[]): boolean {
  const said = new Set(words.map((w) => w.raw));
  const context = CONTEXT_LIST.filter(([parts]) => said.has(parts[0]!));
  // No status word, no status asked (most questions): nothing to try.
  if (!context.some(([, tag]) => tag.statuses) && !words.some((w) => w.tag?.risk?.statuses)) return false;
  const tried = words.map((w) => ({ ...w }));
  for (const [parts, tag] of context) for (let i = 0; i < tried.length; i++) tagAt(tried, i, parts, tag, false);
  const at = tried.findIndex((w) => w.tag?.risk?.statuses);
  // "open a ticket for …", "please open the dashboard": "open" first is a verb asked of the bot, not a status.
  if (at < 0 || (tried[at]!.raw === 'open' && tried.slice(0, at).every((w) => REQUEST_LEAD.has(w.raw)))) return false;
  const after = tried.slice(at).find((w) => !w.tag?.risk?.statuses);
  return (!after || quiet(after)) && tried.every((w) => quiet(w) || named(w));
}

/** Who can leak something into a prompt: "has anyone leaked client details", "did users leak passwords". */
const ACTORS = new Set(['anyone', 'anybody', 'someone', 'somebody', 'who', 'user', 'users', 'people', 'employees', 'employee', 'staff', 'colleagues', 'we', 'they', 'he', 'she', 'i', 'everyone']); // prettier-ignore
const LEAKS = new Set(['leaked', 'leak', 'leaks', 'leaking']);

/**
 * "Leaked" is Copilot's response ("did Copilot leak any passwords") unless a person leaked it ("has anyone leaked
 * client details"): then, like "pasted", the user's prompt.
 */
function leakedByPeople(words: Word[]): void {
  words.forEach((w, i) => {
    if (!LEAKS.has(w.raw)) return;
    const before = words.slice(Math.max(0, i - 4), i).map((x) => x.raw);
    const actor = before.findLastIndex((x) => ACTORS.has(x));
    if (actor >= 0 && !before.slice(actor).includes('copilot'))
      words[i] = { ...w, used: true, tag: { ...w.tag, risk: { ...w.tag?.risk, source: 'prompt' } } };
  });
}
