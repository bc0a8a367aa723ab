import { Router } from 'express';
import type { AddressInfo } from 'node:net';
import type { AppContext } from '../../server/appContext';
import { createConversationsRouter } from '../../server/api/conversationsRouter';
import { createAuthenticator } from '../../server/auth/authenticator';
import { authenticateCaller } from '../../server/auth/middleware';
import { loadConfig } from '../../server/config';
import { BatchWriter } from '../../server/core/sync/batchWriter';
import { mapInteraction } from '../../server/core/sync/interactionMapper';
import { PageSink } from '../../server/core/sync/pageSink';
import { createApp } from '../../server/createApp';
import { AppError } from '../../server/errors';
import { createSilentLogger } from '../../server/logger';
import { buildInteraction, buildUser, documentContext } from '../support/factories';
import { openTestStore, type TestStore } from '../support/testStore';

/**
 * The conversation route's write path, entry by entry: which reason it keeps (query, else the URL-encoded header),
 * what it refuses before anything is logged or shown, and the CSV it sends. A lean app (the route behind the real
 * authenticator and the app's error handler, one conversation stored by the real sync writer) so that each check is
 * quick; the same route in the whole app, with the log write held or failing, is test/api/accessLogWrite.test.ts.
 */

const TENANT = 'tenant-conversation-write';
const NOW = new Date('2026-11-05T09:30:00.000Z');
const VIEWER = { oid: 'viewer-1', name: 'Iris Investigator', upn: 'iris@contoso.example' };
const subject = buildUser({ displayName: 'Sam Subject' });

describe("the conversation route's access-log write", () => {
  let t: TestStore;
  let base: string;
  let close: () => Promise<void>;
  let conversationId: string;

  beforeAll(async () => {
    t = await openTestStore('conversationWrite');
    const sink = new PageSink({
      store: t.store,
      writer: new BatchWriter(t.store, createSilentLogger()),
      tenantId: TENANT,
      runId: 'run-1',
      now: () => NOW,
      logger: createSilentLogger(),
    });
    const page = [
      buildInteraction({
        id: '1',
        contexts: [documentContext('Plan.docx'), documentContext('Budget.xlsx')],
        createdDateTime: '2026-11-02T10:00:00.000Z',
        body: { contentType: 'text', content: 'Draft the Q3 memo' },
      }),
      buildInteraction({
        id: '2',
        createdDateTime: '2026-11-02T10:00:04.000Z',
        interactionType: 'aiResponse',
        body: { contentType: 'text', content: 'Here is the memo, "final"' },
      }),
    ].map((i) => mapInteraction(TENANT, subject.id, i, NOW));
    await sink.add(subject, page);
    await sink.complete(subject, { after: new Date('2026-11-01T00:00:00Z'), before: NOW });
    conversationId = (await t.store.conversations.findOne({ tenantId: TENANT }))!._id.toHexString();

    const auth = createAuthenticator({
      mode: 'tenant',
      tenantId: TENANT,
      tierOf: () => 'Investigator',
      validateToken: async (token) => {
        if (token !== 'investigator') throw new AppError('invalid_token', 'Not the known token.', 401);
        return { ...VIEWER, tid: TENANT, roles: [], groups: [] };
      },
    });
    const ctx = {
      config: loadConfig({}),
      logger: createSilentLogger(),
      store: t.store,
      tenantId: TENANT,
      mode: 'tenant',
      now: () => NOW,
    } as unknown as AppContext;
    const api = Router();
    api.use(authenticateCaller(auth), createConversationsRouter(ctx));
    const server = createApp(ctx, [{ path: '/api', router: api }]).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => new Promise<void>((done) => server.close(() => done()));
  });
  afterAll(async () => {
    await close();
    await t.close();
  });
  beforeEach(async () => {
    await t.store.accessLog.deleteMany({});
  });

  const open = async (query: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}/api/conversations/${conversationId}${query}`, {
      headers: { authorization: 'Bearer investigator', ...headers },
    });
    return { status: res.status, text: await res.text(), headers: res.headers };
  };
  const entries = () => t.store.accessLog.find({ tenantId: TENANT }, { projection: { _id: 0 } }).toArray();
  const entry = (what: string, reason: string, shownIn: string) => ({
    tenantId: TENANT,
    at: NOW,
    viewer: { userId: VIEWER.oid, name: VIEWER.name, upn: VIEWER.upn, demo: false },
    subjectUserId: subject.id,
    subjectName: 'Sam Subject',
    what,
    sessionId: '19:session-one@thread.v2',
    via: 'tab',
    shownIn,
    reason,
  });

  it('logs the view with the reason given in the query, then sends the transcript', async () => {
    const answer = await open('?reason=Ticket%20INC-4711');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    const body = JSON.parse(answer.text) as { messages: Array<{ content: string }> };
    expect(body.messages.map((m) => m.content)).toEqual(['Draft the Q3 memo', 'Here is the memo, "final"']);
    expect(await entries()).toEqual([entry('conversation', 'Ticket INC-4711', 'tab')]);
  });

  it('takes the reason from the URL-encoded X-Access-Reason header when the query has none, the query first', async () => {
    expect((await open('', { 'x-access-reason': encodeURIComponent('Überprüfung: Fall 12') })).status).toBe(200);
    expect((await open('?reason=From%20the%20query', { 'x-access-reason': 'From%20the%20header' })).status).toBe(200);
    expect((await entries()).map((e) => e.reason)).toEqual(['Überprüfung: Fall 12', 'From the query']);
  });

  it.each([
    ['no reason at all', '', {}, 'reason_required'],
    ['a header that is not URL-encoded text', '', { 'x-access-reason': 'Case %E0%A4%A' }, 'validation_failed'],
    ['a reason over 2,000 characters', `?reason=${'a'.repeat(2001)}`, {}, 'validation_failed'],
    ['an unknown parameter', '?reason=Ticket%2042&verbose=1', {}, 'validation_failed'],
  ])('refuses %s with a 400, logging and showing nothing', async (_name, query, headers, code) => {
    const answer = await open(query, headers);
    expect(answer.status).toBe(400);
    expect((JSON.parse(answer.text) as { error: { code: string } }).error.code).toBe(code);
    expect(answer.text).not.toContain('Draft the Q3 memo');
    expect(await entries()).toEqual([]);
  });

  it('says how to give a reason when none is given', async () => {
    const answer = await open('');
    expect(JSON.parse(answer.text)).toEqual({
      error: {
        code: 'reason_required',
        message:
          'Say why you are opening this conversation, in "reason" or the X-Access-Reason header (at least 5 characters): the reason is kept in the access log with your name.',
      },
    });
  });

  it('says what is wrong with a header that is not URL-encoded', async () => {
    const answer = await open('', { 'x-access-reason': '100%' });
    expect(JSON.parse(answer.text)).toEqual({
      error: { code: 'validation_failed', message: 'X-Access-Reason must be URL-encoded text.' },
    });
  });

  it('logs a CSV download as such and sends every message with its columns, named for the conversation', async () => {
    const answer = await open('?reason=Export%20for%20legal&format=csv');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-disposition')).toBe(
      `attachment; filename="copilot-observatory-conversation-${conversationId}-2026-11-05.csv"`,
    );
    expect(answer.text.trim().split('\r\n')).toEqual([
      'Time,Type,User,App,Content type,Content,Data sources',
      expect.stringMatching(
        /^2026-11-02T10:00:00\.000Z,prompt,Sam Subject,Word,text,Draft the Q3 memo,https:\/\/contoso\.sharepoint\.com\/\S*Plan\.docx https:\/\/contoso\.sharepoint\.com\/\S*Budget\.xlsx$/,
      ),
      expect.stringMatching(
        /^2026-11-02T10:00:04\.000Z,response,Sam Subject,Word,text,"Here is the memo, ""final""",https:\/\/contoso\.sharepoint\.com\/\S*Plan\.docx$/,
      ),
    ]);
    expect(await entries()).toEqual([entry('conversation_csv', 'Export for legal', 'download')]);
  });
});
