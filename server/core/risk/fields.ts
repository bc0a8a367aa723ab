import { redactSpans } from './mask';
import type { ScanField } from './types';

/** The parts of a Graph aiInteraction that are scanned (a stored InteractionDoc has the same shape). */
export interface ScannableInteraction {
  interactionType: string;
  body: { content?: string | null } | null;
  attachments: { content?: string | null; contentUrl?: string | null }[];
  links: { linkUrl?: string | null }[];
}

/** Longest text scanned per field: longer text is cut (a pasted document is still scanned in its first 200 KB). */
const MAX_FIELD_CHARS = 200_000;

/**
 * The texts to scan: the body, every string inside an attachment's content (Microsoft 365 Chat puts its answer
 * in an Adaptive Card there; JSON is walked so escapes such as `\n` are read as text), and every URL.
 */
export function scanFields(interaction: ScannableInteraction): ScanField[] {
  const fields: ScanField[] = [];
  const body = interaction.body?.content;
  if (body) fields.push({ path: 'body', kind: 'body', text: body.slice(0, MAX_FIELD_CHARS) });
  interaction.attachments.forEach((attachment, i) => {
    const content = attachment.content;
    if (content) {
      const parsed = parseJson(content);
      if (parsed === undefined) {
        fields.push({ path: `attachments[${i}].content`, kind: 'attachment', text: content.slice(0, MAX_FIELD_CHARS) });
      } else {
        walkStrings(parsed, '', (pointer, text, label) =>
          fields.push({
            path: `attachments[${i}].content#${pointer}`,
            kind: 'attachment',
            text: text.slice(0, MAX_FIELD_CHARS),
            ...(label ? { label } : {}),
          }),
        );
      }
    }
    if (attachment.contentUrl)
      fields.push({ path: `attachments[${i}].contentUrl`, kind: 'url', text: attachment.contentUrl });
  });
  interaction.links.forEach((link, i) => {
    if (link.linkUrl) fields.push({ path: `links[${i}].linkUrl`, kind: 'url', text: link.linkUrl });
  });
  return fields;
}

export interface Redaction {
  path: string;
  start: number;
  end: number;
  masked: string;
}

/**
 * Masks the given spans in the interaction itself (in place), so the stored copy never holds the secrets found in
 * it. Returns whether anything changed.
 */
export function redactInteraction(interaction: ScannableInteraction, redactions: readonly Redaction[]): boolean {
  if (redactions.length === 0) return false;
  const byPath = new Map<string, Redaction[]>();
  for (const r of redactions) byPath.set(r.path, [...(byPath.get(r.path) ?? []), r]);
  const apply = (path: string, text: string): string => {
    const spans = byPath.get(path);
    return spans ? redactSpans(text, spans) : text;
  };
  if (interaction.body?.content) interaction.body.content = apply('body', interaction.body.content);
  interaction.attachments.forEach((attachment, i) => {
    const prefix = `attachments[${i}].content`;
    if (attachment.content && [...byPath.keys()].some((p) => p.startsWith(prefix))) {
      const parsed = parseJson(attachment.content);
      attachment.content =
        parsed === undefined
          ? apply(prefix, attachment.content)
          : JSON.stringify(mapStrings(parsed, '', (pointer, text) => apply(`${prefix}#${pointer}`, text)));
    }
    if (attachment.contentUrl) attachment.contentUrl = apply(`attachments[${i}].contentUrl`, attachment.contentUrl);
  });
  interaction.links.forEach((link, i) => {
    if (link.linkUrl) link.linkUrl = apply(`links[${i}].linkUrl`, link.linkUrl);
  });
  return true;
}

function parseJson(text: string): unknown {
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Looks like JSON but is not: scanned as plain text.
    return undefined;
  }
}

/** Keys whose text an Adaptive Card shows before the other strings of the same element (a fact, an input). */
const LABEL_KEYS = ['title', 'label'] as const;

function walkStrings(
  value: unknown,
  pointer: string,
  visit: (pointer: string, text: string, label?: string) => void,
  label?: string,
): void {
  if (typeof value === 'string') visit(pointer, value, label);
  else if (Array.isArray(value)) value.forEach((v, i) => walkStrings(v, `${pointer}/${i}`, visit));
  else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const key = LABEL_KEYS.find((k) => typeof record[k] === 'string');
    for (const [k, v] of Object.entries(record))
      walkStrings(
        v,
        `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`,
        visit,
        key && k !== key ? (record[key] as string) : undefined,
      );
  }
}

/** The `length` characters before `index` in a field, its label (`Card: `) first when it has one. */
export function textBefore(field: ScanField, index: number, length: number): string {
  const own = field.text.slice(Math.max(0, index - length), index);
  if (!field.label || own.length >= length) return own;
  return `${field.label}: ${own}`.slice(-length);
}

function mapStrings(value: unknown, pointer: string, map: (pointer: string, text: string) => string): unknown {
  if (typeof value === 'string') return map(pointer, value);
  if (Array.isArray(value)) return value.map((v, i) => mapStrings(v, `${pointer}/${i}`, map));
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        mapStrings(v, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, map),
      ]),
    );
  return value;
}
