import { detectInteraction, type DetectionSettings } from '../../../server/core/risk/detect';
import type { ScannableInteraction } from '../../../server/core/risk/fields';
import { tenantHostMatcher } from '../../../server/core/risk/tenantHosts';

/**
 * Card numbers by network, through detectInteraction: each network's issuer ranges (ISO/IEC 7812 IINs as the networks
 * publish them) found at their edges and lengths, and the numbers just outside them left alone. The numbers are
 * built here with their own Luhn check digit (the mod-10 rule every payment card number follows), so each case
 * differs from its neighbour only in what it tests.
 */

const settings: DetectionSettings = { isTenantHost: tenantHostMatcher(['contoso.com']), watchlist: [] };

/** `prefix`, zeros, and the Luhn check digit, `length` digits in all. */
function cardNumber(prefix: string, length: number): string {
  const body = prefix.padEnd(length - 1, '0');
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return `${body}${(10 - (sum % 10)) % 10}`;
}

async function typeOf(text: string): Promise<string[]> {
  const interaction: ScannableInteraction = { interactionType: 'userPrompt', body: { content: text }, attachments: [], links: [] }; // prettier-ignore
  return (await detectInteraction(interaction, settings)).filter((m) => m.rule === 'card-number').map((m) => m.type);
}

describe('card numbers by network', () => {
  it.each([
    ['4', 13, 'Visa'],
    ['4', 16, 'Visa'],
    ['4', 19, 'Visa'],
    ['51', 16, 'Mastercard'],
    ['55', 16, 'Mastercard'],
    ['2221', 16, 'Mastercard'],
    ['2720', 16, 'Mastercard'],
    ['34', 15, 'American Express'],
    ['37', 15, 'American Express'],
    ['6011', 16, 'Discover'],
    ['65', 16, 'Discover'],
    ['644', 16, 'Discover'],
    ['649999', 19, 'Discover'],
    ['3528', 16, 'JCB'],
    ['3589', 19, 'JCB'],
    ['36', 14, 'Diners Club'],
    ['38', 14, 'Diners Club'],
    ['300', 14, 'Diners Club'],
    ['3059', 14, 'Diners Club'],
    ['3095', 14, 'Diners Club'],
    ['39', 14, 'Diners Club'],
    ['3056', 16, 'Diners Club'],
    ['36', 16, 'Diners Club'],
    ['38', 16, 'Diners Club'],
    ['3095', 16, 'Diners Club'],
    ['39', 16, 'Diners Club'],
    ['62', 16, 'UnionPay'],
    ['62', 19, 'UnionPay'],
    ['5018', 13, 'Maestro'],
    ['5893', 16, 'Maestro'],
    ['6304', 16, 'Maestro'],
    ['6759', 19, 'Maestro'],
    ['6763', 15, 'Maestro'],
  ])('reads a card starting %s of %i digits as %s', async (prefix, length, network) => {
    const number = cardNumber(prefix, length);
    expect(await typeOf(`card ${number} please`)).toEqual([`${network} card number`]);
  });

  it.each([
    ['4', 15, 'Visa is 13, 16 or 19 digits'],
    ['51', 15, 'Mastercard is 16 digits'],
    ['2220', 16, 'below the 2-series range'],
    ['2721', 16, 'above the 2-series range'],
    ['34', 16, 'Amex is 15 digits'],
    ['3527', 16, 'below the JCB range'],
    ['3590', 16, 'above the JCB range'],
    ['3060', 14, 'above the Diners 300-305 range'],
    ['3094', 14, 'below Diners Club’s 3095'],
    ['3096', 16, 'above Diners Club’s 3095'],
    ['36', 15, 'Diners Club is 14 or 16 digits'],
    ['38', 19, 'Diners Club is 14 or 16 digits'],
    ['1', 16, 'no network starts with 1'],
    ['15', 16, 'outside the banking industries (5 and 6 first), though a 5 follows'],
    ['76', 16, 'a petroleum issuer’s (7), not a bank’s'],
    ['85', 19, 'a health or telecom issuer’s (8), not a bank’s'],
    ['6011', 15, 'Discover is 16 to 19 digits, and 6011 is no other network’s'],
    ['65', 15, 'Discover is 16 to 19 digits'],
    ['62', 15, 'UnionPay is 16 to 19 digits'],
    ['6759', 20, 'no card is longer than 19 digits'],
  ])('leaves a Luhn-valid number starting %s of %i digits alone (%s)', async (prefix, length) => {
    expect(await typeOf(`card ${cardNumber(prefix, length)} please`)).toEqual([]);
  });

  it.each([
    ['50', 16],
    ['5019', 16],
    ['57', 16],
    ['60', 16],
    ['6012', 16],
    ['63', 16],
    ['69', 19],
  ])(
    'names no network for a Luhn-valid number starting %s of %i digits, a card only where its text says so',
    async (prefix, length) => {
      const number = cardNumber(prefix, length);
      expect(await typeOf(`my card ${number} please`)).toEqual(['Card number (issuer not recognised)']);
      expect(await typeOf(`copy ${number} into the sheet`)).toEqual([]);
    },
  );

  it('leaves a number one digit off the Luhn check alone', async () => {
    const number = cardNumber('4', 16);
    const off = `${number.slice(0, -1)}${(Number(number.at(-1)) + 1) % 10}`;
    expect(await typeOf(`card ${number} please`)).toHaveLength(1);
    expect(await typeOf(`card ${off} please`)).toEqual([]);
  });

  it('leaves running sequences alone, though they pass the check and start like a card', async () => {
    expect(await typeOf('card 4567890123456789012 please')).toEqual([]);
    expect(await typeOf('card 654321098765432109 please')).toEqual([]);
  });
});
