import { detectInteraction, type DetectionSettings, type FieldMatch } from '../../../server/core/risk/detect';
import { redactInteraction, type ScannableInteraction } from '../../../server/core/risk/fields';
import { MASK } from '../../../server/core/risk/mask';
import { tenantHostMatcher } from '../../../server/core/risk/tenantHosts';
import { token } from './riskTestKit';

/**
 * What a finding keeps of the text it was found in, through detectInteraction (every rule, as the sync scans): each
 * kind of evidence masked to what triage needs and no more — one character more is a leak, one fewer loses the
 * kind — and the interaction itself redacted where the rule says so.
 */

const settings: DetectionSettings = { isTenantHost: tenantHostMatcher(['contoso.com']), watchlist: [] };

const prompt = (text: string): ScannableInteraction => ({
  interactionType: 'userPrompt',
  body: { content: text },
  attachments: [],
  links: [],
});

async function only(text: string): Promise<FieldMatch> {
  const matches = await detectInteraction(prompt(text), settings);
  expect(matches).toHaveLength(1);
  return matches[0]!;
}

describe('evidence masks, through detectInteraction', () => {
  it.each([
    [
      'a 16-digit card in groups',
      'Charge card 4111 1111 1111 1111 exp 12/28',
      '4111 1111 1111 1111',
      '4111 •••• •••• 1111',
    ],
    ['a card in one run', 'card 4012888888881881 please', '4012888888881881', '4012••••••••1881'],
    ['an Amex card, 4-6-5', 'Amex 3782 822463 10005 exp 09/27', '3782 822463 10005', '3782 •••••• •0005'],
    [
      'an IBAN',
      'Transfer to DE89 3704 0044 0532 0130 00 by Friday',
      'DE89 3704 0044 0532 0130 00',
      'DE89 •••• •••• •••• ••30 00',
    ],
    ['a US SSN', 'my SSN is 123-45-6789', '123-45-6789', '•••-••-6789'],
    ['a passport number', 'passport number 533380006', '533380006', '••••••006'],
    ['a national id with letters', 'Personalausweisnummer L01X00T47', 'L01X00T47', '••••••T47'],
    [
      'a password under 12 characters',
      'The VPN password is Orchid81#kq, tell the contractor.',
      'Orchid81#kq',
      'O••••••',
    ],
    ['a password of 13 characters', 'The VPN password is Orchid81#kqz9, ok', 'Orchid81#kqz9', 'Orc••••••••z9'],
  ])('masks %s to its kind and its last characters', async (_kind, text, value, masked) => {
    const match = await only(text);
    expect(match).toMatchObject({ value, masked, redact: true, path: 'body' });
    expect(match.start).toBe(text.indexOf(value));
    expect(match.end).toBe(text.indexOf(value) + value.length);
  });

  it('masks a phone number but its last two digits, keeping the separators, and leaves the text as it was', async () => {
    expect(await only('call me on +44 20 7946 0958 tonight')).toMatchObject({
      rule: 'phone-number',
      masked: '+•• •• •••• ••58',
      redact: false,
    });
  });

  it('masks a mailbox but its first letter, keeping the domain (the signal)', async () => {
    const matches = await detectInteraction(prompt('send it to jamie.lee@gmail.com'), settings);
    expect(matches.map((m) => [m.rule, m.masked])).toEqual([
      ['send-to-personal-address', 'j••••@gmail.com'],
      ['personal-email', 'j••••@gmail.com'],
    ]);
  });

  it('masks an API key to its kind and last two characters, with a fixed run of bullets whatever its length', async () => {
    for (const length of [30, 48]) {
      const key = `sk-proj-${token(length)}`;
      const match = await only(`key ${key}`);
      expect(match.masked).toBe(`sk-p${MASK.repeat(8)}${key.slice(-2)}`);
    }
  });

  it('redacts every redactable finding in the stored text, card and password alike, and finds nothing after', async () => {
    const text = 'Pay with 5555 5555 5555 4444 and log in with password: Tr0ub4dor&3x today';
    const interaction = prompt(text);
    const matches = await detectInteraction(interaction, settings);
    expect(matches.map((m) => m.rule).sort()).toEqual(['card-number', 'password-assignment']);
    expect(redactInteraction(interaction, matches)).toBe(true);
    expect(interaction.body?.content).toBe(
      'Pay with 5555 •••• •••• 4444 and log in with password: Tr0••••••••3x today',
    );
    expect(await detectInteraction(interaction, settings)).toEqual([]);
  });

  it.each([
    ['AWS_SECRET_ACCESS_KEY=', ' and rotate it'],
    ['aws_secret_access_key = ', ''],
    ['export AWS_SECRET_ACCESS_KEY="', '" # prod'],
  ])('redacts all of an AWS secret key after %j, not the first 40 characters of its line', async (before, after) => {
    const key = 'Zq8uY3pT7vK2mN9xR4sW1bH6jL0cF5dG8eA3iO7u';
    const interaction = prompt(`${before}${key}${after}`);
    const matches = await detectInteraction(interaction, settings);
    expect(matches.length).toBeGreaterThan(0);
    expect(redactInteraction(interaction, matches)).toBe(true);
    const stored = interaction.body?.content ?? '';
    // No run of 4 of the key's characters is left (the mask keeps its last 2).
    for (let i = 0; i + 4 <= key.length; i++) expect(stored).not.toContain(key.slice(i, i + 4));
    expect(stored.endsWith(after)).toBe(true);
  });
});
