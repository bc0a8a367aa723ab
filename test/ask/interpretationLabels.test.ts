import { answerToken, ask, type EngineDeps } from '../../server/core/ask/engine';
import { encodePageToken } from '../../server/core/ask/pageToken';
import { openDirectoryEngines, type DirectoryEngines } from './directoryEngine';

/**
 * Every name the opening line gives a measure, a grouping, a kind or place of source, a finding's category, kind,
 * status or grouping, and the words it adds for what a question asked beyond a plain figure (no prices, the mean
 * rather than the median, a change ranked, context and words set aside, several measures, a second question left
 * unanswered, the hours, a name no one holds, a slip read, the rows a condition is on and what it counts): each as
 * the admin reads it, word for word.
 */

const now = new Date('2026-11-20T12:00:00.000Z');
const MONTH = 'this month (1 Nov 2026 – 20 Nov 2026)';
const WEEK = 'this week (16 Nov 2026 – 20 Nov 2026)';
const ALL = 'all synced history (no period asked)';
let engines: DirectoryEngines;
let deps: EngineDeps;

beforeAll(async () => {
  // Grace Abbott is the person a pronoun stands for; nothing else here needs a name.
  engines = await openDirectoryEngines('interpretation-labels', { main: [['u04', 'Grace Abbott', 'Finance']] }, now);
  deps = engines.deps('main');
  const url = 'https://contoso.sharepoint.com/sites/Legal/Shared%20Documents/Harbor%20Plan.docx';
  await engines.ts.store.dataSources.insertOne({ tenantId: 'main', kind: 'file', host: 'contoso.sharepoint.com', name: 'Harbor Plan.docx', url, key: `url:${url}`, firstAt: now, lastAt: now, referenceCount: 1, userCount: 1, appKeys: [] } as never); // prettier-ignore
});

afterAll(() => engines.close());

/** Checks each question's opening line, naming the question in a failure. */
async function expectLines(cases: ReadonlyArray<readonly [string, string]>): Promise<void> {
  const lines: string[] = [];
  for (const [question] of cases) lines.push((await ask(deps, question)).interpretation);
  expect(cases.map(([question], i) => [question, lines[i]])).toEqual(cases.map(([q, line]) => [q, line]));
}

describe('the opening line names each measure and grouping', () => {
  it('names each measure', async () => {
    await expectLines([
      ['responses this month', `Responses · ${MONTH}`],
      ['sessions this month', `Sessions · ${MONTH}`],
      ['agents this month', `Agents (a person using an app) · ${MONTH}`],
      ['licensed users without activity', `Licensed users without Copilot activity · ${ALL}`],
      ['how many licensed users', `Licensed Copilot users · ${ALL}`],
      ['new users this month', `New Copilot users (first use) · ${MONTH}`],
      ['adoption rate this month', `Adoption (share of licensed users active) · ${MONTH}`],
      ['how many users used Harbor Plan.docx this month', `Distinct users reaching Harbor Plan.docx · Harbor Plan.docx · ${MONTH}`], // prettier-ignore
      ['distinct users by site this month', `Distinct users by site · ${MONTH}`],
      ['distinct files per user this month', `Distinct data sources by person · files · ${MONTH}`],
    ]);
  });

  it('names each grouping', async () => {
    await expectLines([
      ['prompts by agent this month', `Prompts by agent (a person in an app) · ${MONTH}`],
      ['site references this month', `Data-source references by site · ${MONTH}`],
      ['references by kind this month', `Data-source references by kind of source · ${MONTH}`],
      ['prompts by day this week', `Prompts by day · ${WEEK}`],
      ['prompts by week this month', `Prompts by week · ${MONTH}`],
      ['prompts by month this year', 'Prompts by month · this year (1 Jan 2026 – 20 Nov 2026)'],
    ]);
  });

  it('names where sources are stored and whose OneDrive they came from', async () => {
    await expectLines([
      ['references in sharepoint and onedrive this month', `Data-source references by data source · in SharePoint and OneDrive · ${MONTH}`], // prettier-ignore
      ['references in onedrive this month', `Data-source references by data source · in OneDrive · ${MONTH}`],
      ["files from someone else's onedrive this month", `Data-source references by data source · files · in OneDrive · from someone else's OneDrive · ${MONTH}`], // prettier-ignore
    ]);
  });

  it('names the kinds of source no question word reads, from a button’s query', async () => {
    const lineOf = async (sourceKind: string) => {
      const q = { type: 'measure', measure: 'references', by: ['source'], filters: { apps: [], departments: [], people: [], sourceKind }, period: { from: new Date('2026-11-01T00:00:00Z'), to: now, label: 'this month' }, order: 'desc' }; // prettier-ignore
      return (await answerToken(deps, encodePageToken({ q: q as never, page: 1, question: 'references' }))).interpretation; // prettier-ignore
    };
    expect(await lineOf('chat')).toBe(`Data-source references by data source · chats · ${MONTH}`);
    expect(await lineOf('site')).toBe(`Data-source references by data source · sites · ${MONTH}`);
  });
});

describe('the opening line says what a question asked beyond a plain figure', () => {
  it('says no prices are known, the mean is given for a median, and a mean per day or week', async () => {
    await expectLines([
      ['cost per active user last month', 'Adoption (share of licensed users active) · active users and licence holders (no prices known) · last month (1 Oct 2026 – 31 Oct 2026)'], // prettier-ignore
      ['median prompts per user this month', `Prompts per active user · the mean, not the median (a median is not computed) · ${MONTH}`], // prettier-ignore
      ['average active users by day this month', `Active users by day · with the mean per day · ${MONTH}`],
      ['average prompts by week this month', `Prompts by week · with the mean per week · ${MONTH}`],
      ['prompts per session this month', `Prompts per session · ${MONTH}`],
      ['average agents per user this month', `Apps used (agents) per active user · ${MONTH}`],
    ]);
  });

  it('says a share of what, the condition licence holders meet, and a change ranked', async () => {
    await expectLines([
      ["Word's share of prompts by department this month", `Prompts by department · Word · as a share of each row's prompts in all apps · ${MONTH}`], // prettier-ignore
      ['licensed users who sent more than 3 prompts', `Licensed Copilot users · holders with more than 3 prompts, no activity counted as 0 · ${ALL}`], // prettier-ignore
      ['which apps grew the most vs last month', `Interactions (prompts and responses) by app · only those whose figure rose against the period before · ${MONTH} · vs last month (1 Oct 2026 – 31 Oct 2026) · biggest rise first`], // prettier-ignore
      ['which departments dropped the most this month', `Interactions (prompts and responses) by department · only those whose figure fell against the period before · ${MONTH} · vs last month (1 Oct 2026 – 31 Oct 2026) · biggest fall first`], // prettier-ignore
    ]);
  });

  it('says the words set aside and the context read around the question, with whom a pronoun stood for', async () => {
    await expectLines([
      ['roughly how many prompts this month', `Prompts · ${MONTH} · "roughly" set aside: it does not change the figures`], // prettier-ignore
      ['roughly and quickly, prompts this month', `Prompts · ${MONTH} · "roughly", "quickly" set aside: they do not change the figures`], // prettier-ignore
      ['Grace Abbott called about Copilot; how many prompts did she send this month', `Prompts · Grace Abbott · ${MONTH} · read as context, not as the question: "Grace Abbott called about Copilot"; "she" read as Grace Abbott`], // prettier-ignore
    ]);
  });
});

describe("the opening line names a finding's category, kind, status and grouping", () => {
  it('names each category', async () => {
    await expectLines([
      ['financial data findings', `Findings, newest first · financial data · ${ALL}`],
      ['personal data findings', `Findings, newest first · personal data · ${ALL}`],
      ['prompt injection findings', `Findings, newest first · prompt injection · ${ALL}`],
      ['exfiltration findings', `Findings, newest first · exfiltration · ${ALL}`],
      ['oversharing findings', `Findings, newest first · oversharing · ${ALL}`],
      ['guest accounts findings', `Findings, newest first · accounts · ${ALL}`],
      ['watch-list findings', `Findings, newest first · watch-list · ${ALL}`],
    ]);
  });

  it('names each kind', async () => {
    await expectLines([
      ['api key findings', `Findings, newest first · API keys and service tokens · ${ALL}`],
      ['private key findings', `Findings, newest first · private keys · ${ALL}`],
      ['connection string findings', `Findings, newest first · connection strings · ${ALL}`],
      ['access tokens findings', `Findings, newest first · access tokens and client secrets · ${ALL}`],
      ['iban findings', `Findings, newest first · IBANs · ${ALL}`],
      ['ssn findings', `Findings, newest first · US social security numbers · ${ALL}`],
      ['passport findings', `Findings, newest first · passport and national id numbers · ${ALL}`],
      ['phone number findings', `Findings, newest first · phone numbers · ${ALL}`],
      ['personal email findings', `Findings, newest first · personal e-mail addresses · ${ALL}`],
    ]);
  });

  it('names a status and each grouping', async () => {
    await expectLines([
      ['false positive findings', `Findings, newest first · false positive · ${ALL}`],
      ['findings by category this month', `Findings by category · ${MONTH}`],
      ['findings by app', `Findings by app · ${ALL}`],
      ['findings by day', `Findings by day · ${ALL}`],
      ['findings by week', `Findings by week · ${ALL}`],
      ['findings by month', `Findings by month · ${ALL}`],
    ]);
  });
});

describe('the opening line says the rest of what was read', () => {
  it('names several measures, each answered, and whom a question left unanswered', async () => {
    await expectLines([
      ['prompts and sessions this month', `Prompts and Sessions, each answered · ${MONTH}`],
      ['prompts, sessions and responses this month', `Prompts, Sessions and Responses, each answered · ${MONTH}`],
      ['how many prompts did Grace Abbott send this month, and when did she last use it?', `Prompts · Grace Abbott · ${MONTH} · "she" read as Grace Abbott · second question answered after the first: "when did Grace Abbott last use Copilot"`], // prettier-ignore
      ['I am the IT lead. how many prompts this month', `Prompts · ${MONTH} · read as context, not as the question: "I am the IT lead."`], // prettier-ignore
    ]);
  });

  it('names the hours, a ratio per licence holder, each access, the sources reached, a slip read and a name not found', async () => {
    await expectLines([
      ['prompts after hours this month', `Prompts · outside business hours (09:00–16:59 UTC, Monday–Friday): evenings, nights and weekends · ${MONTH}`], // prettier-ignore
      ['prompts per licensed user this month', `Prompts per licensed user · ${MONTH}`],
      ['each access to Harbor Plan.docx this month', `Each access (when, who, app), newest first · Harbor Plan.docx · ${MONTH}`], // prettier-ignore
      ['how many users used files this month', `Distinct users reaching these sources · files · ${MONTH}`],
      ['distinct users by source this month', `Distinct users reaching each source by data source · ${MONTH}`],
      ['people with most days active this month', `Days active by person · each person's days with any Copilot activity · ${MONTH}`], // prettier-ignore
      ["Finance's share of prompts this month", `Prompts · Finance (department) · as a share of the prompts in the whole tenant · ${MONTH}`], // prettier-ignore
      ['prompts excluding Word this month', `Prompts · excluding Word · ${MONTH}`],
      ['promts this month', `Prompts · ${MONTH} · read "promts" as "prompts"`],
      ['compare Grace Abbott and zebediah this month', `Prompts · Grace Abbott · ${MONTH} · no one called "zebediah" holds a Copilot licence or has used Copilot, so only the others are shown`], // prettier-ignore
    ]);
  });

  it('names the rows a condition is on and what it counts, apps a condition names, and a share of a named measure', async () => {
    await expectLines([
      // The condition is on the departments (not the first grouping) and counts active users (not the prompts shown).
      ['prompts by app and department for departments with more than 3 active users this month', `Prompts by app and department · departments with more than 3 active users · ${MONTH}`], // prettier-ignore
      ['who used only Word and Excel this month', `Prompts by app and person · people who used only Word and Excel in the period, no other app · Word, Excel · ${MONTH}`], // prettier-ignore
      // The measure's explanation in brackets is left out of the share's wording.
      ['what share of interactions come from Word this month', `Interactions (prompts and responses) · Word · as a share of the interactions in all apps · ${MONTH}`], // prettier-ignore
      // A row per app, Word's among them: the share is of the prompts in all apps, not of each row's.
      ["Word's share of prompts by app this month", `Prompts by app · Word · as a share of the prompts in all apps · ${MONTH}`], // prettier-ignore
      ['findings by severity bottom 2', `Findings by severity · ${ALL} · bottom 2`],
    ]);
  });

  it('joins the words set aside or the context to a sync or findings line, and a question left alone to any', async () => {
    await expectLines([
      ['roughly, when was the last sync', 'Sync status · "roughly" set aside: it does not change the figures'],
      ['I am the IT lead. password findings this month', `Findings, newest first · passwords · ${MONTH} · read as context, not as the question: "I am the IT lead."`], // prettier-ignore
      // A second question left unanswered, with no context before it and no pronoun.
      ['how many prompts this month, and what did Grace Abbott ask?', `Prompts · ${MONTH} · this answers the first question only; not answered here: "what did Grace Abbott ask?" (ask it on its own)`], // prettier-ignore
    ]);
  });

  it('names the change ranked smallest or biggest, and the period compared with', async () => {
    const LAST = 'vs last month (1 Oct 2026 – 31 Oct 2026)';
    await expectLines([
      ['apps with the smallest change in prompts vs last month', `Prompts by app · ${MONTH} · ${LAST} · smallest change first`], // prettier-ignore
      ['biggest change in prompts by app vs last month', `Prompts by app · ${MONTH} · ${LAST} · biggest change first`],
      ['prompts this week vs the week before', `Prompts · ${WEEK} · vs last week (9 Nov 2026 – 15 Nov 2026)`],
    ]);
  });

  it("names people with findings, two groupings of findings, their shares, the sync failures and the product's records", async () => {
    await expectLines([
      ['how many people have findings', `People with findings · ${ALL}`],
      ['findings by category and app', `Findings by category and app · ${ALL}`],
      ['share of findings by app', `Findings by app · each row as a share of the total · ${ALL}`],
      ['what percentage of findings are secrets', `Findings · credentials · as a share of the findings of every category · ${ALL}`], // prettier-ignore
      ['which users could the sync not read', 'Sync status · the users it could not read, with the error'],
      ['access log', 'Access log · all kept entries'],
      ["what's our retention period", 'Retention of prompt text and records'],
      ['what is our privacy tier', 'Your privacy tier'],
    ]);
  });
});
