import { countOf, formatDateTime } from '../../tab/src/format/format';

describe('counted nouns in the tab', () => {
  it('uses the singular for one and the plural otherwise, with grouped digits', () => {
    expect(countOf(1, 'prompt')).toBe('1 prompt');
    expect(countOf(0, 'prompt')).toBe('0 prompts');
    expect(countOf(2, 'response')).toBe('2 responses');
    expect(countOf(12345, 'prompt')).toMatch(/^12.345 prompts$/);
    expect(countOf(3, 'activity', 'activities')).toBe('3 activities');
  });
});

describe('dates in the tab', () => {
  it("shows a moment in the viewer's locale with its time zone named", () => {
    const iso = '2026-12-02T21:58:00.000Z';
    const zone = new Intl.DateTimeFormat(undefined, { timeZoneName: 'short' })
      .formatToParts(new Date(iso))
      .find((p) => p.type === 'timeZoneName')!.value;
    const shown = formatDateTime(iso);
    expect(shown).toContain(zone);
    expect(shown).toContain('2026');
    expect(formatDateTime(null)).toBe('—');
  });
});
