import { scanFields } from '../../../server/core/risk/fields';
import { cardNumberRule, columnHeader, ibanRule, luhnValid } from '../../../server/core/risk/financialRules';
import { context } from './riskTestKit';
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

  it('reads a CSV or markdown column header as the words before a number', () => {
    const orders = 'Order ID,Customer,Total\n4556524497901909,Northwind,1200.00\n4556761103967235,Fabrikam,455.10';
    expect(run(cardNumberRule, orders)).toEqual([]);
    expect(columnHeader(orders, orders.indexOf('Fabrikam'))).toBe('Customer');
    const cards = 'card_number,exp,name\n5466662736153837,11/27,R. Alvarez';
    expect(run(cardNumberRule, cards)[0]).toMatchObject({ severity: 'high', confidence: 'high' });
    const table = '| Ref | Amount |\n|---|---|\n| 4556 5244 9790 1909 | 12.00 |';
    expect(run(cardNumberRule, table)).toEqual([]);
    expect(columnHeader('no table here 4556524497901909', 20)).toBeNull();
  });

  it('takes a following CSV cell, not decimals, after a number', () => {
    expect(run(cardNumberRule, 'card 4556524497901909,11/27')).toHaveLength(1);
    expect(run(cardNumberRule, 'card 4556524497901909,75 EUR')).toEqual([]);
  });

  it.each([
    'orders 4916-3385-2207-1256 and the next one were duplicated',
    'contract number 5264 2848 7826 0686 renews on 1 Feb',
    'claim 4556 5244 9790 1909 was approved',
    // Named right after it, in its clause.
    '4556524497901909 is the invoice id in SAP, why is it blocked?',
    'Please reconcile 5264284878260686 (PO) and 4916338522071256 (PO) from Northwind',
    'Our account number with the supplier is 4024 0071 5336 0218',
  ])('leaves other named numbers alone: %s', (text) => {
    expect(run(cardNumberRule, text)).toEqual([]);
  });

  it('still finds a card named as one after the number, or followed by another sentence', () => {
    expect(run(cardNumberRule, '4556524497901909 is the card number for the order')).toHaveLength(1);
    expect(run(cardNumberRule, 'Pay with 4556524497901909. Order 55 ships Monday')).toHaveLength(1);
  });

  it('reads an Adaptive Card fact title as the words before its value', () => {
    const cardOf = (title: string) => ({
      interactionType: 'aiResponse',
      body: { content: '' },
      links: [],
      attachments: [
        {
          content: JSON.stringify({
            type: 'AdaptiveCard',
            body: [{ type: 'FactSet', facts: [{ title, value: '4082-2534-3391-2092' }] }],
          }),
        },
      ],
    });
    const matches = (title: string) =>
      scanFields(cardOf(title)).flatMap((f) => cardNumberRule(f, context({ source: 'response' })));
    expect(matches('Order')).toEqual([]);
    expect(matches('Card')).toHaveLength(1);
    expect(scanFields(cardOf('Order')).find((f) => f.text.startsWith('4082'))?.label).toBe('Order');
  });

  it('makes a card number published for testing a low finding in a test plan, and high elsewhere', () => {
    const [qa] = run(cardNumberRule, 'QA plan: use 4242 4242 4242 4242 in Stripe test mode');
    expect(qa).toMatchObject({ severity: 'low', type: 'Visa card number published for testing' });
    expect(run(cardNumberRule, 'charge my card 4242 4242 4242 4242 please')[0]?.severity).toBe('high');
    expect(run(cardNumberRule, 'test booking on card 4556 5244 9790 1909')[0]?.severity).toBe('high');
    // Test wording further away is another clause's.
    const far = 'Log in to the staging portal, then pay the supplier with our usual card 4111 1111 1111 1111.';
    expect(run(cardNumberRule, far)[0]?.severity).toBe('high');
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
