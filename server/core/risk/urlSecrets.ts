import { credentialRule } from './credentialRules';
import type { ScanContext } from './types';

/**
 * Query parameters that carry a credential whatever their value looks like: Azure SAS signatures (`sig`), OAuth
 * codes and tokens, API keys, passwords and client secrets, AWS and Google signed-URL signatures.
 */
export const SECRET_PARAMS: ReadonlySet<string> = new Set([
  'sig',
  'signature',
  'code',
  'token',
  'access_token',
  'id_token',
  'refresh_token',
  'auth_token',
  'api_key',
  'apikey',
  'api-key',
  'key',
  'password',
  'passwd',
  'pwd',
  'secret',
  'client_secret',
  'x-amz-signature',
  'x-amz-credential',
  'x-amz-security-token',
  'x-goog-signature',
  'x-goog-credential',
]);

/** Whether a query parameter holds a secret: by its name, or because the credential rules flag its value. */
function isSecretParam(name: string, value: string): boolean {
  if (SECRET_PARAMS.has(name.toLowerCase())) return true;
  return value.length >= 8 && credentialRule({ path: 'query', kind: 'url', text: value }, NO_CONTEXT).length > 0;
}
/** The credential rules read no context; a neutral one. */
const NO_CONTEXT: ScanContext = { source: 'prompt', isTenantHost: () => false, watchlist: [] };

/**
 * Removes secret-bearing query parameters and the userinfo password from a parsed URL (in place); true when it
 * changed. Removed rather than masked, so one file cited with different tokens stays one data source.
 */
export function dropSecretParams(url: URL): boolean {
  let changed = false;
  if (url.password) {
    url.password = '';
    changed = true;
  }
  for (const [name, value] of [...url.searchParams.entries()]) {
    if (!isSecretParam(name, value)) continue;
    url.searchParams.delete(name);
    changed = true;
  }
  return changed;
}

/** `raw` without its secret query parameters (otherwise as written); text that is not an http(s) URL as it is. */
export function withoutSecretParams(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return raw;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return raw;
  return dropSecretParams(url) ? url.toString() : raw;
}

/** The URL-holding fields of an interaction the sync stores. */
interface LinkedInteraction {
  links: { linkUrl?: string | null; displayName?: string | null }[];
  attachments: { contentUrl?: string | null; name?: string | null }[];
  contexts: { contextReference?: string | null; displayName?: string | null }[];
}

/**
 * Strips secret query parameters from an interaction's links, attachment and context URLs (and names that are such
 * URLs), in place, so the stored copy never keeps a signed link's token. Returns whether anything changed.
 */
export function stripUrlSecrets(doc: LinkedInteraction): boolean {
  let changed = false;
  const clean = <T>(value: T): T => {
    // Every string goes to the URL parser, which decides what is an http(s) link: it drops tabs and line breaks
    // anywhere and control characters at the ends (WHATWG URL), so `https\n://…?sig=` is a working link too.
    if (typeof value !== 'string') return value;
    const next = withoutSecretParams(value);
    if (next !== value) changed = true;
    return next as T;
  };
  for (const link of doc.links) {
    link.linkUrl = clean(link.linkUrl);
    link.displayName = clean(link.displayName);
  }
  for (const attachment of doc.attachments) {
    attachment.contentUrl = clean(attachment.contentUrl);
    attachment.name = clean(attachment.name);
  }
  for (const context of doc.contexts) {
    context.contextReference = clean(context.contextReference);
    context.displayName = clean(context.displayName);
  }
  return changed;
}
