import { countOf } from '../../tab/src/format/format';

describe('counted nouns in the tab', () => {
  it('uses the singular for one and the plural otherwise, with grouped digits', () => {
    expect(countOf(1, 'prompt')).toBe('1 prompt');
    expect(countOf(0, 'prompt')).toBe('0 prompts');
    expect(countOf(2, 'response')).toBe('2 responses');
    expect(countOf(12345, 'prompt')).toMatch(/^12.345 prompts$/);
    expect(countOf(3, 'activity', 'activities')).toBe('3 activities');
  });
});
