import { ask, understand, type EngineDeps } from '../../server/core/ask/engine';
import { BatchWriter } from '../../server/core/sync/batchWriter';
import { mapInteraction } from '../../server/core/sync/interactionMapper';
import { createSilentLogger } from '../../server/logger';
import { buildInteraction, buildUser, pendingBatch } from '../support/factories';
import { openTestStore, type TestStore } from '../support/testStore';
import { fixedEngineDeps } from './askKit';

/**
 * What the evening spot check of 3 December found wrong, each as the class of phrasing it stands for: abbreviations
 * and filler admins type, "top N days" over a period, agents ranked by a measure, ties in a headline and a rolling
 * window's bounds to the minute. Interactions written by hand, now Thursday 3 December 2026 21:37 UTC:
 * - Ada and Ben: 3 Word prompts each (1 Dec 14:xx, 2 Dec 20:xx, 3 Dec 09:10 / 10:10);
 * - Dee: 1 Word prompt on 1 Dec 13:00 (so 1 Dec has 3 prompts, 2 and 3 Dec have 2 each);
 * - Cy: 2 Outlook prompts and 2 Outlook responses on Wednesday 25 November, 05:00-08:00 (last week).
 * Hours over the last 30 days: 14:00 and 20:00 have 2 interactions each, every other hour at most 1.
 */

const tenantId = 'tenant-spot-checks';
const NOW = new Date('2026-12-03T21:37:00.000Z');
let t: TestStore;
let deps: EngineDeps;

type Turn = [at: string, app: string, kind: 'userPrompt' | 'aiResponse'];
const WORD = 'IPM.SkypeTeams.Message.Copilot.Word';
const OUTLOOK = 'IPM.SkypeTeams.Message.Copilot.Outlook';

beforeAll(async () => {
  t = await openTestStore('spotchecks');
  const writer = new BatchWriter(t.store, createSilentLogger());
  const people: Array<[string, string, Turn[]]> = [
    ['user-ada', 'Ada Lovelace', [['2026-12-01T14:10', WORD, 'userPrompt'], ['2026-12-02T20:10', WORD, 'userPrompt'], ['2026-12-03T09:10', WORD, 'userPrompt']]], // prettier-ignore
    ['user-ben', 'Ben Okafor', [['2026-12-01T14:40', WORD, 'userPrompt'], ['2026-12-02T20:40', WORD, 'userPrompt'], ['2026-12-03T10:10', WORD, 'userPrompt']]], // prettier-ignore
    ['user-dee', 'Dee Rivers', [['2026-12-01T13:00', WORD, 'userPrompt']]],
    ['user-cy', 'Cy Twombly', [['2026-11-25T05:00', OUTLOOK, 'userPrompt'], ['2026-11-25T06:00', OUTLOOK, 'aiResponse'], ['2026-11-25T07:00', OUTLOOK, 'userPrompt'], ['2026-11-25T08:00', OUTLOOK, 'aiResponse']]], // prettier-ignore
  ];
  for (const [id, displayName, turns] of people) {
    const page = turns.map(([at, appClass, interactionType], i) =>
      mapInteraction(
        tenantId,
        id,
        buildInteraction({
          id: `${id}-${i}`,
          createdDateTime: `${at}:00.000Z`,
          appClass,
          interactionType,
          sessionId: `19:${id}-${i}@thread.v2`,
        }),
        NOW,
      ),
    );
    await writer.write(pendingBatch(tenantId, `batch-${id}`, buildUser({ id, displayName }), page, NOW));
  }
  deps = await fixedEngineDeps(t.store, tenantId, NOW);
});
afterAll(() => t.close());

it('reads the abbreviations admins type as the words they stand for', async () => {
  // "resp." is responses (2), not interactions (4) with the words set aside as context.
  const responses = await ask(deps, 'how many resp. did copilot give in outlook last wk');
  expect(responses.interpretation).toBe('Responses · Outlook · last week (23 Nov 2026 – 29 Nov 2026)');
  expect(responses.rows[0]!.value).toBe(2);
  const prompts = await ask(deps, 'no. of prompts w/ word mtd');
  expect(prompts.interpretation).toBe('Prompts · Word · this month (1 Dec 2026 – 3 Dec 2026)');
  expect(prompts.rows[0]!.value).toBe(7);
  expect((await ask(deps, 'num of convos w/o outlook this wk')).interpretation).toBe(
    'Sessions · excluding Outlook · this week (30 Nov 2026 – 3 Dec 2026)',
  );
  expect((await ask(deps, 'avg msgs per usr last mo')).interpretation).toMatch(/^Prompts per active user · last month/);
});

it('reads abbreviated periods: last qtr, this qtr, qtd, prev month, past 2 wks, last yr', async () => {
  const periods: Array<[string, string]> = [
    ['usage by dept. for last qtr', 'last quarter (1 Jul 2026 – 30 Sep 2026)'],
    ['prompts this qtr', 'this quarter (1 Oct 2026 – 3 Dec 2026)'],
    ['prompts qtd', 'this quarter (1 Oct 2026 – 3 Dec 2026)'],
    ['prompts prev month', 'last month (1 Nov 2026 – 30 Nov 2026)'],
    ['active usrs past 2 wks', 'last 2 weeks (20 Nov 2026 – 3 Dec 2026)'],
    ['prompts last yr', 'last year (1 Jan 2025 – 31 Dec 2025)'],
  ];
  for (const [question, period] of periods) {
    const parsed = await understand(deps, question);
    expect([question, parsed.type === 'query' && parsed.query.type === 'measure' && parsed.query.period.label]).toEqual(
      [question, period.split(' (')[0]],
    );
    expect((await ask(deps, question)).interpretation).toContain(` · ${period}`);
  }
});

it('leaves filler out (e.g., i.e., etc, pls, plz, thx, asap, fyi) instead of asking back', async () => {
  for (const question of [
    'top users in word e.g. this month',
    'top users in word i.e. this month pls',
    'top users in word this month etc',
    'fyi top users in word this month asap thx',
    'plz top users in word this month',
  ]) {
    const answer = await ask(deps, question);
    expect([question, answer.interpretation]).toEqual([question, 'Prompts by person · Word · this month (1 Dec 2026 – 3 Dec 2026)']); // prettier-ignore
  }
});

it('ranks the days of a period for "top N days" (ties at the cut said); "last N days" stays a period', async () => {
  const top = await ask(deps, 'word usage per day this month, top 2 days');
  expect(top.interpretation).toMatch(/by day · Word · this month \(1 Dec 2026 – 3 Dec 2026\) · top 2$/);
  // 1 Dec (3) leads although it is not one of the last 2 days; 2 and 3 Dec tie at 2 across the cut.
  expect(top.rows.map((r) => [r.day, r.value])).toEqual([
    ['2026-12-01', 3],
    [expect.stringMatching(/^2026-12-0[23]$/), 2],
  ]);
  expect(top.summary).toMatch(/1 more is tied at 2 with the last one shown at the cut-off/);
  expect((await ask(deps, 'the busiest 2 hours in the last 30 days')).rows.map((r) => r.value)).toEqual([2, 2]);
  expect((await ask(deps, 'word prompts in the last 2 days')).interpretation).toBe(
    'Prompts · Word · last 2 days (2 Dec 2026 – 3 Dec 2026)',
  );
});

it('ranks agents (one person in one app) by the measure named after "by"', async () => {
  const answer = await ask(deps, 'top 10 agents by interactions in the last 30 days');
  expect(answer.interpretation).toMatch(/^Interactions \(prompts and responses\) by agent \(a person in an app\) · /);
  expect(answer.rows.map((r) => [r.user, r.app, r.value])).toEqual([
    ['Cy Twombly', 'Outlook', 4],
    ['Ada Lovelace', 'Word', 3],
    ['Ben Okafor', 'Word', 3],
    ['Dee Rivers', 'Word', 1],
  ]);
  const prompts = await ask(deps, 'top 2 agents by prompts in the last 30 days');
  expect(prompts.rows.map((r) => r.value)).toEqual([3, 3]);
});

it('names every row tied for the top in the headline', async () => {
  const hour = await ask(deps, 'busiest hour in the last 30 days');
  expect(hour.summary).toMatch(/^Highest \(tied\): 14:00–14:59 and 20:00–20:59 with 2 interactions each\./);
  const person = await ask(deps, 'most active user in word this month');
  expect(person.summary).toMatch(
    /^Ada Lovelace and Ben Okafor were tied as the most active Copilot users here, with 3 prompts each;/,
  );
  // The positive control: one leader is named alone.
  expect((await ask(deps, 'busiest day this month in word')).summary).toMatch(
    /^Highest: 2026-12-01 with 3 interactions\./,
  );
});

it('reads who viewed, looked at, opened, read or accessed a person’s convos, chats or transcripts as the access log', async () => {
  for (const question of [
    "who viewed Ada Lovelace's convos this week",
    "who looked at Ada Lovelace's transcripts",
    "who opened Ada Lovelace's chats this month",
    "who read Ada Lovelace's prompts",
    "who accessed Ada Lovelace's conversations last month",
  ]) {
    const parsed = await understand(deps, question);
    expect([question, parsed.type === 'query' && parsed.query]).toEqual([
      question,
      expect.objectContaining({ type: 'system', system: 'access_log', person: expect.objectContaining({ name: 'Ada Lovelace' }) }), // prettier-ignore
    ]);
  }
});

it('shows a rolling window’s bounds to the minute, the instants its figure counts', async () => {
  const answer = await ask(deps, 'interactions in the last 24 hours');
  expect(answer.interpretation).toBe(
    'Interactions (prompts and responses) · last 24 hours (2 Dec 21:37 – 3 Dec 21:37)',
  );
  // 3 Dec 09:10 and 10:10; 2 Dec 20:10 and 20:40 are before the window opens at 21:37.
  expect(answer.rows[0]!.value).toBe(2);
});
