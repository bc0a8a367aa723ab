import { answerToken, ask, understand, type EngineDeps } from '../../server/core/ask/engine';
import { encodePageToken } from '../../server/core/ask/pageToken';
import type { MeasureQuery } from '../../server/core/ask/querySchema';
import { BatchWriter } from '../../server/core/sync/batchWriter';
import { mapInteraction } from '../../server/core/sync/interactionMapper';
import { createSilentLogger } from '../../server/logger';
import { buildInteraction, buildUser, pendingBatch } from '../support/factories';
import { openTestStore, type TestStore } from '../support/testStore';
import { fixedEngineDeps } from './askKit';

/**
 * What a measure's answer says beside its figures, word for word as the admin reads it (measureNotes.ts,
 * cutOffTies.ts, measureDeclines.ts): a period before the synced history, periods of unequal length, people a list
 * from the lowest cannot show, ties at a cut-off, and a time-of-day filter declined rather than dropped. Prompts
 * written by hand on Monday 2 and Tuesday 3 November 2026 (the synced history starts on the 2nd), asked on Thursday
 * the 5th: Ada 4, Ben, Cy and Dee 2 each, Eve 1, every prompt its own session, all between 01:00 and 05:00 UTC; one
 * file in the catalogue, for a question that names it.
 */

const tenantId = 'tenant-measure-honesty';
const NOW = new Date('2026-11-05T12:00:00.000Z');
const FIRST = '2026-11-02';
let t: TestStore;
let deps: EngineDeps;

beforeAll(async () => {
  t = await openTestStore('measurehonesty');
  const writer = new BatchWriter(t.store, createSilentLogger());
  const people: Array<[string, string, number]> = [
    ['user-ada', 'Ada Lovelace', 4],
    ['user-ben', 'Ben Okafor', 2],
    ['user-cy', 'Cy Twombly', 2],
    ['user-dee', 'Dee Rivers', 2],
    ['user-eve', 'Eve Moss', 1],
  ];
  for (const [n, [id, displayName, prompts]] of people.entries()) {
    const prompt = (i: number) =>
      buildInteraction({
        id: `${id}-${i}`,
        createdDateTime: `2026-11-0${2 + (i % 2)}T0${i + 1}:0${n}:00.000Z`,
        sessionId: `19:${id}-${i}@thread.v2`,
      });
    const page = Array.from({ length: prompts }, (_, i) => mapInteraction(tenantId, id, prompt(i), NOW));
    await writer.write(pendingBatch(tenantId, `batch-${id}`, buildUser({ id, displayName }), page, NOW));
  }
  const url = 'https://contoso.sharepoint.com/sites/Legal/Shared%20Documents/Harbor%20Plan.docx';
  await t.store.dataSources.insertOne({ tenantId, kind: 'file', host: 'contoso.sharepoint.com', name: 'Harbor Plan.docx', url, key: `url:${url}`, firstAt: NOW, lastAt: NOW, referenceCount: 1, userCount: 1, appKeys: [] } as never); // prettier-ignore
  deps = await fixedEngineDeps(t.store, tenantId, NOW);
});
afterAll(() => t.close());

const summaryOf = async (question: string) => (await ask(deps, question)).summary;

describe('the synced window, said with the figures', () => {
  it('says a period wholly before the first synced day holds nothing synced, not that nothing happened', async () => {
    expect(await summaryOf('prompts last month')).toBe(
      `Prompts: 0. Nothing in 1 Oct 2026 – 31 Oct 2026 was synced: the synced history starts on ${FIRST}.`,
    );
  });

  it('says the figures of a period reaching before the first synced day begin there', async () => {
    expect(await summaryOf('prompts this month')).toBe(
      `Prompts: 11. The synced history starts on ${FIRST}, so the figures begin there.`,
    );
  });

  it('says a period compared against that reaches before the history counts only what was synced, and unequal spans', async () => {
    // This week (2-5 November) starts on the first synced day; last week lies wholly before it.
    expect(await summaryOf('prompts this week vs last week')).toBe(
      `Prompts in 2 Nov 2026 – 5 Nov 2026 so far: 11, against 0 in 26 Oct 2026 – 1 Nov 2026 (new). The synced history starts on ${FIRST}: the figure for 26 Oct 2026 – 1 Nov 2026 counts only what was synced, from that day. The periods differ in length (2 Nov 2026 – 5 Nov 2026: 4 days; 26 Oct 2026 – 1 Nov 2026: 7 days), so each change compares unequal spans.`,
    );
  });

  it('says nothing was synced in a period that ends where the history starts, and no note for all of it', async () => {
    // Last week ends at midnight on the first synced day: it holds no synced day.
    expect(await summaryOf('prompts last week')).toBe(
      `Prompts: 0. Nothing in 26 Oct 2026 – 1 Nov 2026 was synced: the synced history starts on ${FIRST}.`,
    );
    expect(await summaryOf('prompts on 2 November')).toBe('Prompts: 6.');
    expect(await summaryOf('prompts for all time')).toBe('Prompts: 11.');
  });

  it('compares periods within a day or a tenth of the longer in length without a note on their lengths', async () => {
    // A weekend (2 days) against a day: one day apart is within the day allowed.
    expect(await summaryOf('prompts last weekend vs 3 November')).toBe(
      `Prompts in 3 Nov 2026: 5, against 0 in 31 Oct 2026 – 1 Nov 2026 (new). The synced history starts on ${FIRST}: the figure for 31 Oct 2026 – 1 Nov 2026 counts only what was synced, from that day.`,
    );
    // October (31 days) against February (28): three days apart, within a tenth of 31.
    expect(await summaryOf('prompts in October vs February')).toBe(
      `Prompts in October 2026: 0, against 0 in February 2026 (0%). Nothing in 1 Oct 2026 – 31 Oct 2026 was synced: the synced history starts on ${FIRST}.`,
    );
  });

  it('adds no note to periods inside the synced history of equal length (the positive control)', async () => {
    expect(await summaryOf('prompts on 3 November vs the day before')).toBe(
      'Prompts in 3 Nov 2026: 5, against 6 in 2 Nov 2026 (-17%).',
    );
  });
});

describe('people a list cannot show', () => {
  it('counts licence holders without activity as 0 when the list runs from the lowest or keeps those under a figure, and says when it cannot', async () => {
    const note =
      'People with no activity at all in the period are not listed; ask for licensed users without activity.';
    // References are no use a licence holder has 0 of: people without any are not listed, and that is said.
    for (const question of ['bottom 2 users by references to files this week'])
      expect({ question, summary: await summaryOf(question) }).toEqual({ question, summary: expect.stringContaining(note) }); // prettier-ignore
    // Prompts are: a holder with none has fewer than 3, and is counted (said with how many), never left out unsaid.
    for (const question of [
      'bottom 2 users by prompts this week',
      'users with fewer than 3 prompts this week',
      'users with at most 2 prompts this week',
    ]) {
      // Every licence holder here has prompts this week: none to add, and nothing said to be left out.
      expect({ question, summary: await summaryOf(question) }).toEqual({ question, summary: expect.not.stringContaining('not listed') }); // prettier-ignore
    }
    for (const question of [
      'users with more than 1 prompt this week',
      'users with at least 2 prompts this week',
      'top 2 users by sessions this week',
      'bottom 2 apps by prompts this week',
    ])
      expect({ question, summary: await summaryOf(question) }).toEqual({ question, summary: expect.not.stringContaining('not listed') }); // prettier-ignore
  });
});

describe('a tie at the cut-off', () => {
  it('counts the people past the cut-off who share the last figure shown, in the number they agree with', async () => {
    expect(await summaryOf('top 2 users by sessions this week')).toContain(
      '2 more are tied at 2 with the last one shown at the cut-off.',
    );
    expect(await summaryOf('top 3 users by sessions this week')).toContain(
      '1 more is tied at 2 with the last one shown at the cut-off.',
    );
    expect(await summaryOf('bottom 2 users by prompts this week')).toContain(
      '2 more are tied at 2 with the last one shown at the cut-off.',
    );
  });

  it('says "at least" where the ranking read only one row past the cut-off', async () => {
    expect(await summaryOf('top 2 users by prompts this week')).toContain(
      'At least 1 more are tied at 2 with the last one shown at the cut-off.',
    );
  });

  it('says no tie when the cut falls between different figures, and nothing else', async () => {
    const answer = await ask(deps, 'top 4 users by sessions this week');
    expect(answer.rows.map((r) => r.value)).toEqual([4, 2, 2, 2]);
    expect(answer.summary).toBe('Ada Lovelace was the most active Copilot user here, with 4 sessions; 4 shown.');
  });

  it('says the tie as a sentence of its own after the figures', async () => {
    expect(await summaryOf('top 2 users by sessions this week')).toBe(
      'Ada Lovelace was the most active Copilot user here, with 4 sessions; 2 shown. 2 more are tied at 2 with the last one shown at the cut-off.',
    );
  });

  it('keeps the number asked for each first grouping, and counts no tie across two groupings', async () => {
    // Each day's top 2: Ada with 2, then one of the three or four people with 1; the others with 1 are not counted.
    const answer = await ask(deps, 'top 2 users by prompts per day this week');
    expect(answer.rows.map((r) => [r.day, r.value])).toEqual([
      ['2026-11-02', 2],
      ['2026-11-03', 2],
      ['2026-11-02', 1],
      ['2026-11-03', 1],
    ]);
    expect(answer.summary).toBe(
      'Highest (tied): 2026-11-02, Ada Lovelace and 2026-11-03, Ada Lovelace with 2 prompts each.',
    );
  });
});

describe('a time-of-day filter the answer cannot apply', () => {
  const hours = 'outside business hours (09:00–16:59 UTC, Monday–Friday): evenings, nights and weekends';
  const declined = (what: string) =>
    `The time filter (${hours}) applies to prompts, responses, sessions, interactions, active users, agents and data-source references, counted or broken down; it cannot be applied to this answer (${what}). Ask without the hours, or for one of those.`;

  it('is declined saying why and for what, never dropped', async () => {
    for (const [question, what] of [
      ['licensed users after hours', 'licensed copilot users'],
      ['users with more than 1 prompt after hours this week', 'prompts, a condition on each row'],
      ['prompts per active user after hours this week', 'prompts, a ratio'],
      ['prompts per session after hours this week', 'prompts, a ratio'],
      ['share of prompts in Word after hours this week', 'prompts, a ratio'],
      ['new users after hours this week', 'new copilot users (first use)'],
      ['how many different documents were referenced after hours this week', 'data-source references'],
      ["prompts that used files from someone else's OneDrive after hours this week", 'data-source references'],
      ['prompts that referenced Harbor Plan.docx after hours this week', 'data-source references, Harbor Plan.docx'],
      ['each access to Harbor Plan.docx after hours', 'data-source references, Harbor Plan.docx'],
    ] as const) {
      const answer = await ask(deps, question);
      expect({ question, kind: answer.kind, summary: answer.summary }).toEqual({
        question,
        kind: 'not_available',
        summary: declined(what),
      });
    }
  });

  it('is applied to a count it can take (the positive control)', async () => {
    for (const [question, value] of [
      ['prompts after hours this week', 11],
      ['active users after hours this week', 5],
    ] as const) {
      const answer = await ask(deps, question);
      expect({ question, kind: answer.kind, rows: answer.rows }).toEqual({ question, kind: 'table', rows: [expect.objectContaining({ value })] }); // prettier-ignore
    }
  });
});

describe('a breakdown, narrowing or share a measure cannot take, declined for each measure it concerns', () => {
  /** The answer to "prompts by app this week" with the query changed as a client might change a page token. */
  async function answerChanged(change: Partial<MeasureQuery>) {
    const read = await understand(deps, 'prompts by app this week');
    if (read.type !== 'query' || read.query.type !== 'measure') throw new Error('not read as a measure');
    const q = { ...read.query, ...change } as MeasureQuery;
    const { kind, summary, rows } = await answerToken(
      deps,
      encodePageToken({ q, page: 1, question: 'prompts by app' }),
    );
    return { kind, summary, rows };
  }
  const withoutFinance = { apps: [], departments: [], people: [], exclude: { apps: [], departments: ['Finance'] } };

  it('declines leaving a department out of any count of licence holders, and an agent breakdown of one per agent', async () => {
    const keep = 'cannot leave a department out; ask for them by department to see each one.';
    const perAgent = 'cannot be counted per agent: an agent is one person in one app. Ask for prompts, sessions or interactions by agent.'; // prettier-ignore
    const cases: Array<[Partial<MeasureQuery>, string]> = [
      [{ measure: 'licensed_inactive', by: ['department'], filters: withoutFinance }, `Licensed users without Copilot activity ${keep}`], // prettier-ignore
      [{ measure: 'new_users', by: ['department'], filters: withoutFinance }, `New Copilot users (first use) ${keep}`],
      [{ measure: 'agents', by: ['agent'] }, `Agents (a person using an app) ${perAgent}`],
      [{ measure: 'source_users', by: ['agent'] }, `Distinct users reaching each source ${perAgent}`],
      [{ by: ['site'] }, 'Prompts cannot be broken down by site: only data-source questions have sources.'],
      [{ by: ['kind'] }, 'Prompts cannot be broken down by kind of source: only data-source questions have sources.'],
    ];
    for (const [change, summary] of cases)
      expect({ change, ...(await answerChanged(change)) }).toEqual({ change, kind: 'not_available', summary, rows: [] }); // prettier-ignore
  });

  it('gives each row its share of the total for every measure whose rows add up', async () => {
    expect((await ask(deps, 'share of sessions by user this week')).rows.map((r) => r.share)).toEqual([36.4, 18.2, 18.2, 18.2, 9.1]); // prettier-ignore
    expect((await ask(deps, 'share of interactions by app this week')).rows).toEqual([{ app: 'Word', value: 11, share: 100 }]); // prettier-ignore
    expect((await ask(deps, 'share of references by kind this week')).rows).toEqual([{ kind: 'file', value: 11, share: 100 }]); // prettier-ignore
    // No responses were written: the share is answered (none in the period), not declined.
    const responses = await ask(deps, 'share of responses by app this week');
    expect({ kind: responses.kind, summary: responses.summary }).toEqual({ kind: 'table', summary: 'No responses in this period.' }); // prettier-ignore
  });
});
