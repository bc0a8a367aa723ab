import { extractDataSources, normaliseUrl } from '../../../server/core/sync/dataSourceExtractor';
import { buildInteraction } from '../../support/factories';

describe('data source extraction', () => {
  it('counts a meeting reached through its Event and Meeting links once', () => {
    const meeting = 'https://teams.microsoft.com/l/meeting/details?eventId=AAMkADcy%3d';
    const sources = extractDataSources(
      buildInteraction({
        contexts: [],
        links: [
          { linkUrl: `${meeting}&EntityRepresentationId=eed881a3`, displayName: 'Weekly sync', linkType: 'Event' },
          { linkUrl: meeting, displayName: 'Weekly sync', linkType: 'Meeting' },
        ],
      }),
    );
    expect(sources).toHaveLength(1);
    expect(sources[0]).toMatchObject({ kind: 'meeting', name: 'Weekly sync', host: 'teams.microsoft.com' });
  });

  it('takes files from links, contexts and reference attachments but not from adaptive cards', () => {
    const sources = extractDataSources(
      buildInteraction({
        links: [
          {
            linkUrl: 'https://contoso-my.sharepoint.com/personal/a/Documents/Handbook.pdf?web=1',
            displayName: 'Handbook.pdf',
            linkType: 'File',
          },
        ],
        attachments: [
          {
            attachmentId: '1',
            contentType: 'reference',
            contentUrl: 'https://contoso.sharepoint.com/sites/HR/Policy.docx',
            content: null,
            name: 'Policy.docx',
          },
          {
            attachmentId: '2',
            contentType: 'application/vnd.microsoft.card.adaptive',
            contentUrl: null,
            content: '{}',
            name: null,
          },
        ],
      }),
    );
    expect(sources.map((s) => [s.kind, s.name])).toEqual([
      ['file', 'Handbook.pdf'],
      ['file', 'Plan.docx'],
      ['file', 'Policy.docx'],
    ]);
  });

  it('normalises URLs and refuses what is not one', () => {
    expect(normaliseUrl('HTTPS://Contoso.SharePoint.com/sites/Sales/?web=1#top')).toBe(
      'https://contoso.sharepoint.com/sites/Sales',
    );
    expect(normaliseUrl('javascript:alert(1)')).toBeNull();
    expect(normaliseUrl('not a url')).toBeNull();
    expect(normaliseUrl(null)).toBeNull();
  });
});
