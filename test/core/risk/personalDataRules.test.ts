import {
  identityDocumentRule,
  personalEmailRule,
  phoneRule,
  ssnRule,
} from '../../../server/core/risk/personalDataRules';
import { context, run } from './riskTestKit';

describe('personal data rules', () => {
  it('finds an SSN only beside a word that names it', () => {
    expect(run(ssnRule, 'Benefits form for Dana, SSN 287-61-4093, start Monday')[0]).toMatchObject({
      rule: 'us-ssn',
      severity: 'high',
      masked: '•••-••-4093',
    });
    expect(run(ssnRule, 'Reference 123-45-6789 on the shipment')).toEqual([]);
    expect(run(ssnRule, 'social security number 666-12-3456')).toEqual([]); // never issued
  });

  it('finds personal phone numbers beside a context word, not office lines', () => {
    expect(run(phoneRule, 'Text me on my mobile (415) 555-2671 tonight')[0]).toMatchObject({
      rule: 'phone-number',
      severity: 'low',
    });
    expect(run(phoneRule, 'Our main office line is +1 425 555 0100, add it to the signature')).toEqual([]);
    expect(run(phoneRule, 'Invoice total 4,152,555.26 due')).toEqual([]);
  });

  it('reads national numbers in the tenant’s countries, and + numbers in any', () => {
    const uk = 'Call me on my mobile 07911 123456 after six';
    expect(run(phoneRule, uk)).toEqual([]); // not a US number
    expect(run(phoneRule, uk, { phoneRegions: ['US', 'GB'] }).map((m) => m.value)).toEqual(['07911 123456']);
    expect(run(phoneRule, 'WhatsApp me on +44 7911 123456').map((m) => m.value)).toEqual(['+44 7911 123456']);
    // One finding per number even when it is valid in two of the countries.
    expect(run(phoneRule, 'my cell is (415) 555-2671', { phoneRegions: ['CA', 'US'] })).toHaveLength(1);
  });

  it('finds passport, national insurance and national id numbers right after their names', () => {
    expect(run(identityDocumentRule, 'passport number X12345678, expires 2030')[0]?.rule).toBe('passport-number');
    expect(run(identityDocumentRule, 'Her NI number is AB 12 34 56 C')[0]?.rule).toBe('uk-nino');
    expect(run(identityDocumentRule, 'national id: 8501012345')[0]?.rule).toBe('national-id');
    // German ID card numbers mix letters and digits, and German compounds the word with "Nummer".
    expect(run(identityDocumentRule, 'Personalausweisnummer L01X00T47 bitte eintragen')[0]?.value).toBe('L01X00T47');
    expect(run(identityDocumentRule, 'Personalausweis: bitte bis Freitag MITBRINGEN')).toEqual([]);
    expect(run(identityDocumentRule, 'The SKU AB-1200-XL-BLK is out of stock')).toEqual([]);
    expect(run(identityDocumentRule, 'Renew my passport before the Oslo trip on 2025-03-01')).toEqual([]);
  });

  it('finds a national id whose name starts the match, and a NI number named a few words before', () => {
    expect(run(identityDocumentRule, 'DNI 48392017X de la nueva empleada')[0]?.value).toBe('48392017X');
    expect(run(identityDocumentRule, 'NI number for the Leeds starter is PC 47 19 02 B')[0]?.rule).toBe('uk-nino');
    expect(run(identityDocumentRule, 'Ask the NI team. Form AB 12 34 56 C is attached')).toEqual([]);
  });

  it('reads a phone’s context word a sentence-clause away, and an SSN’s in an Adaptive Card fact title', () => {
    const phone = "Ana's home phone, from the emergency contacts list, is +34 612 48 93 07.";
    expect(run(phoneRule, phone).map((m) => m.value)).toEqual(['+34 612 48 93 07']);
    const fact = { path: 'attachments[0].content#/body/0/facts/1/value', kind: 'attachment' as const };
    expect(ssnRule({ ...fact, text: '287-61-4093', label: 'Social Security No.' }, context())).toHaveLength(1);
    expect(ssnRule({ ...fact, text: '287-61-4093', label: 'Case' }, context())).toEqual([]);
  });

  it('flags consumer mailbox addresses, never colleagues or partners', () => {
    expect(run(personalEmailRule, 'my personal email is jamie.lee84@gmail.com')[0]).toMatchObject({
      rule: 'personal-email',
      masked: 'j••••@gmail.com',
    });
    expect(run(personalEmailRule, 'Send it to maria.garcia@contoso.com and partners@fabrikam.com')).toEqual([]);
  });
});
