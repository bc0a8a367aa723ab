import { currentDataSourceKey, MAYBE_OUTDATED_KEY, normaliseUrl } from '../../../server/core/sync/dataSourceUrl';
import { stripUrlSecrets, withoutSecretParams } from '../../../server/core/risk/urlSecrets';

/** Built at run time, so no secret-shaped literal sits in the source. */
const SIG = `Xa9${'Rt4Yu7'.repeat(6)}%3D`;
const BLOB = 'https://acct.blob.core.windows.net/c/report.xlsx';

describe('secrets in cited URLs', () => {
  it('drops secret-bearing parameters and passwords from a data source URL, keeping one key per file', () => {
    expect(normaliseUrl(`${BLOB}?sv=2022-11-02&sig=${SIG}&sp=r`)).toBe(`${BLOB}?sp=r&sv=2022-11-02`);
    expect(normaliseUrl(`${BLOB}?sv=2022-11-02&sig=other&sp=r`)).toBe(`${BLOB}?sp=r&sv=2022-11-02`);
    expect(normaliseUrl('https://api.example.net/x?API_KEY=abc&Client_Secret=def&page=2')).toBe(
      'https://api.example.net/x?page=2',
    );
    expect(normaliseUrl('https://admin:hunter2hunter2@intranet.example.net/wiki')).toBe(
      'https://admin@intranet.example.net/wiki',
    );
  });

  it('drops a parameter whose value the credential rules flag, whatever its name', () => {
    const jwt = `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${Buffer.from('{"sub":"x"}').toString('base64url')}.${'Qw3'.repeat(12)}`;
    expect(withoutSecretParams(`https://app.example.net/cb?state=${jwt}&lang=en`)).toBe(
      'https://app.example.net/cb?lang=en',
    );
    expect(withoutSecretParams('https://app.example.net/cb?lang=en&page=3')).toBe(
      'https://app.example.net/cb?lang=en&page=3',
    );
    expect(withoutSecretParams('not a url ?sig=x')).toBe('not a url ?sig=x');
  });

  it('finds keys stored with a secret parameter so the key migration merges them', () => {
    const old = `url:${BLOB}?sig=${SIG}&sv=2022-11-02`;
    expect(MAYBE_OUTDATED_KEY.test(old)).toBe(true);
    expect(MAYBE_OUTDATED_KEY.test(`url:${BLOB}?Token=abc`)).toBe(true);
    expect(MAYBE_OUTDATED_KEY.test(`url:${BLOB}?sv=2022-11-02`)).toBe(false);
    expect(MAYBE_OUTDATED_KEY.test(`url:${BLOB}?design=1`)).toBe(false);
    expect(currentDataSourceKey(old)).toBe(`url:${BLOB}?sv=2022-11-02`);
  });

  it("strips an interaction's links, attachment and context URLs and names that are URLs", () => {
    const doc = {
      links: [{ linkUrl: `${BLOB}?sig=${SIG}`, displayName: `${BLOB}?sig=${SIG}` }],
      attachments: [{ contentUrl: `${BLOB}?code=abc123`, name: 'Report' }],
      contexts: [{ contextReference: 'https://contoso.sharepoint.com/a.docx', displayName: 'a.docx' }],
    };
    expect(stripUrlSecrets(doc)).toBe(true);
    expect(JSON.stringify(doc)).not.toContain(SIG);
    expect(doc.links[0]).toEqual({ linkUrl: BLOB, displayName: BLOB });
    expect(doc.attachments[0]!.contentUrl).toBe(BLOB);
    expect(stripUrlSecrets(doc)).toBe(false);
  });

  it('strips a plain http link too, and a URL written after leading spaces', () => {
    const http = BLOB.replace(/^https:/, 'http:');
    const doc = {
      links: [{ linkUrl: `${http}?sig=${SIG}`, displayName: `  ${BLOB}?sig=${SIG}` }],
      attachments: [],
      contexts: [],
    };
    expect(stripUrlSecrets(doc)).toBe(true);
    expect(JSON.stringify(doc)).not.toContain(SIG);
    expect(doc.links[0]!.linkUrl).toBe(http);
  });
});
