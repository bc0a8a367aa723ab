import { EMAIL, emailSpan, PERSONAL_EMAIL_DOMAINS } from './personalDataRules';
import type { RuleMatch, ScanContext, ScanField, TextRule } from './types';
import { SECRET_PARAMS } from './urlSecrets';

/** The host of an http(s) URL, lower-case, or null. */
export function hostOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.hostname.toLowerCase() : null;
  } catch {
    // Not a URL after all (a cut-off or templated link): nothing to judge.
    return null;
  }
}

/** A date or time stamp (`2026-12-31`, `2026-12-31T23:59:59Z`): a link's validity, not data. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * A query value long and opaque enough to carry data out (base64, hex, URL-encoded text). A signature, token or key
 * (a SAS link's `sig`) is a credential, which the credential rules report, and a validity stamp carries nothing.
 */
function carriesData(url: string): boolean {
  try {
    for (const [name, value] of new URL(url).searchParams) {
      if (SECRET_PARAMS.has(name.toLowerCase()) || TIMESTAMP.test(value)) continue;
      if (value.length >= 24 || (value.length >= 12 && /[A-Za-z]/.test(value) && /\d/.test(value))) return true;
    }
  } catch {
    // Unparseable: judged by its host only.
  }
  return false;
}

function masked(url: string): string {
  const host = hostOf(url);
  return host ? `https://${host}/…` : '…';
}

const MARKDOWN_IMAGE = /!\[[^\]\n]{0,200}\]\(\s*<?(https?:\/\/[^\s)>]+)>?[^)]*\)/g;
const HTML_IMAGE = /<img\b[^>]{0,200}?\bsrc\s*=\s*["']?(https?:\/\/[^\s"'>]+)/gi;
const URL_IN_TEXT = /\bhttps?:\/\/[^\s"'<>)\]\\]+/g;

/**
 * Copilot answers that would send data out when rendered or clicked — the shape of cross-prompt injection: a
 * markdown or HTML image from a host outside the tenant (fetched without a click), or a link outside the tenant
 * whose query carries data.
 */
export const responseExfiltrationRule: TextRule = (field: ScanField, ctx: ScanContext): RuleMatch[] => {
  if (ctx.source !== 'response') return [];
  const out: RuleMatch[] = [];
  const imageSpans: [number, number][] = [];
  for (const pattern of [MARKDOWN_IMAGE, HTML_IMAGE]) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(field.text); m; m = pattern.exec(field.text)) {
      const url = m[1] ?? '';
      const host = hostOf(url);
      if (!host || ctx.isTenantHost(host)) continue;
      imageSpans.push([m.index, m.index + m[0].length]);
      out.push(
        finding('external-image-in-response', 'Image from an outside host', m.index, m[0], url, carriesData(url)),
      );
    }
  }
  const urls = field.kind === 'url' ? [{ index: 0, text: field.text }] : allUrls(field.text);
  for (const { index, text } of urls) {
    if (imageSpans.some(([s, e]) => index >= s && index < e)) continue;
    const host = hostOf(text);
    if (!host || ctx.isTenantHost(host) || !carriesData(text)) continue;
    out.push(finding('data-in-external-link', 'Outside link carrying data in its query', index, text, text, false));
  }
  return out;
};

function allUrls(text: string): { index: number; text: string }[] {
  URL_IN_TEXT.lastIndex = 0;
  const out: { index: number; text: string }[] = [];
  for (let m = URL_IN_TEXT.exec(text); m; m = URL_IN_TEXT.exec(text)) out.push({ index: m.index, text: m[0] });
  return out;
}

function finding(rule: string, type: string, start: number, value: string, url: string, withData: boolean): RuleMatch {
  return {
    rule,
    category: 'exfiltration',
    severity: 'medium',
    confidence: withData ? 'high' : 'medium',
    type,
    start,
    end: start + value.length,
    value,
    masked: masked(url),
    redact: false,
  };
}

// The destination may be described before the address: "to my gmail: …", "to my personal address (…)", "to my
// wife's address, …", "to my google drive, account is …", or "bcc my personal outlook account (…)".
const DESTINATION = String.raw`(?:\s+(?:my|his|her|their|our|the|this|a|an))?(?:\s+[A-Za-z]+(?:'s|’s))?(?:\s+(?:own|personal|private|home|other|second|backup|gmail|hotmail|outlook|yahoo|icloud|proton(?:mail)?|google|drive|dropbox|box|wetransfer|e-?mail|mail|address|account|inbox|mailbox)){0,3}\s*[:(,–-]?\s*(?:(?:the|my|which|that)\s+)?(?:(?:account|address|e-?mail|login)\s+)?(?:is\s+)?$`;
const SEND_VERB = new RegExp(
  String.raw`\b(?:send|sent|forward|fwd|e-?mail|mail|share|upload|post|copy|transfer|export|sync|bcc|cc|dm|message)\b(?:[^.\n!?]{0,80}?)\b(?:to|with|into|onto|at)${DESTINATION}|\b(?:bcc|cc)\b${DESTINATION}`,
  'i',
);
const SENSITIVE_OBJECT =
  /\b(?:confidential|internal only|internal use only|strictly private|salar(?:y|ies)|payroll|compensation|customer (?:list|data|database|records)|client (?:list|data|records)|employee (?:list|data|records|details)|source code|credentials?|passwords?|personal data|pii|database (?:dump|export)|full export|trade secrets?|unreleased|under nda|m&a|acquisition target|customer (?:names|details|contacts|contact details|phone numbers|e-?mails?)|phone numbers|contact (?:list|details)|price list|pricing (?:sheet|list)|pipeline|forecast|board (?:deck|minutes)|data room|design specs?)\b/i;

/**
 * Prompts asking Copilot to send content to an outside address: a consumer mailbox (medium), or another
 * organisation's address when what is sent sounds like business data (low).
 */
export const sendOutsideRule: TextRule = (field: ScanField, ctx: ScanContext): RuleMatch[] => {
  if (ctx.source !== 'prompt' || field.kind === 'url') return [];
  const out: RuleMatch[] = [];
  EMAIL.lastIndex = 0;
  for (let m = EMAIL.exec(field.text); m; m = EMAIL.exec(field.text)) {
    const domain = (m[1] ?? '').toLowerCase();
    const personal = PERSONAL_EMAIL_DOMAINS.has(domain);
    if (!personal && ctx.isTenantHost(domain)) continue;
    const before = field.text.slice(Math.max(0, m.index - 120), m.index);
    if (!SEND_VERB.test(before)) continue;
    const sentence = field.text.slice(Math.max(0, m.index - 160), m.index + m[0].length + 60);
    if (!personal && !SENSITIVE_OBJECT.test(sentence)) continue;
    out.push({
      rule: personal ? 'send-to-personal-address' : 'send-to-external-address',
      category: 'exfiltration',
      severity: personal ? 'medium' : 'low',
      confidence: personal ? 'high' : 'low',
      type: personal ? 'Asked to send content to a personal mailbox' : 'Asked to send content outside the organisation',
      ...emailSpan(m),
    });
  }
  return out;
};
