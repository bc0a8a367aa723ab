import type { Page } from '../../server/core/insights/types';
import type * as W from '../../server/api/contracts';
import { naturalId } from '../../server/store/naturalId';
import { call, parseCsv } from './apiClient';
import { startAppHarness, TEST_REFERENCE_TIME, type AppHarness } from '../support/appHarness';

describe('a CSV export larger than the configured cap', () => {
  let h: AppHarness;
  let admin: string;
  const get = <T>(path: string) => call<T>(h.baseUrl, path, { token: admin });
  beforeAll(async () => {
    h = await startAppHarness({ userCount: 12, env: { CSV_MAX_ROWS: '10' } });
    admin = await h.tokens.admin();
  });
  afterAll(async () => h.close());

  it('holds the first rows and says in its headers that it was cut, and of how many', async () => {
    const page = await get<Page<W.ActivityRow>>('/api/activity?limit=1');
    expect(page.body.total).toBeGreaterThan(10);
    const csv = await get('/api/activity?format=csv');
    expect(csv.status).toBe(200);
    expect(parseCsv(csv.text)).toHaveLength(1 + 10);
    expect(csv.headers.get('x-export-truncated')).toBe('10');
    expect(csv.headers.get('x-total-count')).toBe(String(page.body.total));
  });

  it('says nothing of the kind when every row fits', async () => {
    const runs = await get('/api/sync/runs?format=csv');
    expect(parseCsv(runs.text).length).toBeLessThanOrEqual(1 + 10);
    expect(runs.headers.get('x-export-truncated')).toBeNull();
  });
});

describe('a CSV export of directory fields starting with -, tab or CR', () => {
  let h: AppHarness;
  beforeAll(async () => {
    h = await startAppHarness({ userCount: 6 });
  });
  afterAll(async () => h.close());

  it('defuses each of them in the downloaded file', async () => {
    await h.ctx.store.directoryUsers.insertOne({
      _id: naturalId('directoryUser', h.ctx.tenantId, 'formulas'),
      tenantId: h.ctx.tenantId,
      userId: 'formulas',
      displayName: '-2+3+cmd|" /C calc"!A0',
      userPrincipalName: '\t=1+1@contoso.example',
      mail: null,
      department: '\r@SUM(1,2)',
      jobTitle: 'Analyst',
      officeLocation: null,
      accountEnabled: true,
      skuIds: [],
      copilotEnabled: true,
      hasActivity: false,
      firstSeenAt: TEST_REFERENCE_TIME,
      lastSeenAt: TEST_REFERENCE_TIME,
    });
    const csv = await call(h.baseUrl, '/api/users/inactive?format=csv', { token: await h.tokens.admin() });
    expect(csv.status).toBe(200);
    const row = parseCsv(csv.text).find((r) => r[3] === 'formulas');
    expect(row?.slice(0, 3)).toEqual(['\'-2+3+cmd|" /C calc"!A0', "'\t=1+1@contoso.example", "'\r@SUM(1,2)"]);
  });
});
