import type { EngineDeps } from '../../server/core/ask/engine';
import { openDirectoryEngines, queryOf, type DirectoryEngines } from './directoryEngine';

/**
 * How data-source questions are read: "how many meetings" counts the meetings (distinct sources), not the references
 * to them; a source's type or kind named in the question is what the rows are; "referenced by people in Finance"
 * names who referenced them, not a breakdown by person — while "grouped by user" still is one.
 */
const now = new Date('2026-11-20T12:00:00.000Z');
let engines: DirectoryEngines;
let deps: EngineDeps;

beforeAll(async () => {
  engines = await openDirectoryEngines(
    'source-phrasings',
    { t1: [['u1', 'Alex Wilber', 'Finance'], ['u2', 'Grace Abbott', 'Sales']] }, // prettier-ignore
    now,
  );
  deps = engines.deps('t1');
});
afterAll(() => engines.close());

describe('data-source questions', () => {
  test.each([
    // "Teams meetings" are the meeting kind in whatever app Copilot ran (docs/bot.md); "in Teams meetings" is the app.
    ['how many teams meetings were summarised', { apps: [], sourceKind: 'meeting' }],
    ['how many files were used last week', { sourceKind: 'file' }],
    ['how many emails were referenced this week', { sourceKind: 'email' }],
    ['how many sources did Finance reach', { departments: ['Finance'] }],
  ])('counts the sources themselves for "%s"', async (question, filters) => {
    expect(await queryOf(deps, question)).toMatchObject({
      type: 'measure',
      measure: 'references',
      distinct: 'sources',
      filters,
    });
  });

  it('counts references where references are what "how many" names', async () => {
    const q = await queryOf(deps, 'how many references to files this month');
    expect(q).toMatchObject({ type: 'measure', measure: 'references', filters: { sourceKind: 'file' } });
    expect(q).not.toHaveProperty('distinct');
  });

  test.each([
    "what's the most used data source type",
    'references by source type this month',
    'which kinds of sources are cited most',
  ])('groups by the sources\' kind for "%s"', async (question) => {
    expect(await queryOf(deps, question)).toMatchObject({ type: 'measure', measure: 'references', by: ['kind'] });
  });

  it('reads "by people" after a verb as who did it, and "grouped by user" as a breakdown', async () => {
    expect(await queryOf(deps, 'which files were referenced by people in Finance')).toMatchObject({
      type: 'measure',
      measure: 'references',
      by: ['source'],
      filters: { departments: ['Finance'], sourceKind: 'file' },
    });
    expect(await queryOf(deps, 'prompts grouped by user this week')).toMatchObject({ by: ['user'] });
    expect(await queryOf(deps, 'prompts by user this week')).toMatchObject({ by: ['user'] });
  });
});
