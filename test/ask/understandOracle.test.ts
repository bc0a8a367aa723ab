import { CORPUS } from './corpus';
import { corpusContext, readCorpusTenant, understandOver } from './corpusTenant';
import { judge, parseExpectation } from './expectation';

/**
 * The corpus (corpus.ts) through the engine's understanding alone, over the corpus tenant's directory, departments
 * and data sources as synced (test/fixtures/corpusTenant.json, which corpus.test.ts keeps true to the store): no
 * database, a few seconds. Each question is judged as corpus.test.ts judges it.
 */

const now = new Date('2026-11-20T12:00:00.000Z');
const ctx = corpusContext(readCorpusTenant(), now);

/**
 * The questions read otherwise than the corpus expects without being misread, with how (corpus.test.ts's report lists
 * the same): every other question is read exactly as expected, so a change that asks back a question answered so far
 * fails here, where the corpus suite (misread only) lets it pass.
 */
const NOT_AS_EXPECTED = new Map([["'; drop table users; --", ['reply change']]]);

it('reads a tenant with people, departments and data sources', () => {
  const tenant = readCorpusTenant();
  expect(tenant.people.length).toBeGreaterThanOrEqual(20);
  expect(tenant.departments.length).toBeGreaterThanOrEqual(5);
  expect(tenant.sources.length).toBeGreaterThanOrEqual(20);
});

describe.each([...new Set(CORPUS.map(([, category]) => category))])('%s', (category) => {
  it.each(CORPUS.filter(([, c]) => c === category).map(([question, , spec]) => [question, spec]))(
    '%s',
    async (question, spec) => {
      const { outcome, diff } = judge(await understandOver(ctx, question), parseExpectation(spec, now));
      expect(outcome).not.toBe('misread');
      expect(diff).toEqual(NOT_AS_EXPECTED.get(question) ?? []);
    },
  );
});
