import { ObjectId } from 'mongodb';
import { SEARCH_MAX_SOURCES } from '../../server/core/insights/activityScope';
import type { DataSourceDoc } from '../../server/store/documents';
import { startAppHarness, TEST_REFERENCE_TIME, type AppHarness } from '../support/appHarness';
import { call } from './apiClient';

/**
 * A feed search puts the keys of every data source it matches into the feed's filters; MongoDB refuses a command over
 * 16 MB. A search matching more sources than the cap (or keys over its byte budget) is answered 400, asking the admin
 * to narrow it, never sent on.
 */
describe('GET /api/activity?search= over many data sources', () => {
  let h: AppHarness;
  beforeAll(async () => {
    h = await startAppHarness({ userCount: 4 });
    const source = (i: number, host: string, tail = ''): DataSourceDoc => ({
      _id: new ObjectId(),
      tenantId: h.ctx.tenantId,
      key: `url:https://${host}/sites/archive/report-${i}${tail}.docx`,
      kind: 'file',
      name: `report-${i}.docx`,
      url: `https://${host}/sites/archive/report-${i}${tail}.docx`,
      host,
      firstAt: TEST_REFERENCE_TIME,
      lastAt: TEST_REFERENCE_TIME,
      referenceCount: 1,
      userCount: 1,
      appKeys: ['word'],
    });
    const many = Array.from({ length: SEARCH_MAX_SOURCES + 1 }, (_, i) => source(i, 'bulk.contoso.example'));
    // Fewer sources than the cap, but keys long enough (1.5 kB each) to pass the byte budget together.
    const long = Array.from({ length: 800 }, (_, i) => source(i, 'long.contoso.example', `-${'x'.repeat(1500)}`));
    await h.ctx.store.dataSources.insertMany([...many, ...long]);
  });
  afterAll(() => h.close());

  const search = async (text: string) =>
    call<{ error?: { code: string; message: string } }>(
      h.baseUrl,
      `/api/activity?search=${encodeURIComponent(text)}&types=data_source_access`,
      { token: await h.tokens.admin() },
    );

  it('refuses a search matching more data sources than the cap, saying how to narrow it', async () => {
    const answer = await search('bulk.contoso');
    expect(answer.status).toBe(400);
    expect(answer.body.error?.code).toBe('search_too_broad');
    expect(answer.body.error?.message).toMatch(/matches more than 2,000 data sources\. Narrow the search/);
  });

  it('refuses a search whose matching keys pass the byte budget', async () => {
    const answer = await search('long.contoso');
    expect(answer.status).toBe(400);
    expect(answer.body.error?.code).toBe('search_too_broad');
  });

  it('answers a narrower search over the same sources', async () => {
    const answer = await search('bulk.contoso.example/sites/archive/report-1999.');
    expect(answer.status).toBe(200);
  });
});
