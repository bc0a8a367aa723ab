import { cardNumberRule, ibanRule, luhnValid } from '../../../server/core/risk/financialRules';
import { run } from './riskTestKit';

describe('card numbers', () => {
  it.each([
    ['Visa, spaced', 'Book it on card 4111 1111 1111 1111 please', 'Visa card number'],
    ['Mastercard, dashed', 'paid with 5555-5555-5555-4444 yesterday', 'Mastercard card number'],
    ['Amex, 4-6-5', 'Amex 3782 822463 10005 exp 09/27', 'American Express card number'],
    ['Discover, unspaced', 'use 6011111111111117 for the renewal', 'Discover card number'],
  ])('finds a %s number that passes Luhn', (_name, text, type) => {
    const [match] = run(cardNumberRule, text);
    expect(match).toMatchObject({ rule: 'card-number', category: 'financial', severity: 'high', type });
  });

  it('finds a card number in groups of four split by dots, not a dotted version or address', () => {
    expect(run(cardNumberRule, 'Mastercard 5555.5555.5555.4444 — is the BIN from a UK bank?')[0]?.type).toBe(
      'Mastercard card number',
    );
    expect(run(cardNumberRule, 'Release 2026.1203.0045.0001 and host 10.20.4.15')).toEqual([]);
  });

  it('masks all but the first and last four digits', () => {
    expect(run(cardNumberRule, 'card 4111 1111 1111 1111')[0]?.masked).toBe('4111 •••• •••• 1111');
  });

  it.each([
    'Order 4111 1111 1111 1112 is late', // fails Luhn
    'The order number 4111 1111 1111 1111 shipped on Monday', // an order number, not a card
    'Invoice no. 5555-5555-5555-4444 is overdue',
    'Tracking 9400 1000 0000 0000 0000 00 is stuck', // no issuer prefix
    'Revenue was 4,512,345.67 last year',
    'Call 0800 123 4567',
    'version 4.1.11.1111 of the agent',
    '1234 5678 9012 3456', // no network starts with 1
    'Reconcile payments 2024-11-0045 to 2024-11-0112',
  ])('leaves business numbers alone: %s', (text) => {
    expect(run(cardNumberRule, text)).toEqual([]);
  });

  it('implements the Luhn check', () => {
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('79927398710')).toBe(false);
  });
});

describe('IBANs', () => {
  it('finds printed and electronic IBANs with a valid checksum', () => {
    expect(run(ibanRule, 'Transfer to DE89 3704 0044 0532 0130 00 by Friday')[0]).toMatchObject({
      rule: 'iban',
      severity: 'medium',
      value: 'DE89 3704 0044 0532 0130 00',
      masked: 'DE89 •••• •••• •••• ••30 00',
    });
    expect(run(ibanRule, 'IBAN GB29NWBK60161331926819.')[0]?.value).toBe('GB29NWBK60161331926819');
  });

  it('ignores IBAN-shaped text whose checksum fails and format questions', () => {
    expect(run(ibanRule, 'Transfer to DE88 3704 0044 0532 0130 00')).toEqual([]);
    expect(run(ibanRule, 'What is the IBAN format for Germany?')).toEqual([]);
  });
});
