import { changeText } from '../../tab/src/format/change';
import { rangeDays } from '../../tab/src/routing/timeRange';

describe('the change against the previous period', () => {
  it('is a percentage of the previous figure, or points between two percentages', () => {
    expect(changeText(12, 10, 'relative')).toBe('+20%');
    expect(changeText(5, 10, 'relative')).toBe('−50%');
    expect(changeText(10, 10, 'relative')).toBe('±0%');
    expect(changeText(64.3, 42.9, 'points')).toBe('+21.4 pts');
    expect(changeText(40, 60, 'points')).toBe('−20 pts');
  });

  it('says "new" after a period of zero, and nothing when a figure is withheld or unknown', () => {
    expect(changeText(3, 0, 'relative')).toBe('new');
    expect(changeText(0, 0, 'relative')).toBe('±0%');
    expect(changeText(null, 4, 'relative')).toBeNull();
    expect(changeText(4, null, 'points')).toBeNull();
  });
});

describe('the days a chart draws', () => {
  it('are every UTC day of the range, days without activity included', () => {
    expect(rangeDays({ from: '2026-11-16T00:00:00.000Z', to: '2026-11-23T00:00:00.000Z' })).toEqual([
      '2026-11-16',
      '2026-11-17',
      '2026-11-18',
      '2026-11-19',
      '2026-11-20',
      '2026-11-21',
      '2026-11-22',
    ]);
    expect(rangeDays({ from: '2026-10-01T00:00:00.000Z', to: '2026-11-01T00:00:00.000Z' })).toHaveLength(31);
  });
});
