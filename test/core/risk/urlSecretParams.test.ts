import type { AiInteraction } from '../../../server/graph/types';
import { createRiskScanner } from '../../../server/core/risk/riskScanner';
import { extractDataSources } from '../../../server/core/sync/dataSourceExtractor';
import { mapInteraction } from '../../../server/core/sync/interactionMapper';
import type { InteractionDoc } from '../../../server/store/documents';
import { buildInteraction } from '../../support/factories';
import { captureLogs } from '../../support/logCapture';
import { openTestStore, type TestStore } from '../../support/testStore';

/**
 * Signed links lose their tokens before an interaction is stored: the risk scanner the sync calls strips every query
 * parameter that carries a credential by its name (Azure SAS `sig`, OAuth codes and tokens, API keys, passwords,
 * AWS and Google signed-URL fields), in any case, from each URL-holding field; look-alike names and clean links
 * stay exactly as Graph wrote them.
 */

const FILE = 'https://files.example.net/finance/report.xlsx';
/** Short and plain, so only the parameter's name can make it a secret. */
const VALUE = 'q7Rk2m';

/**
 * Every name that carries a credential, as services write it (written out here, not read from the module, so a name
 * lost there fails here).
 */
const SECRET_NAMES = [
  ...['sig', 'signature'], // Azure SAS, signed URLs
  ...['code', 'token', 'access_token', 'id_token', 'refresh_token', 'auth_token'], // OAuth redirects
  ...['api_key', 'apikey', 'api-key', 'key'], // API keys
  ...['password', 'passwd', 'pwd', 'secret', 'client_secret'], // passwords and client secrets
  ...['X-Amz-Signature', 'X-Amz-Credential', 'X-Amz-Security-Token'], // AWS SigV4 presigned URLs
  ...['X-Goog-Signature', 'X-Goog-Credential'], // Google Cloud Storage V4 signed URLs
];

/** Names that only contain or resemble one, and values no credential rule flags (one long enough to be read). */
const LOOK_ALIKES = [
  'sigma=2',
  'signed=true',
  'codec=h264',
  'zipcode=10115',
  'tokens=5',
  'keyword=budget',
  'passwordless=on',
  'secretary=jo',
  'apikeys=3',
  'folder=Quarterly%20Reports%202026',
];

describe('secret query parameters in the links the sync stores', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore('urlSecretParams');
  });
  afterAll(async () => t.close());

  let sequence = 0;
  function interaction(overrides: Partial<AiInteraction>): InteractionDoc {
    sequence += 1;
    const id = String(1_780_000_000_000 + sequence);
    return mapInteraction('tenant-url-secrets', 'user-1', buildInteraction({ id, ...overrides }), new Date()).doc;
  }
  async function scanned(doc: InteractionDoc): Promise<InteractionDoc[]> {
    const scanner = createRiskScanner({
      store: t.store,
      hashKey: Buffer.alloc(32, 5),
      now: () => new Date('2026-12-03T12:00:00Z'),
      logger: captureLogs().logger,
    });
    return (await scanner.scan([doc])).redacted;
  }
  const linked = (...urls: string[]) =>
    interaction({ links: urls.map((linkUrl) => ({ linkUrl, displayName: null, linkType: null })) });

  // Last in the query: the credential rules read a password parameter's value on to the next `&` and mask it all.
  it.each(SECRET_NAMES)('drops %s from a link, keeping the other parameters', async (name) => {
    const doc = linked(`${FILE}?sv=1&lang=en&${name}=${VALUE}`);
    expect(await scanned(doc)).toEqual([doc]);
    expect(doc.links[0]!.linkUrl).toBe(`${FILE}?sv=1&lang=en`);
  });

  it('drops a secret parameter written in capitals', async () => {
    const doc = linked(`${FILE}?SIG=${VALUE}&Access_Token=${VALUE}&page=2`);
    await scanned(doc);
    expect(doc.links[0]!.linkUrl).toBe(`${FILE}?page=2`);
  });

  it.each(LOOK_ALIKES)('keeps %s and leaves the link as written', async (parameter) => {
    const url = `${FILE}?${parameter}`;
    const doc = linked(url);
    expect(await scanned(doc)).toEqual([]);
    expect(doc.links[0]!.linkUrl).toBe(url);
  });

  it('leaves a clean link exactly as Graph wrote it, not respelled', async () => {
    const url = 'HTTPS://Contoso.SharePoint.com/sites/Sales/Shared Documents/Plan.docx?web=1';
    const doc = interaction({ links: [{ linkUrl: url, displayName: ` ${url}`, linkType: null }] });
    expect(await scanned(doc)).toEqual([]);
    expect(doc.links[0]).toEqual({ linkUrl: url, displayName: ` ${url}`, linkType: null });
  });

  it('strips a link written after a non-breaking space (copied from a document)', async () => {
    const doc = linked(`\u00a0${FILE}?sig=${VALUE}`);
    expect(await scanned(doc)).toEqual([doc]);
    expect(doc.links[0]!.linkUrl).toBe(FILE);
  });

  it('strips a link the URL parser reads as https although a line break or tab splits its scheme', async () => {
    const doc = linked(
      `https\n:${FILE.slice('https:'.length)}?sig=${VALUE}`,
      `ht\ttps:${FILE.slice('https:'.length)}?token=${VALUE}`,
    );
    expect(await scanned(doc)).toEqual([doc]);
    expect(doc.links.map((link) => link.linkUrl)).toEqual([FILE, FILE]);
  });

  it("strips every URL-holding field: links, attachments' and contexts' URLs and names that are URLs", async () => {
    const signed = (name: string) => `${FILE}?${name}=${VALUE}`;
    const doc = interaction({
      links: [{ linkUrl: signed('sig'), displayName: signed('token'), linkType: null }],
      attachments: [
        {
          attachmentId: 'a1',
          contentType: 'reference',
          contentUrl: signed('code'),
          content: null,
          name: signed('key'),
        },
      ],
      contexts: [{ contextReference: signed('access_token'), contextType: 'Document', displayName: signed('secret') }],
    });
    expect(await scanned(doc)).toEqual([doc]);
    expect(JSON.stringify([doc.links, doc.attachments, doc.contexts])).not.toContain(VALUE);
    expect(doc.links[0]).toMatchObject({ linkUrl: FILE, displayName: FILE });
    expect(doc.attachments[0]).toMatchObject({ contentUrl: FILE, name: FILE });
    expect(doc.contexts[0]).toMatchObject({ contextReference: FILE, displayName: FILE });
  });
});

describe("a data source's name", () => {
  const named = (displayName: string) =>
    extractDataSources(buildInteraction({ links: [{ linkUrl: FILE, displayName, linkType: null }], contexts: [] }))[0]!
      .name;

  it('is a signed link without its token when the name is the link', () => {
    expect(named(`${FILE}?sig=${VALUE}&lang=en`)).toBe(`${FILE}?lang=en`);
  });

  it('is the link without the password its user info carried', () => {
    expect(named(`https://svc-report:${VALUE}@reports.example.net/q3`)).toBe(
      'https://svc-report@reports.example.net/q3',
    );
  });

  it('is kept as written when it only reads like an address of another scheme', () => {
    expect(named('Agenda: Q3 review?code=blue')).toBe('Agenda: Q3 review?code=blue');
    expect(named('ftp://archive.example.net/q3.xlsx?token=old')).toBe('ftp://archive.example.net/q3.xlsx?token=old');
  });
});
