import { KNOWN_APPS, profileForAppClass } from '../../server/graph/simulator/copilotAppProfiles';
import type { AiInteraction } from '../../server/graph/types';

/**
 * What the Graph simulator generated, read the simulator's way and with none of the sync's code: the test oracle's
 * notion of which app an interaction belongs to and which data sources it referenced. If the sync mis-maps an app or
 * counts one source twice (or two as one), expectations built from here and the store disagree.
 */

/** Query parameters the simulator adds to a link to say how it was shown (a file opened on the web, one citation). */
const DISPLAY_PARAMETERS = ['web', 'entityrepresentationid'];

/**
 * One string per data source, whichever way a link spells it: the simulator cites a pooled file or meeting with
 * display parameters appended, and may serve a link with another case of host or escapes, or an explicit default
 * port. Escapes are compared decoded; a trailing slash does not make another page.
 */
export function sourceIdentity(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return `text:${raw.trim()}`;
  }
  const query = [...url.searchParams]
    .filter(([name]) => !DISPLAY_PARAMETERS.includes(name.toLowerCase()))
    .map(([name, value]) => `${name}=${value}`)
    .sort();
  // URL() has lower-cased scheme and host and dropped a default port; searchParams are already decoded. A page is
  // the same page with or without a trailing slash.
  const path = decoded(url.pathname).replace(/(.)\/$/, '$1');
  return `${url.protocol}//${url.host}${path}${query.length ? `?${query.join('&')}` : ''}`;
}

function decoded(path: string): string {
  return path.replace(/(%[0-9a-f]{2})+/gi, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run.toUpperCase();
    }
  });
}

/**
 * The distinct data sources an interaction referenced: every link, every context and every attachment with an
 * address (the simulator's meeting and file references; its answer cards carry none).
 */
export function expectedSources(interaction: AiInteraction): string[] {
  const addresses = [
    ...(interaction.links ?? []).map((l) => l.linkUrl),
    ...(interaction.contexts ?? []).map((c) => c.contextReference),
    ...(interaction.attachments ?? []).map((a) => a.contentUrl),
  ].filter((a): a is string => typeof a === 'string' && /^https?:\/\//i.test(a.trim()));
  return [...new Set(addresses.map(sourceIdentity))];
}

/** The simulator's catalogued apps (its app profiles), by their appClass suffix in lower case. */
const CATALOGUED = new Set(KNOWN_APPS.map((p) => p.key.toLowerCase()));

/**
 * The app key the product must file an interaction under, from the simulator's profile for its appClass: a catalogued
 * app by its name in lower case (Microsoft 365 Chat, appClass suffix BizChat, as `m365chat`), anything else as
 * `other:<suffix>` with every run of other characters a hyphen.
 */
export function expectedAppKey(appClass: string): string {
  const name = profileForAppClass(appClass).key.toLowerCase();
  if (CATALOGUED.has(name)) return name === 'bizchat' ? 'm365chat' : name;
  return `other:${name.replace(/[^a-z0-9]+/g, '-')}`;
}
