import { electronicFormatIBAN, isValidIBAN } from 'ibantools';
import { textBefore } from './fields';
import { maskAlnum, maskDigits } from './mask';
import type { RuleMatch, ScanField, TextRule } from './types';

/**
 * 13-19 digits, in one run or in groups of 4 (Amex 4-6-5) split by one space, dash or dot; not followed by decimals
 * (`.5`, `,75`), but a CSV row's next cell (`,11/27`, `,1200.00`) may follow.
 */
const CARD_CANDIDATE =
  /(?<![\d.,/-])(?:\d{4}([ .-]?)\d{4}\1\d{4}\1\d{1,7}|\d{4}([ -]?)\d{6}\2\d{4,5})(?![\d/-]|\.\d|,\d{1,2}(?![\d/]))/g;

const SIXTEEN_TO_NINETEEN = [16, 17, 18, 19];

/**
 * The major networks' issuer (IIN) ranges, as first digits ("51-55": 51 to 55), and the lengths they issue (ISO/IEC
 * 7812 IINs as the networks publish them; the table in https://en.wikipedia.org/wiki/Payment_card_number gathers
 * them). Maestro takes only its own IINs: the rest of 50 and 56-69 is Discover's, UnionPay's or no major network's.
 * Diners Club International, acquired by Discover, issues 16 digits too, and 3095 and 39 (Discover's acceptance
 * ranges as processors publish them; Stripe's 16-digit test card 3056 9300 0902 0004 is one).
 */
const CARD_NETWORKS: readonly (readonly [name: string, ranges: string, lengths: readonly number[]])[] = [
  ['Visa', '4', [13, 16, 19]],
  ['Mastercard', '51-55 2221-2720', [16]],
  ['American Express', '34 37', [15]],
  ['Discover', '6011 644-649 65', SIXTEEN_TO_NINETEEN],
  ['JCB', '3528-3589', SIXTEEN_TO_NINETEEN],
  ['Diners Club', '300-305 3095 36 38-39', [14, 16]],
  ['UnionPay', '62', SIXTEEN_TO_NINETEEN],
  ['Maestro', '5018 5020 5038 5893 6304 6759 6761-6763', [12, 13, 14, 15, 16, 17, 18, 19]],
];

/**
 * The network whose issuer range holds the number (the longest matching range: 6011 is Discover's, not any wider
 * range's), and whether that network issues numbers of this length. Null where no major network's range holds it.
 */
function cardNetwork(digits: string): { name: string; issuesLength: boolean } | null {
  let best: { name: string; lengths: readonly number[]; prefixLength: number } | null = null;
  for (const [name, ranges, lengths] of CARD_NETWORKS)
    for (const range of ranges.split(' ')) {
      const [from, to = from] = range.split('-') as [string, string?];
      const prefix = digits.slice(0, from.length);
      if (prefix >= from && prefix <= to && from.length > (best?.prefixLength ?? 0))
        best = { name, lengths, prefixLength: from.length };
    }
  return best && { name: best.name, issuesLength: best.lengths.includes(digits.length) };
}

/**
 * ISO/IEC 7812's banking and financial industries (major industry identifiers 5 and 6), where domestic networks and
 * private labels issue outside the major networks' ranges: a Luhn-valid number there that its text calls a card is
 * still a card, of an issuer the table above does not name.
 */
const BANKING_INDUSTRY = /^[56]/;

/** The Luhn (mod 10) check digit test every payment card number passes. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Words that make a long number something else: an order, invoice or tracking number is not a card. */
const NOT_A_CARD_WORDS =
  '(?:order|invoice|inv|po(?!s)|purchase order|tracking|shipment|reference|ref|ticket|case|incident|serial|sku|part|batch|account id|account (?:number|no)|customer id|employee id|request|confirmation|booking|transaction id|iban|phone|tel|fax|isbn|imei|contract|agreement|claim|policy|member(?:ship)?|loyalty|refund|waybill|voucher|quote|id)s?';
const NOT_A_CARD = new RegExp(`\\b${NOT_A_CARD_WORDS}\\b[^\\n]{0,24}$`, 'i');
const NOT_A_CARD_HEADER = new RegExp(`\\b${NOT_A_CARD_WORDS}\\b`, 'i');
/** The same words right after the number in its clause: "4556… is the invoice id", "5264… (PO)". */
const NAMED_AFTER = new RegExp(
  `^[\\s(\\[:,–—-]*(?:(?:is|was|it's|it’s|it is|as)\\s+)?(?:(?:the|our|an?|their|your|its)\\s+)?(?:[a-z]+\\s+)?${NOT_A_CARD_WORDS}\\b`,
  'i',
);
const CARD_WORDS =
  /\b(?:card|credit|debit|visa|mastercard|master card|amex|american express|discover|jcb|diners|maestro|unionpay|cc|cvv|cvc|exp(?:iry|iration)?|pan)\b/i;

/** Too regular to be a real card: one digit repeated, or a running sequence. */
function degenerate(digits: string): boolean {
  if (/^(\d)\1+$/.test(digits)) return true;
  return (
    '0123456789012345678901234567890123456789'.includes(digits) ||
    '9876543210987654321098765432109876543210'.includes(digits)
  );
}

/**
 * The header cell above a number in a comma-, semicolon-, tab- or pipe-separated table (CSV, a markdown table): the
 * first line of the run of lines that hold the same separator. Null outside a table or on its header line.
 */
export function columnHeader(text: string, index: number): string | null {
  const lineStart = text.lastIndexOf('\n', index - 1) + 1;
  const lineEnd = text.indexOf('\n', index);
  const line = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd);
  const separator = [',', ';', '\t', '|'].find((c) => line.includes(c));
  if (!separator) return null;
  let headerStart = lineStart;
  while (headerStart > 0) {
    const previousStart = text.lastIndexOf('\n', headerStart - 2) + 1;
    if (!text.slice(previousStart, headerStart - 1).includes(separator)) break;
    headerStart = previousStart;
  }
  if (headerStart === lineStart) return null;
  const column = text.slice(lineStart, index).split(separator).length - 1;
  const headerEnd = text.indexOf('\n', headerStart);
  return text.slice(headerStart, headerEnd).split(separator)[column]?.trim() ?? null;
}

/**
 * Card numbers published for testing payment integrations (Stripe https://docs.stripe.com/testing, Adyen
 * https://docs.adyen.com/development-resources/test-cards/test-card-numbers, Braintree
 * https://developer.paypal.com/braintree/docs/guides/credit-cards/testing-go-live): no one's card. In QA plans and
 * test scripts they are a low finding, so a real card pasted there still shows but does not crowd the high ones.
 */
const PUBLISHED_TEST_CARDS: ReadonlySet<string> = new Set([
  '4242424242424242',
  '4000056655665556',
  '4000000000000002',
  '4000000000009995',
  '4000000000000069',
  '4000000000000127',
  '4000002500003155',
  '4000002760003184',
  '5555555555554444',
  '2223003122003222',
  '5200828282828210',
  '5105105105105100',
  '378282246310005',
  '371449635398431',
  '6011111111111117',
  '6011000990139424',
  '3056930009020004',
  '30569309025904',
  '36227206271667',
  '3566002020360505',
  '6200000000000005',
  '4111111111111111',
  '4005519200000004',
  '4009348888881881',
  '4012000033330026',
  '4012000077777777',
  '4012888888881881',
  '4217651111111119',
  '4500600000000061',
  '2223000048400011',
  '5555341244441115',
  '370000000000002',
  '6011601160116611',
]);
const TEST_CONTEXT = /\b(?:tests?|testing|sandbox|qa|uat|staging|dummy|fake|sample)\b/i;

/**
 * Payment card numbers: a major network's issuer range and length (or, called a card, a banking-industry number of
 * no major network), the Luhn check, and no order/invoice wording before.
 */
export const cardNumberRule: TextRule = (field: ScanField): RuleMatch[] => {
  const out: RuleMatch[] = [];
  CARD_CANDIDATE.lastIndex = 0;
  for (let m = CARD_CANDIDATE.exec(field.text); m; m = CARD_CANDIDATE.exec(field.text)) {
    const digits = m[0].replace(/\D/g, '');
    const network = cardNetwork(digits);
    // Inside a network's range, a length it never issues is no card: a 15-digit 6011… is not Discover's, nor Maestro's.
    if (network ? !network.issuesLength : !BANKING_INDUSTRY.test(digits)) continue;
    if (!luhnValid(digits) || degenerate(digits)) continue;
    const before = textBefore(field, m.index, 40);
    const around = `${textBefore(field, m.index, 60)}${field.text.slice(m.index, m.index + m[0].length + 30)}`;
    if (NOT_A_CARD.test(before) && !CARD_WORDS.test(before)) continue;
    const after = field.text.slice(m.index + m[0].length, m.index + m[0].length + 40);
    if (NAMED_AFTER.test(after) && !CARD_WORDS.test(`${before}${after}`)) continue;
    const header = columnHeader(field.text, m.index);
    if (header && NOT_A_CARD_HEADER.test(header) && !CARD_WORDS.test(header)) continue;
    const cardWords = CARD_WORDS.test(around) || (header !== null && CARD_WORDS.test(header));
    // No major network's number: weaker evidence, a card only where its text says so.
    if (!network && !cardWords) continue;
    const kind = network ? `${network.name} card number` : 'Card number (issuer not recognised)';
    // The test wording in the same clause: 40 characters before, 30 after.
    const testCard =
      PUBLISHED_TEST_CARDS.has(digits) &&
      TEST_CONTEXT.test(`${before}${field.text.slice(m.index, m.index + m[0].length + 30)}`);
    out.push({
      rule: 'card-number',
      category: 'financial',
      severity: testCard ? 'low' : 'high',
      confidence: testCard ? 'low' : cardWords && network ? 'high' : 'medium',
      type: testCard ? `${kind} published for testing` : kind,
      start: m.index,
      end: m.index + m[0].length,
      value: m[0],
      masked: maskDigits(m[0], 4, 4),
      redact: true,
    });
  }
  return out;
};

/** An IBAN printed or electronic: country, check digits, then 11-30 letters and digits in groups. */
const IBAN_CANDIDATE = /\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\b/g;

/** IBANs that pass the ISO 13616 mod-97 check and their country's length and format (ibantools). */
export const ibanRule: TextRule = (field: ScanField): RuleMatch[] => {
  const out: RuleMatch[] = [];
  IBAN_CANDIDATE.lastIndex = 0;
  for (let m = IBAN_CANDIDATE.exec(field.text); m; m = IBAN_CANDIDATE.exec(field.text)) {
    // The greedy match may swallow a following word; the longest valid prefix of groups is the IBAN.
    const groups = m[0].split(' ');
    for (let take = groups.length; take >= 1; take--) {
      const candidate = groups.slice(0, take).join(' ');
      const electronic = electronicFormatIBAN(candidate) ?? '';
      if (electronic.length < 15 || !isValidIBAN(electronic)) continue;
      out.push({
        rule: 'iban',
        category: 'financial',
        severity: 'medium',
        confidence: 'high',
        type: 'IBAN (bank account)',
        start: m.index,
        end: m.index + candidate.length,
        value: candidate,
        masked: maskAlnum(candidate, 4, 4),
        redact: true,
      });
      break;
    }
  }
  return out;
};
