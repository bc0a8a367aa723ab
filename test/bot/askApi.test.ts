import type { AskAnswer, SavedQuestionItem } from '../../server/core/ask/answerTypes';
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
    // Prompts per UTC day over the last 30 days, from the stored interactions (a row for every day, zeros too).
    const to = Date.UTC(2026, 10, 21);
    const days = Array.from({ length: 30 }, (_, i) => new Date(to - (30 - i) * 86_400_000).toISOString().slice(0, 10));
    const expected = new Map(days.map((d) => [d, 0]));
    for (const i of await h.testStore.store.interactions.find({ tenantId: h.ctx.tenantId }).toArray()) {
      const day = i.createdAt.toISOString().slice(0, 10);
      if (i.interactionType === 'userPrompt' && expected.has(day)) expected.set(day, expected.get(day)! + 1);
    }

    const response = await call('POST', '/ask', { question: 'prompts per day in the last 30 days' });
    expect(response.status).toBe(200);
    const pages = [response.body as AskAnswer];
    expect(pages[0]).toMatchObject({ kind: 'table', form: 'measure', page: 1, totalRows: 30, disclosure: 'figures' });
    expect(pages[0]!.interpretation).toBe('Prompts by day · last 30 days (22 Oct 2026 – 20 Nov 2026)');
    for (let token = pages[0]!.nextPageToken; token; token = pages.at(-1)!.nextPageToken)
      pages.push((await call('POST', '/ask', { token })).body as AskAnswer);
    expect(pages.map((p) => p.page)).toEqual([1, 2, 3]);
    const rows = pages.flatMap((p) => p.rows.map((r) => [String(r.day), Number(r.value)]));
    expect(pages[0]!.rows).toHaveLength(10);
    expect(rows).toEqual([...expected.entries()]);
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
    expect(run).toMatchObject({ form: 'measure', question: 'top 5 users in word', disclosure: 'people' });
    expect(run.interpretation).toMatch(/^Prompts by person · Word · /);
    expect((await call('DELETE', `/saved-questions/${item.id}`)).status).toBe(204);
    expect((await call('DELETE', `/saved-questions/${item.id}`)).status).toBe(404);
    expect((await call('POST', '/saved-questions/not-an-id/run')).status).toBe(404);
  });
});
