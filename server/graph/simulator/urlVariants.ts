import type { AiInteraction } from '../types';
import type { FaultInjector } from './faults';

/**
 * The same URL spelt another way that RFC 3986 §6.2.2 says is equivalent: in the path's last segment the unreserved
 * characters `.`, `-`, `_` and `~` become percent-escapes, and every escape gets lower-case (`lower`) or upper-case
 * (`upper`) hex digits; `upper` also writes the scheme and host in capitals with the default port spelt out.
 */
export function respellUrl(url: string, style: 'lower' | 'upper'): string {
  const match = /^(https?):\/\/([^/?#]+)([^?#]*)(.*)$/is.exec(url);
  if (!match) return url;
  const [, scheme = '', authority = '', path = '', rest = ''] = match;
  const cut = path.lastIndexOf('/') + 1;
  const hex = (c: string): string => c.charCodeAt(0).toString(16);
  const last = path.slice(cut).replace(/[.\-_~]/g, (c) => `%${hex(c)}`);
  const recased = `${path.slice(0, cut)}${last}`.replace(/%[0-9a-f]{2}/gi, (escape) =>
    style === 'lower' ? escape.toLowerCase() : escape.toUpperCase(),
  );
  if (style === 'lower') return `${scheme}://${authority}${recased}${rest}`;
  const port = authority.includes(':') ? '' : scheme.toLowerCase() === 'https' ? ':443' : ':80';
  return `${scheme.toUpperCase()}://${authority.toUpperCase()}${port}${recased}${rest}`;
}

/**
 * An interaction as served under the urlVariantRate fault: some links in another, equivalent spelling — and, for an
 * `upper` one, the link repeated in its original spelling too, the way Graph repeats a source's links (one data
 * source, two spellings in one interaction).
 */
export function withUrlVariants(faults: FaultInjector, userId: string, interaction: AiInteraction): AiInteraction {
  if (!interaction.links?.length) return interaction;
  let changed = false;
  const links = interaction.links.flatMap((link, index) => {
    const style = link.linkUrl ? faults.urlVariant(`${userId}/${interaction.id}`, index) : null;
    if (!style || !link.linkUrl) return [link];
    changed = true;
    const respelt = { ...link, linkUrl: respellUrl(link.linkUrl, style) };
    return style === 'upper' ? [respelt, link] : [respelt];
  });
  return changed ? { ...interaction, links } : interaction;
}
