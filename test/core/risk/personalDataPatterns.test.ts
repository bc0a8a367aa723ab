import { detectInteraction, type DetectionSettings } from '../../../server/core/risk/detect';
import type { ScannableInteraction } from '../../../server/core/risk/fields';
import { tenantHostMatcher } from '../../../server/core/risk/tenantHosts';

/**
 * The personal-data rules' patterns, through detectInteraction: the ways people write the name of a document before
 * its number (a colon with or without a space, "no", "no.", "number is", spaces lined up as in a form, the German
 * abbreviations, "drivers license"/"driver's licence"), the numbers' own shapes (two-letter passport prefixes, an
 * all-digit passport number ending the text, a National Insurance number with or without spaces, an SSN without
 * separators), what is not such a name (another line, a word that only contains it) and a personal address at a
 * provider whose domain has three parts.
 */

const settings: DetectionSettings = { isTenantHost: tenantHostMatcher(['contoso.com']), watchlist: [] };

async function personalData(text: string): Promise<Array<[string, string]>> {
  const interaction: ScannableInteraction = { interactionType: 'userPrompt', body: { content: text }, attachments: [], links: [] }; // prettier-ignore
  return (await detectInteraction(interaction, settings))
    .filter((m) => m.category === 'personal_data')
    .map((m) => [m.rule, m.value]);
}

/** Checks the personal-data findings of each text (rule and value), naming the text in a failure. */
async function expectFindings(cases: ReadonlyArray<readonly [string, ReadonlyArray<readonly [string, string]>]>) {
  const found: Array<[string, Array<[string, string]>]> = [];
  for (const [text] of cases) found.push([text, await personalData(text)]);
  expect(found).toEqual(cases);
}

describe('a passport number after the words that name it', () => {
  it('is found after a colon, "no", "number is", a form’s lined-up spaces, and in its shapes', async () => {
    await expectFindings([
      ['Passport: X1234567 for the visa', [['passport-number', 'X1234567']]],
      ['Passport:X1234567 for the visa', [['passport-number', 'X1234567']]],
      ['Passport no X1234567 for the visa', [['passport-number', 'X1234567']]],
      ['Passport   No: X1234567 for the visa', [['passport-number', 'X1234567']]],
      ['her passport number is AB1234567 for the visa', [['passport-number', 'AB1234567']]],
      ['Traveller passport: 533380006', [['passport-number', '533380006']]],
    ]);
  });

  it('is not found where the word only appears earlier in the sentence', async () => {
    await expectFindings([['The passport office wrote about ref X1234567', []]]);
  });
});

describe('a National Insurance number after the words that name it', () => {
  it('is found written without spaces, and after lined-up spaces', async () => {
    await expectFindings([
      ['NINO: AB123456C for payroll', [['uk-nino', 'AB123456C']]],
      ['NI  number AB 12 34 56 C for payroll', [['uk-nino', 'AB 12 34 56 C']]],
      // The lined-up spaces belong to the name, not to the 30 characters allowed between it and the number.
      ['NI  number, from the starter form, is AB 12 34 56 C', [['uk-nino', 'AB 12 34 56 C']]],
    ]);
  });

  it('is not found when the name is on the line before', async () => {
    await expectFindings([['NI number\nRef AB 12 34 56 C for payroll', []]]);
  });
});

describe('a national identity number after the words that name it', () => {
  it('is found after the German abbreviations and either spelling of a driving licence', async () => {
    await expectFindings([
      ['Personalausweis L01X00T47 bitte', [['national-id', 'L01X00T47']]],
      ['Personalausweisnr L01X00T47 bitte', [['national-id', 'L01X00T47']]],
      ['drivers license D1234567 on file', [['national-id', 'D1234567']]],
      ["driver's licence D1234567 on file", [['national-id', 'D1234567']]],
    ]);
  });

  it('is found after a colon with or without a space, "no", "number is" and lined-up spaces', async () => {
    await expectFindings([
      ['national id:8501012345 on file', [['national-id', '8501012345']]],
      ['national id no 8501012345 on file', [['national-id', '8501012345']]],
      ['ID card   No: 8501012345 on file', [['national-id', '8501012345']]],
      ['her national id number is 8501012345 on file', [['national-id', '8501012345']]],
    ]);
  });

  it('is not found with fewer than four digits, nor where the word only appears earlier', async () => {
    await expectFindings([
      ['ID card: ROOM B12', []],
      ['The national id scheme was discussed, ref 8501012345', []],
    ]);
  });
});

describe('other personal numbers and addresses', () => {
  it('finds an SSN without separators, and after "soc sec"', async () => {
    await expectFindings([
      ['new hire form: SSN 287614093, start Monday', [['us-ssn', '287614093']]],
      ['soc sec 287-61-4093 for the form', [['us-ssn', '287-61-4093']]],
    ]);
  });

  it('finds a phone number beside "emergency contact"', async () => {
    await expectFindings([['emergency contact: +44 7911 123456', [['phone-number', '+44 7911 123456']]]]);
  });

  it('finds a personal address at a provider with a three-part domain', async () => {
    await expectFindings([
      ['write to jo.bloggs@hotmail.co.uk tonight', [['personal-email', 'jo.bloggs@hotmail.co.uk']]],
    ]);
  });
});
