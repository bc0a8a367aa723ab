import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApiRouter } from '../../server/api/apiRouter';
import { encodeCursor } from '../../server/core/insights/cursor';
import { createApp } from '../../server/createApp';
import { startAppHarness, type AppHarness } from '../support/appHarness';
import { captureLogs } from '../support/logCapture';
import { call } from './apiClient';

type ErrorBody = { error: { code: string; message: string } };

/** Sends a raw body (any bytes, any content type) the way a probe would. */
async function send(
  baseUrl: string,
  path: string,
  options: { method?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Headers; text: string }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: options.method ?? 'POST',
    headers: options.headers,
    body: options.body,
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** The cursor a list hands out, with its JSON body changed (what a forger can do: it is only base64url JSON). */
function forge(cursor: string, change: Record<string, unknown>): string {
  const body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
  return Buffer.from(JSON.stringify({ ...body, ...change }), 'utf8').toString('base64url');
}

describe('junk input at the edge (demo mode, the loopback demo admin)', () => {
  let h: AppHarness;
  beforeAll(async () => {
    h = await startAppHarness({ userCount: 12, seed: 17 });
  });
  afterAll(async () => h.close());

  const STRING_PARAMS = [
    '/api/users?search=',
    '/api/users?department=',
    '/api/users/inactive?search=',
    '/api/users/inactive?department=',
    '/api/agents?search=',
    '/api/agents?department=',
    '/api/agents?userId=',
    '/api/activity?search=',
    '/api/activity?userId=',
    '/api/data-sources?search=',
  ];

  it('answers a NUL byte in any query parameter with 400 validation_failed that says so', async () => {
    for (const prefix of STRING_PARAMS)
      for (const value of ['%00', 'a%00b']) {
        const answer = await call<ErrorBody>(h.baseUrl, `${prefix}${value}`);
        expect({ path: prefix + value, status: answer.status, code: answer.body?.error?.code }).toEqual({
          path: prefix + value,
          status: 400,
          code: 'validation_failed',
        });
        expect(answer.body.error.message).toMatch(/NUL/);
      }
  });

  it('answers a NUL byte in a path parameter or a JSON body with the same 400', async () => {
    for (const [method, path] of [
      ['GET', '/api/conversations/%00'],
      ['DELETE', '/api/saved-questions/a%00'],
    ] as const) {
      const answer = await call<ErrorBody>(h.baseUrl, path, { method });
      expect({ path, status: answer.status, code: answer.body?.error?.code }).toEqual({
        path,
        status: 400,
        code: 'validation_failed',
      });
    }
    for (const body of [{ question: 'what did \u0000 ask' }, { name: 'x\u0000', question: 'top users' }]) {
      const path = 'name' in body ? '/api/saved-questions' : '/api/ask';
      const answer = await send(h.baseUrl, path, {
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
      });
      expect({ path, status: answer.status }).toEqual({ path, status: 400 });
      expect((JSON.parse(answer.text) as ErrorBody).error.message).toMatch(/NUL/);
    }
  });

  it('refuses impossible calendar dates with 400 and keeps real ones, leap days included', async () => {
    // 24:00 too: JavaScript's parser reads it as the next day's midnight, which is never what was typed.
    const impossible = ['2026-02-30', '2026-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-02-30T10:00:00Z'];
    for (const date of [...impossible, '2026-10-31T24:00:00Z', '2026-10-31T24:00', '2026-10-31T23:60:00Z']) {
      const answer = await call<ErrorBody>(h.baseUrl, `/api/overview?from=${encodeURIComponent(date)}`);
      expect({ date, status: answer.status, code: answer.body?.error?.code }).toEqual({
        date,
        status: 400,
        code: 'validation_failed',
      });
    }
    for (const date of ['2026-02-28', '2024-02-29', '2026-10-31T23:59:59Z', '2026-10-31T23:00:00+02:00'])
      expect({ date, status: (await call(h.baseUrl, `/api/overview?to=${encodeURIComponent(date)}`)).status }).toEqual({
        date,
        status: 200,
      });
  });

  it('refuses a forged cursor with 400 invalid_cursor on every list, whatever the list sorts by', async () => {
    // Two of everything: a second sync run, two access-log entries.
    await h.sync('incremental');
    const conversation = await h.ctx.store.conversations.findOne({ tenantId: h.ctx.tenantId });
    for (let i = 0; i < 2; i++)
      expect(
        (await call(h.baseUrl, `/api/conversations/${conversation!._id.toHexString()}?reason=Audit%20check`)).status,
      ).toBe(200);
    const lists = [
      '/api/agents',
      '/api/agents?sort=userName&direction=asc',
      '/api/activity',
      '/api/users',
      '/api/users?sort=displayName',
      '/api/users?sort=promptCount',
      '/api/data-sources',
      '/api/sync/runs',
      '/api/access-log',
    ];
    const cursors: Array<[string, string]> = [
      // Too few licensed-but-inactive users for a second page: a cursor as that list makes them.
      ['/api/users/inactive', encodeCursor('displayName:asc', { value: 'M', id: '0'.repeat(24) })],
    ];
    for (const list of lists) {
      const sep = list.includes('?') ? '&' : '?';
      const first = await call<{ nextCursor: string | null }>(h.baseUrl, `${list}${sep}limit=1`);
      expect({ list, status: first.status, cursor: typeof first.body.nextCursor }).toEqual({
        list,
        status: 200,
        cursor: 'string',
      });
      cursors.push([list, first.body.nextCursor!]);
    }
    for (const [list, cursor] of cursors) {
      const sep = list.includes('?') ? '&' : '?';
      expect((await call(h.baseUrl, `${list}${sep}limit=1&cursor=${cursor}`)).status).toBe(200);
      // A value of another type than the sort field holds (a name where a date belongs...).
      const { t } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { t: string };
      const otherTypes = [
        { t: 'd', v: 0 },
        { t: 'n', v: 1 },
        { t: 's', v: 'x' },
      ].filter((change) => t !== 'z' && change.t !== t);
      for (const change of [
        ...otherTypes,
        { t: 'd', v: 1e300 },
        { t: 'd', v: -8.64e15 - 1 },
        { t: 'd', v: '2026-01-01' },
        { t: 'n', v: 'x' },
        { t: 'z', v: 0 },
        { i: 'not-an-id' },
        { extra: 1 },
      ]) {
        const answer = await call<ErrorBody>(h.baseUrl, `${list}${sep}limit=1&cursor=${forge(cursor, change)}`);
        expect({ list, change, status: answer.status, code: answer.body?.error?.code }).toEqual({
          list,
          change,
          status: 400,
          code: 'invalid_cursor',
        });
      }
    }
  });

  it('refuses cross-site state changes (Origin not ours, or Sec-Fetch-Site cross-site) with 403', async () => {
    h.syncControl.requests.length = 0;
    await h.syncControl.idle();
    const crossSite: Array<Record<string, string>> = [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { origin: 'http://localhost:8080' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site', origin: 'http://localhost:8080' },
    ];
    // What `fetch(…, { method: 'POST', mode: 'no-cors' })` sends: a simple request, text/plain at most.
    for (const headers of crossSite)
      for (const [method, path] of [
        ['POST', '/api/sync'],
        ['POST', '/api/ask'],
        ['POST', '/api/saved-questions'],
        ['DELETE', '/api/saved-questions/0123456789abcdef01234567'],
        ['POST', '/api/setup/connect'],
        ['POST', '/api/messages'],
      ] as const) {
        const answer = await send(h.baseUrl, path, {
          method,
          body: method === 'POST' ? '{}' : undefined,
          headers: { 'content-type': 'text/plain', ...headers },
        });
        expect({ headers, path, status: answer.status }).toEqual({ headers, path, status: 403 });
        expect((JSON.parse(answer.text) as ErrorBody).error.code).toBe('cross_site_request');
      }
    expect(h.syncControl.requests).toEqual([]);

    // The tab itself (same origin) and non-browser clients (no Origin) still may.
    for (const headers of [{ origin: h.baseUrl, 'sec-fetch-site': 'same-origin' }, {}] as Array<
      Record<string, string>
    >) {
      const answer = await send(h.baseUrl, '/api/sync', { headers });
      expect({ headers, status: answer.status }).toEqual({ headers, status: 202 });
      await h.syncControl.idle();
    }
    // Reads stay open to cross-site navigation (they change nothing, and CORS keeps their answers from the page).
    expect((await call(h.baseUrl, '/livez', { headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(200);
  });

  it('answers junk anywhere (paths, parameters, bodies, headers) with 4xx, never a 5xx', async () => {
    const serverErrors: string[] = [];
    const paths = [
      '/api/conversations/zz',
      '/api/conversations/%ZZ',
      '/api/conversations/' + 'a'.repeat(5000),
      '/api/overview?from[]=a',
      '/api/overview?from=a&from=b',
      '/api/overview?from=9999-12-31',
      '/api/overview?from=0000-01-01',
      '/api/overview?from=2026-01-01T10:00:00.123456789Z',
      '/api/activity?types=junk',
      '/api/activity?types=session,,',
      '/api/agents?sort=__proto__',
      '/api/users?limit=1e5',
      '/api/users?limit=' + '9'.repeat(40),
      '/api/users?search=' + encodeURIComponent('(((((('),
      '/api/users?search=%ED%A0%80',
      '/api/users?department=%C0%80',
      '/api/data-sources?kind=zz',
      '/api/users?cursor=' + 'A'.repeat(2000),
      '/api/users?a[b]=c',
      '/api/users?__proto__=1',
      '/api/users?constructor=1',
      '/api/access-log?from=1970-01-01&to=1970-01-02',
      '/api/overview?from=-271821-04-20',
      '/api/overview?appKey=zz',
      '/auth/consent/callback',
      '/auth/consent/callback?state=x&tenant=y&admin_consent=True',
      '/auth/consent/callback?state[]=x',
      '/auth/consent/callback?error=x&error_description=%00',
      '/api/setup/status?x=1',
      '/api/setup/diagnostics?x[]=1',
      '/api/sync/status?x=1',
      '/api/me?x=%00',
      '/healthz?x=1',
      '/readyz',
      '/tab/%ZZ',
      '/tab/..%2f..%2fpackage.json',
      '/%ZZ',
      '/api/saved-questions/zz/run',
      '/api/daily-activity?from=2026-11-01&to=2026-11-02&format=csv',
      '/api/apps?format=xml',
    ];
    for (const path of paths)
      for (const method of ['GET', 'POST']) {
        const answer = await send(h.baseUrl, path, { method });
        if (answer.status >= 500) serverErrors.push(`${method} ${path}: ${answer.status} ${answer.text.slice(0, 100)}`);
      }
    const bodies: Array<[string, Record<string, string>, string]> = [
      ['/api/ask', { 'content-type': 'application/json; charset=latin1' }, '{}'],
      ['/api/ask', { 'content-type': 'application/json', 'content-encoding': 'gzip' }, 'junk'],
      ['/api/ask', { 'content-type': 'application/json', 'content-encoding': 'br' }, 'junk'],
      ['/api/ask', { 'content-type': 'application/json' }, '{"question":{"a":1}}'],
      ['/api/ask', { 'content-type': 'application/json' }, '{"token":"' + 'x'.repeat(100) + '"}'],
      ['/api/ask', { 'content-type': 'application/json' }, '{"question":"' + '('.repeat(400) + '"}'],
      ['/api/ask', { 'content-type': 'application/json' }, '['.repeat(5000) + ']'.repeat(5000)],
      ['/api/ask', { 'content-type': 'application/json' }, '{"__proto__":{"x":1},"question":"top users"}'],
      [
        '/api/saved-questions',
        { 'content-type': 'application/json' },
        '{"name":"a","question":"' + 'b'.repeat(400) + '"}',
      ],
      ['/api/saved-questions', { 'content-type': 'application/json' }, '{"name":{"$gt":""},"question":"x"}'],
      ['/api/setup/connect', { 'content-type': 'application/json' }, '{"ui":1}'],
      ['/api/setup/connect', { 'content-type': 'application/json' }, 'null'],
      ['/api/messages', { 'content-type': 'application/json' }, '{"type":"message"}'],
      ['/api/messages', { 'content-type': 'application/json' }, '{"type":"message","text":5}'],
      [
        '/api/messages',
        { 'content-type': 'application/json' },
        '{"type":"message","text":"hi","conversation":{"id":5},"from":{},"recipient":{},"serviceUrl":"x","deliveryMode":"expectReplies"}',
      ],
      [
        '/api/messages',
        { 'content-type': 'application/json' },
        '{"type":"message","text":"hi","conversation":{"id":"c"},"from":{"id":"f"},"recipient":{"id":"r"},"serviceUrl":"http://127.0.0.1:9/","deliveryMode":"expectReplies","timestamp":"junk"}',
      ],
      ['/api/sync?x=1', {}, ''],
      ['/api/sync', { authorization: 'Basic eDp5' }, ''],
      ['/api/sync', { authorization: 'Bearer ' + 'a'.repeat(20000) }, ''],
      ['/api/sync', { authorization: 'Bearer a.b.c' }, ''],
      ['/api/setup/test?x=1', {}, ''],
      ['/api/saved-questions/zz/run', {}, ''],
      ['/api/saved-questions/0123456789abcdef01234567/run', {}, ''],
    ];
    for (const [path, headers, body] of bodies) {
      const answer = await send(h.baseUrl, path, { headers, body });
      if (answer.status >= 500) serverErrors.push(`POST ${path} ${body.slice(0, 60)}: ${answer.status}`);
    }
    expect(serverErrors).toEqual([]);
  });

  it('sends no Strict-Transport-Security without an https PUBLIC_URL', async () => {
    expect((await call(h.baseUrl, '/api/me')).headers.get('strict-transport-security')).toBeNull();
  });
});

describe('answers to strangers (tenant mode, https PUBLIC_URL)', () => {
  let h: AppHarness;
  beforeAll(async () => {
    h = await startAppHarness({
      userCount: 5,
      seed: 18,
      mode: 'tenant',
      sync: false,
      env: { PUBLIC_URL: 'https://observatory.example.com' },
    });
  });
  afterAll(async () => h.close());

  const SECURITY_HEADERS = {
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  };

  it("carries the API's security headers and HSTS on every answer, errors and /api/setup included", async () => {
    const token = await h.tokens.admin();
    const answers = {
      'setup status': await call(h.baseUrl, '/api/setup/status', { token }),
      'setup 401': await call(h.baseUrl, '/api/setup/status'),
      'setup forged 401': await call(h.baseUrl, '/api/setup/diagnostics', { token: await h.tokens.forged() }),
      'api 401': await call(h.baseUrl, '/api/overview'),
      'me 401': await call(h.baseUrl, '/api/me', { token: 'not.a.jwt' }),
      'ask 401': await call(h.baseUrl, '/api/ask', { method: 'POST' }),
      'bot 401': await call(h.baseUrl, '/api/messages', { method: 'POST' }),
      '404': await call(h.baseUrl, '/nothing-here'),
      livez: await call(h.baseUrl, '/livez'),
      healthz: await call(h.baseUrl, '/healthz'),
    };
    for (const [name, answer] of Object.entries(answers)) {
      const seen = Object.fromEntries(Object.keys(SECURITY_HEADERS).map((k) => [k, answer.headers.get(k)]));
      expect({ name, ...seen }).toEqual({ name, ...SECURITY_HEADERS });
      expect({ name, hsts: answer.headers.get('strict-transport-security') }).toEqual({
        name,
        hsts: 'max-age=31536000',
      });
    }
    expect(answers['setup status'].status).toBe(200);
    for (const name of ['setup 401', 'setup forged 401', 'api 401', 'me 401', 'ask 401', 'bot 401'] as const)
      expect({ name, status: answers[name].status }).toEqual({ name, status: 401 });
    // The tab keeps its own policy (Teams frames it), with HSTS beside it.
    const tab = await call(h.baseUrl, '/tab/');
    expect(tab.headers.get('content-security-policy')).toContain('frame-ancestors');
    expect(tab.headers.get('content-security-policy')).not.toContain("default-src 'none'");
    expect(tab.headers.get('strict-transport-security')).toBe('max-age=31536000');
  });

  it('authenticates before reading a JSON body, and still limits the size of an admin body', async () => {
    const big = JSON.stringify({ question: 'x'.repeat(300_000) });
    for (const body of ['{not json', big, '{"question":"top users"}']) {
      for (const path of ['/api/ask', '/api/setup/connect']) {
        const answer = await send(h.baseUrl, path, { body, headers: { 'content-type': 'application/json' } });
        expect({ path, size: body.length, status: answer.status }).toEqual({ path, size: body.length, status: 401 });
      }
    }
    const token = await h.tokens.admin();
    const admin = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    expect((await send(h.baseUrl, '/api/ask', { body: big, headers: admin })).status).toBe(413);
    expect((await send(h.baseUrl, '/api/ask', { body: '{not json', headers: admin })).status).toBe(400);
    expect((await send(h.baseUrl, '/api/ask', { body: '{"question":"top users"}', headers: admin })).status).toBe(200);
  });

  it('logs each failed sign-in at warn with its reason, never the token', async () => {
    const { logger, lines } = captureLogs();
    const ctx = { ...h.ctx, logger };
    const app = createApp(ctx, [{ path: '/api', router: createApiRouter(ctx) }]);
    const server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const tokens = { forged: await h.tokens.forged(), expired: await h.tokens.expired(), garbage: 'not.a.jwt' };
      for (const token of Object.values(tokens)) expect((await call(url, '/api/overview', { token })).status).toBe(401);
      expect((await call(url, '/api/me')).status).toBe(401);
      expect((await call(url, '/api/overview', { token: await h.tokens.admin() })).status).toBe(200);

      const failures = lines.filter((l) => l.msg === 'Sign-in failed.');
      expect(failures.map((l) => [l.level, l.reason, l.path])).toEqual([
        [40, 'invalid_token', '/api/overview'],
        [40, 'invalid_token', '/api/overview'],
        [40, 'invalid_token', '/api/overview'],
        [40, 'unauthorized', '/api/me'],
      ]);
      expect(failures.map((l) => l.message)).toEqual([
        'The sign-in token is not signed by the tenant.',
        'The sign-in token has expired.',
        'The sign-in token is malformed.',
        expect.stringMatching(/Sign-in is required/),
      ]);
      const everything = JSON.stringify(lines);
      for (const token of [tokens.forged, tokens.expired]) expect(everything).not.toContain(token.split('.')[2]!);
      expect(lines.filter((l) => Number(l.level) >= 50)).toEqual([]);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
