import type { InsertOneResult } from 'mongodb';
import type { AccessLogDoc } from '../../server/store/documents';
import { startAppHarness, type AppHarness } from '../support/appHarness';
import { call } from './apiClient';

/**
 * The access log is the audit trail of who read whose Copilot conversations: a transcript must never reach a viewer
 * unless the record of that view is stored. Only the log's insert is replaced here (held, or failing); everything
 * else is the real app over HTTP.
 */
describe('a transcript and the access-log write in front of it', () => {
  let h: AppHarness;
  let admin: string;
  let path: string;
  let transcriptText: string;
  beforeAll(async () => {
    h = await startAppHarness({ userCount: 8 });
    admin = await h.tokens.admin();
    const conversation = await h.ctx.store.conversations.findOne({ tenantId: h.ctx.tenantId, promptCount: { $gt: 0 } });
    expect(conversation).not.toBeNull();
    // Every opening states a reason (privacy tiers); the reason itself is tested in privacyTiers.test.ts.
    path = `/api/conversations/${conversation!._id.toHexString()}?reason=Audit%20check`;
    const prompt = await h.ctx.store.interactions.findOne({
      tenantId: h.ctx.tenantId,
      userId: conversation!.userId,
      sessionId: conversation!.sessionId,
      interactionType: 'userPrompt',
    });
    transcriptText = prompt!.body!.content;
    expect(transcriptText.length).toBeGreaterThan(10);
  });
  afterAll(async () => h.close());
  afterEach(() => jest.restoreAllMocks());

  const logged = (): Promise<number> => h.ctx.store.accessLog.countDocuments({ tenantId: h.ctx.tenantId });

  it('serves the transcript once its view is logged (positive control)', async () => {
    const before = await logged();
    const answer = await call(h.baseUrl, path, { token: admin });
    expect(answer.status).toBe(200);
    expect(answer.text).toContain(JSON.stringify(transcriptText).slice(1, -1));
    expect(await logged()).toBe(before + 1);
  });

  it('logs who saw whose conversation, when, why, in which form and where', async () => {
    const json = await call<{ userId: string; displayName: string | null; sessionId: string }>(h.baseUrl, path, {
      token: admin,
    });
    const csv = await call(h.baseUrl, `${path}&format=csv`, { token: admin });
    expect([json.status, csv.status]).toEqual([200, 200]);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const [csvEntry, jsonEntry] = await h.ctx.store.accessLog
      .find({ tenantId: h.ctx.tenantId })
      .sort({ _id: -1 })
      .limit(2)
      .toArray();
    const { graph: viewer } = h.adminUser;
    const expected = {
      tenantId: h.ctx.tenantId,
      at: h.ctx.now(),
      viewer: { userId: viewer.id, name: viewer.displayName, upn: viewer.userPrincipalName, demo: false },
      subjectUserId: json.body.userId,
      subjectName: json.body.displayName,
      sessionId: json.body.sessionId,
      via: 'tab',
      reason: 'Audit check',
    };
    expect(json.body.displayName).toEqual(expect.any(String));
    expect(jsonEntry).toMatchObject({ ...expected, what: 'conversation', shownIn: 'tab' });
    expect(csvEntry).toMatchObject({ ...expected, what: 'conversation_csv', shownIn: 'download' });
  });

  it.each(['json', 'csv'])(
    'answers 500 without any of the transcript when the log write fails (%s)',
    async (format) => {
      const insert = jest
        .spyOn(h.ctx.store.accessLog, 'insertOne')
        .mockRejectedValue(new Error('the access log is unavailable'));
      const before = await logged();
      const answer = await call<{ error: { code: string } }>(
        h.baseUrl,
        format === 'csv' ? `${path}&format=csv` : path,
        { token: admin },
      );
      expect(insert).toHaveBeenCalledTimes(1);
      expect(answer.status).toBe(500);
      expect(answer.body.error.code).toBe('internal_error');
      expect(answer.text).not.toContain(transcriptText.slice(0, 20));
      expect(await logged()).toBe(before);
    },
  );

  it('sends nothing while the log write is held, and the transcript once it is stored', async () => {
    const collection = h.ctx.store.accessLog;
    const original = collection.insertOne.bind(collection);
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let stored = false;
    jest.spyOn(collection, 'insertOne').mockImplementation((async (doc: AccessLogDoc) => {
      await held;
      const result = await original(doc);
      stored = true;
      return result;
    }) as (doc: AccessLogDoc) => Promise<InsertOneResult<AccessLogDoc>>);

    let answered = false;
    const answer = call(h.baseUrl, path, { token: admin }).then((a) => {
      answered = true;
      return a;
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(answered).toBe(false);
    release();
    const done = await answer;
    expect(stored).toBe(true);
    expect(done.status).toBe(200);
    expect(done.text).toContain(JSON.stringify(transcriptText).slice(1, -1));
  });
});
