import { createHmac } from 'node:crypto';

/** The character that replaces hidden characters; no rule matches it, so masked text is never found again. */
export const MASK = '•';

/**
 * A credential shown as its first characters (the kind: `ghp_`, `AKIA`, `sk-`) and last two, the middle as a fixed
 * run of bullets, so the mask neither reveals the value nor its length.
 */
export function maskSecret(value: string, keepStart = 4): string {
  if (value.length < 12) return `${value.slice(0, 1)}${MASK.repeat(6)}`;
  const start = Math.min(keepStart, Math.floor(value.length / 4));
  return `${value.slice(0, start)}${MASK.repeat(8)}${value.slice(-2)}`;
}

/** Digits masked except the first `keepFirst` and last `keepLast`; separators stay (`4111 •••• •••• 1111`). */
export function maskDigits(value: string, keepFirst: number, keepLast: number): string {
  const total = value.replace(/\D/g, '').length;
  let seen = 0;
  return value.replace(/\d/g, (digit) => {
    seen += 1;
    return seen <= keepFirst || seen > total - keepLast ? digit : MASK;
  });
}

/** Letters and digits masked except the first `keepFirst` and last `keepLast` (identifiers such as IBANs). */
export function maskAlnum(value: string, keepFirst: number, keepLast: number): string {
  const total = value.replace(/[^A-Za-z0-9]/g, '').length;
  let seen = 0;
  return value.replace(/[A-Za-z0-9]/g, (ch) => {
    seen += 1;
    return seen <= keepFirst || seen > total - keepLast ? ch : MASK;
  });
}

/** `j••••@gmail.com`: the domain is the signal, the mailbox is not needed to triage. */
export function maskEmail(value: string): string {
  const at = value.lastIndexOf('@');
  if (at < 1) return maskSecret(value);
  return `${value.slice(0, 1)}${MASK.repeat(4)}${value.slice(at)}`;
}

/** Replaces the spans in `text` by their masks (spans may overlap; the first to start wins). */
export function redactSpans(text: string, spans: readonly { start: number; end: number; masked: string }[]): string {
  const ordered = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let at = 0;
  for (const span of ordered) {
    if (span.start < at) continue;
    out += text.slice(at, span.start) + span.masked;
    at = span.end;
  }
  return out + text.slice(at);
}

/** Hashes evidence values with a secret key, so repeats of one value group together and no one can test guesses. */
export type EvidenceHasher = (type: string, value: string) => string;

/** An HMAC-SHA256 hasher (first 128 bits, hex); digits-only values hash the same whatever their separators. */
export function createEvidenceHasher(key: Buffer): EvidenceHasher {
  if (key.length < 16) throw new RangeError('The evidence hash key needs at least 16 bytes.');
  return (type, value) => {
    const normalised = /^[\d\s.-]+$/.test(value) ? value.replace(/\D/g, '') : value.trim();
    return createHmac('sha256', key).update(type).update('\u0000').update(normalised).digest('hex').slice(0, 32);
  };
}
