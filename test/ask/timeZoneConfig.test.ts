import { loadConfig } from '../../server/config';
import { ConfigError } from '../../server/errors';
import { findPeriod } from '../../server/core/ask/periods';

describe('TIME_ZONE', () => {
  it('defaults to UTC and takes any IANA zone', () => {
    expect(loadConfig({}).TIME_ZONE).toBe('UTC');
    expect(loadConfig({ TIME_ZONE: 'Europe/Berlin' }).TIME_ZONE).toBe('Europe/Berlin');
  });

  it('refuses a name that is no time zone, and says which variable', () => {
    expect(() => loadConfig({ TIME_ZONE: 'Mars/Olympus_Mons' })).toThrow(ConfigError);
    expect(() => loadConfig({ TIME_ZONE: 'Mars/Olympus_Mons' })).toThrow(/TIME_ZONE/);
  });

  it('places calendar periods on local midnights, across a daylight-saving change', () => {
    const now = new Date('2026-11-20T12:00:00.000Z');
    expect(findPeriod('yesterday', now, 'America/New_York')?.period).toMatchObject({
      from: new Date('2026-11-19T05:00:00.000Z'),
      to: new Date('2026-11-20T05:00:00.000Z'),
    });
    // October 2026 in Berlin starts in summer time (UTC+2) and ends in winter time (UTC+1).
    expect(findPeriod('in October', now, 'Europe/Berlin')?.period).toMatchObject({
      from: new Date('2026-09-30T22:00:00.000Z'),
      to: new Date('2026-10-31T23:00:00.000Z'),
    });
  });

  it('keeps "last 24 hours" a true rolling window whatever the zone', () => {
    const now = new Date('2026-11-20T12:34:00.000Z');
    expect(findPeriod('in the last 24 hours', now, 'Asia/Kolkata')?.period).toMatchObject({
      from: new Date('2026-11-19T12:34:00.000Z'),
      to: now,
      rolling: true,
    });
  });
});
