import { cardNumberRule, columnHeader, ibanRule, luhnValid } from '../../../server/core/risk/financialRules';
import { run } from './riskTestKit';

/**
 * The financial rules at their edges: the Luhn check's doubled digits, numbers too regular to be a card (one digit
 * repeated, a running sequence up or down), the header cell a table gives a number (its separators, a header of
 * several lines, a number on the header line, a row longer than its header), and IBANs (the shortest country's, a
 * word swallowed after one, what the finding says).
 */

const cards = (text: string) => run(cardNumberRule, text).map((m) => m.value);

describe('a card finding', () => {
  it('says what it found: high confidence with card words, medium without or of no major network, low for a test card', () => {
    expect(run(cardNumberRule, 'paid with 4556 5244 9790 1909 yesterday')).toEqual([
      {
        rule: 'card-number',
        category: 'financial',
        severity: 'high',
        confidence: 'medium',
        type: 'Visa card number',
        start: 10,
        end: 29,
        value: '4556 5244 9790 1909',
        masked: '4556 •••• •••• 1909',
        redact: true,
      },
    ]);
    expect(run(cardNumberRule, 'card 4556 5244 9790 1909')[0]?.confidence).toBe('high');
    expect(run(cardNumberRule, 'QA plan: use 4242 4242 4242 4242 in Stripe test mode')[0]?.confidence).toBe('low');
    expect(run(cardNumberRule, 'card 6666666666674')).toMatchObject([
      { confidence: 'medium', type: 'Card number (issuer not recognised)' },
    ]);
  });
});

describe('the Luhn check', () => {
  it('doubles every second digit from the right, less 9 when it passes 9', () => {
    expect(luhnValid('4556524497901909')).toBe(true);
    expect(luhnValid('4556524497901900')).toBe(false);
    expect(luhnValid('18')).toBe(true);
    expect(luhnValid('81')).toBe(false);
    expect(luhnValid('59')).toBe(true);
  });
});

describe('numbers too regular to be a card', () => {
  it('are one digit repeated, or a running sequence up or down, though they pass Luhn', () => {
    expect(cards('card 6666666666666')).toEqual([]);
    expect(cards('card 6666666666674')).toEqual(['6666666666674']);
    expect(cards('card 4567890123456789012')).toEqual([]);
    expect(cards('card 4567890123456789111')).toEqual(['4567890123456789111']);
    expect(cards('card 654321098765432109')).toEqual([]);
    expect(cards('card 654321098765432117')).toEqual(['654321098765432117']);
  });
});

describe('the column header of a number in a table', () => {
  it('is read with any of the four separators', () => {
    for (const sep of [',', ';', '\t', '|']) {
      const text = `Customer${sep}Order ID\nNorthwind${sep}4556524497901909`;
      expect(columnHeader(text, text.indexOf('4556'))).toBe('Order ID');
    }
  });

  it('is the first line of the run of lines holding the separator, whichever line the number is on', () => {
    const text = 'Export of 3 December\nName;Order ID\nNorthwind;100\nFabrikam;4556524497901909\n';
    expect(columnHeader(text, text.indexOf('4556'))).toBe('Order ID');
    expect(columnHeader(text, text.indexOf('100'))).toBe('Order ID');
    const last = 'Name;Card\nA;1\nB;4556524497901909';
    expect(columnHeader(last, last.indexOf('4556'))).toBe('Card');
  });

  it('is none on the header line itself, outside a table, or past the header’s last cell', () => {
    expect(columnHeader('Order ID;4556524497901909\nNorthwind;1', 9)).toBeNull();
    expect(columnHeader('Order 4556524497901909', 6)).toBeNull();
    const text = 'Name;Total\nNorthwind;12;4556524497901909';
    expect(columnHeader(text, text.indexOf('4556'))).toBeNull();
  });

  it('is trimmed, so a padded header still names the column', () => {
    const text = '| Ref | Amount |\n| 4556 5244 9790 1909 | 12.00 |';
    expect(columnHeader(text, text.indexOf('4556'))).toBe('Ref');
  });
});

describe('an IBAN', () => {
  it('says what it found, masked but its first and last four characters, and redacted', () => {
    expect(run(ibanRule, 'Pay NO9386011117947 today')).toEqual([
      {
        rule: 'iban',
        category: 'financial',
        severity: 'medium',
        confidence: 'high',
        type: 'IBAN (bank account)',
        start: 4,
        end: 19,
        value: 'NO9386011117947',
        masked: 'NO93•••••••7947',
        redact: true,
      },
    ]);
  });

  it('reads the longest IBANs whole, and those ending in a group of one character', () => {
    // Russia's 33 characters: seven groups of four after the check digits, then one; Switzerland's 21 end in one too.
    const russian = 'RU02 0445 2560 0407 0281 0412 3456 7890 1';
    expect(run(ibanRule, `Supplier account ${russian}, in roubles`)).toMatchObject([{ value: russian }]);
    expect(run(ibanRule, 'Salary to CH93 0076 2011 6238 5295 7 from May')).toMatchObject([
      { value: 'CH93 0076 2011 6238 5295 7', masked: 'CH93 •••• •••• •••• •295 7' },
    ]);
  });

  it('finds no IBAN inside a longer code that starts with other letters', () => {
    expect(run(ibanRule, 'Shipment code ADE89370400440532013000 arrived')).toEqual([]);
    expect(run(ibanRule, 'Shipment code A DE89370400440532013000 arrived')).toHaveLength(1);
  });

  it('leaves out a word the match swallowed after it', () => {
    expect(run(ibanRule, 'Pay BE68 5390 0754 7034 FROM ACME today')).toMatchObject([
      { start: 4, end: 23, value: 'BE68 5390 0754 7034' },
    ]);
  });
});
