/**
 * The key that makes one file, site or page one data source whichever way a link spells its URL.
 *
 * First the normalisations RFC 3986 §6.2.2 says keep a URL's meaning (the WHATWG URL parser does part of them):
 * scheme and host in lower case (§6.2.2.1), percent-escapes with upper-case hex digits (§2.1, §6.2.2.1), escapes of
 * unreserved characters — letters, digits, `-`, `.`, `_`, `~` — decoded (§2.3, §6.2.2.2), dot segments removed
 * (§6.2.2.3), the scheme's default port dropped (§6.2.3). Then the project's own rules: no fragment, no
 * presentation-only query parameters, no secret-bearing ones or userinfo password (core/risk/urlSecrets.ts), the
 * query's parameters sorted (and re-encoded), no trailing slash.
 */
import { dropSecretParams, SECRET_PARAMS } from '../risk/urlSecrets';

/** Query parameters that only identify *how* a link was shown, not *what* it points at. */
const PRESENTATION_PARAMS = new Set([
  'entityrepresentationid',
  'web',
  'csf',
  'e',
  'wdorigin',
  'wdpreviousession',
  'client-request-id',
]);

const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

/** §6.2.2.1 and §6.2.2.2 on a path or userinfo: escapes in upper-case hex, unreserved characters decoded. */
export function normalisePercentEncoding(text: string): string {
  return text.replace(/%([0-9A-Fa-f]{2})/g, (_escape, hex: string) => {
    const char = String.fromCharCode(parseInt(hex, 16));
    return UNRESERVED.test(char) ? char : `%${hex.toUpperCase()}`;
  });
}

/** The normalised form of an http(s) URL (see above), or null when `raw` is not one. */
export function normaliseUrl(raw: string | null | undefined): string | null {
  if (!raw || typeof raw !== 'string') return null;
  let parsed: URL;
  try {
    parsed = new URL(raw.trim());
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
  parsed.hash = '';
  for (const name of [...parsed.searchParams.keys()]) {
    if (PRESENTATION_PARAMS.has(name.toLowerCase())) parsed.searchParams.delete(name);
  }
  // A signed link's token (a SAS `sig`, an `api_key`…) is neither identity nor something to store.
  dropSecretParams(parsed);
  // Sorting also re-serialises the query (application/x-www-form-urlencoded), which settles its escapes.
  parsed.searchParams.sort();
  const text = parsed.toString();
  // Scheme, host and port are already canonical (WHATWG lower-cases the host and drops the default port); what
  // precedes the query is scheme://userinfo@host:port/path, where only userinfo and path can hold escapes.
  const queryAt = text.indexOf('?');
  const head = normalisePercentEncoding(queryAt < 0 ? text : text.slice(0, queryAt));
  const query = queryAt < 0 ? '' : text.slice(queryAt);
  if (query === '' && head.endsWith('/') && parsed.pathname !== '/') return head.slice(0, -1);
  return head + query;
}

/** A data source's key: its normalised URL. */
export function dataSourceKey(normalisedUrl: string): string {
  return `url:${normalisedUrl}`;
}

/**
 * The current key for a key stored by any earlier version of normaliseUrl (the same URL normalised again), or the
 * key itself when it is not a URL key.
 */
export function currentDataSourceKey(key: string): string {
  if (!key.startsWith('url:')) return key;
  const url = normaliseUrl(key.slice(4));
  return url ? dataSourceKey(url) : key;
}

const PERCENT_KEY =
  /^url:[^?]*%(?:[0-9A-Fa-f][a-f]|[a-f][0-9A-Fa-f]|[46][1-9A-Fa-f]|[57][0-9Aa]|3[0-9]|2[DEde]|5[Ff]|7[Ee])/;
/** Keys stored before secret parameters were dropped: one of SECRET_PARAMS in the query, in any case. */
const SECRET_KEY = new RegExp(
  `^url:[^?#]*\\?(?:[^#]*&)?(?:${[...SECRET_PARAMS]
    .map((name) => [...name].map((c) => (/[a-z]/.test(c) ? `[${c}${c.toUpperCase()}]` : `\\${c}`)).join(''))
    .join('|')})=`,
);
/**
 * Keys that may predate RFC 3986 normalisation (a percent-escape before the query with a lower-case hex digit or
 * of an unreserved character) or the dropping of secret parameters (one named in SECRET_PARAMS). A cheap filter for
 * the store (anchored, so MongoDB reads only its index's keys); currentDataSourceKey decides.
 */
export const MAYBE_OUTDATED_KEY = new RegExp(`${PERCENT_KEY.source}|${SECRET_KEY.source}`);
