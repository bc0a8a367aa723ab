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

  it('answers a question with the table the bot shows, and pages with the token', async () => {
    const first = await call('POST', '/ask', { question: 'licensed users who never used copilot' });
    expect(first.status).toBe(200);
    const answer = first.body as AskAnswer;
    expect(answer).toMatchObject({ kind: 'table', form: 'licensed_inactive', page: 1 });
    const expected = await h.testStore.store.directoryUsers.countDocuments({ hasActivity: false });
    expect(answer.totalRows).toBe(expected);
    if (answer.nextPageToken) {
      const next = (await call('POST', '/ask', { token: answer.nextPageToken })).body as AskAnswer;
      expect(next.page).toBe(2);
    }
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
