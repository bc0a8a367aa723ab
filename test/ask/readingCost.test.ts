import * as chrono from 'chrono-node';
import { findPeriod } from '../../server/core/ask/periods';

/** Friday 20 November 2026, noon UTC. */
const NOW = new Date('2026-11-20T12:00:00.000Z');

/**
 * Work the question reader leaves out where it cannot change the reading: the date parser on text that names no date,
 * and Intl's formatting in the UTC zone. The readings themselves are the corpus's to check (corpus.test.ts).
 */
describe('reading a question without work that cannot change it', () => {
  afterEach(() => jest.restoreAllMocks());

  it('asks the date parser nothing about text without a digit, month, weekday or relative day, and still reads dates', () => {
    const parse = jest.spyOn(chrono, 'parse');
    const undated = [
      'licensed users who never used copilot',
      'how many users per app',
      'top users in word',
      'prompts by flavour',
      'when was the last sync',
    ];
    for (const text of undated) expect(findPeriod(text, NOW, 'UTC')).toBeNull();
    expect(parse).not.toHaveBeenCalled();

    expect(findPeriod('prompts since monday', NOW, 'UTC')?.period.from).toEqual(new Date('2026-11-16T00:00:00.000Z'));
    expect(findPeriod('active users in october', NOW, 'UTC')?.period).toMatchObject({
      from: new Date('2026-10-01T00:00:00.000Z'),
      to: new Date('2026-11-01T00:00:00.000Z'),
    });
    expect(parse).toHaveBeenCalledTimes(2);
  });
});
