/**
 * The SharePoint site a data source lives in ("contoso.sharepoint.com/sites/Marketing"), else its host; null when
 * its address has neither. One definition for the Ask engine's "by site" and the per-site aggregate the sync keeps.
 */
export function siteOfSource(s: { url: string | null; host: string | null } | undefined): string | null {
  if (!s?.url) return s?.host ?? null;
  const m = /^https?:\/\/([^/]+)(\/(?:sites|teams)\/[^/?#]+)?/i.exec(s.url);
  return m ? `${m[1]!.toLowerCase()}${m[2] ? safeDecode(m[2]) : ''}` : (s.host ?? null);
}

/** decodeURIComponent, or the text as it is when an escape is not UTF-8 (`%E9` alone would throw). */
function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The site of a data source from its key alone: a URL key (`url:<normalised URL>`) holds the address the source is
 * stored with, and its host; other keys have no site. The sync's aggregate ops see only keys when they undo a
 * deleted interaction, so the aggregate is keyed this way throughout.
 */
export function siteOfKey(key: string): string | null {
  if (!key.startsWith('url:')) return null;
  const url = key.slice(4);
  let host: string | null;
  try {
    host = new URL(url).host;
  } catch {
    host = null;
  }
  return siteOfSource({ url, host });
}

/** The address prefix every key of a site starts with: `url:https://host/sites/Name` (escapes as stored). */
export function sitePrefixOfKey(key: string): string | null {
  return /^(url:https?:\/\/[^/?#]+\/(?:sites|teams)\/[^/?#]+)/i.exec(key)?.[1] ?? null;
}
