import { ask, type EngineDeps } from '../../server/core/ask/engine';
import { openDirectoryEngines, replyOf, type DirectoryEngines } from './directoryEngine';

/**
 * Outcomes the product does not measure (time saved, productivity, return on investment, satisfaction, accuracy) are
 * declined with what can be asked instead, never read as another measure ("hours" as by hour of day).
 */

const NOW = new Date('2026-11-20T12:00:00.000Z');

describe('a question about an outcome Copilot Observatory does not measure', () => {
  let engines: DirectoryEngines;
  let deps: EngineDeps;
  beforeAll(async () => {
    engines = await openDirectoryEngines('outcome-measures', { t1: [['u1', 'Lina Olsen', 'Finance']] }, NOW);
    deps = engines.deps('t1');
  });
  afterAll(() => engines.close());

  test.each([
    ['How many hours did Copilot save the Finance team last month?', 'time saved'],
    ['how much time has copilot saved us this quarter', 'time saved'],
    ['time savings from Copilot in Outlook', 'time saved'],
    ['did productivity in Finance go up since we rolled out copilot', 'productivity'],
    ['what is the return on investment of our Copilot licences', 'return on investment'],
    ['are users satisfied with Copilot in Word', 'satisfaction'],
    ['how accurate are Copilot answers in Teams', 'accuracy'],
    ['how often does copilot hallucinate', 'accuracy'],
  ])('"%s" is declined as %s not measured, with what can be asked instead', async (text, named) => {
    expect(await replyOf(deps, text)).toMatchObject({ reply: 'scope', text: 'outcomes', understood: named });
    const answer = await ask(deps, text);
    expect(answer.kind).toBe('not_understood');
    expect(answer.summary).toContain(`does not measure ${named}`);
    expect(answer.suggestions).toEqual(expect.arrayContaining(['Adoption rate last 30 days']));
  });

  test('hours of the day are still a dimension when nothing is said to be saved', async () => {
    const answer = await ask(deps, 'prompts by hour of day last week');
    expect(answer.interpretation).toContain('by hour of day');
  });
});
