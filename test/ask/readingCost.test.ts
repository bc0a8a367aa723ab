import * as chrono from 'chrono-node';
import { findPeriod } from '../../server/core/ask/periods';
import { localTime, offsetMinutes, startOfLocalDay } from '../../server/core/ask/timeZone';

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

  it('works out UTC days and hours without formatting, as Intl gives them for the same zone under another name', () => {
    const format = jest.spyOn(Intl.DateTimeFormat.prototype, 'formatToParts');
    const instants = [
      '2026-11-20T12:00:00.000Z',
      '2026-12-31T23:59:59.999Z',
      '2027-01-01T00:00:00.000Z',
      '2028-02-29T13:30:00.000Z',
      '2026-03-29T01:00:00.000Z',
      '1999-12-31T23:00:00.000Z',
    ].map((at) => new Date(at));
    const fast = instants.map((at) => ({ time: localTime(at, 'UTC'), offset: offsetMinutes(at, 'UTC') }));
    const day = startOfLocalDay(2026, 11, 31, 'UTC');
    expect(format).not.toHaveBeenCalled();

    const viaIntl = instants.map((at) => ({ time: localTime(at, 'Etc/UTC'), offset: offsetMinutes(at, 'Etc/UTC') }));
    expect(format).toHaveBeenCalled();
    expect(fast).toEqual(viaIntl);
    expect(day).toEqual(startOfLocalDay(2026, 11, 31, 'Etc/UTC'));
    expect(day).toEqual(new Date('2026-12-01T00:00:00.000Z'));
  });
});
