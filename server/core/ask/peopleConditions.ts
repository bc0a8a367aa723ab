import { allTime, describeDays as daysOf, type Period } from './periods';
import type { AskQuery, Dimension, MeasureQuery } from './querySchema';
import type { PeopleCondition } from './peopleConditionSchema';
import type { Word } from './recognise';
import type { FoundThreshold } from './thresholds';
import { consume, daysCounted } from './conditionWords';
import { appsNotUsed, PASSIVE, periodBefore, withoutCompare } from './queryConditions';
import { quietQuery } from './quietConditions';
import { appName } from './lexicon';
import { lastUseAsStopped } from './lastUseAgo';

export { otherMeasureCondition } from './conditionWords';

/**
 * Conditions on people an admin asks about — one app and no other, days active, a fall or rise against the period
 * before, use that stopped, apps nobody tried — read out of the words and set on the measure query (`who`), or asked
 * back with their words when the answer cannot take them. Never dropped.
 */

/** What the words said about the people counted, before the query is built. */
export interface PeopleCues {
  soleApp?: string;
  /** "in both Word and PowerPoint", "all of Word, Excel and PowerPoint": every app named, not any one of them. */
  everyApp?: string;
  activeDays?: FoundThreshold;
  everyDay?: string;
  moved?: 'fall' | 'rise';
  movedWord?: string;
  /** "stopped after the first few weeks": the days of the early window, and the words. */
  lapsed?: { days: number; text: string };
  /** "which apps has nobody tried": apps without any use. */
  nobody?: string;
  /** "who was active on the most days", "active days per person": each person's days active is the figure. */
  countDays?: string;
  /** "which users …", "who …", "list …": the people are listed, not counted. */
  listed?: boolean;
  /** "in October but not in November": the period with no activity (the other is the one counted). */
  quiet?: Period;
  /** "who stopped using Copilot", "no longer uses it": active before the period, not in it. */
  stopped?: string;
  /** "used Copilot before but not this month": active at any time before the period, not only in the unit before it. */
  anyTimeBefore?: boolean;
  /** "how many …": the people are counted, not listed. */
  counted?: boolean;
}

/**
 * Text fixes before the period is read: "hasn't touched copilot in 2 weeks" is the last 2 weeks (not "by week");
 * "unused for 30+ days" is the last 30 days; "on 3 different days" counts days ("3 days"); "whose last use was more than
 * 2 weeks ago" stopped in the last 2 weeks (lastUseAgo.ts).
 */
export function peopleText(text: string): string {
  return (
    lastUseAsStopped(text)
      .replace(NEGATED_SPAN, (m, lead: string, n: string, unit: string) => `${lead}in the last ${n} ${unit}`)
      .replace(IDLE_SPAN, (m, lead: string, n: string, unit: string) => `${lead} in the last ${n} ${unit}`)
      .replace(/\b(\d+)\s+(?:different|separate|distinct|individual)\s+(days?)\b/gi, '$1 $2')
      // "the most different apps": apps counted per person, as "the most apps".
      .replace(
        /\b(most|many|more|fewer|fewest|least|\d+)\s+(?:different|distinct|separate|unique)\s+(apps|applications|products)\b/gi,
        '$1 $2',
      )
  );
}

/**
 * "hasn't used it in 2 weeks", "not touched Copilot within 10 days", "haven't used Copilot for more than 3 weeks", "users
 * with no activity for more than 30 days": the
 * span is a rolling period (no use in it).
 */
const NEGATED_SPAN =
  /\b((?:not|never|no one|nobody|haven't|hasn't|no activity|without (?:any )?activity)\b[^?.!]{0,60}?\b)(?:in|within|for)\s+(?:the\s+)?(?:past\s+|last\s+)?(?:(?:more than|over|at least|longer than)\s+)?(\d+)\s+(days?|weeks?|months?)\b/gi;
/** "licences unused for 30+ days", "inactive for more than 60 days", "idle 90 days or longer". */
const IDLE_SPAN =
  /\b(unused|inactive|idle|dormant|untouched)\s+(?:for\s+)?(?:the\s+)?(?:past\s+|last\s+)?(?:more than|over|at least)?\s*(\d+)\s*\+?\s*(days?|weeks?|months?)(?:\s+or\s+(?:more|longer))?(?:\s+or\s+(?:more|longer)|\s+plus)?/gi;

const SOLE_APP = [
  /\b(?:only|just|exclusively|solely)\s+(?:(?:ever|really|ever really)\s+)?(?:use[sd]?|using|in|on|with|through|via)\b/,
  /\b(?:use[sd]?|using)\s+(?:only|just|exclusively|solely|nothing but)\b/,
  /\bnothing but\b/,
  /\bno other apps?\b/,
  /\b(?:and|but)\s+(?:nothing|nowhere)\s+else\b/,
  /\bnot?\s+(?:in\s+)?any other apps?\b/,
];
const SOLE_WORDS = new Set(['only', 'just', 'exclusively', 'solely', 'nothing', 'nowhere', 'but', 'else', 'no', 'other', 'any', 'not', 'ever', 'really']); // prettier-ignore

const FALL = new Set(['dropped', 'drop', 'drops', 'fell', 'fallen', 'declined', 'decreased', 'reduced', 'shrank', 'dipped', 'slumped', 'lowered']); // prettier-ignore
const RISE = new Set(['increased', 'increase', 'grew', 'grown', 'rose', 'risen', 'boosted', 'raised', 'climbed', 'jumped', 'doubled']); // prettier-ignore

/** Whose figure moved: people, or the departments or apps asked about ("which departments' usage dropped"). */
const MOVED_ROWS =
  /\b(?:who|whose|users|people|persons|employees|staff)\b|\b(?:which|what)\s+(?:departments|depts|teams|apps|applications)\b/;
const EVERY_DAY =
  /\b(?:who|people|users|anyone|everyone|employees|staff|persons)\b[^?]*?\b(?:used?|uses|using|active|touched|opened|on)\b[^?]*?\b(every|each)\s+(?:single\s+)?(day|working day|workday|weekday)\b/;
const LAPSED =
  /\b(?:stopped|quit|gave up|dropped off|abandoned|no longer|stopped using)\b[^?]*?\bafter\s+(?:the|their|its)?\s*(?:first|initial|opening)\s+(?:(few|couple(?:\s+of)?|(\d+))\s+)?(weeks?|months?|days?)\b/;
/** "which users", "which eng users", "what Sales people": up to two words (a department) between. */
const LISTED =
  /\b(?:which|what)\s+(?:[\w&'-]+\s+){0,2}?(?:users|people|employees|persons|staff|colleagues)\b|\bwho\b|\blist\b|\bshow\b|\bname\b/;
const COUNTED = /\bhow many\b|\bnumber of\b|\bcount\b|\bhow much\b/;
const DAYS_MEASURE =
  /\b(?:most|fewest|least|many|number of)\s+(?:different\s+|distinct\s+|separate\s+)?days\b|\bactive days\b|\bdays active\b|\bdays (?:of|with) (?:use|activity)\b/;
const DAYS_MEASURE_WORDS = new Set(['days', 'active', 'different', 'distinct', 'separate']);
const PEOPLE = /\b(?:who|users?|people|persons?|employees?|each|everyone|staff)\b/;
const DAY_WORDS = new Set(['day', 'workday', 'weekday']);
const LAPSE_WORDS = new Set(['stopped', 'quit', 'gave', 'abandoned', 'longer', 'dropped', 'off']);
/** Use that ended, not at a given point of the history (LAPSED's "after the first weeks"). */
const STOPPED =
  /\b(?:stopped|stop(?=\s+using\b)|stops(?=\s+using\b)|quit|gave up|given up|no longer|abandoned|lapsed)\b/;
// "departments with zero active users", "no Copilot users": no one, said of the people counted.
const NOBODY =
  /\b(?:nobody|no one|noone|not anyone|(?:no|zero)\s+(?:(?:ms\s+|m365\s+)?copilot\s+|active\s+)?users?|none of (?:us|them))\b/;
/** "which apps weren't used", "unused apps", "apps with zero usage" (written "without activity"), "which teams didn't use
 * Copilot": the same, when no people are asked about ("aren't using" stays the holders without activity in each). */
const UNUSED =
  /\b(?:not|never)\s+(?:been\s+|ever\s+|yet\s+)?used\b|\bdid\s+not\s+(?:ever\s+)?use\b|\bunused\b|\bwithout\s+activity\b|\b(?:no|zero)\s+(?:[\w-]+\s+){0,2}(?:activity|usage)\b/;
const PEOPLE_ASKED = /\b(?:who|users?|people|persons?|employees?|staff|licen[cs]ed|licen[cs]es?|seats?|everyone)\b/;
/** People asked about, for apps each of them used. */
const PEOPLE_NAMED =
  /\b(?:who|users?|people|persons?|employees?|staff|everyone|anyone|anybody|colleagues|individuals)\b/;
const HYPOTHETICAL = new Set(['if', 'took', 'take', 'taking', 'away', 'free', 'freed', 'freeing', 'reclaim', 'reclaimed', 'would', 'could', 'we', 'up', 'back', 'removed', 'revoked', 'pulled', 'recover', 'recovered', 'save', 'saved']); // prettier-ignore

/**
 * Reads the conditions on people out of the words (their words taken from the reading), and takes a threshold on
 * days ("at least 3 days") as days active. Returns the cues and the threshold left for the rows, if any.
 */
export function takePeopleCues(
  words: Word[],
  lower: string,
  threshold: FoundThreshold | null,
): { cues: PeopleCues; threshold: FoundThreshold | null } {
  const cues: PeopleCues = {};
  if (LISTED.test(lower) && !COUNTED.test(lower)) cues.listed = true;
  if (COUNTED.test(lower)) cues.counted = true;
  let left = threshold;
  if (threshold?.measure === 'unsupported' && /\bdays?\b/i.test(threshold.text)) {
    cues.activeDays = threshold;
    left = null;
  } else if (!threshold) {
    const days = daysCounted(words);
    if (days) cues.activeDays = days;
  }
  const sole = SOLE_APP.map((re) => re.exec(lower)).find(Boolean);
  if (sole && words.some((w) => w.app)) {
    cues.soleApp = sole[0];
    words.forEach((w, i) => SOLE_WORDS.has(w.raw) && !w.app && consume(words, i));
  }
  const every = everyAppWords(words, lower);
  if (every) cues.everyApp = every;
  const counted = DAYS_MEASURE.exec(lower);
  if (counted && !cues.activeDays && PEOPLE.test(lower)) {
    cues.countDays = counted[0];
    words.forEach((w, i) => DAYS_MEASURE_WORDS.has(w.raw) && consume(words, i));
    // "active days per user": people are what is counted (the rows are set when the query is built).
    const at = words.findIndex((w) => w.raw === 'days');
    if (at >= 0 && !words.some((w) => w.tag?.cue === 'who')) words[at] = { ...words[at]!, tag: { cue: 'who' } };
  }
  const everyDay = EVERY_DAY.exec(lower);
  if (everyDay && !cues.activeDays) {
    cues.everyDay = `${everyDay[1]} ${everyDay[2]}`;
    for (let i = 0; i < words.length; i++) {
      if (words[i]!.raw !== 'every' && words[i]!.raw !== 'each') continue;
      const end = words.findIndex((w, j) => j > i && DAY_WORDS.has(w.raw));
      if (end < 0 || end > i + 3) continue;
      for (let j = i; j <= end; j++) consume(words, j);
    }
  }
  const lapsed = LAPSED.exec(lower);
  if (lapsed) {
    const n = lapsed[2] ? Number(lapsed[2]) : lapsed[1] ? 3 : 1;
    const unit = lapsed[3]!.startsWith('month') ? 30 : lapsed[3]!.startsWith('week') ? 7 : 1;
    cues.lapsed = { days: Math.min(180, Math.max(1, n * unit)), text: lapsed[0] };
    const taken = new Set(['after', 'the', 'their', 'first', 'initial', 'opening', 'few', 'couple', 'of', 'weeks', 'week', 'months', 'month', 'days', 'day']); // prettier-ignore
    const at = words.findIndex((w) => w.raw === 'after');
    for (let j = at; j >= 0 && j < words.length && taken.has(words[j]!.raw); j++) consume(words, j);
    // "tried it at first and stopped", "gave up", "no longer": the same reading.
    words.forEach((w, i) => {
      if (LAPSE_WORDS.has(w.raw) || (w.raw === 'first' && words[i - 1]?.raw === 'at')) consume(words, i);
      if (w.raw === 'at' && words[i + 1]?.raw === 'first') consume(words, i);
    });
    if (lapsed[2]) words.forEach((w, i) => w.num === Number(lapsed[2]) && consume(words, i));
  }
  const stopped = STOPPED.exec(lower);
  if (stopped && !lapsed) {
    cues.stopped = stopped[0];
    const said = stopped[0].split(' ');
    words.forEach((w, i) => said.includes(w.raw) && consume(words, i));
  }
  const changed = words.filter((w) => FALL.has(w.raw) || RISE.has(w.raw));
  if (changed.length && MOVED_ROWS.test(lower)) {
    cues.moved = changed.some((w) => FALL.has(w.raw)) ? 'fall' : 'rise';
    // Words of change the lexicon does not know ("fell", "rose") are taken here, and asked about if nothing compares.
    const own = changed.find((w) => !w.tag);
    if (own) cues.movedWord = own.raw;
    words.forEach((w, i) => (FALL.has(w.raw) || RISE.has(w.raw)) && !w.tag && consume(words, i));
  }
  const nobody = NOBODY.exec(lower) ?? (PEOPLE_ASKED.test(lower) ? null : UNUSED.exec(lower));
  if (nobody) departmentAsked(words);
  if (nobody && words.some((w) => w.tag?.dimNoun === 'app' || w.tag?.dimNoun === 'department')) {
    cues.nobody = nobody[0];
    const unused = !NOBODY.test(lower);
    words.forEach(
      (w, i) =>
        (['nobody', 'noone', 'no', 'zero', 'one', 'yet', 'ever', 'anyone', 'not'].includes(w.raw) ||
          (unused && ['never', 'been', 'used', 'use', 'unused', 'without', 'activity', 'usage'].includes(w.raw))) &&
        consume(words, i),
    );
    // "which apps has nobody used": the people counted per app (active users), as "which apps have no users".
    const at = words.findIndex((w) =>
      ['nobody', 'noone', 'no', 'zero', 'not', 'never', 'unused', 'without'].includes(w.raw),
    );
    if (at >= 0) words[at] = { ...words[at]!, tag: { cue: 'who' } };
  }
  return { cues, threshold: left };
}

/** Before "department" or "team", words that ask which one it is ("any department where nobody …", "is there a team …"). */
const ONE_OF = new Set(['any', 'a', 'which', 'what', 'one', 'single', 'some']);

/**
 * "Any department where nobody used Copilot", "is there a team with no activity": one department asked among them is
 * the departments listed, as "departments with no activity" — "my team", "the department" stay whose use it is.
 */
function departmentAsked(words: Word[]): void {
  const at = words.findIndex((w, i) => w.tag?.cue === 'team' && ONE_OF.has(words[i - 1]?.raw ?? ''));
  // Said once, it still names the rows (compose.ts groups by a singular noun only after "by", "which" …).
  if (at >= 0) words[at] = { ...words[at]!, tag: { dim: 'department', dimNoun: 'department' } };
}

/** Words that ask for every app named rather than any one: "both", "all (three) of", "each of", "and also". */
const EVERY_APP_WORDS = new Set(['both', 'all', 'every', 'also']);
/** Between such a word and the first app: "all of the three apps:", "every one of", "both in". */
const EVERY_APP_GAP = new Set(['of', 'the', 'these', 'those', 'one', 'in', 'on', 'apps', 'three', 'four', 'five', 'two', 'copilot', 'its', 'their']); // prettier-ignore

/**
 * "Who used Copilot in both Word and PowerPoint", "anyone using all of Word, Excel and PowerPoint", "active in Teams
 * and also in Outlook": two or more apps named with a word that asks for each of them. Returns the words (taken), or
 * null — "Word or PowerPoint", "Word and PowerPoint" alone stay either app.
 */
function everyAppWords(words: Word[], lower: string): string | null {
  const apps = new Set(words.filter((w) => w.app).map((w) => w.app));
  // "prompts in all of Word, Excel and PowerPoint" adds the apps up: only people can each have used every app.
  if (apps.size < 2 || !PEOPLE_NAMED.test(lower)) return null;
  const firstApp = words.findIndex((w) => w.app);
  const lastApp = words.findLastIndex((w) => w.app);
  // "Word as well as Excel": the three words between two apps.
  const wellAt = words.findIndex(
    (w, i) =>
      w.raw === 'well' && words[i - 1]?.raw === 'as' && words[i + 1]?.raw === 'as' && i > firstApp && i < lastApp,
  );
  if (wellAt > 0) {
    for (const j of [wellAt - 1, wellAt, wellAt + 1]) consume(words, j);
    return 'as well as';
  }
  const at = words.findIndex((w, i) => {
    // "Word and Excel both": right after the last app.
    if (w.raw === 'both' && i === lastApp + 1) return true;
    // "every" may be read as a grouping word ("by"): before apps it is not one.
    if (!EVERY_APP_WORDS.has(w.raw)) return false;
    // "also" joins the apps ("Teams and also Outlook"); the others come before the apps they cover.
    if (w.raw === 'also') return i > firstApp && i < lastApp;
    if (w.raw === 'every' && words[i + 1]?.raw !== 'one') return false;
    let j = i + 1;
    while (j < words.length && EVERY_APP_GAP.has(words[j]!.raw) && !words[j]!.app) j++;
    return !!words[j]?.app;
  });
  if (at < 0) return null;
  const said = words[at]!.raw;
  consume(words, at);
  return said === 'also' ? 'and also' : said;
}

/** Whether anything was read. */
export const hasCues = (c: PeopleCues): boolean => Object.keys(c).some((k) => k !== 'listed' && k !== 'counted');

/**
 * Sets the conditions on the measure query the rest of the words made; the words of a condition the answer cannot
 * take are returned to be asked about (a list, findings, licence holders: they are not people counted by activity).
 */
export function withPeopleCues(
  answer: AskQuery | null,
  cues: PeopleCues,
  now: Date,
  tz: string,
): { answer: AskQuery | null; unclear: string[] } {
  if (answer?.type === 'measure') answer = appsNotUsed(answer);
  if (!hasCues(cues) || answer?.type !== 'measure') return { answer, unclear: unclearOf(cues, answer) };
  // "which apps have never been used": no period asked is all synced history, not the last 30 days.
  if (cues.nobody && /\bnever\b/.test(cues.nobody) && answer.period.default)
    answer = { ...answer, period: allTime(now, tz) };
  if (cues.nobody) return nobodyTried(answer, cues);
  const unclear: string[] = [];
  let q: MeasureQuery = answer;
  const who: PeopleCondition = { ...q.who };
  const activity = !PASSIVE.includes(q.measure);
  if (cues.soleApp) {
    if (activity && q.filters.apps.length) who.soleApp = true;
    else unclear.push('only (no other app)');
  }
  if (cues.everyApp) {
    if (activity && q.filters.apps.length > 1) {
      who.everyApp = true;
      // The apps are what each person must have used, not rows or values set side by side.
      q = { ...q, by: q.by.filter((d) => d !== 'app'), compare: q.compare === 'values' ? undefined : q.compare };
    } else unclear.push(cues.everyApp);
  }
  if (cues.activeDays || cues.everyDay) {
    if (!activity) unclear.push(cues.activeDays?.text ?? cues.everyDay!);
    else if (cues.activeDays) who.activeDays = cues.activeDays.having;
    else who.everyDay = true;
  }
  if (cues.countDays) {
    if (!activity || q.by.some((d) => d !== 'user') || q.compare) unclear.push(cues.countDays);
    else {
      const fewest = /\b(?:fewest|least)\b/.test(cues.countDays);
      q = { ...q, measure: 'active_users', by: ['user'], order: fewest ? 'asc' : 'desc' };
      who.countDays = true;
    }
  }
  if (cues.lapsed) {
    const keep = q.measure === 'licensed_inactive' || q.measure === 'active_users' || !activity ? 'prompts' : q.measure;
    q = { ...withoutCompare(q), measure: keep, by: ['user'], period: allTime(now, tz), order: 'desc' };
    q = { ...q, limit: undefined };
    who.lapsedDays = cues.lapsed.days;
  } else if (cues.moved && q.compare !== 'previous') {
    // A word of change the answer does not compare ("who fell" with nothing to compare): asked about.
    if (cues.movedWord) unclear.push(cues.movedWord);
  } else if (cues.moved) {
    const rows = rowsOf(q.by);
    if (!rows) unclear.push(cues.movedWord ?? (cues.moved === 'fall' ? 'dropped' : 'increased'));
    else {
      const measure = q.measure === 'active_users' && rows === 'user' ? 'interactions' : q.measure;
      // "which apps grew the least": the smallest rise first, among those that rose.
      const order = q.order === 'asc' ? 'asc' : 'desc';
      q = { ...q, measure, by: [rows], changeOrder: cues.moved, order, against: periodBefore(q, now, tz) };
      who.moved = cues.moved;
    }
  }
  if ((cues.quiet || cues.stopped) && !cues.lapsed) {
    const quiet = quietQuery(q, cues, now, tz);
    if (!quiet) unclear.push(cues.stopped ?? 'but not');
    else {
      q = quiet.q;
      who.quietIn = quiet.quietIn;
    }
  }
  // "which users only use Copilot Chat": the people listed (with their prompts), not only counted.
  const listed = who.soleApp || who.everyApp || who.activeDays || who.everyDay;
  if (listed && cues.listed && q.measure === 'active_users' && !q.by.length)
    q = { ...q, measure: 'prompts', by: ['user'] };
  const { limit: _limit, ...rest } = q;
  const cut = who.moved && q.limit === undefined ? rest : q;
  return { answer: Object.keys(who).length ? { ...cut, who } : q, unclear };
}

/** The one dimension rows are compared on: a person unless the question grouped by something else (not time). */
function rowsOf(by: Dimension[]): Dimension | null {
  const rows = by.filter((d) => !['day', 'week', 'month', 'hour', 'weekday'].includes(d));
  if (rows.length > 1) return null;
  return rows[0] ?? 'user';
}

/**
 * "Which Copilot apps has nobody in Support tried yet?", "which departments have no Copilot users": the catalogue's
 * apps (or the directory's departments, emptyDepartments.ts) with no active user in the filters, listed, said in the line.
 */
function nobodyTried(q: MeasureQuery, cues: PeopleCues): { answer: AskQuery; unclear: string[] } {
  const rows = q.by[0];
  if ((rows !== 'app' && rows !== 'department') || q.by.length > 1 || q.compare)
    return { answer: q, unclear: [cues.nobody!] };
  const { limit: _limit, ...rest } = withoutCompare(q);
  return {
    answer: { ...rest, measure: 'active_users', by: [rows], order: 'asc', having: { op: 'eq', value: 0 } },
    unclear: [],
  };
}

/** The words of every condition read, for a question that cannot take them. */
function unclearOf(cues: PeopleCues, answer: AskQuery | null): string[] {
  if (!answer) return [];
  return [
    ...(cues.soleApp ? ['only (no other app)'] : []),
    ...(cues.everyApp ? [cues.everyApp] : []),
    ...(cues.activeDays ? [cues.activeDays.text] : []),
    ...(cues.everyDay ? [cues.everyDay] : []),
    ...(cues.lapsed ? [cues.lapsed.text] : []),
    ...(cues.nobody ? [cues.nobody] : []),
    ...(cues.countDays ? [cues.countDays] : []),
    ...(cues.stopped ? [cues.stopped] : []),
    ...(cues.quiet ? ['but not'] : []),
  ];
}

/** Whether a leftover word belongs to a hypothetical reclaim ("if we took licences away, how many would we free up"). */
export function hypotheticalWord(word: Word, answer: AskQuery | null): boolean {
  return answer?.type === 'measure' && answer.measure === 'licensed_inactive' && HYPOTHETICAL.has(word.raw);
}

const OP_WORDS = { gt: 'more than', gte: 'at least', lt: 'fewer than', lte: 'at most', eq: 'exactly' } as const;

/** The condition as the interpretation line says it ("people using only Teams", "active on at least 3 days"). */
export function describePeopleCondition(q: MeasureQuery, appNames: string, tz = 'UTC'): string[] {
  const who = q.who;
  if (!who) return [];
  const parts: string[] = [];
  if (who.countDays) parts.push("each person's days with any Copilot activity");
  if (who.soleApp) parts.push(`people who used only ${appNames} in the period, no other app`);
  if (who.everyApp) parts.push(`people active in ${everyOf(q.filters.apps.map(appName))} in the period`);
  if (who.notApps) parts.push(`people active in ${appNames} and not in ${who.notApps.map(appName).join(' or ')}`);
  if (who.activeDays)
    parts.push(`people active on ${OP_WORDS[who.activeDays.op]} ${who.activeDays.value} different day${who.activeDays.value === 1 ? '' : 's'}`); // prettier-ignore
  if (who.everyDay) parts.push('people active on every day of the period (as far as it is synced)');
  if (who.moved) parts.push(`only ${who.moved === 'fall' ? 'those whose figure fell' : 'those whose figure rose'} against the period before`); // prettier-ignore
  if (who.quietIn)
    parts.push(`people with no ${appNames ? `${appNames} ` : 'Copilot '}activity ${/^since\b/.test(who.quietIn.label) ? '' : 'in '}${who.quietIn.label}${who.quietIn.label === daysOf(who.quietIn, tz) ? '' : ` (${daysOf(who.quietIn, tz)})`}`); // prettier-ignore
  if (who.lapsedDays)
    parts.push(`people active in the first ${describeDays(who.lapsedDays)} of the synced history and not in the last ${describeDays(who.lapsedDays)}`); // prettier-ignore
  return parts;
}

/** "both Word and PowerPoint", "every one of Word, Excel and PowerPoint". */
function everyOf(names: string[]): string {
  if (names.length === 2) return `both ${names[0]} and ${names[1]}`;
  return `every one of ${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

const describeDays = (days: number) =>
  days % 7 === 0 ? `${days / 7} week${days === 7 ? '' : 's'}` : `${days} day${days === 1 ? '' : 's'}`;
