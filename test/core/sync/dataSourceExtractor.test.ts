import { extractDataSources, normaliseUrl } from '../../../server/core/sync/dataSourceExtractor';
import { currentDataSourceKey, MAYBE_OUTDATED_KEY } from '../../../server/core/sync/dataSourceUrl';
import { respellUrl } from '../../../server/graph/simulator/urlVariants';
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

  it('spells equivalent URLs one way (RFC 3986 §6.2.2): escape hex in upper case, unreserved characters decoded', () => {
    const site = 'https://contoso.sharepoint.com/sites/Finance/Shared%20Documents';
    const canonical = `${site}/Pr%C3%A9vision.docx`;
    expect(normaliseUrl(`${site}/Pr%c3%a9vision.docx`)).toBe(canonical);
    expect(normaliseUrl(`${site}/Pr%C3%A9vision.docx`)).toBe(canonical);
    expect(normaliseUrl(`${site}/Prévision.docx`)).toBe(canonical);
    expect(
      normaliseUrl(`HTTPS://Contoso.SharePoint.COM:443/sites/Finance/Shared%20Documents/Pr%c3%a9vision%2edocx`),
    ).toBe(canonical);
    expect(normaliseUrl('https://contoso.sharepoint.com/sites/%46inance/Q3%2d%5fplan%7e1.xlsx')).toBe(
      'https://contoso.sharepoint.com/sites/Finance/Q3-_plan~1.xlsx',
    );
    expect(normaliseUrl('http://intranet.contoso.com:80/a/./b/../c/')).toBe('http://intranet.contoso.com/a/c');
  });

  it('keeps escapes of reserved characters escaped, only re-cased', () => {
    expect(normaliseUrl('https://contoso.com/a%2fb/c%3fd%25')).toBe('https://contoso.com/a%2Fb/c%3Fd%25');
    expect(normaliseUrl('https://contoso.com/report%20(final).pdf')).toBe('https://contoso.com/report%20(final).pdf');
  });

  it('settles query escapes through the sorted re-encoded query', () => {
    expect(normaliseUrl('https://teams.microsoft.com/l/meeting/details?eventId=AAMk%3d&a=%c3%a9&web=1')).toBe(
      'https://teams.microsoft.com/l/meeting/details?a=%C3%A9&eventId=AAMk%3D',
    );
  });

  it('counts one file once however an interaction spells its links, and survives an escape that is not UTF-8', () => {
    const sources = extractDataSources(
      buildInteraction({
        contexts: [],
        links: [
          { linkUrl: 'https://contoso.com/Pr%c3%a9vision.docx?web=1', displayName: 'Prévision.docx', linkType: 'File' },
          { linkUrl: 'https://contoso.com/Pr%C3%A9vision%2Edocx', displayName: 'Prévision.docx', linkType: 'File' },
          { linkUrl: 'https://contoso.com/Latin1%E9.docx', displayName: 'Latin1.docx', linkType: 'File' },
        ],
      }),
    );
    expect(sources.map((s) => [s.key, s.kind])).toEqual([
      ['url:https://contoso.com/Pr%C3%A9vision.docx', 'file'],
      ['url:https://contoso.com/Latin1%E9.docx', 'file'],
    ]);
  });

  it('tells keys stored before RFC 3986 normalisation from current ones', () => {
    const old = [
      'url:https://contoso.com/Pr%c3%a9vision.docx',
      'url:https://contoso.com/Plan%2edocx',
      'url:https://contoso.com/%41bc',
      'url:https://contoso.com/a%7e',
    ];
    for (const key of old) {
      expect(key).toMatch(MAYBE_OUTDATED_KEY);
      expect(currentDataSourceKey(key)).not.toBe(key);
    }
    const current = [
      'url:https://contoso.com/Pr%C3%A9vision.docx',
      'url:https://contoso.com/Shared%20Documents/a%2Fb',
      'url:https://teams.microsoft.com/l/meeting/details?eventId=AAMk%3d%7e',
    ];
    for (const key of current) {
      expect(key).not.toMatch(MAYBE_OUTDATED_KEY);
      expect(currentDataSourceKey(key)).toBe(currentDataSourceKey(currentDataSourceKey(key)));
    }
    expect(currentDataSourceKey('url:https://contoso.com/Plan%2edocx')).toBe('url:https://contoso.com/Plan.docx');
  });

  it("gives the simulator's respelt links the key of the original", () => {
    const urls = [
      'https://contoso.sharepoint.com/sites/Sales/Shared%20Documents/Q3%20Forecast%20-%20Draft.xlsx?web=1&EntityRepresentationId=1',
      'https://contoso-my.sharepoint.com/personal/a_b/Documents/road_map~v2.docx',
      'https://contoso.sharepoint.com/sites/HR/SitePages/Onboarding-FAQ.aspx',
    ];
    for (const url of urls) {
      for (const style of ['lower', 'upper'] as const) {
        const respelt = respellUrl(url, style);
        expect(respelt).not.toBe(url);
        expect(normaliseUrl(respelt)).toBe(normaliseUrl(url));
      }
    }
  });
});
