import type { AskAnswer, SavedQuestionItem } from '../../bot/answers/answerTypes';
import { startAppHarness, type AppHarness } from '../support/appHarness';

describe('the tab Ask API (same engine as the bot)', () => {
  let h: AppHarness;
  beforeAll(async () => {
    h = await startAppHarness({ userCount: 12, seed: 8 });
  });
  afterAll(() => h.close());

  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${h.baseUrl}/api${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
  };

  it('answers a question with the table the bot shows, and pages with the token to the last page', async () => {
    // Sessions that started in the last 30 days, from the stored interactions (one per user and session).
    const to = new Date(Date.UTC(2026, 10, 21));
    const from = new Date(to.getTime() - 30 * 86_400_000);
    const first = new Map<string, { userId: string; at: Date }>();
    for (const i of await h.testStore.store.interactions.find({ tenantId: h.ctx.tenantId }).toArray()) {
      const key = `${i.userId}|${i.sessionId}`;
      const seen = first.get(key);
      if (!seen || i.createdAt < seen.at) first.set(key, { userId: i.userId, at: i.createdAt });
    }
    const names = new Map(h.graph.tenant.users.map((u) => [u.graph.id, u.graph.displayName]));
    const expected = [...first.values()]
      .filter((s) => s.at >= from && s.at < to)
      .map((s) => `${s.at.toISOString()}|${names.get(s.userId)}`);
    expect(expected.length).toBeGreaterThan(10);

    const response = await call('POST', '/ask', { question: 'show sessions in the last 30 days' });
    expect(response.status).toBe(200);
    const pages = [response.body as AskAnswer];
    expect(pages[0]).toMatchObject({ kind: 'table', form: 'sessions', page: 1, totalRows: expected.length });
    for (let token = pages[0]!.nextPageToken; token; token = pages.at(-1)!.nextPageToken)
      pages.push((await call('POST', '/ask', { token })).body as AskAnswer);
    expect(pages.map((p) => p.page)).toEqual(pages.map((_, i) => i + 1));
    expect(pages).toHaveLength(Math.ceil(expected.length / 10));
    const keys = pages.map((p) => p.rows.map((r) => `${String(r.at)}|${String(r.user)}`));
    expect(keys[0]).toHaveLength(10);
    expect(keys[1]!.filter((k) => keys[0]!.includes(k))).toEqual([]);
    expect(keys.flat().sort()).toEqual([...expected].sort());
    expect(pages.at(-1)!.nextPageToken).toBeNull();
  });

  it('refuses operator injection in the body and non-admin callers', async () => {
    expect((await call('POST', '/ask', { question: { $gt: '' } })).status).toBe(400);
    expect((await call('POST', '/ask', { question: 'x', extra: 1 })).status).toBe(400);
    const token = await h.tokens.nonAdmin();
    expect((await call('POST', '/ask', { question: 'top users' }, { authorization: `Bearer ${token}` })).status).toBe(
      403,
    );
    expect(
      (await call('POST', '/ask', { question: 'top users' }, { authorization: `Bearer ${await h.tokens.forged()}` }))
        .status,
    ).toBe(401);
  });

  it('saves, lists, runs and deletes saved questions', async () => {
    const created = await call('POST', '/saved-questions', { name: 'Word leaders', question: 'top 5 users in word' });
    expect(created.status).toBe(201);
    const item = created.body as SavedQuestionItem;
    expect((await call('POST', '/saved-questions', { name: 'nonsense', question: 'what is it' })).status).toBe(400);
    const list = (await call('GET', '/saved-questions')).body as { items: SavedQuestionItem[] };
    expect(list.items.map((i) => i.name)).toEqual(['Word leaders']);
    const run = (await call('POST', `/saved-questions/${item.id}/run`)).body as AskAnswer;
    expect(run).toMatchObject({ form: 'top_users', question: 'top 5 users in word' });
    expect((await call('DELETE', `/saved-questions/${item.id}`)).status).toBe(204);
    expect((await call('DELETE', `/saved-questions/${item.id}`)).status).toBe(404);
    expect((await call('POST', '/saved-questions/not-an-id/run')).status).toBe(404);
  });
});
