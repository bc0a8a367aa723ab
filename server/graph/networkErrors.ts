/**
 * Telling transient transport failures (worth a retry) from permanent ones (a certificate we do not trust, a caller
 * that gave up). Node's fetch reports both as `TypeError: fetch failed` with the real reason in `cause`.
 */

/** Certificate problems: retrying cannot help, and the admin needs to see the reason at once. */
const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  cause?: unknown;
}

/** Duck-typed, not `instanceof Error`: fetch's errors may come from another realm (jest's sandbox, undici's own). */
function isErrorLike(value: unknown): value is ErrorLike {
  return typeof value === 'object' && value !== null && typeof (value as ErrorLike).message === 'string';
}

/** Codes, messages and names along the chain of `cause`s, outermost first. */
function causeChain(error: unknown): { codes: string[]; messages: string[]; names: string[] } {
  const codes: string[] = [];
  const messages: string[] = [];
  const names: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && isErrorLike(current); depth++) {
    if (typeof current.code === 'string') codes.push(current.code);
    messages.push(String(current.message));
    names.push(String(current.name));
    current = current.cause;
  }
  return { codes, messages, names };
}

/** True for a caller's abort (not for our own per-request timeout, which is a TimeoutError). */
export function isAbortError(error: unknown): boolean {
  return causeChain(error).names.includes('AbortError');
}

/** True for a certificate the process does not trust (or that does not match the host). */
export function isTlsError(error: unknown): boolean {
  return causeChain(error).codes.some((code) => TLS_CODES.has(code) || code.startsWith('ERR_TLS_'));
}

/**
 * True when the request may succeed if sent again: connection reset or refused, socket closed mid-response, DNS
 * hiccup, timeouts. Not for aborts or certificate problems.
 */
export function isRetryableNetworkError(error: unknown): boolean {
  if (!isErrorLike(error) || isAbortError(error) || isTlsError(error)) return false;
  const { codes, messages, names } = causeChain(error);
  if (names.includes('TimeoutError')) return true;
  // ECONNRESET, ECONNREFUSED, EPIPE, ETIMEDOUT, EAI_AGAIN, UND_ERR_SOCKET, UND_ERR_HEADERS_TIMEOUT, ...
  if (codes.some((code) => /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/.test(code))) return true;
  // fetch's own wording for a failed connection and for a body cut short.
  return names[0] === 'TypeError' || messages.some((m) => /socket hang up|terminated|other side closed/i.test(m));
}

/** A short, log-friendly reason, e.g. "fetch failed (ECONNRESET: read ECONNRESET)". */
export function describeNetworkError(error: unknown): string {
  if (!isErrorLike(error)) return String(error);
  const { codes, messages } = causeChain(error);
  const inner = messages.slice(1).join(': ');
  const code = codes[codes.length - 1];
  return [messages[0], inner && `(${code ? `${code}: ` : ''}${inner})`].filter(Boolean).join(' ');
}
