import {
  identityDocumentRule,
  personalEmailRule,
  phoneRule,
  ssnRule,
} from '../../../server/core/risk/personalDataRules';
import type { ScanField } from '../../../server/core/risk/types';
import { context, run } from './riskTestKit';

/**
 * The phone, SSN, identity document and personal e-mail rules at their edges: what each finding says, how near its
 * context word must be (60 characters before a phone number or 10 after it, or the field's label, never part of a
 * longer word), which countries' national numbers are read, findings in text order whichever country found them, two
 * numbers written against each other, and a mailbox domain in any case.
 */

const fact = (text: string, label: string): ScanField => ({ path: 'attachments[0].content#/body/0/facts/0/value', kind: 'attachment', text, label }); // prettier-ignore

describe('a personal phone number', () => {
  it('says what it found, masked but its last two digits and not redacted', () => {
    expect(run(phoneRule, 'Text me on my mobile (415) 555-2671 tonight')).toEqual([
      {
        rule: 'phone-number',
        category: 'personal_data',
        severity: 'low',
        confidence: 'medium',
        type: 'Phone number',
        start: 21,
        end: 35,
        value: '(415) 555-2671',
        masked: '(•••) •••-••71',
        redact: false,
      },
    ]);
  });

  it('needs its context word within 60 characters before it or 10 after it', () => {
    const far = ' and then a long aside about the offsite agenda and room';
    expect(run(phoneRule, `My mobile${far} (415) 555-2671`)).toEqual([]);
    expect(run(phoneRule, `My mobile${far.slice(0, 40)} (415) 555-2671`)).toHaveLength(1);
    expect(run(phoneRule, '(415) 555-2671 (mobile)')).toHaveLength(1);
    expect(run(phoneRule, '(415) 555-2671 — that is the number, and it is my mobile')).toEqual([]);
  });

  it('takes the context word from the field’s label (an Adaptive Card fact’s title)', () => {
    expect(phoneRule(fact('(415) 555-2671', 'Mobile'), context())).toHaveLength(1);
    expect(phoneRule(fact('(415) 555-2671', 'Office'), context())).toEqual([]);
  });

  it('takes no context word from inside a longer word of the label, even where the 60 characters start in it', () => {
    // The look-back before the number starts at "mobile" inside "automobile": a fragment, not the word.
    const title = 'Fleet automobile pool at the Bristol and Leeds depots (2026)';
    expect(phoneRule(fact('Van 12: 07911 123456', title), context({ phoneRegions: ['GB'] }))).toEqual([]);
    expect(phoneRule(fact('Van 12: 07911 123456', 'Fleet mobile'), context({ phoneRegions: ['GB'] }))).toHaveLength(1);
  });

  it('reads US numbers when the tenant has no countries, and lists numbers in text order whichever country found them', () => {
    expect(run(phoneRule, 'my cell is (415) 555-2671', { phoneRegions: [] })).toHaveLength(1);
    const text = 'my mobile (415) 555-2671, my home number 07911 123456';
    for (const phoneRegions of [
      ['GB', 'US'],
      ['US', 'GB'],
    ])
      expect(run(phoneRule, text, { phoneRegions }).map((m) => m.value)).toEqual(['(415) 555-2671', '07911 123456']);
  });

  it('keeps two numbers written one against the other, whichever country found either first', () => {
    const text = 'my mobile 07911 123456(415) 555-2671';
    for (const phoneRegions of [
      ['US', 'GB'],
      ['GB', 'US'],
    ])
      expect(run(phoneRule, text, { phoneRegions }).map((m) => m.value)).toEqual(['07911 123456', '(415) 555-2671']);
    expect(run(phoneRule, 'my cell (415) 555-2671(415) 555-2672').map((m) => m.value)).toEqual([
      '(415) 555-2671',
      '(415) 555-2672',
    ]);
  });

  it('leaves a number no country’s plan allows alone', () => {
    expect(run(phoneRule, 'my mobile is (415) 123-4567')).toEqual([]);
  });
});

describe('a US SSN', () => {
  it('takes its name up to 20 characters after it, and is of high confidence, or low for a published example', () => {
    expect(run(ssnRule, '287-61-4093 is my SSN')).toMatchObject([
      { start: 0, end: 11, severity: 'high', confidence: 'high' },
    ]);
    expect(run(ssnRule, '287-61-4093 - see the note below on the SSN')).toEqual([]);
    expect(run(ssnRule, 'social security number 078-05-1120')).toMatchObject([{ severity: 'low', confidence: 'low' }]);
  });
});

describe('an identity document number', () => {
  it('says what it found, masked but its last three characters and redacted', () => {
    expect(run(identityDocumentRule, 'passport number X12345678, expires 2030')).toEqual([
      {
        rule: 'passport-number',
        category: 'personal_data',
        severity: 'medium',
        confidence: 'medium',
        type: 'Passport number',
        start: 16,
        end: 25,
        value: 'X12345678',
        masked: '••••••678',
        redact: true,
      },
    ]);
  });

  it('needs its name within the 40 characters before it', () => {
    expect(run(identityDocumentRule, 'Her NI number for the Leeds starter is PC 47 19 02 B')[0]?.rule).toBe('uk-nino');
    expect(run(identityDocumentRule, 'Her NI number, as the HR team wrote it in the starter form, is PC 47 19 02 B')).toEqual([]); // prettier-ignore
  });

  it('finds each of two numbers named in one text', () => {
    expect(run(identityDocumentRule, 'passport X12345678; second passport: Y87654321').map((m) => m.value)).toEqual([
      'X12345678',
      'Y87654321',
    ]);
  });
});

describe('a personal e-mail address', () => {
  it('says what it found, the mailbox masked, at a provider named in any case', () => {
    expect(run(personalEmailRule, 'write to Jamie.Lee84@GMail.com please')).toEqual([
      {
        rule: 'personal-email',
        category: 'personal_data',
        severity: 'low',
        confidence: 'high',
        type: 'Personal e-mail address',
        start: 9,
        end: 30,
        value: 'Jamie.Lee84@GMail.com',
        masked: 'J••••@GMail.com',
        redact: false,
      },
    ]);
  });
});
