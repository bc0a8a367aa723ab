import { ask, understand, type EngineDeps } from '../../server/core/ask/engine';
import { startOfLocalDay } from '../../server/core/ask/timeZone';
import { findPeriod } from '../../server/core/ask/periods';
import { correctTypos } from '../../server/core/ask/typos';
import { knownWord } from '../../server/core/ask/recognise';
import { startAppHarness, type AppHarness } from '../support/appHarness';
import { engineDeps } from './askKit';
import { loadTruth, type Truth } from './groundTruthFigures';

/**
 * Ranges of days as admins write them ("between 10 and 24 November", "from the 1st to the 15th", "between Monday and
 * Wednesday", "between 1 Oct and today") are both days inclusive in TIME_ZONE, with figures from the stored
 * interactions; slips in the engine's own words ("promts last monht", "how mnay users this weke") are read and said
 * in the interpretation line, never turning a person's name into a word.
 */

jest.setTimeout(300_000);
// A Thursday.
const now = new Date('2026-12-03T12:00:00.000Z');
const TZ = 'America/New_York';
let h: AppHarness;
let deps: EngineDeps;
let truth: Truth;

beforeAll(async () => {
  h = await startAppHarness({ userCount: 16, seed: 11, referenceTime: now });
  // Two people named like slips of the engine's words: "Teh" (a surname) and "Wich".
  const licensed = h.graph.tenant.users.filter((u) => u.licensed);
  for (const [user, given, surname] of [
    [licensed[0]!, 'Lina', 'Teh'],
    [licensed[1]!, 'Jonas', 'Wich'],
  ] as const) {
    Object.assign(user.graph, { displayName: `${given} ${surname}`, givenName: given, surname });
  }
  await h.sync('full');
  deps = engineDeps(h, TZ);
  truth = await loadTruth(h.testStore.store, h.ctx.tenantId);
}, 300_000);

afterAll(async () => {
  await h?.close();
});

/** Prompts on local days first..last (inclusive, [y, m, d]) in TZ, from the stored interactions. */
function promptsBetween(first: [number, number, number], last: [number, number, number], app?: string): number {
  const from = startOfLocalDay(...first, TZ);
  const to = startOfLocalDay(last[0], last[1], last[2] + 1, TZ);
  return truth.rows.filter((r) => r.prompt && r.at >= from && r.at < to && (!app || r.app === app)).length;
}

async function prompts(question: string): Promise<{ line: string; value: unknown }> {
  const a = await ask(deps, question);
  expect(a.kind).toBe('table');
  return { line: a.interpretation, value: a.rows[0]?.value ?? a.rows[0]?.prompts };
}

describe('a range of days is both days and those between, in the time zone', () => {
  test.each([
    ['how many prompts between 10 and 24 November', '10–24 Nov 2026'],
    ['prompts from 10 to 24 Nov', '10–24 Nov 2026'],
    ['Prompts 10-24 Nov', '10–24 Nov 2026'],
    ['prompts, Nov 10 through Nov 24', '10 Nov 2026 to 24 Nov 2026'],
    ['number of prompts between 10 Nov and 24 Nov', '10 Nov 2026 to 24 Nov 2026'],
    ['prompts sent 10th–24th November', '10–24 Nov 2026'],
    ['prompts between the 10th and the 24th of November', '10–24 Nov 2026'],
    ['total prompts November 10 to 24', '10–24 Nov 2026'],
  ])('"%s"', async (question, label) => {
    const { line, value } = await prompts(question);
    expect(line).toContain(`${label} (10 Nov 2026 – 24 Nov 2026)`);
    expect(value).toBe(promptsBetween([2026, 11, 10], [2026, 11, 24]));
  });

  type Day = [number, number, number];
  // Days of no month named: this month once its last day has passed, else last month, said. Weekdays: the latest
  // such days that have passed (last week's when the end is still to come). "… and today": the start named on.
  test.each<[string, string, Day, Day]>([
    ['prompts from the 1st to the 15th', 'the 1st to the 15th of last month, as this month has not reached the 15th (1 Nov 2026 – 15 Nov 2026)', [2026, 11, 1], [2026, 11, 15]],
    ['prompts from the 1st to the 2nd', 'the 1st to the 2nd of this month (1 Dec 2026 – 2 Dec 2026)', [2026, 12, 1], [2026, 12, 2]],
    ['prompts between Monday and Wednesday', 'Monday to Wednesday (30 Nov 2026 – 2 Dec 2026)', [2026, 11, 30], [2026, 12, 2]],
    ['prompts tuesday through friday', 'Tuesday to Friday (24 Nov 2026 – 27 Nov 2026)', [2026, 11, 24], [2026, 11, 27]],
    ['prompts between 1 Oct and today', '1 Oct 2026 to today (1 Oct 2026 – 3 Dec 2026)', [2026, 10, 1], [2026, 12, 3]],
    ['prompts from the start of November until yesterday', '1 Nov 2026 to yesterday (1 Nov 2026 – 2 Dec 2026)', [2026, 11, 1], [2026, 12, 2]],
    ['prompts during 16-22 nov', '16–22 Nov 2026 (16 Nov 2026 – 22 Nov 2026)', [2026, 11, 16], [2026, 11, 22]],
    ['prompts from 10 Nov to 24 Nov inclusive', '10 Nov 2026 to 24 Nov 2026 (10 Nov 2026 – 24 Nov 2026)', [2026, 11, 10], [2026, 11, 24]],
    // The week of a day: Monday to Sunday around it.
    ['prompts in the week of 18 November', 'the week of 16 Nov 2026 (16 Nov 2026 – 22 Nov 2026)', [2026, 11, 16], [2026, 11, 22]],
    // Holidays: the latest that has begun, in the time zone; "week" is the Monday-to-Sunday week holding it.
    ['prompts over Thanksgiving week', 'Thanksgiving week 2026 (23 Nov 2026 – 29 Nov 2026)', [2026, 11, 23], [2026, 11, 29]],
    ['prompts on thanksgiving', 'Thanksgiving 2026 (26 Nov 2026)', [2026, 11, 26], [2026, 11, 26]],
    ['prompts since Christmas', 'since Christmas Day 2025 (25 Dec 2025 – 3 Dec 2026)', [2025, 12, 25], [2026, 12, 3]],
    // Reaching past today: counted up to today, and the line says so.
    ['prompts between 1 and 10 December', '1–10 Dec 2026, up to today (1 Dec 2026 – 3 Dec 2026)', [2026, 12, 1], [2026, 12, 3]],
  ])('"%s" is %s', async (question, said, first, last) => {
    const { line, value } = await prompts(question);
    expect(line).toContain(said);
    expect(value).toBe(promptsBetween(first, last));
  }); // prettier-ignore

  test('a holiday named beside its own days is one period, not two compared', async () => {
    const a = await ask(deps, 'Show Copilot prompts per day for the Thanksgiving week, 23 to 29 November');
    expect(a.interpretation).toMatch(/^Prompts by day · 23–29 Nov 2026 \(23 Nov 2026 – 29 Nov 2026\)$/);
    const turn = await understand(deps, 'sessions over New Year');
    expect(turn.type === 'query' && 'period' in turn.query && turn.query.period?.label).toBe('New Year 2025');
  });

  test('a range before the synced history says so', async () => {
    const old = await ask(deps, 'prompts from 10 to 24 Nov 2025');
    expect(old.interpretation).toContain('10–24 Nov 2025');
    expect(old.summary).toMatch(/Nothing in 10 Nov 2025 – 24 Nov 2025 was synced/);
  });

  test('"until", "up to" and "through" a day include it; "before" does not; "last Thursday" on a Thursday is a week ago', () => {
    // Midnight in New York (UTC-5 in November) is 05:00 UTC.
    const endOf10Nov = new Date('2026-11-11T05:00:00.000Z');
    for (const text of ['prompts until 10 November', 'prompts up to 10 Nov', 'prompts through 10 November'])
      expect({ text, to: findPeriod(text, now, TZ)?.period.to }).toEqual({ text, to: endOf10Nov });
    expect(findPeriod('prompts before 10 November', now, TZ)?.period.to).toEqual(new Date('2026-11-10T05:00:00.000Z'));
    // 3 December 2026 is a Thursday.
    expect(findPeriod('prompts last thursday', now, TZ)?.period.from).toEqual(new Date('2026-11-26T05:00:00.000Z'));
    expect(findPeriod('prompts on thursday', now, TZ)?.period.from).toEqual(new Date('2026-12-03T05:00:00.000Z'));
  });

  test('numbers that are not days stay out of the period ("between 5 and 10 users in November")', () => {
    const found = findPeriod('departments with between 5 and 10 users in november', now, TZ);
    expect(found?.period.label).toBe('November 2026');
    expect(findPeriod('between 5 and 10 prompts', now, TZ)).toBeNull();
  });
});

describe("slips in the engine's own words are read and said", () => {
  test.each([
    ['promts last monht', /^Prompts · last month .*read "monht" as "month", "promts" as "prompts"/],
    ['how mnay users this weke', /^Active users · this week .*read "mnay" as "many", "weke" as "week"/],
    ['whcih department has the most responces this weke', /^Responses by department · this week .*"whcih" as "which"/],
    ['sesions in outlok sicne monady', /^Sessions · Outlook · since 30 Nov 2026 .*"sicne" as "since"/],
    ['hte top 3 users in powerpiont yesterady', /^Prompts by person · PowerPoint · yesterday .*"hte" as "the"/],
    ['exel prompts betwen 10 and 24 novmber', /^Prompts · Excel · 10–24 Nov 2026 .*"betwen" as "between"/],
  ])('"%s"', async (question, line) => {
    const a = await ask(deps, question);
    expect(a.kind).toBe('table');
    expect(a.interpretation).toMatch(line);
  });

  test('the figures of a corrected question are those of the question spelled right', async () => {
    const typed = await prompts('exel prompts betwen 10 and 24 novmber');
    expect(typed.value).toBe(promptsBetween([2026, 11, 10], [2026, 11, 24], 'Excel'));
    const right = await prompts('excel prompts between 10 and 24 november');
    expect(right.value).toBe(typed.value);
  });

  test('a person named like a slip stays that person ("Teh", "Wich")', async () => {
    const teh = await understand(deps, 'how many prompts did lina teh send last week');
    expect(teh.type === 'query' && JSON.stringify(teh.query)).toContain('"name":"Lina Teh"');
    expect(teh.type === 'query' && 'spelled' in teh.query && teh.query.spelled).toBeFalsy();
    const wich = await ask(deps, 'prompts by Wich this month');
    expect(wich.interpretation).toContain('Jonas Wich');
    expect(wich.interpretation).not.toContain('as "which"');
    // Where the directory has the word as a name, it is not silently read as "which".
    const asked = await ask(deps, 'wich department uses copilot most');
    expect(asked.interpretation).not.toContain('as "which"');
  });

  test('English words near them are not corrected, and are asked about rather than guessed', async () => {
    const a = await ask(deps, 'departments with weak adoption this month');
    expect(a.interpretation).not.toContain('"weak" as');
    expect(a.kind).toBe('not_understood');
    // Units are corrected only where they make a period ("last", "this", a number before them).
    expect(correctTypos('mouth weak ways', knownWord).spelled).toEqual([]);
    expect(correctTypos('on mondays', knownWord).spelled).toEqual([]);
    expect(correctTypos('the past 3 weks', knownWord).text).toBe('the past 3 weeks');
  });
});
