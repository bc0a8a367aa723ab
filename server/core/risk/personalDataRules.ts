import { findPhoneNumbersInText, type CountryCode } from 'libphonenumber-js';
import { textBefore } from './fields';
import { maskAlnum, maskDigits, maskEmail } from './mask';
import type { RuleMatch, ScanContext, ScanField, TextRule } from './types';

/**
 * Whether `pattern` occurs within `radius` characters before (or, with `after`, around) the span; the words before
 * include the field's label (an Adaptive Card fact's title).
 */
function near(field: ScanField, start: number, end: number, pattern: RegExp, radius = 50, after = 20): boolean {
  return pattern.test(
    `${textBefore(field, start, radius)}${field.text.slice(start, Math.min(field.text.length, end + after))}`,
  );
}

const SSN_CONTEXT = /\b(?:ssn|ss#|ss no|social security|social-security|soc\.? sec|taxpayer id|tin|itin)\b/i;
const SSN_CANDIDATE = /(?<![\d-])(\d{3})([- ]?)(\d{2})\2(\d{4})(?![\d-])/g;

/**
 * SSNs printed as examples, which people copy into forms: 078-05-1120 (the sample card in Woolworth wallets from
 * 1938) and 219-09-9999 (SSA's 1940 pamphlet), SSA's history of misused numbers
 * (https://www.ssa.gov/history/ssn/misused.html); 123-45-6789, the placeholder of forms and documentation. No one's
 * number: a low finding, so it still shows beside a real record but does not crowd the high ones.
 */
const EXAMPLE_SSNS: ReadonlySet<string> = new Set(['078051120', '219099999', '123456789']);

/**
 * US Social Security numbers beside a word that names them. Never-issued numbers are left alone: area 000, 666 or
 * 900-999, group 00, serial 0000 (SSA POMS RM 10201.035 "Invalid Social Security Numbers",
 * https://secure.ssa.gov/apps10/poms.nsf/lnx/0110201035; SSA's advertising numbers 987-65-4320 to 4329 are among
 * them); published example numbers are low.
 */
export const ssnRule: TextRule = (field: ScanField): RuleMatch[] => {
  const out: RuleMatch[] = [];
  SSN_CANDIDATE.lastIndex = 0;
  for (let m = SSN_CANDIDATE.exec(field.text); m; m = SSN_CANDIDATE.exec(field.text)) {
    const [value, area, , group, serial] = m as unknown as [string, string, string, string, string];
    if (area === '000' || area === '666' || area[0] === '9' || group === '00' || serial === '0000') continue;
    if (!near(field, m.index, m.index + value.length, SSN_CONTEXT)) continue;
    const example = EXAMPLE_SSNS.has(`${area}${group}${serial}`);
    out.push({
      rule: 'us-ssn',
      category: 'personal_data',
      severity: example ? 'low' : 'high',
      confidence: example ? 'low' : 'high',
      type: example ? 'US Social Security number published as an example' : 'US Social Security number',
      start: m.index,
      end: m.index + value.length,
      value,
      masked: maskDigits(value, 0, 4),
      redact: true,
    });
  }
  return out;
};

/** Personal numbers only: an office line in a signature is ordinary business text. */
const PHONE_CONTEXT =
  /\b(?:mobile|cell|cellphone|cell phone|emergency contacts?|home (?:phone|number)|personal (?:phone|number|mobile|cell)|private (?:phone|number)|whatsapp|text me|call me|my (?:phone|number)|(?:his|her|their) (?:phone|number))\b/i;

/**
 * Phone numbers (libphonenumber-js, valid for their region) beside a word that says it is one. A national number
 * ("07911 123456") is read in each of the tenant's countries (its licences' usage locations); one with `+` in any.
 */
export const phoneRule: TextRule = (field: ScanField, ctx: ScanContext): RuleMatch[] => {
  if (!PHONE_CONTEXT.test(field.text) && !PHONE_CONTEXT.test(field.label ?? '')) return [];
  const found: ReturnType<typeof findPhoneNumbersInText> = [];
  for (const region of ctx.phoneRegions?.length ? ctx.phoneRegions : ['US']) {
    for (const number of findPhoneNumbersInText(field.text, { defaultCountry: region as CountryCode })) {
      const overlaps = found.some((f) => f.startsAt < number.endsAt && number.startsAt < f.endsAt);
      if (number.number.isValid() && !overlaps) found.push(number);
    }
  }
  return found
    .sort((a, b) => a.startsAt - b.startsAt)
    .filter((found) => near(field, found.startsAt, found.endsAt, PHONE_CONTEXT, 60, 10))
    .map((found) => {
      const value = field.text.slice(found.startsAt, found.endsAt);
      return {
        rule: 'phone-number',
        category: 'personal_data',
        severity: 'low',
        confidence: 'medium',
        type: 'Phone number',
        start: found.startsAt,
        end: found.endsAt,
        value,
        masked: maskDigits(value, 0, 2),
        redact: false,
      } satisfies RuleMatch;
    });
};

interface IdPattern {
  rule: string;
  type: string;
  context: RegExp;
  pattern: RegExp;
}

/** Identity document numbers: only where the words before say which document it is. */
const ID_PATTERNS: readonly IdPattern[] = [
  {
    rule: 'passport-number',
    type: 'Passport number',
    context: /\bpassport(?:\s+(?:no|number|num|#))?\.?\s*(?:is|:|#)?\s*$/i,
    pattern: /\b(?=[A-Z0-9]*\d)[A-Z0-9]{1,2}\d{6,8}\b/g,
  },
  {
    // UK National Insurance number (HMRC format: two letters, six digits, A-D).
    rule: 'uk-nino',
    type: 'UK National Insurance number',
    // The format is specific enough for its name to stand a few words before ("NI number for the new starter is").
    context: /\b(?:national insurance|ni|nino)(?:\s+(?:no|number|num|#))?\.?[^\d\n.]{0,30}$/i,
    pattern: /\b[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b/g,
  },
  {
    rule: 'national-id',
    type: 'National identity number',
    context:
      /\b(?:national id|national identity|id card|identity card|personalausweis(?:nummer|-?nr)?|ausweisnummer|dni|nif|nie|bsn|personnummer|aadhaar|cpf|sin|driver'?s licen[cs]e)(?:\s+(?:no|number|num|#))?\.?\s*(?:is|:|#)?\s*$/i,
    // At least four digits: German ID card numbers mix letters in (`L01X00T47`).
    pattern: /\b(?=(?:[A-Z.\- ]*\d){4})[A-Z0-9][A-Z0-9.\- ]{5,16}[A-Z0-9]\b/g,
  },
];

/** Passport, national insurance and national id numbers right after the words that name them. */
export const identityDocumentRule: TextRule = (field: ScanField): RuleMatch[] => {
  const out: RuleMatch[] = [];
  for (const p of ID_PATTERNS) {
    p.pattern.lastIndex = 0;
    for (let m = p.pattern.exec(field.text); m; m = p.pattern.exec(field.text)) {
      if (!p.context.test(textBefore(field, m.index, 40))) {
        // The match may have started on the naming word itself ("DNI 4839…"): look again one character on.
        p.pattern.lastIndex = m.index + 1;
        continue;
      }
      const value = m[0].trim();
      out.push({
        rule: p.rule,
        category: 'personal_data',
        severity: 'medium',
        confidence: 'medium',
        type: p.type,
        start: m.index,
        end: m.index + value.length,
        value,
        masked: maskAlnum(value, 0, 3),
        redact: true,
      });
    }
  }
  return out;
};

/** Consumer mailbox providers: an address there is a person's own, never a tenant's. */
export const PERSONAL_EMAIL_DOMAINS: ReadonlySet<string> = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'hotmail.co.uk',
  'live.com',
  'msn.com',
  'yahoo.com',
  'yahoo.co.uk',
  'ymail.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'pm.me',
  'gmx.com',
  'gmx.de',
  'gmx.net',
  'web.de',
  'mail.com',
  'mail.ru',
  'yandex.com',
  'yandex.ru',
  'qq.com',
  '163.com',
  '126.com',
  'zoho.com',
  'tutanota.com',
  'tuta.io',
  'fastmail.com',
  'hey.com',
  'comcast.net',
  'btinternet.com',
  'orange.fr',
  'free.fr',
  'libero.it',
]);

export const EMAIL = /\b[A-Za-z0-9._%+-]{1,64}@((?:[A-Za-z0-9-]{1,63}\.)+[A-Za-z]{2,24})\b/g;

/** Where an e-mail address match is and how it shows (the mailbox masked; an address is not redacted). */
export function emailSpan(m: RegExpExecArray): Pick<RuleMatch, 'start' | 'end' | 'value' | 'masked' | 'redact'> {
  return { start: m.index, end: m.index + m[0].length, value: m[0], masked: maskEmail(m[0]), redact: false };
}

/** Addresses at consumer mail providers (colleagues' addresses are ordinary business text and never flagged). */
export const personalEmailRule: TextRule = (field: ScanField): RuleMatch[] => {
  const out: RuleMatch[] = [];
  EMAIL.lastIndex = 0;
  for (let m = EMAIL.exec(field.text); m; m = EMAIL.exec(field.text)) {
    if (!PERSONAL_EMAIL_DOMAINS.has((m[1] ?? '').toLowerCase())) continue;
    out.push({
      rule: 'personal-email',
      category: 'personal_data',
      severity: 'low',
      confidence: 'high',
      type: 'Personal e-mail address',
      ...emailSpan(m),
    });
  }
  return out;
};
