import { ask, type EngineDeps } from '../../server/core/ask/engine';
import { openDirectoryEngines, type DirectoryEngines } from './directoryEngine';

/**
 * The opening line (`interpretation`) where a question leaves something out: the apps and departments excluded are
 * named, departments first, in usage and findings answers alike (test/ask/interpretationLine.test.ts has the rest).
 */

const now = new Date('2026-11-20T12:00:00.000Z');
const MONTH = 'this month (1 Nov 2026 – 20 Nov 2026)';
let engines: DirectoryEngines;
let deps: EngineDeps;

beforeAll(async () => {
  engines = await openDirectoryEngines(
    'interpretation-edges',
    {
      main: [
        ['u03', 'Patricia Lee', 'Engineering'],
        ['u04', 'Grace Abbott', 'Finance'],
        ['u05', 'Ada Marsh', 'Marketing'],
      ],
    },
    now,
  );
  deps = engines.deps('main');
});

afterAll(() => engines.close());

/** Checks each question's opening line, naming the question in a failure. */
async function expectLines(cases: ReadonlyArray<readonly [string, string]>): Promise<void> {
  const lines: Array<[string, string]> = [];
  for (const [question] of cases) lines.push([question, (await ask(deps, question)).interpretation]);
  expect(lines).toEqual(cases);
}

describe('the opening line names what the question left out', () => {
  it('in a findings answer: an app, a department, or both', async () => {
    await expectLines([
      ['findings not in Teams this month', `Findings, newest first · excluding Teams · ${MONTH}`],
      ['findings excluding Marketing this month', `Findings, newest first · excluding Marketing · ${MONTH}`],
      ['open findings excluding Teams and Marketing this month', `Findings, newest first · open · excluding Marketing, Teams · ${MONTH}`], // prettier-ignore
    ]);
  });

  it('in a usage answer: an app, a department, or both', async () => {
    await expectLines([
      ['prompts by app not in Teams this month', `Prompts by app · excluding Teams · ${MONTH}`],
      ['prompts by person excluding Marketing this month', `Prompts by person · excluding Marketing · ${MONTH}`],
      ['prompts by person excluding Teams and Marketing this month', `Prompts by person · excluding Marketing, Teams · ${MONTH}`], // prettier-ignore
    ]);
  });
});
