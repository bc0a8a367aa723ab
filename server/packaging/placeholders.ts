import { AppError } from '../errors';

/** The toolkit's `${{NAME}}` placeholder (spaces inside the braces allowed). Teams' own `{page.id}` are left alone. */
const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Every distinct placeholder name in `text`, in order of first use. */
export function findPlaceholders(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1] as string))];
}

/** The toolkit substitutes APP_NAME_SUFFIX even when set to empty (a production name without a suffix). */
const MAY_BE_EMPTY = new Set(['APP_NAME_SUFFIX']);

function hasValue(name: string, values: Record<string, string>): boolean {
  return MAY_BE_EMPTY.has(name) ? values[name] !== undefined : Boolean(values[name]);
}

/** Escapes a value so it can stand inside a JSON string literal (the manifest is JSON text). */
function jsonStringContent(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

/**
 * Replaces every placeholder in a JSON document's text with its value. Throws `unresolved_placeholders` naming
 * each one that has no value (empty counts as none, except for APP_NAME_SUFFIX, as in the toolkit), and `encrypted_value` for a toolkit-encrypted secret (`crypto_…`), which
 * only the toolkit can decrypt and which never belongs in an app package.
 */
export function resolveJsonPlaceholders(
  text: string,
  values: Record<string, string>,
  names: { source: string; envFile: string },
): string {
  const missing = findPlaceholders(text).filter((name) => !hasValue(name, values));
  if (missing.length > 0) {
    throw new AppError(
      'unresolved_placeholders',
      `${names.source} uses ${missing.length === 1 ? 'a placeholder' : 'placeholders'} with no value: ${missing
        .map((name) => '${{' + name + '}}')
        .join(', ')}. Set ${missing.length === 1 ? 'it' : 'them'} in ${names.envFile} or the environment ` +
        '(Teams Toolkit provision writes the app, Entra and bot ids there).',
      400,
      { unresolved: missing },
    );
  }
  const encrypted = findPlaceholders(text).filter((name) => values[name]?.startsWith('crypto_'));
  if (encrypted.length > 0) {
    throw new AppError(
      'encrypted_value',
      `${names.source} uses toolkit-encrypted secrets (${encrypted.join(', ')}); an app package must not carry secrets`,
      400,
      { encrypted },
    );
  }
  return text.replace(PLACEHOLDER, (_match, name: string) => jsonStringContent(values[name] as string));
}
