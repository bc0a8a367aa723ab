import type { AiInteractionAttachment, AiInteractionLink } from '../types';
import type { DataSourcePool, FileKind, PooledFile } from './dataSourcePool';
import type { Random } from './random';

/**
 * Sources a Copilot answer cites, and how Graph shows them: `links[]` (meetings twice — an Event link with an
 * `EntityRepresentationId` parameter and a plain Meeting link —, files and SharePoint site pages with
 * `?web=1&EntityRepresentationId=…`)
 * and, for Microsoft 365 Chat, an Adaptive Card whose text links each source (Microsoft Learn: getAllEnterpriseInteractions, examples).
 */
export interface Source {
  name: string;
  url: string;
  links: AiInteractionLink[];
}

const CITED_FILE_KINDS: readonly FileKind[] = ['docx', 'docx', 'xlsx', 'pptx', 'pdf', 'pdf', 'loop'];
const SOURCE_PHRASES = [
  'You discussed the timeline and agreed on next steps',
  'This file outlines the goals, owners and open risks',
  'The latest revision adds the updated numbers',
  'It was shared with you last week and mentions the deadline',
  'The team raised questions about budget and scope',
  'It summarizes the decisions from the last review',
];

/** A file (or SharePoint page) as an answer cites it: one File link with `?web=1&EntityRepresentationId=…`. */
export function fileSource(file: Pick<PooledFile, 'name' | 'url'>, random: Random): Source {
  return {
    name: file.name,
    url: file.url,
    links: [
      {
        linkUrl: `${file.url}?web=1&EntityRepresentationId=${random.uuid()}`,
        displayName: file.name,
        linkType: 'File',
      },
    ],
  };
}

/** 0–4 sources for an answer; `first` (a file the prompt referenced) always leads. */
export function pickSources(pool: DataSourcePool, random: Random, first: PooledFile | null): Source[] {
  const sources: Source[] = first ? [fileSource(first, random)] : [];
  const extra = random.chance(0.12) ? 0 : random.int(1, 3);
  for (let i = 0; i < extra; i++) {
    const r = random.next();
    if (r < 0.4) {
      const meeting = pool.meeting(random);
      const url = `https://teams.microsoft.com/l/meeting/details?eventId=${meeting.eventId}`;
      sources.push({
        name: meeting.subject,
        url,
        links: [
          {
            linkUrl: `${url}&EntityRepresentationId=${random.uuid()}`,
            displayName: meeting.subject,
            linkType: 'Event',
          },
          { linkUrl: url, displayName: meeting.subject, linkType: 'Meeting' },
        ],
      });
    } else if (r < 0.84) {
      sources.push(fileSource(pool.file(random.pick(CITED_FILE_KINDS), random), random));
    } else if (r < 0.9) {
      // SharePoint pages are list items of the Site Pages library: cited like files (a File link).
      sources.push(fileSource(pool.sitePage(random), random));
    } else {
      const page = pool.web(random);
      sources.push({
        name: page.name,
        url: page.url,
        links: [{ linkUrl: page.url, displayName: page.name, linkType: 'Web' }],
      });
    }
  }
  return sources;
}

/** A file for a prompt that names one ("based on {file}"). */
export function pickReferencedFile(pool: DataSourcePool, random: Random): PooledFile {
  return pool.file(random.pick(CITED_FILE_KINDS), random);
}

/** The Adaptive Card attachment that carries a Microsoft 365 Chat answer. */
export function answerCard(intro: string, sources: readonly Source[], random: Random): AiInteractionAttachment {
  const linked: string[] = [];
  const cited: string[] = [];
  sources.forEach((source, i) => {
    const phrase = random.pick(SOURCE_PHRASES);
    linked.push(`- **[${source.name}](${source.url})**: ${phrase}[${i + 1}](${source.url}).`);
    cited.push(`- **${source.name}[${i + 1}]**: ${phrase}[^${i + 1}^].`);
  });
  const outro = 'Is there anything specific you would like to know more about?';
  const join = (lines: string[]): string =>
    lines.length ? `${intro}\n\n${lines.join('\n')}\n\n${outro}` : `${intro}\n\n${outro}`;
  // Graph serialises the card with CRLF line breaks and two-space indentation; written out by hand because
  // JSON.stringify with indentation dominated generation time.
  const content =
    '{\r\n  "type": "AdaptiveCard",\r\n  "version": "1.0",\r\n  "body": [\r\n    {\r\n      "type": "TextBlock",\r\n' +
    `      "text": ${JSON.stringify(join(linked))},\r\n      "wrap": true\r\n    },\r\n    {\r\n      "type": "TextBlock",\r\n` +
    `      "id": "MessageTextField",\r\n      "text": ${JSON.stringify(join(cited))},\r\n      "wrap": true\r\n    }\r\n  ]\r\n}`;
  return {
    attachmentId: random.hex(32),
    contentType: 'application/vnd.microsoft.card.adaptive',
    contentUrl: null,
    content,
    name: null,
  };
}
