import { ask, type EngineDeps } from '../../server/core/ask/engine';
import { openDirectoryEngines, type DirectoryEngines } from './directoryEngine';

/**
 * A tenant whose licence holders have no Copilot activity yet, as on the day the app is installed: no app has been
 * used, so a question that leaves no app out must still be answered (no app filter), never told that nothing is left
 * once the excluded apps are taken out.
 */
const now = new Date('2026-11-20T12:00:00.000Z');
let engines: DirectoryEngines;
let deps: EngineDeps;

beforeAll(async () => {
  engines = await openDirectoryEngines(
    'kept-apps',
    {
      fresh: [
        ['u1', 'Alex Wilber', 'Sales'],
        ['u2', 'Megan Bowen', 'Sales'],
        ['u3', 'Lee Gu', null],
      ],
    },
    now,
  );
  deps = engines.deps('fresh');
});
afterAll(() => engines.close());

describe('a tenant with licence holders and no Copilot activity yet', () => {
  test.each([
    ['how many licensed users', 'table', '3 people hold a Copilot license.'],
    [
      'licensed users who never used Copilot',
      'table',
      '3 licensed users have no Copilot activity (all time) (of 3 licensed).',
    ],
    ['prompts this week', 'table', 'Prompts: 0.'],
    ['how many risky prompts this week', 'table', '0 findings match.'],
  ])('answers "%s" with nothing left out', async (question, kind, summary) => {
    const answer = await ask(deps, question);
    expect([answer.kind, answer.summary]).toEqual([kind, summary]);
  });
});
