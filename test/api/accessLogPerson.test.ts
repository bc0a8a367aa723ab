import type * as W from '../../server/api/contracts';
import { recordAccess } from '../../server/core/insights/accessLog';
import { startAppHarness, type AppHarness } from '../support/appHarness';
import { call, parseCsv } from './apiClient';

/**
 * The access log for one person viewed (`subjectUserId`), newest first, over real HTTP: who read this person's
 * conversations, as an erasure or a subject-access request asks. Read from the log's by-subject index.
 */
describe("GET /api/access-log?subjectUserId: one person's viewers", () => {
  let h: AppHarness;
  let admin: string;
  const at = (minute: number) => new Date(Date.UTC(2026, 10, 20, 9, minute));
  const ids: Record<string, string[]> = { alex: [], blair: [] };

  beforeAll(async () => {
    h = await startAppHarness({ userCount: 3, sync: false });
    admin = await h.tokens.admin();
    const viewer = { userId: 'admin-1', name: 'Admin One', upn: 'admin1@contoso.example', demo: false };
    // Alternating subjects, so a filter that kept the order but not the subject would show.
    for (let minute = 1; minute <= 6; minute += 1) {
      const subject = minute % 2 === 1 ? 'alex' : 'blair';
      const id = await recordAccess(h.ctx.store, {
        tenantId: h.ctx.tenantId,
        at: at(minute),
        viewer,
        subjectUserId: subject,
        subjectName: subject,
        what: 'conversation',
        sessionId: `session-${minute}`,
        via: 'tab',
      });
      ids[subject]!.unshift(id); // newest first
    }
  });
  afterAll(async () => h?.close());

  const get = <T>(path: string) => call<T>(h.baseUrl, path, { token: admin });

  it("lists only that person's entries, newest first, page after page", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const suffix: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const page = await get<W.Page<W.AccessLogEntry>>(`/api/access-log?subjectUserId=alex&limit=1${suffix}`);
      expect(page.status).toBe(200);
      expect(page.body.total).toBe(3);
      seen.push(...page.body.items.map((e) => e.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(ids.alex);
    const blair = await get<W.Page<W.AccessLogEntry>>('/api/access-log?subjectUserId=blair');
    expect(blair.body.items.map((e) => e.id)).toEqual(ids.blair);
    expect((await get<W.Page<W.AccessLogEntry>>('/api/access-log?subjectUserId=nobody')).body.total).toBe(0);
    expect((await get<W.Page<W.AccessLogEntry>>('/api/access-log')).body.total).toBe(6);
  });

  it('downloads the same entries as CSV', async () => {
    const csv = await get('/api/access-log?subjectUserId=blair&format=csv');
    expect(csv.status).toBe(200);
    const rows = parseCsv(csv.text);
    const subject = rows[0]!.indexOf('Subject id');
    expect(rows.slice(1).map((r) => r[subject])).toEqual(['blair', 'blair', 'blair']);
  });

  it('refuses a person id that is too long, repeated or shaped like an operator with a 400 naming it', async () => {
    for (const query of [
      `subjectUserId=${'x'.repeat(129)}`,
      'subjectUserId=alex&subjectUserId=blair',
      'subjectUserId[$ne]=alex',
    ]) {
      const answer = await get<W.ApiError>(`/api/access-log?${query}`);
      expect({ query, status: answer.status, code: answer.body.error.code }).toEqual({
        query,
        status: 400,
        code: 'validation_failed',
      });
      expect(answer.body.error.message).toMatch(/subjectUserId/);
    }
  });
});
