import type { Page } from '../../server/core/insights/types';
import type * as W from '../../server/api/contracts';
import { call, parseCsv } from './apiClient';
import { startAppHarness, type AppHarness } from '../support/appHarness';

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
