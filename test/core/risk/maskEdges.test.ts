import { createEvidenceHasher, maskEmail, redactSpans } from '../../../server/core/risk/mask';

/**
 * The edges of masking that the rules reach only sometimes: spans handed over in any order or overlapping (two
 * rules on one value), a mailbox without a name before its @, and the evidence hash key's bound and normalisation.
 */
describe('masking at its edges', () => {
  const text = 'card 4111 1111 1111 1111 and key sk-abcdefghijklmnop end';
  const card = { start: 5, end: 24, masked: 'CARD' };
  const key = { start: 33, end: 52, masked: 'KEY' };

  it('replaces spans given in any order', () => {
    expect(redactSpans(text, [key, card])).toBe('card CARD and key KEY end');
    expect(redactSpans(text, [card, key])).toBe('card CARD and key KEY end');
  });

  it('keeps the longer of two spans starting together, and skips one starting inside another', () => {
    const inner = { start: 5, end: 9, masked: 'PART' };
    const inside = { start: 10, end: 14, masked: 'IN' };
    expect(redactSpans(text, [inner, card])).toBe('card CARD and key sk-abcdefghijklmnop end');
    expect(redactSpans(text, [card, inside])).toBe('card CARD and key sk-abcdefghijklmnop end');
    expect(redactSpans(text, [{ start: 24, end: 28, masked: 'AND' }, card])).toBe('card CARDAND key sk-abcdefghijklmnop end'); // prettier-ignore
  });

  it('masks a value with nothing before its @ as a secret, not as a mailbox', () => {
    expect(maskEmail('@gmail.com')).toBe('@••••••');
    expect(maskEmail('j@gmail.com')).toBe('j••••@gmail.com');
  });

  it('takes a hash key of 16 bytes and refuses a shorter one, saying why', () => {
    expect(() => createEvidenceHasher(Buffer.alloc(16, 3))).not.toThrow();
    expect(() => createEvidenceHasher(Buffer.alloc(15, 3))).toThrow('The evidence hash key needs at least 16 bytes.');
  });

  it('hashes a value the same with or without surrounding spaces, and digits whatever their separators', () => {
    const hash = createEvidenceHasher(Buffer.alloc(32, 5));
    expect(hash('password', '  Orchid81#kq ')).toBe(hash('password', 'Orchid81#kq'));
    expect(hash('ssn', '123-45-6789')).toBe(hash('ssn', '123 45 6789'));
    expect(hash('ssn', '123.45.6789')).toBe(hash('ssn', '123456789'));
    expect(hash('iban', 'DE89 3704')).not.toBe(hash('iban', 'DE893704'));
  });
});
