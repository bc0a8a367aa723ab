import { extractDataSources } from '../../../server/core/sync/dataSourceExtractor';
import {
  currentDataSourceKey,
  dataSourceKey,
  MAYBE_OUTDATED_KEY,
  normalisePercentEncoding,
  normaliseUrl,
} from '../../../server/core/sync/dataSourceUrl';
import type { AiInteraction } from '../../../server/graph/types';
import { buildInteraction } from '../../support/factories';

/**
 * What one data source is (its key), what kind it is, what it is called: the rules behind the data-source figures,
 * one at a time. A key spelt two ways splits one file's counts; a kind read from the wrong field files a meeting as
 * a web page; a name kept with its token stores a credential.
 */

const link = (linkUrl: string | null, displayName: string | null = 'shown', linkType: string | null = null) => ({
  linkUrl,
  displayName,
  linkType,
});
const fromLinks = (...links: ReturnType<typeof link>[]) =>
  extractDataSources(buildInteraction({ contexts: [], links } as Partial<AiInteraction>));
const kindOf = (url: string, hint: string | null = null) => fromLinks(link(url, 'shown', hint)).map((s) => s.kind);

describe('the kind of a data source', () => {
  it.each([
    ['a Teams meeting link', 'https://teams.microsoft.com/l/meeting/details?eventId=AAMk', 'meeting'],
    ["a meeting's chat thread", 'https://teams.microsoft.com/l/entity/19:meeting_MjM@thread.v2/0', 'meeting'],
    ["a meeting's thread, escaped", 'https://teams.microsoft.com/l/team/19%3ameeting_MjM%40thread.v2/x', 'meeting'],
    ['a mail in Outlook on the web', 'https://outlook.office365.com/mail/inbox/id/AAQk', 'email'],
    ['Outlook, not a mail', 'https://outlook.office365.com/calendar/item/AAQk', 'web'],
    ['a /mail/ path elsewhere', 'https://contoso.com/mail/inbox', 'web'],
    ['a channel thread', 'https://contoso.sharepoint.com/sites/Sales/threads/42', 'chat'],
    ['a chat link', 'https://teams.microsoft.com/l/chat/19:abc@unq.gbl.spaces/0', 'chat'],
    ['a message link', 'https://teams.microsoft.com/l/message/19:abc@thread.v2/1700000000', 'chat'],
    ['an Office document opened in the browser', 'https://contoso.sharepoint.com/:w:/r/sites/HR/_layouts/15/Doc.aspx?sourcedoc=%7B1%7D', 'file'], // prettier-ignore
    ['a file name in capitals', 'https://contoso.com/files/REPORT.PDF', 'file'],
    ['a file name with an escape', 'https://contoso.com/files/Q3%20plan.docx', 'file'],
    // Latin-1 é: not UTF-8, so the name is read as written, not dropped (no link type to fall back on here).
    ['a file name with an escape that is not UTF-8', 'https://contoso.com/files/Pr%E9vision.docx', 'file'],
    ['an extension not at the end', 'https://contoso.com/files/report.pdf.aspx', 'web'],
    ['a name ending like an extension without its dot', 'https://contoso.com/files/reportpdf', 'web'],
    ['a SharePoint site', 'https://contoso.sharepoint.com/sites/Sales', 'site'],
    ['a page elsewhere', 'https://contoso.com/pricing', 'web'],
  ])('%s', (_name, url, kind) => {
    expect(kindOf(url)).toEqual([kind]);
  });

  it.each([
    'doc',
    'docx',
    'xls',
    'xlsx',
    'ppt',
    'pptx',
    'pdf',
    'one',
    'loop',
    'vsd',
    'vsdx',
    'txt',
    'csv',
    'md',
    'mp4',
    'whiteboard',
    'fluid',
    'msg',
    'eml',
    'png',
    'jpg',
    'jpeg',
  ])(
    // prettier-ignore
    'a .%s file',
    (extension) => {
      expect(kindOf(`https://contoso.com/files/report.${extension}`)).toEqual(['file']);
    },
  );

  it.each([
    ['File', 'file'],
    ['reference', 'file'],
    ['image/png', 'file'],
    ['Document', 'file'],
    ['Meeting', 'meeting'],
    ['TeamsMeeting', 'meeting'],
    ['Event', 'event'],
    ['Email', 'email'],
    ['Message', 'email'],
    ['Web', 'web'],
    ['WebLink', 'web'],
    ['Link', 'web'],
    ['Unknown', 'web'],
  ])('follows the link type %s when the URL does not tell', (hint, kind) => {
    expect(kindOf('https://contoso.com/item/42', hint)).toEqual([kind]);
  });

  it('follows the URL before the link type', () => {
    expect(kindOf('https://contoso.sharepoint.com/sites/Sales', 'Event')).toEqual(['site']);
    expect(kindOf('https://contoso.com/files/report.pdf', 'Meeting')).toEqual(['file']);
  });
});

describe('what an interaction cites', () => {
  it('takes links, contexts and file, reference and image attachments, each source once, first name kept', () => {
    const sources = extractDataSources(
      buildInteraction({
        links: [
          link('https://contoso.com/a.docx?web=1', '  First name.docx  ', 'File'),
          link('https://contoso.com/a.docx', 'Second name.docx', 'File'),
          link(null, 'no url'),
          link('mailto:someone@contoso.com', 'not http'),
        ],
        contexts: [{ contextReference: 'https://contoso.com:8443/b', contextType: 'Event', displayName: '   ' }],
        attachments: [
          { attachmentId: '1', contentType: 'FILE', contentUrl: 'https://contoso.com/c', content: null, name: 'c' },
          { attachmentId: '2', contentType: 'image/png', contentUrl: 'https://contoso.com/d', content: null, name: null }, // prettier-ignore
          {
            attachmentId: '3',
            contentType: 'text/html',
            contentUrl: 'https://contoso.com/e',
            content: null,
            name: 'e',
          },
          { attachmentId: '4', contentType: null, contentUrl: 'https://contoso.com/f', content: null, name: 'f' },
          { attachmentId: '5', contentType: 'application/pdf', contentUrl: 'https://contoso.com/g.pdf', content: null, name: 'g' }, // prettier-ignore
        ],
      } as Partial<AiInteraction>),
    );
    expect(sources).toEqual([
      { key: 'url:https://contoso.com/a.docx', kind: 'file', name: 'First name.docx', url: 'https://contoso.com/a.docx', host: 'contoso.com' }, // prettier-ignore
      { key: 'url:https://contoso.com:8443/b', kind: 'event', name: null, url: 'https://contoso.com:8443/b', host: 'contoso.com:8443' }, // prettier-ignore
      { key: 'url:https://contoso.com/c', kind: 'file', name: 'c', url: 'https://contoso.com/c', host: 'contoso.com' },
      { key: 'url:https://contoso.com/d', kind: 'file', name: null, url: 'https://contoso.com/d', host: 'contoso.com' },
    ]);
  });

  it('reads an interaction without links, contexts or attachments as citing nothing', () => {
    const bare = { ...buildInteraction(), links: undefined, contexts: undefined, attachments: undefined };
    expect(extractDataSources(bare as unknown as AiInteraction)).toEqual([]);
  });

  it("keeps a link's name without the token when the name is the signed URL itself", () => {
    const signed = 'https://contoso.blob.core.windows.net/c/report.pdf?sv=2024&sig=AbCdEf0123456789';
    const [source] = fromLinks(link(signed, signed, 'File'));
    expect(source).toMatchObject({
      key: 'url:https://contoso.blob.core.windows.net/c/report.pdf?sv=2024',
      name: 'https://contoso.blob.core.windows.net/c/report.pdf?sv=2024',
    });
  });
});

describe('the key of a URL', () => {
  it.each(['entityrepresentationid', 'web', 'csf', 'e', 'wdorigin', 'wdpreviousession', 'client-request-id'])(
    'leaves out the presentation parameter %s, in any case',
    (name) => {
      expect(normaliseUrl(`https://contoso.com/a.docx?id=7&${name.toUpperCase()}=1&${name}=2`)).toBe(
        'https://contoso.com/a.docx?id=7',
      );
    },
  );

  it('leaves out secret parameters and a password, keeps a trailing slash only at the root or before a query', () => {
    expect(normaliseUrl('https://user:hunter2@contoso.com/a?sig=abc&b=1')).toBe('https://user@contoso.com/a?b=1');
    expect(normaliseUrl('https://contoso.com/')).toBe('https://contoso.com/');
    expect(normaliseUrl('https://contoso.com/a/?b=1')).toBe('https://contoso.com/a/?b=1');
    expect(normaliseUrl('https://contoso.com/a/?web=1')).toBe('https://contoso.com/a');
    expect(normaliseUrl('  https://contoso.com/a  ')).toBe('https://contoso.com/a');
    expect(normaliseUrl('ftp://contoso.com/a.docx')).toBeNull();
    expect(normaliseUrl(42 as unknown as string)).toBeNull();
    expect(normaliseUrl('')).toBeNull();
  });

  it('writes escapes with upper-case hex and decodes those of unreserved characters', () => {
    expect(normalisePercentEncoding('%7e%41%2f%c3%a9%2D%5f')).toBe('~A%2F%C3%A9-_');
    expect(normalisePercentEncoding('100%')).toBe('100%');
    expect(dataSourceKey('https://contoso.com/a')).toBe('url:https://contoso.com/a');
  });

  it('is brought to its current spelling only when it is a URL key that normalises', () => {
    expect(currentDataSourceKey('url:https://contoso.com/%41')).toBe('url:https://contoso.com/A');
    expect(currentDataSourceKey('site:https://contoso.com/%41')).toBe('site:https://contoso.com/%41');
    expect(currentDataSourceKey('url:not a url %41')).toBe('url:not a url %41');
    // Another kind of key whose text after four characters happens to be a URL is left alone too.
    expect(currentDataSourceKey('doc:https://contoso.com/%41')).toBe('doc:https://contoso.com/%41');
  });
});

describe("the store's filter for keys an earlier normalisation may have spelt otherwise", () => {
  const key = (path: string) => `url:https://contoso.com/${path}`;
  it.each([
    ['a lower-case second hex digit', key('a%3a')],
    ['a lower-case first hex digit', key('Pr%c3')],
    ['an escaped upper-case letter', key('%41bc')],
    ['an escaped lower-case letter', key('%6Fk')],
    ['an escaped P to Z', key('%5A')],
    ['an escaped p to z', key('%70')],
    ['an escaped digit', key('%39')],
    ['an escaped hyphen', key('a%2D')],
    ['an escaped dot', key('a%2E')],
    ['an escaped underscore', key('a%5F')],
    ['an escaped tilde', key('a%7E')],
    ['a secret parameter', key('a?sig=1')],
    ['a secret parameter after another, in capitals', key('a?b=1&ACCESS_TOKEN=1')],
    ['a secret parameter with a hyphen', key('a?x-amz-signature=1')],
  ])('picks %s', (_name, stored) => {
    expect(stored).toMatch(MAYBE_OUTDATED_KEY);
    expect(currentDataSourceKey(stored)).not.toBe(stored);
  });

  it.each([
    ['an escaped space', key('a%20b')],
    ['an escaped at sign', key('%40')],
    ['an escaped bracket', key('%5B')],
    ['an escaped colon', key('%3A')],
    ['an escaped slash', key('%2F')],
    ['an escaped comma', key('%2C')],
    ['an escaped DEL', key('%7F')],
    ['upper-case escapes of UTF-8', key('Pr%C3%A9vision.docx')],
    ['escapes in the query', key('a?b=%c3%41')],
    ['a key-like text in the query', key('a?next=url:x%c3')],
    ['a parameter whose name ends in a secret one', key('a?xsig=1')],
    ['a secret name in the path', key('sig=1')],
    ['another kind of key', 'site:contoso.com/%c3'],
  ])('passes over %s', (_name, stored) => {
    expect(stored).not.toMatch(MAYBE_OUTDATED_KEY);
  });
});
