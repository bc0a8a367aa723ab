import { openTestStore, type TestStore } from '../../support/testStore';
import { expectAnalystView, type AnalystView } from './riskTestKit';

/**
 * What an analyst reads in each financial finding the scanner writes for a labelled prompt: the rule, category,
 * severity, confidence, the title naming the card's network (or that none was recognised, or that the number is
 * published for testing) or the IBAN, and the number masked.
 */

/** A card finding of a prompt, as the triage list shows it. */
const card = (severity: string, confidence: string, kind: string, masked: string): AnalystView => [
  'card-number',
  'financial',
  severity,
  confidence,
  `${kind} in a prompt`,
  [masked],
];

/** The card numbers Stripe, Adyen and Braintree publish for testing, by network. */
const PUBLISHED: ReadonlyArray<readonly [string, string]> = [
  ['4242424242424242', 'Visa'], ['4000056655665556', 'Visa'], ['4000000000000002', 'Visa'],
  ['4000000000009995', 'Visa'], ['4000000000000069', 'Visa'], ['4000000000000127', 'Visa'],
  ['4000002500003155', 'Visa'], ['4000002760003184', 'Visa'], ['5555555555554444', 'Mastercard'],
  ['2223003122003222', 'Mastercard'], ['5200828282828210', 'Mastercard'], ['5105105105105100', 'Mastercard'],
  ['378282246310005', 'American Express'], ['371449635398431', 'American Express'], ['6011111111111117', 'Discover'],
  ['6011000990139424', 'Discover'], ['30569309025904', 'Diners Club'], ['3056930009020004', 'Diners Club'],
  ['36227206271667', 'Diners Club'], ['3566002020360505', 'JCB'], ['6200000000000005', 'UnionPay'],
  ['4111111111111111', 'Visa'], ['4005519200000004', 'Visa'], ['4009348888881881', 'Visa'],
  ['4012000033330026', 'Visa'], ['4012000077777777', 'Visa'], ['4012888888881881', 'Visa'],
  ['4217651111111119', 'Visa'], ['4500600000000061', 'Visa'], ['2223000048400011', 'Mastercard'],
  ['5555341244441115', 'Mastercard'], ['370000000000002', 'American Express'], ['6011601160116611', 'Discover'],
]; // prettier-ignore

describe('financial findings as an analyst reads them', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore('financialWording');
  });
  afterAll(async () => t.close());

  it('names the network of each card found in a prompt, with its severity and the number masked', async () => {
    await expectAnalystView(t.store, [
      [
        'Charge my Visa 4539 7391 5284 6015 for the hotel',
        [card('high', 'high', 'Visa card number', '4539 •••• •••• 6015')],
      ],
      ['Card on file: 5425739152846019', [card('high', 'high', 'Mastercard card number', '5425••••••••6019')]],
      [
        'The Amex is 378273915284605, expiry 11/27',
        [card('high', 'high', 'American Express card number', '3782•••••••4605')],
      ],
      [
        'Discover card 6011739152846017 was declined',
        [card('high', 'high', 'Discover card number', '6011••••••••6017')],
      ],
      ['Pay the deposit with JCB card 3530739152846016', [card('high', 'high', 'JCB card number', '3530••••••••6016')]],
      [
        'My Diners Club card number 30567391528462',
        [card('high', 'high', 'Diners Club card number', '3056••••••8462')],
      ],
      [
        'Diners Club International card 3815 7391 5284 6012 for the client dinner',
        [card('high', 'high', 'Diners Club card number', '3815 •••• •••• 6012')],
      ],
      [
        'Stripe’s Diners Club test card 3056 9300 0902 0004 goes in the QA plan',
        [card('low', 'low', 'Diners Club card number published for testing', '3056 •••• •••• 0004')],
      ],
      [
        'UnionPay card 6212739152846014 for the Shanghai trip',
        [card('high', 'high', 'UnionPay card number', '6212••••••••6014')],
      ],
      ['Maestro debit card 6759739152846013', [card('high', 'high', 'Maestro card number', '6759••••••••6013')]],
      [
        'Store card number 5896739152846019 from the fuel company',
        [card('high', 'medium', 'Card number (issuer not recognised)', '5896••••••••6019')],
      ],
      ['Pay with 4539739152846015 today', [card('high', 'medium', 'Visa card number', '4539••••••••6015')]],
      [
        'Use the Stripe test card 4242 4242 4242 4242 in staging',
        [card('low', 'low', 'Visa card number published for testing', '4242 •••• •••• 4242')],
      ],
      [
        'Wire the refund to IBAN DE89 3704 0044 0532 0130 00 today',
        [['iban', 'financial', 'medium', 'high', 'IBAN (bank account) in a prompt', ['DE89 •••• •••• •••• ••30 00']]],
      ],
    ]);
  });

  it('calls each published test card in test wording a low finding, and the same number elsewhere a high one', async () => {
    const masked = (n: string) => `${n.slice(0, 4)}${'•'.repeat(n.length - 8)}${n.slice(-4)}`;
    await expectAnalystView(t.store, [
      ...PUBLISHED.map(([n, network]) => [`Test card ${n} for the sandbox checkout`, [card('low', 'low', `${network} card number published for testing`, masked(n))]] as const), // prettier-ignore
      ...PUBLISHED.map(([n, network]) => [`Card ${n} for the checkout`, [card('high', 'high', `${network} card number`, masked(n))]] as const), // prettier-ignore
    ]);
  });
});
