import { maskSecret } from './mask';
import { withoutOverlaps } from './overlaps';
import type { RuleMatch, ScanField, Severity, TextRule } from './types';

/**
 * Credential shapes secretlint's recommended preset does not cover: Azure, Entra, connection strings with a
 * password, private keys (also cut short), JWTs, `sk-` keys, AWS key ids, Google API keys, and password or key
 * assignments. Each pattern is written against the vendor's documented format.
 */
interface CredentialPattern {
  rule: string;
  type: string;
  severity: Severity;
  pattern: RegExp;
  /** Capture group holding the secret part (0: the whole match). */
  group?: number;
  /** How many leading characters of the secret the mask keeps. */
  keep?: number;
  accept?: (secret: string, match: RegExpExecArray) => boolean;
}

/** A value that stands for a secret in documentation or a template (`<password>`, `${DB_PASSWORD}`, `your-key`). */
export const PLACEHOLDER =
  /^(?:[<{[(*x•.]|\$\{|%|your|my|the|example|sample|placeholder|password|passw0rd|changeme|secret|redacted|hidden|none|null|undefined|xxx|\*\*\*)/i;

const PATTERNS: readonly CredentialPattern[] = [
  {
    // learn.microsoft.com: "Configure Azure Storage connection strings" (AccountKey is 64 bytes, base64).
    rule: 'azure-storage-connection-string',
    type: 'Azure Storage connection string',
    severity: 'high',
    pattern: /DefaultEndpointsProtocol=https?;AccountName=[a-z0-9]{3,24};AccountKey=([A-Za-z0-9+/]{86}==)[^\s"'<]*/g,
    group: 0,
    keep: 40,
  },
  {
    rule: 'azure-storage-key',
    type: 'Azure Storage account key',
    severity: 'high',
    // `=` may come before it (`key=…`): base64 padding only ends a value, so it never joins two keys.
    pattern: /(?<![A-Za-z0-9+/])([A-Za-z0-9+/]{86}==)(?![A-Za-z0-9+/=])/g,
    group: 1,
    accept: (secret) => /[0-9]/.test(secret) && /[a-z]/.test(secret) && /[A-Z]/.test(secret),
  },
  {
    // Service Bus / Event Hubs / IoT Hub: SharedAccessKey is a 32-byte base64 value.
    rule: 'azure-shared-access-key',
    type: 'Azure shared access key connection string',
    severity: 'high',
    pattern: /Endpoint=sb:\/\/[^;\s]+;SharedAccessKeyName=[^;\s]+;SharedAccessKey=([A-Za-z0-9+/]{42,44}=)/g,
    group: 0,
    keep: 30,
  },
  {
    // A SAS token carries its HMAC in `sig=` next to the signed version `sv=`.
    rule: 'azure-sas-token',
    type: 'Azure shared access signature',
    severity: 'high',
    pattern: /[?&]sv=\d{4}-\d{2}-\d{2}&[^\s"'<>]*?sig=([A-Za-z0-9%+/=]{30,})/g,
    group: 1,
  },
  {
    // Entra ID client secret values: three characters, a digit, `Q~`, then 31-34 characters (gitleaks' rule).
    rule: 'entra-client-secret',
    type: 'Microsoft Entra client secret',
    severity: 'high',
    pattern: /(?<![A-Za-z0-9_~.-])([A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34})(?![A-Za-z0-9_~.-])/g,
    group: 1,
  },
  {
    rule: 'sql-connection-string',
    type: 'SQL connection string with a password',
    severity: 'high',
    pattern:
      /(?:Server|Data Source|Host|Address)\s*=\s*[^;\n"']+;(?:[^;\n"']*;){0,6}?\s*(?:Password|Pwd)\s*=\s*("[^"\n]{4,}"|'[^'\n]{4,}'|[^;\s"']{4,})/gi,
    group: 1,
    accept: (secret) => !PLACEHOLDER.test(secret.replace(/^["']/, '')),
  },
  {
    rule: 'database-uri-password',
    type: 'Database URI with a password',
    severity: 'high',
    pattern:
      /\b(?:mongodb(?:\+srv)?|postgres(?:ql)?|mysql|mariadb|redis|rediss|amqps?|mssql|sqlserver|jdbc:[a-z]+):\/\/[^:\s/@]{1,64}:([^@\s/]{4,128})@[\w.-]+/gi,
    group: 1,
    accept: (secret) => !PLACEHOLDER.test(secret),
  },
  {
    // A PEM private key, also one cut short: the header and at least a line's worth of base64.
    rule: 'private-key',
    type: 'Private key',
    severity: 'high',
    pattern:
      /-----BEGIN (?:[A-Z0-9]+ )?PRIVATE KEY(?: BLOCK)?-----(?:\\[rn]|\s)*[A-Za-z0-9+/=]{20,}(?:(?:\\[rn]|\s)+[A-Za-z0-9+/=]+)*(?:(?:\\[rn]|\s)*-----END (?:[A-Z0-9]+ )?PRIVATE KEY(?: BLOCK)?-----)?/g,
    group: 0,
    keep: 12,
  },
  {
    rule: 'jwt',
    type: 'JSON Web Token',
    severity: 'high',
    pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}/g,
    accept: isJwt,
  },
  {
    // OpenAI (`sk-`, `sk-proj-`), Anthropic (`sk-ant-`), Stripe secret and restricted keys.
    rule: 'sk-api-key',
    type: 'Secret API key (sk-)',
    severity: 'high',
    pattern:
      /(?<![A-Za-z0-9_-])((?:sk-(?:proj-|ant-(?:api\d{2}-)?|svcacct-|admin-)?|[sr]k_(?:live|test)_)[A-Za-z0-9_-]{20,})/g,
    group: 1,
    accept: (secret) => mixed(secret.replace(/^(?:sk-|[sr]k_)/, '')),
  },
  {
    rule: 'aws-access-key-id',
    type: 'AWS access key id',
    severity: 'high',
    pattern: /\b((?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16})\b/g,
    group: 1,
    accept: (secret) => !/EXAMPLE$/.test(secret),
  },
  {
    rule: 'aws-secret-access-key',
    type: 'AWS secret access key',
    severity: 'high',
    pattern: /aws_?secret_?(?:access_?)?key["']?\s*[:=]\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/gi,
    group: 1,
    accept: mixed,
  },
  {
    rule: 'google-api-key',
    type: 'Google API key',
    severity: 'high',
    pattern: /\b(AIza[0-9A-Za-z_-]{35})(?![0-9A-Za-z_-])/g,
    group: 1,
  },
  {
    // `?user=bob&password=…&lang=en`: in a link's query (RFC 3986 §3.4) `&` and `#` end the value, so the next
    // parameter is not taken for part of the password.
    rule: 'password-assignment',
    type: 'Password',
    severity: 'medium',
    pattern: /[?&][\w.-]*?(?:passwords?|passwd|pwd|pw)=([^\s&#"'<>]{6,64})/gi,
    group: 1,
    accept: (secret) => passwordLike(secret),
  },
  {
    // "password: Tr0ub4dor&3", "pwd=…": a value with letters and digits or symbols, not a placeholder. Not a query
    // parameter's name (the pattern above reads those).
    rule: 'password-assignment',
    type: 'Password',
    severity: 'medium',
    pattern:
      /(?<![?&][\w.-]*)(?:\b|_)(?:passwords?|passwd|pwd|pw)\b(?:\s+for(?:\s+[^\s:=]+){1,5}?)?\s*(?:[:=]|\b(?:is|was)\b:?)\s*["'`]?([^\s"'`,;]{6,64})/gi,
    group: 1,
    accept: (secret) => passwordLike(secret),
  },
  {
    // "username admin password Hunter2024!": no separator, so only a long value with a digit counts.
    rule: 'password-assignment',
    type: 'Password',
    severity: 'medium',
    pattern: /\b(?:passwords?|passwd|pwd)\s+([^\s"'`,;:=]{8,64})/gi,
    group: 1,
    accept: (secret) => passwordLike(secret) && /\d/.test(secret),
  },
  {
    // "credentials are admin / Bz4%nWq8Tc", "login: jdoe:Tulip$Rain88": a user name, then a password-like value.
    rule: 'password-assignment',
    type: 'Password',
    severity: 'medium',
    pattern:
      /\b(?:credentials?|creds|log-?ins?|sign-?ins?)\b(?:\s+(?:are|is))?\s*:?\s*[\w.@-]{2,64}\s*(?:\/|:)\s*([^\s"'`,;]{6,64})/gi,
    group: 1,
    accept: (secret) => passwordLike(secret),
  },
  {
    // `curl -u user:password`, `--user user:password` (HTTP basic authentication on a command line).
    rule: 'password-assignment',
    type: 'Password',
    severity: 'medium',
    pattern: /(?:^|\s)(?:-u|--user)\s+["']?[^\s:"']{1,64}:([^\s"']{6,64})/g,
    group: 1,
    accept: (secret) => passwordLike(secret),
  },
  {
    rule: 'key-assignment',
    type: 'API key or token',
    severity: 'medium',
    pattern:
      /\b(?:api[_ -]?key|apikey|access[_ -]?token|auth[_ -]?token|bearer|client[_ -]?secret|secret[_ -]?key|access[_ -]?key|private[_ -]?token|personal[_ -]?access[_ -]?token|pat)\b["']?\s*(?:[:=]|\bis\b)?\s*["'`]?([A-Za-z0-9_\-./+~][A-Za-z0-9_\-./+=~]{19,})/gi,
    group: 1,
    accept: (secret) => mixed(secret) && !/^https?:/i.test(secret) && !/^[a-z]+(?:[-_.][a-z]+)+$/i.test(secret),
  },
];

/** Letters and digits, both. */
function mixed(value: string): boolean {
  return /[A-Za-z]/.test(value) && /\d/.test(value);
}

function passwordLike(value: string): boolean {
  if (PLACEHOLDER.test(value) || /^https?:/i.test(value)) return false;
  const trimmed = value.replace(/[.)!?]+$/, (tail) => (tail.length > 1 ? tail : ''));
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(trimmed)).length;
  return /[A-Za-z]/.test(trimmed) && classes >= 3 && trimmed.length >= 6;
}

function isJwt(token: string): boolean {
  try {
    const header = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8')) as unknown;
    return typeof header === 'object' && header !== null && 'alg' in header;
  } catch {
    // Not JSON: a look-alike string, not a token.
    return false;
  }
}

/** Credentials in one field; where two overlap, the more severe then the longer stays. */
export const credentialRule: TextRule = (field: ScanField): RuleMatch[] => {
  const out: RuleMatch[] = [];
  for (const p of PATTERNS) {
    p.pattern.lastIndex = 0;
    for (let m = p.pattern.exec(field.text); m; m = p.pattern.exec(field.text)) {
      const group = p.group ?? 0;
      const secret = m[group] ?? m[0];
      if (p.accept && !p.accept(secret, m)) continue;
      const start = m.index + (group === 0 ? 0 : m[0].lastIndexOf(secret));
      out.push({
        rule: p.rule,
        category: 'credential',
        severity: p.severity,
        confidence: p.severity === 'high' ? 'high' : 'medium',
        type: p.type,
        start,
        end: start + secret.length,
        value: secret,
        masked: maskSecret(secret, p.keep ?? 4),
        redact: true,
      });
    }
  }
  return withoutOverlaps(out);
};
