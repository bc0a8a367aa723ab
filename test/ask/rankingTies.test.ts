import { ask, type EngineDeps } from '../../server/core/ask/engine';
import { BatchWriter } from '../../server/core/sync/batchWriter';
import { mapInteraction } from '../../server/core/sync/interactionMapper';
import { createSilentLogger } from '../../server/logger';
import { buildInteraction, buildUser, pendingBatch } from '../support/factories';
import { openTestStore, type TestStore } from '../support/testStore';
import { fixedEngineDeps } from './askKit';

/**
 * A top N cut between people with the same count is not a ranking of them: the answer says how many more are tied
 * with the last one shown. Prompts written by hand this week (Thursday 5 November 2026): Ada 3, Ben 2, Cy 2, Dee 1.
 */

const tenantId = 'tenant-ranking-ties';
const NOW = new Date('2026-11-05T12:00:00.000Z');
let t: TestStore;
let deps: EngineDeps;

beforeAll(async () => {
  t = await openTestStore('rankingties');
  const writer = new BatchWriter(t.store, createSilentLogger());
  const people: Array<[string, string, number]> = [
    ['user-ada', 'Ada Lovelace', 3],
    ['user-ben', 'Ben Okafor', 2],
    ['user-cy', 'Cy Twombly', 2],
    ['user-dee', 'Dee Rivers', 1],
  ];
  for (const [id, displayName, prompts] of people) {
    const prompt = (i: number) =>
      buildInteraction({ createdDateTime: `2026-11-03T0${i + 1}:00:00.000Z`, sessionId: `19:${id}-${i}@thread.v2` });
    const page = Array.from({ length: prompts }, (_, i) => mapInteraction(tenantId, id, prompt(i), NOW));
    await writer.write(pendingBatch(tenantId, `batch-${id}`, buildUser({ id, displayName }), page, NOW));
  }
  deps = await fixedEngineDeps(t.store, tenantId, NOW);
});
afterAll(() => t.close());

it('says one more person is tied with the last one shown when a top 2 cuts between equal counts', async () => {
  const answer = await ask(deps, 'top 2 users by prompts this week');
  expect(answer.rows.map((r) => r.value)).toEqual([3, 2]);
  expect(answer.rows[0]!.user).toBe('Ada Lovelace');
  expect(['Ben Okafor', 'Cy Twombly']).toContain(answer.rows[1]!.user);
  // "At least": the ranking reads one row past the cut-off, enough to see a tie but not its size.
  expect(answer.summary).toMatch(/\b1 more (?:is|are) tied at 2 with the last one shown at the cut-off\./);
});

it('says nothing of a tie when the cut falls between different counts (the positive control)', async () => {
  const answer = await ask(deps, 'top 3 users by prompts this week');
  expect(answer.rows.map((r) => r.value)).toEqual([3, 2, 2]);
  expect(answer.summary).not.toMatch(/tied/);
});

it('gives each person shown a share of everyone’s prompts, not of the people read for the cut-off', async () => {
  // 8 prompts this week: Ada's 3 are 37.5 %, whatever the top N shows.
  const answer = await ask(deps, 'top 2 users by share of prompts this week');
  expect(answer.interpretation).toMatch(/share/i);
  expect(answer.rows.map((r) => [r.value, r.share])).toEqual([
    [3, 37.5],
    [2, 25],
  ]);
});
