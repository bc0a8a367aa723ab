import { lintSource } from '@secretlint/core';
import { secretLintProfiler } from '@secretlint/profiler';
import { rules as recommendedRules } from '@secretlint/secretlint-rule-preset-recommend';
import { PLACEHOLDER } from './credentialRules';
import { maskSecret } from './mask';
import type { RuleMatch, ScanField } from './types';

// secretlint's built-in profiler puts a performance mark per rule per text into a list it never empties, and searches
// that list on every new mark: scans slow down as a process ages (12 ms per interaction after 800) and its memory
// grows. Nothing here reads the profile, so marking is switched off.
secretLintProfiler.mark = () => undefined;

/**
 * The recommended preset's rules but its `filter-comments`, which drops findings after a `secretlint-disable` comment:
 * the text scanned is a prompt or an answer, and a line of it must not switch its own scan off. Each rule is listed on
 * its own, as secretlint 12 registers a rule inside a preset even when the config marks it `disabled`.
 */
const CONFIG = {
  rules: recommendedRules
    .filter((rule) => rule.meta.id !== '@secretlint/secretlint-rule-filter-comments')
    .map((rule) => ({ id: rule.meta.id, rule })),
};

/**
 * Only text that could hold a token goes to secretlint (a long run of token characters with a digit, a URL with
 * credentials, a PEM header): most prompts have none, and secretlint costs about a millisecond per text.
 */
const MAY_HOLD_SECRET = /[A-Za-z0-9_\-+/=.~]{20,}|:\/\/[^\s/@]+:[^\s/@]+@|-----BEGIN|xox[abpors]-|hooks\.slack\.com/;
const TOKEN_WITH_DIGIT = /(?=[A-Za-z0-9_\-+/=.~]*\d)(?=[A-Za-z0-9_\-+/=.~]*[A-Za-z])[A-Za-z0-9_\-+/=.~]{20,}/;
/**
 * A vendor's prefix and a long token after it, digits or not: a Hugging Face token is `hf_` and 34 letters, and one
 * random GitHub token in a few hundred draws no digit. Without this, secretlint never saw either.
 */
const PREFIXED_TOKEN = /(?<![A-Za-z0-9])[A-Za-z]{2,10}[_.-][A-Za-z0-9_-]{20,}/;

/** Readable names for secretlint's rule ids (`@secretlint/secretlint-rule-github` -> `GitHub token`). */
const TYPE_NAMES: Record<string, string> = {
  '1password': '1Password service account token',
  anthropic: 'Anthropic API key',
  aws: 'AWS credential',
  basicauth: 'Password in a URL',
  'database-connection-string': 'Database connection string with a password',
  databricks: 'Databricks token',
  docker: 'Docker registry credential',
  figma: 'Figma token',
  gcp: 'Google Cloud service account key',
  github: 'GitHub token',
  gitlab: 'GitLab token',
  grafana: 'Grafana token',
  groq: 'Groq API key',
  'hashicorp-vault': 'HashiCorp Vault token',
  huggingface: 'Hugging Face token',
  linear: 'Linear API key',
  notion: 'Notion token',
  npm: 'npm token',
  openai: 'OpenAI API key',
  privatekey: 'Private key',
  sendgrid: 'SendGrid API key',
  shopify: 'Shopify token',
  slack: 'Slack token or webhook',
  vercel: 'Vercel token',
};

/** The password of a URL's userinfo (`scheme://user:password@host`), or null. */
const URL_PASSWORD = /:\/\/[^\s:/@]*:([^\s@]+)@/;

/** A connection string or URL whose password is a template's placeholder (`<password>`) holds no credential. */
function placeholderPassword(value: string): boolean {
  const password = URL_PASSWORD.exec(value)?.[1];
  return password !== undefined && PLACEHOLDER.test(password);
}

/** Characters that can go on a secret token (not a space, quote or bracket around it). */
const TOKEN_CHAR = /[^\s"'`<>()[\]{},;]/;

/**
 * Where the token a secretlint match ends in ends: its AWS rule reports the first 40 characters from the variable's
 * name (`AWS_SECRET_ACCESS_KEY=` and 18 of the key's 40), so a redaction of that span left the rest of the key stored.
 */
function tokenEnd(text: string, end: number): number {
  while (end < text.length && TOKEN_CHAR.test(text[end]!)) end += 1;
  return end;
}

/**
 * Whether a text goes to secretlint: a long token with a digit or after a vendor's prefix, a URL with credentials, a PEM
 * header or a Slack token. A long word alone (`internationalisation`) does not.
 */
export function mayHoldSecret(text: string): boolean {
  if (!MAY_HOLD_SECRET.test(text)) return false;
  return (
    TOKEN_WITH_DIGIT.test(text) || PREFIXED_TOKEN.test(text) || /:\/\/[^\s/@]+:[^\s/@]+@|-----BEGIN|xox/.test(text)
  );
}

/** The readable name of a secretlint rule (`github` -> `GitHub token`); a rule a later preset adds goes by its id. */
export function credentialTypeName(rule: string): string {
  return TYPE_NAMES[rule] ?? `Credential (${rule})`;
}

/** secretlint's recommended preset over one field (it is asynchronous); its findings as rule matches. */
export async function secretlintMatches(field: ScanField): Promise<RuleMatch[]> {
  // Stryker disable next-line ConditionalExpression: speed only, it turns away only texts secretlint finds nothing in
  if (!mayHoldSecret(field.text)) return [];
  const result = await lintSource({
    source: { filePath: '/copilot-interaction.txt', content: field.text, contentType: 'text' },
    // Stryker disable next-line BooleanLiteral: only the message's range is read, never its text
    options: { config: CONFIG, maskSecrets: true },
  });
  // Stryker disable next-line ConditionalExpression,MethodExpression: with filter-comments left out, all are findings
  const findings = result.messages.filter((m) => m.type === 'message');
  return findings
    .filter((m) => !placeholderPassword(field.text.slice(m.range[0], m.range[1])))
    .map((m) => {
      const start = m.range[0];
      const end = tokenEnd(field.text, m.range[1]);
      // Stryker disable next-line Regex: a rule id holds the package prefix once, at its start
      const name = m.ruleId.replace(/^@secretlint\/secretlint-rule-/, '');
      const value = field.text.slice(start, end);
      return {
        rule: `secretlint/${name}`,
        category: 'credential',
        severity: 'high',
        confidence: 'high',
        type: credentialTypeName(name),
        start,
        end,
        value,
        masked: maskSecret(value),
        redact: true,
      } satisfies RuleMatch;
    });
}
