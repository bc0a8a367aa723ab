import type { Page } from '../../server/core/insights/types';
import type * as W from '../../server/api/contracts';
import { toCsv } from '../../server/api/csv';
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

/** What a spreadsheet runs as a formula when a cell starts with it (OWASP CSV injection). */
const FORMULA_STARTS = ['=', '+', '-', '@', '\t', '\r'];

describe('CSV cells a spreadsheet would run as formulas', () => {
  const column = [{ header: 'value', value: (row: { v: string | number }) => row.v }];
  const cellOf = (v: string | number): string => parseCsv(toCsv(column, [{ v }]))[1]![0]!;

  it.each(FORMULA_STARTS.map((c) => [JSON.stringify(c), c]))(
    'get a leading apostrophe when text starts with %s',
    (_name, start) => {
      const text = `${start}SUM(A1:A9)`;
      expect(cellOf(text)).toBe(`'${text}`);
    },
  );

  it('are left alone otherwise: ordinary text, a sign inside the text, and numbers', () => {
    expect(cellOf('Sales')).toBe('Sales');
    expect(cellOf('Q3-plan=final')).toBe('Q3-plan=final');
    expect(cellOf(' =not first')).toBe(' =not first');
    expect(cellOf(-5)).toBe('-5');
  });

  it('keeps a quoted cell with a carriage return whole', () => {
    const csv = toCsv(column, [{ v: '\r=cmd' }, { v: 'next' }]);
    expect(parseCsv(csv).slice(1)).toEqual([["'\r=cmd"], ['next']]);
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
