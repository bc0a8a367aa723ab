/**
 * OData system query options as Graph reads them: names case-insensitive with an optional `$`, `+` meaning a
 * space, each option at most once; and the reverse, values re-encoded the way Graph writes nextLinks
 * (`appClass+eq+%27IPM.SkypeTeams.Message.Copilot.BizChat%27`, `…%3d`).
 */
export class QueryError extends Error {
  /** Graph's error code for the 400 (directory endpoints use their own `Request_*` codes). */
  readonly code: string;

  constructor(message: string, code = 'BadRequest') {
    super(message);
    this.name = 'QueryError';
    this.code = code;
  }
}

/** Options by lower-case name without `$` (`filter`, `top`, `skiptoken`...), from the raw URL. */
export function parseQueryOptions(rawUrl: string): Map<string, string> {
  const options = new Map<string, string>();
  const queryStart = rawUrl.indexOf('?');
  if (queryStart < 0) return options;
  for (const part of rawUrl.slice(queryStart + 1).split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const rawName = eq < 0 ? part : part.slice(0, eq);
    const rawValue = eq < 0 ? '' : part.slice(eq + 1);
    const name = decode(rawName).trim().toLowerCase().replace(/^\$/, '');
    if (options.has(name))
      throw new QueryError(
        `Query option '$${name}' was specified more than once but it must be specified at most once.`,
      );
    options.set(name, decode(rawValue));
  }
  return options;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    throw new QueryError(`The query specified in the URI is not valid. Malformed percent-encoding in '${text}'.`);
  }
}

/** Rejects options the resource does not support, naming the first one. */
export function assertOnlyOptions(options: Map<string, string>, allowed: readonly string[]): void {
  for (const name of options.keys()) {
    if (!allowed.includes(name))
      throw new QueryError(
        `Query option '$${name}' is not allowed. Allowed options: ${allowed.map((a) => `$${a}`).join(', ')}.`,
      );
  }
}

/** `$top` as an integer in [min, max], or `fallback` when absent. */
export function parseTop(
  value: string | undefined,
  fallback: number,
  range: { min: number; max: number; code?: string; message: (raw: string) => string },
): number {
  if (value === undefined) return fallback;
  const trimmed = value.trim();
  const top = /^\d{1,9}$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (!(top >= range.min && top <= range.max)) throw new QueryError(range.message(value), range.code);
  return top;
}

const UNRESERVED = /[A-Za-z0-9\-_.!*()]/;

/** Encodes a query value like .NET's WebUtility.UrlEncode, which Graph's nextLinks show: `+` for spaces, lower-case `%xx`. */
export function encodeQueryValue(value: string): string {
  let out = '';
  for (const char of value) {
    if (char === ' ') out += '+';
    else if (UNRESERVED.test(char)) out += char;
    else for (const byte of Buffer.from(char, 'utf8')) out += `%${byte.toString(16).padStart(2, '0')}`;
  }
  return out;
}

/** `?$a=…&$b=…` from ordered pairs, skipping undefined values. */
export function buildQuery(pairs: ReadonlyArray<readonly [string, string | undefined]>): string {
  const parts = pairs.filter(([, v]) => v !== undefined).map(([k, v]) => `$${k}=${encodeQueryValue(v as string)}`);
  return parts.length ? `?${parts.join('&')}` : '';
}
