import type { AiInteraction } from '../../graph/types';
import type { DataSourceKind } from '../../store/documents';
import { withoutSecretParams } from '../risk/urlSecrets';
import { dataSourceKey, normaliseUrl } from './dataSourceUrl';

export { normaliseUrl } from './dataSourceUrl';

/** A data source one interaction referenced. */
export interface ExtractedDataSource {
  key: string;
  kind: DataSourceKind;
  name: string | null;
  url: string | null;
  host: string | null;
}

const FILE_EXTENSION = /\.(docx?|xlsx?|pptx?|pdf|one|loop|vsdx?|txt|csv|md|mp4|whiteboard|fluid|msg|eml|png|jpe?g)$/i;

/**
 * The files, links and resources an interaction used, from `links`, `contexts` and reference/file
 * `attachments`, normalised so the same document reached through different links counts once
 * (Graph repeats meeting links with an `EntityRepresentationId` parameter, for instance).
 */
export function extractDataSources(interaction: AiInteraction): ExtractedDataSource[] {
  const found = new Map<string, ExtractedDataSource>();
  const add = (
    rawUrl: string | null | undefined,
    name: string | null | undefined,
    hint: string | null | undefined,
  ): void => {
    const source = toDataSource(rawUrl, name ?? null, hint ?? null);
    if (source && !found.has(source.key)) found.set(source.key, source);
  };
  // Stryker disable next-line ArrayDeclaration: absent, read as a list of one string, it adds nothing (no URL in it)
  for (const link of interaction.links ?? []) add(link.linkUrl, link.displayName, link.linkType);
  // Stryker disable next-line ArrayDeclaration: absent, read as a list of one string, it adds nothing (no URL in it)
  for (const context of interaction.contexts ?? [])
    add(context.contextReference, context.displayName, context.contextType);
  // Stryker disable next-line ArrayDeclaration: absent, read as a list of one string, it adds nothing (no URL in it)
  for (const attachment of interaction.attachments ?? []) {
    // Stryker disable next-line StringLiteral: a missing content type read as any other unknown type is skipped alike
    const type = (attachment.contentType ?? '').toLowerCase();
    if (type === 'reference' || type === 'file' || type.startsWith('image/'))
      add(attachment.contentUrl, attachment.name, type);
  }
  return [...found.values()];
}

function toDataSource(
  rawUrl: string | null | undefined,
  name: string | null,
  hint: string | null,
): ExtractedDataSource | null {
  const url = normaliseUrl(rawUrl);
  if (!url) return null;
  const host = safeHost(url);
  // A link's name can be its URL, token and all.
  const shown = name?.trim() ? withoutSecretParams(name.trim()) : null;
  return { key: dataSourceKey(url), kind: classify(url, hint), name: shown, url, host };
}

/** decodeURIComponent, or the text as it is when an escape is not UTF-8 (`%E9` alone would throw). */
function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function safeHost(url: string): string | null {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}

/** The kind follows from the URL where it can (so it does not depend on which link was seen first). */
function classify(url: string, hint: string | null): DataSourceKind {
  const lower = url.toLowerCase();
  const path = new URL(url).pathname;
  if (lower.includes('/l/meeting') || lower.includes('19:meeting_') || lower.includes('19%3ameeting_'))
    return 'meeting';
  if (lower.includes('outlook.office') && lower.includes('/mail/')) return 'email';
  if (lower.includes('/threads/') || lower.includes('/l/chat') || lower.includes('/l/message')) return 'chat';
  if (FILE_EXTENSION.test(safeDecode(path)) || lower.includes('sourcedoc=')) return 'file';
  if (lower.includes('.sharepoint.com')) return 'site';
  // Stryker disable next-line StringLiteral: any other fallback text is an unknown hint, which ends as web like ''
  const h = (hint ?? '').toLowerCase();
  if (h === 'file' || h === 'reference' || h.startsWith('image/') || h === 'document') return 'file';
  if (h === 'meeting' || h === 'teamsmeeting') return 'meeting';
  if (h === 'event') return 'event';
  if (h === 'email' || h === 'message') return 'email';
  // Stryker disable next-line all: the line after returns web too, for every URL normaliseUrl lets through (http(s))
  if (h === 'web' || h === 'weblink' || h === 'link') return 'web';
  return lower.startsWith('http') ? 'web' : 'other';
}
