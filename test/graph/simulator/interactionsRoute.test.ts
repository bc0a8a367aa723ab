import type { AiInteraction } from '../../../server/graph/types';
import {
  DAY_MS,
  REFERENCE_TIME,
  interactionsPath,
  startSimulator,
  type Page,
  type SimulatorUnderTest,
} from './simulatorTestKit';

let sut: SimulatorUnderTest;
let heavyUser: string;

beforeAll(async () => {
  sut = await startSimulator({ tenantOptions: { seed: 31, userCount: 40 }, rateLimitPerSecond: 10_000 });
  const active = sut.tenant.users.filter((u) => u.active);
  heavyUser = active.reduce((a, b) =>
    sut.tenant.interactionsFor(a.graph.id).length >= sut.tenant.interactionsFor(b.graph.id).length ? a : b,
  ).graph.id;
});

afterAll(async () => {
  await sut.close();
});

type ErrorBody = { error: { code: string; message: string; innerError: Record<string, string> } };
const ids = (list: AiInteraction[]): string[] => list.map((i) => i.id).sort();

describe('getAllEnterpriseInteractions on the simulator', () => {
  it("pages through exactly the user's history, in Graph's unsorted order", async () => {
    const { items, pages } = await sut.http.collect<AiInteraction>(interactionsPath(heavyUser, '?$top=25'));
    const truth = sut.tenant.interactionsFor(heavyUser);
    expect(truth.length).toBeGreaterThan(50);
    expect(ids(items)).toEqual(ids(truth));
    expect(items).toEqual(JSON.parse(JSON.stringify(sut.tenant.servedOrder(heavyUser))));
    const times = items.map((i) => Date.parse(i.createdDateTime));
    expect(times).not.toEqual([...times].sort((a, b) => a - b));
    expect(pages[0]?.['@odata.context']).toBe(
      `${sut.simulator.origin}/v1.0/$metadata#Collection(microsoft.graph.aiInteraction)`,
    );
    expect(pages[0]?.['@odata.count']).toBe(25);
  });

  it('pages by 10 without $top and by at most 100 for larger values', async () => {
    const small = await sut.http.json<Page<AiInteraction>>(interactionsPath(heavyUser));
    expect(small.body.value).toHaveLength(10);
    const big = await sut.http.json<Page<AiInteraction>>(interactionsPath(heavyUser, '?$top=999'));
    expect(big.body.value.length).toBeLessThanOrEqual(100);
    expect(new URL(big.body['@odata.nextLink'] ?? sut.simulator.origin).searchParams.get('$top') ?? '999').toBe('999');
  });

  it('writes nextLinks on its own origin that keep the original $filter and $top, re-encoded like Graph', async () => {
    const filter = "appClass eq 'IPM.SkypeTeams.Message.Copilot.BizChat'";
    const { body } = await sut.http.json<Page<AiInteraction>>(
      interactionsPath(heavyUser, `?$filter=${encodeURIComponent(filter)}&$top=2`),
    );
    const link = body['@odata.nextLink'] ?? '';
    expect(
      link.startsWith(
        `${sut.simulator.origin}/v1.0/copilot/users/${heavyUser}/interactionHistory/getAllEnterpriseInteractions?$filter=appClass+eq+%27IPM.SkypeTeams.Message.Copilot.BizChat%27&$top=2&$skiptoken=`,
      ),
    ).toBe(true);
    const token = decodeURIComponent(new URL(link).searchParams.get('$skiptoken') ?? '');
    expect(Buffer.from(token, 'base64').toString()).toMatch(
      /^SkipValue=2#MailboxFolder=MailFolders\/TeamsMessagesData#/,
    );
  });

  it('filters by a date range with strict bounds', async () => {
    const after = new Date(REFERENCE_TIME.getTime() - 60 * DAY_MS);
    const before = new Date(REFERENCE_TIME.getTime() - 20 * DAY_MS);
    const filter = `createdDateTime gt ${after.toISOString()} and createdDateTime lt ${before.toISOString()}`;
    const { items } = await sut.http.collect<AiInteraction>(
      interactionsPath(heavyUser, `?$filter=${encodeURIComponent(filter)}&$top=100`),
    );
    const expected = [...sut.tenant.groundTruth({ after, before })]
      .filter((r) => r.userId === heavyUser)
      .map((r) => r.interaction);
    expect(expected.length).toBeGreaterThan(0);
    expect(ids(items)).toEqual(ids(expected));
  });

  it('refuses a date filter with only one bound, with Graph’s 400 body', async () => {
    const { status, body } = await sut.http.json<ErrorBody>(
      interactionsPath(heavyUser, '?$filter=createdDateTime+gt+2026-01-01T00:00:00Z'),
    );
    expect(status).toBe(400);
    expect(body.error.code).toBe('BadRequest');
    expect(body.error.message).toMatch(/^Invalid filter clause: /);
    expect(Object.keys(body.error.innerError)).toEqual(['date', 'request-id', 'client-request-id']);
  });

  it('filters by appClass, one or several, case-insensitively, alone or with dates', async () => {
    const all = sut.tenant.interactionsFor(heavyUser);
    const classes = [...new Set(all.map((i) => i.appClass))].slice(0, 2);
    const filter = classes.map((c) => `appClass eq '${c.toUpperCase()}'`).join(' or ');
    const { items } = await sut.http.collect<AiInteraction>(
      interactionsPath(heavyUser, `?$filter=${encodeURIComponent(filter)}`),
    );
    const lower = classes.map((c) => c.toLowerCase());
    expect(ids(items)).toEqual(ids(all.filter((i) => lower.includes(i.appClass.toLowerCase()))));
    const window = `createdDateTime gt 2000-01-01T00:00:00Z and createdDateTime lt 2100-01-01T00:00:00Z and (${filter})`;
    const both = await sut.http.collect<AiInteraction>(
      interactionsPath(heavyUser, `?$filter=${encodeURIComponent(window)}&$top=50`),
    );
    expect(ids(both.items)).toEqual(ids(items));
  });

  it('answers 403 Forbidden "UnknownError" for unlicensed, not-enabled and unknown users', async () => {
    const unlicensed = sut.tenant.users.find((u) => !u.licensed)!.graph.id;
    const notEnabled = sut.tenant.forbiddenUserIds()[0]!;
    for (const userId of [unlicensed, notEnabled, '00000000-0000-0000-0000-000000000000']) {
      const res = await sut.http.graph(interactionsPath(userId), { 'client-request-id': 'fixed-client-id' });
      expect(res.status).toBe(403);
      const body = (await res.json()) as ErrorBody;
      expect(body).toEqual({
        error: {
          code: 'Forbidden',
          message: 'UnknownError',
          innerError: {
            date: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/),
            'request-id': res.headers.get('request-id'),
            'client-request-id': 'fixed-client-id',
          },
        },
      });
    }
  });

  it('gives a licensed user who never used Copilot an empty page', async () => {
    const dormant = sut.tenant.users.find((u) => u.licensed && u.copilotEnabled && !u.active)!;
    const { status, body } = await sut.http.json<Page<AiInteraction>>(interactionsPath(dormant.graph.id));
    expect(status).toBe(200);
    expect(body.value).toEqual([]);
    expect(body['@odata.nextLink']).toBeUndefined();
  });

  it('refuses a tampered or borrowed $skiptoken with 400', async () => {
    const forged = Buffer.from('SkipValue=40#MailboxFolder=MailFolders/TeamsMessagesData#Check=AAAAAAAAAAAA').toString(
      'base64',
    );
    expect(
      (await sut.http.graph(interactionsPath(heavyUser, `?$skiptoken=${encodeURIComponent(forged)}`))).status,
    ).toBe(400);
    const { body } = await sut.http.json<Page<AiInteraction>>(interactionsPath(heavyUser, '?$top=3'));
    const token = new URL(body['@odata.nextLink'] ?? '').searchParams.get('$skiptoken') ?? '';
    const other = sut.tenant.users.find((u) => u.active && u.graph.id !== heavyUser)!.graph.id;
    expect(
      (await sut.http.graph(interactionsPath(other, `?$top=3&$skiptoken=${encodeURIComponent(token)}`))).status,
    ).toBe(400);
  });

  it('accepts the function with parentheses, lower-case segments and the beta version', async () => {
    const variants = [
      `/v1.0/copilot/users/${heavyUser}/interactionHistory/getAllEnterpriseInteractions()?$top=5`,
      `/v1.0/copilot/users/${heavyUser}/interactionhistory/getallenterpriseinteractions?$top=5`,
      `/beta/copilot/users/${heavyUser}/interactionHistory/getAllEnterpriseInteractions?$top=5`,
    ];
    for (const path of variants) {
      const { status, body } = await sut.http.json<Page<AiInteraction>>(path);
      expect(status).toBe(200);
      expect(body.value).toHaveLength(5);
    }
    const beta = await sut.http.json<Page<AiInteraction>>(variants[2] as string);
    expect(beta.body['@odata.nextLink']).toContain('/beta/copilot/users/');
  });

  it('sends Graph’s headers and echoes client-request-id', async () => {
    const res = await sut.http.graph(interactionsPath(heavyUser, '?$top=1'), { 'client-request-id': 'abc-123' });
    expect(res.headers.get('content-type')).toBe(
      'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8',
    );
    expect(res.headers.get('odata-version')).toBe('4.0');
    expect(res.headers.get('client-request-id')).toBe('abc-123');
    expect(res.headers.get('request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers unknown routes with 404 in Graph’s error shape', async () => {
    const { status, body } = await sut.http.json<ErrorBody>('/v1.0/copilot/users/x/somethingElse');
    expect(status).toBe(404);
    expect(body.error.code).toBe('NotFound');
    expect(body.error.innerError['request-id']).toBeDefined();
  });

  it('ends a listing whose last page is full with one more, empty page', async () => {
    const user = sut.tenant.users.find((u) => u.active && sut.tenant.interactionsFor(u.graph.id).length <= 100)!.graph
      .id;
    const total = sut.tenant.interactionsFor(user).length;
    const { pages } = await sut.http.collect<AiInteraction>(interactionsPath(user, `?$top=${total}`));
    expect(pages.map((p) => p.value.length)).toEqual([total, 0]);
  });
});
