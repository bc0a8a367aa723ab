import { answerToken, ask, type EngineDeps } from '../../server/core/ask/engine';
import { encodePageToken } from '../../server/core/ask/pageToken';
import { openDirectoryEngines, type DirectoryEngines } from './directoryEngine';

/**
 * The line every answer opens with (`interpretation`), through the engine's public entry over a store holding only a
 * directory: each constraint the question set is in it, worded as applied — grouping, the condition on rows, apps,
 * departments and people (listed, or compared with "vs"), kind and place of a source, shares, per-person figures,
 * the period (its words, its days, and whether it was a default), what it is compared with, the cut and the order.
 */

const now = new Date('2026-11-20T12:00:00.000Z');
let engines: DirectoryEngines;
let deps: EngineDeps;

beforeAll(async () => {
  engines = await openDirectoryEngines(
    'interpretation',
    {
      main: [
        ['u03', 'Patricia Lee', 'Engineering'],
        ['u04', 'Grace Abbott', 'Finance'],
        ['u05', 'Ada Marsh', 'Marketing'],
        ['u06', 'Sam Ortiz', 'Sales'],
      ],
    },
    now,
  );
  deps = engines.deps('main');
});

afterAll(() => engines.close());

/** The opening line of the answer to each question, in order. */
async function linesOf(questions: readonly string[]): Promise<string[]> {
  const lines: string[] = [];
  for (const question of questions) lines.push((await ask(deps, question)).interpretation);
  return lines;
}

/** Checks each question's opening line, naming the question in a failure. */
async function expectLines(cases: ReadonlyArray<readonly [string, string]>): Promise<void> {
  const lines = await linesOf(cases.map(([question]) => question));
  expect(cases.map(([question], i) => [question, lines[i]])).toEqual(cases.map(([q, line]) => [q, line]));
}

const MONTH = 'this month (1 Nov 2026 – 20 Nov 2026)';
/** Apps ranked lowest first are the catalogue's, the unused among them at 0. */
const CATALOGUE = "the catalogue's Copilot apps (unused at 0)";
const DEFAULT_30 = 'last 30 days (22 Oct 2026 – 20 Nov 2026), the default';

describe('the opening line of a usage answer states every constraint applied', () => {
  it('names the measure and each grouping, joined with "and"', async () => {
    await expectLines([
      ['prompts by app', `Prompts by app · ${DEFAULT_30}`],
      ['prompts by app and department this week', 'Prompts by app and department · this week (16 Nov 2026 – 20 Nov 2026)'], // prettier-ignore
      ['prompts by day of the week this month', `Prompts by day of the week · ${MONTH}`],
      ['prompts by hour this week', 'Prompts by hour of day · this week (16 Nov 2026 – 20 Nov 2026)'],
    ]);
  });

  it('lists the apps, departments and people it was narrowed to, and says "vs" when they are compared', async () => {
    await expectLines([
      ['prompts in Word and Excel this month', `Prompts by app · Word, Excel · ${MONTH}`],
      ['prompts in Word vs Excel this month', `Prompts by app · Word vs Excel · ${MONTH}`],
      ['prompts in Marketing this month', `Prompts · Marketing (department) · ${MONTH}`],
      ['prompts in Marketing and Sales this month', `Prompts by department · Marketing, Sales (departments) · ${MONTH}`], // prettier-ignore
      ['Marketing vs Sales prompts this month', `Prompts by department · Marketing vs Sales (departments) · ${MONTH}`], // prettier-ignore
      ['prompts by Patricia Lee and Grace Abbott this month', `Prompts by person · Patricia Lee, Grace Abbott · ${MONTH}`], // prettier-ignore
      ['Patricia Lee vs Grace Abbott prompts this month', `Prompts by person · Patricia Lee vs Grace Abbott · ${MONTH}`], // prettier-ignore
    ]);
  });

  it('names the kind of data source and where it is stored', async () => {
    await expectLines([
      ['most referenced files this month', `Data-source references by data source · files · ${MONTH}`],
      ['most referenced meetings this month', `Data-source references by data source · meetings · ${MONTH}`],
      ['most referenced emails this month', `Data-source references by data source · emails · ${MONTH}`],
      ['most referenced web pages this month', `Data-source references by data source · web pages · ${MONTH}`],
      ['sharepoint files reached by the most users', 'Distinct users reaching each source by data source · files · in SharePoint sites (not OneDrive) · all synced history (no period asked)'], // prettier-ignore
    ]);
  });

  it('says when figures are shares of the total or per active user', async () => {
    await expectLines([
      [
        'what share of prompts come from Word',
        `Prompts · Word · as a share of the prompts in all apps · ${DEFAULT_30}`,
      ],
      ['share of prompts by app', `Prompts by app · each as a share of the total · ${DEFAULT_30}`],
      ['average prompts per user by app this month', `Prompts per active user by app · ${MONTH}`],
      ['average prompts per user this month', `Prompts per active user · ${MONTH}`],
    ]);
  });

  it('states the condition each row meets', async () => {
    await expectLines([
      ['apps with more than 5 users this month', `Active users by app · apps with more than 5 active users · ${MONTH}`], // prettier-ignore
      ['users who used Copilot only once this month', `Prompts by person · people with exactly 1 prompt · ${MONTH}`], // prettier-ignore
      ['top 3 people with more than 5 prompts this week', 'Prompts by person · people with more than 5 prompts · this week (16 Nov 2026 – 20 Nov 2026) · top 3'], // prettier-ignore
    ]);
  });

  it('says what a period is compared with, and the cut and order of the rows', async () => {
    await expectLines([
      ['prompts this month vs last month', `Prompts · ${MONTH} · vs last month (1 Oct 2026 – 31 Oct 2026)`],
      ['is usage growing this month', `Interactions (prompts and responses) · ${MONTH} · vs the period before`],
      ['top 3 apps this month', `Interactions (prompts and responses) by app · ${MONTH} · top 3`],
      ['bottom 3 apps by prompts this month', `Prompts by app · ${CATALOGUE} · ${MONTH} · bottom 3`],
      [
        'least used apps this month',
        `Interactions (prompts and responses) by app · ${CATALOGUE} · ${MONTH} · lowest first`,
      ],
    ]);
  });
});

describe('the opening line states the period as read', () => {
  it('gives the words and the days, says a default, and states all history once', async () => {
    await expectLines([
      ['prompts today', 'Prompts · today (20 Nov 2026)'],
      // A day named by its weekday is labelled with its date: said once, not twice.
      ['prompts on monday', 'Prompts · 16 Nov 2026'],
      ['prompts in the last 24 hours', 'Prompts · last 24 hours (19 Nov 12:00 – 20 Nov 12:00)'],
      ['prompts for all time', 'Prompts · all synced history'],
      ['prompts by app', `Prompts by app · ${DEFAULT_30}`],
      ['findings', 'Findings, newest first · all synced history (no period asked)'],
    ]);
  });
});

describe("the opening line of one person's list", () => {
  it('names the list, the person, the apps, the period and the cut', async () => {
    await expectLines([
      ['what did Grace Abbott ask in Word last week', 'Prompts sent by Grace Abbott · Word · last week (9 Nov 2026 – 15 Nov 2026)'], // prettier-ignore
      ['latest 5 prompts of Grace Abbott', `Prompts sent by Grace Abbott · ${DEFAULT_30} · latest 5`],
      ['sessions of Grace Abbott', 'Copilot sessions of Grace Abbott · last 7 days (14 Nov 2026 – 20 Nov 2026), the default'], // prettier-ignore
      ['sessions of Grace Abbott in Word and Excel this week', 'Copilot sessions of Grace Abbott · Word, Excel · this week (16 Nov 2026 – 20 Nov 2026)'], // prettier-ignore
      ['Grace Abbott', 'Copilot use of Grace Abbott · all synced history'],
    ]);
  });
});

describe('the opening line of a findings answer', () => {
  it('states statuses, severities, categories and kinds, each joined as they combine', async () => {
    await expectLines([
      ['resolved or dismissed findings', 'Findings, newest first · resolved or dismissed · all synced history (no period asked)'], // prettier-ignore
      ['unresolved findings this week', 'Findings, newest first · open or investigating · this week (16 Nov 2026 – 20 Nov 2026)'], // prettier-ignore
      ['high or medium findings', 'Findings, newest first · high or medium severity · all synced history (no period asked)'], // prettier-ignore
      ['credentials and card numbers findings', 'Findings, newest first · credentials, card numbers · all synced history (no period asked)'], // prettier-ignore
    ]);
  });

  it('states where the text was found, and no place when both were asked', async () => {
    await expectLines([
      ['card numbers in responses', 'Findings, newest first · card numbers · in responses (surfaced by Copilot) · all synced history (no period asked)'], // prettier-ignore
      ['password findings in prompts', 'Findings, newest first · passwords · in prompts (pasted by users) · all synced history (no period asked)'], // prettier-ignore
      ['passwords in prompts and responses', 'Findings, newest first · passwords · all synced history (no period asked)'], // prettier-ignore
    ]);
  });

  it('lists the apps, departments and people of a findings question', async () => {
    await expectLines([
      ['findings in Word and Excel by department', 'Findings by department · Word, Excel · all synced history (no period asked)'], // prettier-ignore
      ['findings for Marketing and Sales', 'Findings, newest first · Marketing, Sales (departments) · all synced history (no period asked)'], // prettier-ignore
      ['findings for Patricia Lee and Grace Abbott', 'Findings, newest first · Patricia Lee, Grace Abbott · all synced history (no period asked)'], // prettier-ignore
    ]);
  });

  it('states the grouping, the cut and the order', async () => {
    await expectLines([
      ['findings by status fewest', 'Findings by status · all synced history (no period asked) · fewest first'],
      ['findings by severity top 2', 'Findings by severity · all synced history (no period asked) · top 2'],
      ['findings by rule', 'Findings by rule · all synced history (no period asked)'],
      ['latest 5 password findings', 'Findings, newest first · passwords · all synced history (no period asked) · latest 5'], // prettier-ignore
      ['top 5 findings', 'Findings, newest first · all synced history (no period asked) · latest 5'],
      ['who pasted card numbers this month', `Findings by person · card numbers · in prompts (pasted by users) · ${MONTH}`], // prettier-ignore
    ]);
  });
});

describe('the opening line of what is not a table of figures', () => {
  it('names the sync status and the help, and is empty where the engine asks back', async () => {
    await expectLines([
      ['when was the last sync', 'Sync status'],
      ['help', 'What can be asked'],
      ['prompts by flurbish', ''],
    ]);
  });

  it('names the risk intent of an older button', async () => {
    const token = encodePageToken({ q: { type: 'system', system: 'risk' }, page: 1, question: 'risk' });
    expect((await answerToken(deps, token)).interpretation).toBe('Risk findings');
  });
});
