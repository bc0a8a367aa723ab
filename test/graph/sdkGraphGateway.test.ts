import { GraphAuthError, GraphRequestError, MalformedGraphResponseError } from '../../server/errors';
import type { GraphGateway, InteractionWindow } from '../../server/graph/GraphGateway';
import { createSdkGraphGateway, type SdkGraphGatewayOptions } from '../../server/graph/sdkGraphGateway';
import { createFetch } from '../../server/graph/trustedFetch';
import { createSilentLogger } from '../../server/logger';
import { captureLogs } from '../support/logCapture';
import {
  aadstsError,
  graphError,
  startScriptedServer,
  tokenIssuer,
  type Reply,
  type ScriptedServer,
} from './scriptedGraphServer';

/**
 * The gateway and its middleware against a scripted HTTPS stand-in: each test puts the client in one exact situation
 * (a 429 with a fractional Retry-After, a dropped socket, a truncated page...) and checks what went over the wire.
 */

let server: ScriptedServer;
const USER = '4db02e4b-d144-400e-b194-53253a34c5be';
const WINDOW: InteractionWindow = { after: new Date('2026-01-01T00:00:00Z'), before: new Date('2026-01-02T00:00:00Z') };

beforeAll(async () => {
  server = await startScriptedServer();
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  server.requests.length = 0;
  server.onToken(tokenIssuer());
});

function gateway(overrides: Partial<SdkGraphGatewayOptions> = {}): GraphGateway {
  return createSdkGraphGateway({
    tenantId: server.tenantId,
    clientId: 'app-client-id',
    clientSecret: 'secret',
    authorityHost: server.origin,
    graphBaseUrl: `${server.origin}/`,
    fetch: createFetch({ extraCaPem: server.cert }),
    maxRps: 200,
    concurrency: 4,
    logger: createSilentLogger(),
    ...overrides,
  });
}

function interaction(id: string, createdDateTime: string | null, extra: Record<string, unknown> = {}) {
  return {
    id,
    sessionId: '19:abc@thread.v2',
    requestId: `req-${id}`,
    appClass: 'IPM.SkypeTeams.Message.Copilot.Word',
    interactionType: 'userPrompt',
    conversationType: 'appchat',
    etag: id,
    createdDateTime,
    locale: 'en-us',
    body: { contentType: 'text', content: 'prompt text' },
    from: {
      '@odata.type': '#microsoft.graph.chatMessageFromIdentitySet',
      application: null,
      device: null,
      user: { id: USER, displayName: null },
    },
    attachments: [],
    links: [],
    contexts: [],
    mentions: [],
    ...extra,
  };
}

function page(value: unknown[], nextLink?: string): Reply {
  return { status: 200, body: { '@odata.context': 'x', value, ...(nextLink ? { '@odata.nextLink': nextLink } : {}) } };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

async function interactionIds(g: GraphGateway, window = WINDOW, signal?: AbortSignal): Promise<string[]> {
  const pages = await collect(g.listInteractions(USER, window, signal));
  return pages.flatMap((p) => p.interactions.map((i) => i.id));
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );
}

const ok = page([interaction('1', '2026-01-01T10:00:00.000Z')]);

describe('listInteractions: the request', () => {
  it('asks for the window with a strict createdDateTime filter and $top, with the bearer token, and follows nextLinks verbatim', async () => {
    const next = `${server.origin}/v1.0/copilot/users/${USER}/interactionHistory/getAllEnterpriseInteractions?$skiptoken=U2tpcA%3d%3d`;
    server.onGraph((_r, i) =>
      i === 0
        ? page([interaction('1', '2026-01-01T10:00:00Z')], next)
        : page([interaction('2', '2026-01-01T11:00:00Z')]),
    );
    const pages = await collect(gateway().listInteractions(USER, WINDOW));
    expect(pages.map((p) => [p.pageNumber, p.interactions.map((i) => i.id)])).toEqual([
      [1, ['1']],
      [2, ['2']],
    ]);
    const [first, second] = server.graphRequests();
    const url = new URL(first?.url ?? '', server.origin);
    expect(url.pathname).toBe(`/v1.0/copilot/users/${USER}/interactionHistory/getAllEnterpriseInteractions`);
    expect(url.searchParams.get('$filter')).toBe(
      'createdDateTime gt 2026-01-01T00:00:00Z and createdDateTime lt 2026-01-02T00:00:00Z',
    );
    expect(url.searchParams.get('$top')).toBe('100');
    expect(second?.url).toBe(next.slice(server.origin.length));
    expect(first?.authorization).toBe('Bearer token-1');
    expect(second?.authorization).toBe('Bearer token-1');
  });

  it('validates items, keeps unknown fields, turns absent nullable fields into null and drops undated items', async () => {
    const sparse = { ...interaction('2', '2026-01-01T12:00:00Z'), newGraphField: 7 } as Record<string, unknown>;
    delete sparse.requestId;
    delete sparse.attachments;
    server.onGraph(() => page([interaction('1', null), sparse]));
    const [only] = await collect(gateway().listInteractions(USER, WINDOW));
    expect(only?.interactions).toHaveLength(1);
    const item = only?.interactions[0] as unknown as Record<string, unknown>;
    expect(item).toMatchObject({ id: '2', requestId: null, attachments: null, newGraphField: 7 });
  });
});

describe('listInteractions: a tenant that rejects the date filter', () => {
  it('restarts without $filter on a 400 and applies the strict window client-side', async () => {
    server.onGraph((request) =>
      request.url.includes('%24filter') || request.url.includes('$filter')
        ? graphError(400, 'BadRequest', 'Invalid filter clause')
        : page([
            interaction('a', '2025-12-31T23:59:59.999Z'),
            interaction('b', '2026-01-01T00:00:00.000Z'), // on the bound: excluded (strict)
            interaction('c', '2026-01-01T00:00:00.001Z'),
            interaction('d', '2026-01-01T23:59:59.999Z'),
            interaction('e', '2026-01-02T00:00:00Z'), // on the bound: excluded
          ]),
    );
    expect(await interactionIds(gateway())).toEqual(['c', 'd']);
    expect(server.graphRequests()).toHaveLength(2);
  });

  it('still fails when the request without the filter is refused too', async () => {
    server.onGraph(() => graphError(400, 'BadRequest', 'nope'));
    const error = await failure(interactionIds(gateway()));
    expect(error).toBeInstanceOf(GraphRequestError);
    expect((error as GraphRequestError).graphStatus).toBe(400);
  });
});

describe('retries and throttling', () => {
  it('waits a fractional Retry-After after a 429, then succeeds, counting the throttle and the retry', async () => {
    server.onGraph((_r, i) =>
      i === 0 ? graphError(429, 'TooManyRequests', 'Please retry again later.', { 'Retry-After': '0.25' }) : ok,
    );
    const g = gateway();
    expect(await interactionIds(g)).toEqual(['1']);
    const [first, second] = server.graphRequests();
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(240);
    expect(g.stats()).toMatchObject({ requests: 2, throttled: 1, retries: 1, tokenRequests: 1 });
  });

  it('after a 429 holds back every worker of the tenant, not only the one that was throttled', async () => {
    server.onGraph((_r, i) => (i === 1 ? graphError(429, 'TooManyRequests', 'wait', { 'Retry-After': '0.4' }) : ok));
    const g = gateway();
    await interactionIds(g); // warm: token and connection ready
    const first = interactionIds(g);
    // The second worker starts once the first one's 429 is on its way back.
    while (server.graphRequests().length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = collect(g.listInteractions('u2', WINDOW));
    await Promise.all([first, second]);
    const [, throttled, ...rest] = server.graphRequests();
    expect(rest).toHaveLength(2);
    for (const request of rest) expect(request.at - (throttled?.at ?? 0)).toBeGreaterThanOrEqual(390);
  });

  it('honours Retry-After as an HTTP date and retries 503 and 504', async () => {
    const soon = new Date(Date.now() + 1500).toUTCString(); // HTTP dates have whole seconds
    server.onGraph((_r, i) =>
      i === 0
        ? graphError(503, 'serviceNotAvailable', 'later', { 'Retry-After': soon })
        : i === 1
          ? graphError(504, 'gatewayTimeout', 'slow')
          : ok,
    );
    const g = gateway();
    expect(await interactionIds(g)).toEqual(['1']);
    expect(server.graphRequests()).toHaveLength(3);
    expect(g.stats()).toMatchObject({ throttled: 0, retries: 2 });
  });

  it('retries a dropped connection and a body cut short', async () => {
    server.onGraph((_r, i) => (i === 0 ? { drop: true } : i === 1 ? { cutBody: '{"value":[{"id":"1",' } : ok));
    const g = gateway();
    expect(await interactionIds(g)).toEqual(['1']);
    expect(g.stats()).toMatchObject({ requests: 3, retries: 2 });
  });

  it('abandons an attempt that outlives requestTimeoutMs and sends it again', async () => {
    server.onGraph((_r, i) => (i === 0 ? ({ ...ok, delayMs: 1000 } as Reply) : ok));
    const g = gateway({ requestTimeoutMs: 200 });
    expect(await interactionIds(g)).toEqual(['1']);
    expect(g.stats()).toMatchObject({ requests: 2, retries: 1 });
  });

  it('gives up after maxAttempts and reports the last status as a GraphRequestError', async () => {
    server.onGraph(() => graphError(503, 'serviceNotAvailable', 'down', { 'Retry-After': '0' }));
    const error = await failure(interactionIds(gateway({ maxAttempts: 3 })));
    expect(error).toBeInstanceOf(GraphRequestError);
    expect(error).toMatchObject({ graphStatus: 503, graphCode: 'serviceNotAvailable' });
    expect(server.graphRequests()).toHaveLength(3);
  });

  it('gives up on a server that keeps dropping connections with a network GraphRequestError', async () => {
    server.onGraph(() => ({ drop: true }));
    const error = await failure(interactionIds(gateway({ maxAttempts: 2 })));
    expect(error).toBeInstanceOf(GraphRequestError);
    expect(error).toMatchObject({ graphStatus: 0, graphCode: 'network_error' });
    expect(server.graphRequests()).toHaveLength(2);
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    server.onGraph(() => ({ ...ok, delayMs: 50 }) as Reply);
    const g = gateway({ concurrency: 2 });
    await Promise.all(['u1', 'u2', 'u3', 'u4', 'u5'].map((u) => collect(g.listInteractions(u, WINDOW))));
    expect(server.maxInFlight()).toBeLessThanOrEqual(2);
  });
});

describe('malformed pages', () => {
  it('fetches a truncated JSON page again (same URL) and uses the good copy', async () => {
    server.onGraph((_r, i) => (i === 0 ? { status: 200, body: '{"value":[{"id":"1","sessionId":' } : ok));
    const g = gateway();
    expect(await interactionIds(g)).toEqual(['1']);
    const [first, second] = server.graphRequests();
    expect(second?.url).toBe(first?.url);
    expect(g.stats().retries).toBe(1);
  });

  it('throws MalformedGraphResponseError with the URL and the problem once maxAttempts reads failed', async () => {
    server.onGraph(() => page([{ id: '1', sessionId: 's' }]));
    const error = await failure(interactionIds(gateway({ maxAttempts: 2 })));
    expect(error).toBeInstanceOf(MalformedGraphResponseError);
    const { message } = error as MalformedGraphResponseError;
    expect(message).toContain('getAllEnterpriseInteractions');
    expect(message).toContain('appClass');
    expect(server.graphRequests()).toHaveLength(2);
  });

  it('refuses a nextLink that is not https on the Graph host', async () => {
    const plain = `http://127.0.0.1:1/v1.0/copilot/users/${USER}/interactionHistory/getAllEnterpriseInteractions?$skiptoken=x`;
    server.onGraph(() => page([interaction('1', '2026-01-01T10:00:00Z')], plain));
    const error = await failure(interactionIds(gateway()));
    expect(error).toBeInstanceOf(MalformedGraphResponseError);
    expect(server.graphRequests()).toHaveLength(1);
  });

  it("refuses a nextLink on Graph's host name but another port, before any request goes there", async () => {
    const other = await startScriptedServer();
    try {
      const elsewhere = `${other.origin}/v1.0/copilot/users/${USER}/interactionHistory/getAllEnterpriseInteractions?$skiptoken=x`;
      expect(new URL(elsewhere).hostname).toBe(new URL(server.origin).hostname);
      server.onGraph(() => page([interaction('1', '2026-01-01T10:00:00Z')], elsewhere));
      const error = await failure(interactionIds(gateway()));
      expect(error).toBeInstanceOf(MalformedGraphResponseError);
      expect((error as Error).message).toMatch(/outside Graph's origin .*no access token was sent there/);
      expect(other.requests).toHaveLength(0);
    } finally {
      await other.close();
    }
  });

  it('does not follow a redirect, so the token cannot travel with it', async () => {
    const other = await startScriptedServer();
    try {
      server.onGraph(() => ({ status: 302, headers: { location: `${other.origin}/v1.0/elsewhere` } }));
      const error = await failure(interactionIds(gateway()));
      expect(error).toBeInstanceOf(GraphRequestError);
      expect(error).toMatchObject({ graphStatus: 302 });
      expect(other.requests).toHaveLength(0);
    } finally {
      await other.close();
    }
  });
});

describe('refusals', () => {
  it('gets a fresh token once on 401 InvalidAuthenticationToken and retries', async () => {
    server.onGraph((_r, i) =>
      i === 0 ? graphError(401, 'InvalidAuthenticationToken', 'Access token has expired.') : ok,
    );
    const g = gateway();
    expect(await interactionIds(g)).toEqual(['1']);
    expect(server.graphRequests().map((r) => r.authorization)).toEqual(['Bearer token-1', 'Bearer token-2']);
    expect(g.stats().tokenRequests).toBe(2);
  });

  it('reports a second 401 as a GraphRequestError', async () => {
    server.onGraph(() => graphError(401, 'InvalidAuthenticationToken', 'Access token validation failure.'));
    const error = await failure(interactionIds(gateway()));
    expect(error).toMatchObject({ graphStatus: 401, graphCode: 'InvalidAuthenticationToken' });
    expect(server.graphRequests()).toHaveLength(2);
  });

  it('reports 403 for an unlicensed user with Graph status, code and a hint, without retrying', async () => {
    server.onGraph(() => graphError(403, 'Forbidden', 'UnknownError'));
    const error = await failure(interactionIds(gateway()));
    expect(error).toBeInstanceOf(GraphRequestError);
    expect(error).toMatchObject({ graphStatus: 403, graphCode: 'Forbidden', requestId: 'req-403' });
    expect((error as Error).message).toMatch(/Copilot license/);
    expect(server.graphRequests()).toHaveLength(1);
  });

  it('surfaces a wrong client secret as GraphAuthError AADSTS7000215 before any Graph request', async () => {
    server.onToken(() => aadstsError(7000215));
    const error = await failure(interactionIds(gateway()));
    expect(error).toBeInstanceOf(GraphAuthError);
    expect(error).toMatchObject({ aadstsCode: 7000215 });
    expect(server.tokenRequests()).toHaveLength(1);
    expect(server.graphRequests()).toHaveLength(0);
  });
});

describe('listLicensedUsers', () => {
  const user = (id: string, skuId: string) => ({
    id,
    displayName: `User ${id}`,
    userPrincipalName: `${id}@contoso.com`,
    mail: null,
    department: 'Sales',
    jobTitle: null,
    officeLocation: null,
    accountEnabled: true,
    assignedLicenses: [{ skuId, disabledPlans: [] }],
  });

  it('queries each SKU with $select and $top=999, follows nextLinks, and yields each user once', async () => {
    server.onGraph((request) => {
      const url = new URL(request.url, server.origin);
      if (url.searchParams.get('$skiptoken') === 'p2') return page([user('u3', 'sku-a'), user('u1', 'sku-a')]);
      if (url.searchParams.get('$filter')?.includes('sku-a'))
        return page([user('u1', 'sku-a'), user('u2', 'sku-a')], `${server.origin}/v1.0/users?$top=999&$skiptoken=p2`);
      return page([user('u2', 'sku-b'), user('u4', 'sku-b')]);
    });
    const pages = await collect(gateway().listLicensedUsers(['sku-a', 'sku-b']));
    expect(pages.map((p) => p.map((u) => u.id))).toEqual([['u1', 'u2'], ['u3'], ['u4']]);
    const first = new URL(server.graphRequests()[0]?.url ?? '', server.origin);
    expect(first.pathname).toBe('/v1.0/users');
    expect(first.searchParams.get('$filter')).toBe('assignedLicenses/any(x:x/skuId eq sku-a)');
    expect(first.searchParams.get('$select')).toBe(
      'id,displayName,userPrincipalName,mail,department,jobTitle,officeLocation,usageLocation,accountEnabled,assignedLicenses',
    );
    expect(first.searchParams.get('$top')).toBe('999');
  });

  it('reports missing consent as 403 Authorization_RequestDenied', async () => {
    server.onGraph(() =>
      graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'),
    );
    const error = await failure(collect(gateway().listLicensedUsers(['sku-a'])));
    expect(error).toMatchObject({ graphStatus: 403, graphCode: 'Authorization_RequestDenied' });
    expect((error as Error).message).toMatch(/consent/);
  });
});

describe('cancellation', () => {
  it('stops between requests when the signal aborts', async () => {
    const next = `${server.origin}/v1.0/copilot/users/${USER}/interactionHistory/getAllEnterpriseInteractions?$skiptoken=more`;
    server.onGraph(() => page([interaction('1', '2026-01-01T10:00:00Z')], next));
    const controller = new AbortController();
    const seen: number[] = [];
    const error = await failure(
      (async () => {
        for await (const p of gateway().listInteractions(USER, WINDOW, controller.signal)) {
          seen.push(p.pageNumber);
          if (p.pageNumber === 2) controller.abort();
        }
      })(),
    );
    expect((error as Error).name).toBe('AbortError');
    expect(seen).toEqual([1, 2]);
    expect(server.graphRequests()).toHaveLength(2);
  });

  it('cuts a retry wait short when the signal aborts', async () => {
    server.onGraph(() => graphError(429, 'TooManyRequests', 'wait', { 'Retry-After': '30' }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const error = await failure(interactionIds(gateway(), WINDOW, controller.signal));
    expect((error as Error).name).toBe('AbortError');
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('the page reader: what it says about a page it could not use', () => {
  it('says a body is not JSON, with its length, and quotes none of it (bodies hold prompt text)', async () => {
    const cut = '{"value":[{"id":"1","body":{"content":"my salary is 91000 and';
    server.onGraph(() => ({ status: 200, body: cut }));
    const { logger, lines } = captureLogs();
    const g = gateway({ maxAttempts: 2, logger });
    const error = (await failure(interactionIds(g))) as MalformedGraphResponseError;
    const problem = `body is not valid JSON (truncated or corrupted; ${cut.length} characters)`;
    expect(error).toBeInstanceOf(MalformedGraphResponseError);
    expect(error.message).toMatch(/^Graph page at \/copilot\/users\/.+ was still unreadable after 2 attempts: /);
    expect(error.message.endsWith(problem)).toBe(true);
    expect(error.details).toMatchObject({ problem });
    expect(JSON.stringify([error.message, error.details, lines])).not.toContain('salary');
    // One re-read between the two attempts: one retry counted, one warning naming the attempt and the problem.
    expect(g.stats().retries).toBe(1);
    const warnings = lines.filter((line) => line.level === 40);
    expect(warnings.map(({ msg, attempt, problem: p }) => ({ msg, attempt, problem: p }))).toEqual([
      { msg: 'Graph page unreadable; fetching it again', attempt: 2, problem },
    ]);
    expect(String(warnings[0]?.url)).toContain('getAllEnterpriseInteractions');
  });

  it('keeps the shape problem short however many items are wrong', async () => {
    server.onGraph(() => page(Array.from({ length: 200 }, (_, i) => ({ id: String(i), sessionId: 's' }))));
    const error = (await failure(interactionIds(gateway({ maxAttempts: 1 })))) as MalformedGraphResponseError;
    const problem = String(error.details?.problem);
    expect(problem).toMatch(/^body is not the documented shape: /);
    expect(problem.length).toBeLessThanOrEqual('body is not the documented shape: '.length + 500);
    expect(problem.length).toBeGreaterThan('body is not the documented shape: '.length + 400);
  });

  it('ends the listing at a null nextLink', async () => {
    server.onGraph(() => ({
      status: 200,
      body: { value: [interaction('1', '2026-01-01T10:00:00Z')], '@odata.nextLink': null },
    }));
    expect(await interactionIds(gateway())).toEqual(['1']);
    expect(server.graphRequests()).toHaveLength(1);
  });

  it('logs the refused token and counts its one retry', async () => {
    server.onGraph((_r, i) => (i === 0 ? graphError(401, 'InvalidAuthenticationToken', 'expired') : ok));
    const { logger, lines } = captureLogs();
    const g = gateway({ logger });
    expect(await interactionIds(g)).toEqual(['1']);
    expect(g.stats().retries).toBe(1);
    const refused = lines.filter(
      (line) => line.msg === 'Graph rejected the access token (401); retrying once with a fresh token',
    );
    expect(refused).toHaveLength(1);
    expect(refused[0]?.level).toBe(30);
    expect(String(refused[0]?.url)).toContain('getAllEnterpriseInteractions');
  });

  it("keeps Graph's request-id header when the refusal's body is not Graph's error shape", async () => {
    server.onGraph(() => ({ status: 404, body: 'Not Found', headers: { 'request-id': 'hdr-404' } }));
    const error = await failure(interactionIds(gateway()));
    expect(error).toBeInstanceOf(GraphRequestError);
    expect(error).toMatchObject({ graphStatus: 404, graphCode: 'http_404', requestId: 'hdr-404' });
  });

  it('names the refused nextLink and where it pointed', async () => {
    const plain = `http://127.0.0.1:1/v1.0/users?$skiptoken=${'x'.repeat(2500)}`;
    server.onGraph(() => page([interaction('1', '2026-01-01T10:00:00Z')], plain));
    const error = (await failure(interactionIds(gateway()))) as MalformedGraphResponseError;
    expect(error.message).toContain(`outside Graph's origin ${server.origin} (http://127.0.0.1:1)`);
    expect(error.message).toContain(plain.slice(0, 300));
    expect(error.message).not.toContain(plain.slice(0, 301));
    expect(error.details).toEqual({
      url: expect.stringContaining('getAllEnterpriseInteractions'),
      nextLink: plain.slice(0, 2000),
      graphOrigin: server.origin,
    });
    server.onGraph(() => page([interaction('1', '2026-01-01T10:00:00Z')], 'users?$skiptoken=relative'));
    expect(((await failure(interactionIds(gateway()))) as Error).message).toContain('(not an absolute URL)');
  });
});

describe('the fetch handler: what goes out and what comes back', () => {
  it('aborts a request already on the wire when the caller gives up, without reading its answer', async () => {
    const controller = new AbortController();
    // The answer is held until the test ends, or 3 s if the client never lets go of the request.
    let answer: () => void = () => {};
    const answered = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 3000);
      answer = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    server.onGraph(async () => {
      controller.abort();
      await answered;
      return ok;
    });
    const seen: string[] = [];
    try {
      const error = await failure(
        (async () => {
          for await (const p of gateway().listInteractions(USER, WINDOW, controller.signal))
            seen.push(...p.interactions.map((i) => i.id));
        })(),
      );
      expect((error as Error).name).toBe('AbortError');
      expect(seen).toEqual([]);
      expect(server.graphRequests()).toHaveLength(1);
    } finally {
      answer();
    }
  });

  it('takes an answer without a body (204) as a page it cannot read, not as a dropped connection', async () => {
    server.onGraph(() => ({ status: 204 }));
    const g = gateway({ maxAttempts: 2 });
    const error = await failure(interactionIds(g));
    expect(error).toBeInstanceOf(MalformedGraphResponseError);
    expect(server.graphRequests()).toHaveLength(2);
  });
});
