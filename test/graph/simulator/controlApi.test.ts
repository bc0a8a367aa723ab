import type { AiInteraction } from '../../../server/graph/types';
import {
  DAY_MS,
  REFERENCE_TIME,
  interactionsPath,
  startSimulator,
  TestClock,
  type SimulatorUnderTest,
} from './simulatorTestKit';

const clock = new TestClock(REFERENCE_TIME.getTime() + DAY_MS);
let sut: SimulatorUnderTest;

beforeAll(async () => {
  sut = await startSimulator({
    tenantOptions: { seed: 51, userCount: 40 },
    now: clock.now,
    rateLimitPerSecond: 10_000,
  });
});

afterAll(async () => {
  await sut.close();
});

interface TruthLine {
  userId: string;
  id: string;
  createdDateTime: string;
  appClass: string;
  sessionId: string;
}

async function groundTruthLines(query = ''): Promise<TruthLine[]> {
  const res = await sut.http.fetch(`/_simulator/ground-truth${query}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('application/x-ndjson');
  return (await res.text())
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as TruthLine);
}

describe('the simulator control API', () => {
  it('streams the ground truth for a window as JSON lines, matching the tenant', async () => {
    const after = new Date(REFERENCE_TIME.getTime() - 30 * DAY_MS);
    const lines = await groundTruthLines(`?after=${after.toISOString()}&before=${REFERENCE_TIME.toISOString()}`);
    const expected = [...sut.tenant.groundTruth({ after, before: REFERENCE_TIME })];
    expect(lines.map((l) => `${l.userId}|${l.id}`)).toEqual(expected.map((r) => `${r.userId}|${r.interaction.id}`));
    expect(lines[0]).toEqual({
      userId: expected[0]?.userId,
      id: expected[0]?.interaction.id,
      createdDateTime: expected[0]?.interaction.createdDateTime,
      appClass: expected[0]?.interaction.appClass,
      sessionId: expected[0]?.interaction.sessionId,
      requestId: expected[0]?.interaction.requestId,
      interactionType: expected[0]?.interaction.interactionType,
    });
  });

  it('can send the ground truth as one JSON array of whole interactions', async () => {
    const res = await sut.http.fetch('/_simulator/ground-truth?format=json&fields=full');
    const rows = (await res.json()) as Array<{ userId: string; interaction: AiInteraction }>;
    expect(rows).toHaveLength([...sut.tenant.groundTruth()].length);
    expect(rows[0]?.interaction.from).toBeDefined();
  });

  it('refuses a ground-truth window that is not a date', async () => {
    expect((await sut.http.fetch('/_simulator/ground-truth?after=yesterday')).status).toBe(400);
  });

  it('summarises the tenant and describes how to reach it', async () => {
    const summary = (await (await sut.http.fetch('/_simulator/summary')).json()) as Record<string, unknown>;
    expect(summary).toMatchObject({ users: 40, tenantId: sut.tenant.tenantId });
    expect(summary.interactions).toBe([...sut.tenant.groundTruth()].length);
    const tenant = (await (await sut.http.fetch('/_simulator/tenant')).json()) as Record<string, unknown>;
    expect(tenant).toMatchObject({
      tenantId: sut.tenant.tenantId,
      clientId: sut.tenant.app.clientId,
      origin: sut.simulator.origin,
    });
  });

  it('adds activity that subsequent Graph reads and the ground truth include', async () => {
    const userId = sut.tenant.users.find((u) => u.active)!.graph.id;
    const res = await sut.http.fetch('/_simulator/activity', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId, sessions: 2, appClass: 'IPM.SkypeTeams.Message.Copilot.Loop' }),
    });
    expect(res.status).toBe(201);
    const added = (await res.json()) as { userId: string; count: number; interactions: AiInteraction[] };
    expect(added.userId).toBe(userId);
    expect(added.count).toBe(added.interactions.length);
    // Without `at`, new activity starts at the simulator's clock.
    expect(added.interactions.every((i) => Date.parse(i.createdDateTime) >= clock.ms)).toBe(true);

    const filter = encodeURIComponent(
      `createdDateTime gt ${new Date(clock.ms - 1).toISOString()} and createdDateTime lt ${new Date(clock.ms + DAY_MS).toISOString()}`,
    );
    const { items } = await sut.http.collect<AiInteraction>(interactionsPath(userId, `?$filter=${filter}`));
    expect(items.map((i) => i.id).sort()).toEqual(added.interactions.map((i) => i.id).sort());
    const truth = await groundTruthLines(`?after=${new Date(clock.ms - 1).toISOString()}`);
    expect(truth.map((l) => l.id).sort()).toEqual(added.interactions.map((i) => i.id).sort());
  });

  it('validates activity requests', async () => {
    const post = (body: unknown): Promise<{ status: number }> =>
      sut.http.fetch('/_simulator/activity', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post({ sessions: 0 })).status).toBe(400);
    expect((await post({ userId: 'nobody' })).status).toBe(404);
    expect((await post({ bogus: true })).status).toBe(400);
  });

  it('changes faults at run time, with presets, and reports them in stats', async () => {
    const put = async (body: unknown): Promise<{ status: number; body: Record<string, unknown> }> => {
      const res = await sut.http.fetch('/_simulator/faults', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    expect((await put({ serverErrorRate: 2 })).status).toBe(400);
    const chaos = await put({ preset: 'chaos', seed: 99 });
    expect(chaos.body).toMatchObject({ seed: 99, dropConnectionRate: 0.01 });
    await put({ serverErrorRate: 1 });
    expect((await sut.http.fetch('/_simulator/stats/reset', { method: 'POST' })).status).toBe(204);
    const userId = sut.tenant.users.find((u) => u.active)!.graph.id;
    expect((await sut.http.graph(interactionsPath(userId, '?$top=3'))).status).toBeGreaterThanOrEqual(503);
    await put({});
    const stats = (await (await sut.http.fetch('/_simulator/stats')).json()) as {
      requests: number;
      faultsInjected: Record<string, number>;
      byRoute: Record<string, number>;
    };
    expect(Object.values(stats.faultsInjected).reduce((a, b) => a + b, 0)).toBe(1);
    expect(stats.byRoute.interactions).toBe(1);
    expect(stats.byRoute.control).toBeGreaterThanOrEqual(1);
  });
});

interface TurnIds {
  requestId: string;
  sessionId: string;
  promptId: string;
  responseId: string | null;
}

async function post(body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await sut.http.fetch('/_simulator/activity', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('Entra and link faults through the control API', () => {
  const put = (body: unknown) =>
    sut.http.fetch('/_simulator/faults', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const form = () => ({
    grant_type: 'client_credentials',
    client_id: sut.tenant.app.clientId,
    client_secret: sut.tenant.app.clientSecret,
    scope: 'https://graph.microsoft.com/.default',
  });
  afterEach(async () => {
    await put({});
  });

  it('answers the next token requests of an outage with 503 temporarily_unavailable AADSTS90006, then tokens', async () => {
    expect((await put({ tokenOutage: { requests: 2, retryAfterSeconds: 7, retryAfterAsDate: true } })).status).toBe(
      200,
    );
    const first = await sut.http.requestToken(form());
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe(new Date(clock.ms + 7000).toUTCString());
    const body = (await first.json()) as { error: string; error_codes: number[]; error_description: string };
    expect(body).toMatchObject({ error: 'temporarily_unavailable', error_codes: [90006] });
    expect(body.error_description).toMatch(/^AADSTS90006: .*\r\nTrace ID: /s);
    expect((await sut.http.requestToken(form())).status).toBe(503);
    expect((await sut.http.requestToken(form())).status).toBe(200);
  });

  it('serves an outage without Retry-After and with an HTML page when asked', async () => {
    await put({ tokenOutage: { requests: 1, status: 502, body: 'html' } });
    const res = await sut.http.requestToken(form());
    expect(res.status).toBe(502);
    expect(res.headers.get('retry-after')).toBeNull();
    expect(await res.text()).toContain('<html>');
  });

  it('refuses malformed link faults', async () => {
    expect((await put({ foreignNextLinks: { origin: 'not a url' } })).status).toBe(400);
    expect((await put({ urlVariantRate: 1.5 })).status).toBe(400);
    expect((await put({ tokenOutage: { requests: 1, status: 418 } })).status).toBe(400);
  });
});

describe('given activity through the control API', () => {
  it('adds exactly the given turns, answers their Graph ids, and serves them to the export API', async () => {
    const userId = sut.tenant.licensedUserIds().find((id) => !sut.tenant.forbiddenUserIds().includes(id))!;
    const at = new Date(clock.ms + 60_000).toISOString();
    const res = await post({
      userId,
      at,
      appClass: 'IPM.SkypeTeams.Message.Copilot.Word',
      turns: [
        {
          prompt: 'Summarise invoice INV-2024-004512',
          response: 'It is overdue.',
          links: ['https://fabrikam.example/a'],
        },
        {
          prompt: 'And the card on file?',
          response: '<attachment id="c1"></attachment>',
          attachments: [
            { attachmentId: 'c1', content: { type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: 'Card' }] } },
          ],
        },
        { prompt: 'Thanks' },
      ],
    });
    expect(res.status).toBe(201);
    const interactions = res.body.interactions as AiInteraction[];
    const turns = res.body.turns as TurnIds[];
    expect(res.body.ids).toEqual(interactions.map((i) => i.id));
    expect(turns.map((t) => [Boolean(t.promptId), Boolean(t.responseId)])).toEqual([
      [true, true],
      [true, true],
      [true, false],
    ]);
    expect(new Set(interactions.map((i) => i.sessionId)).size).toBe(1);
    expect(interactions[0]).toMatchObject({
      interactionType: 'userPrompt',
      appClass: 'IPM.SkypeTeams.Message.Copilot.Word',
      createdDateTime: at,
      body: { contentType: 'text', content: 'Summarise invoice INV-2024-004512' },
    });
    expect(interactions[1]?.links).toEqual([
      { linkUrl: 'https://fabrikam.example/a', displayName: 'https://fabrikam.example/a', linkType: 'WebLink' },
    ]);
    const card = interactions[3]?.attachments?.[0]?.content ?? '{}';
    expect(JSON.parse(card) as unknown).toMatchObject({ type: 'AdaptiveCard' });

    const filter = encodeURIComponent(
      `createdDateTime gt ${new Date(clock.ms).toISOString()} and createdDateTime lt ${new Date(clock.ms + DAY_MS).toISOString()}`,
    );
    const { items } = await sut.http.collect<AiInteraction>(interactionsPath(userId, `?$filter=${filter}`));
    expect(items.map((i) => i.id)).toEqual(expect.arrayContaining(res.body.ids as string[]));
  });

  it('refuses turns without a user, with sessions, or malformed; an unknown user is 404', async () => {
    expect((await post({ turns: [{ prompt: 'x' }] })).status).toBe(400);
    const userId = sut.tenant.licensedUserIds()[0]!;
    expect((await post({ userId, sessions: 2, turns: [{ prompt: 'x' }] })).status).toBe(400);
    expect((await post({ userId, turns: [] })).status).toBe(400);
    expect((await post({ userId, turns: [{ prompt: 'x', bogus: 1 }] })).status).toBe(400);
    expect((await post({ userId: 'nobody', turns: [{ prompt: 'x' }] })).status).toBe(404);
  });

  it('edits the text and cited links of added activity, refuses malformed edits (400) and unknown interactions (404)', async () => {
    const userId = sut.tenant.licensedUserIds().find((id) => !sut.tenant.forbiddenUserIds().includes(id))!;
    const added = await post({ userId, turns: [{ prompt: 'Draft the memo', response: 'Here it is.' }] });
    expect(added.status).toBe(201);
    const [promptId, responseId] = added.body.ids as string[];
    const patch = async (id: string, body: unknown) => {
      const res = await sut.http.fetch(`/_simulator/activity/${userId}/${id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as { interaction?: AiInteraction } };
    };
    // Each malformed edit is refused and changes nothing.
    for (const bad of [
      {},
      { links: 'https://fabrikam.example/a' },
      { links: [{ displayName: 'no address' }] },
      { links: [''] },
      { content: '' },
      { content: 'x', bogus: 1 },
    ])
      expect((await patch(responseId!, bad)).status).toBe(400);
    expect((await patch('no-such-interaction', { content: 'x' })).status).toBe(404);

    const edited = await patch(responseId!, { links: ['https://fabrikam.example/b'] });
    expect(edited.status).toBe(200);
    expect(edited.body.interaction?.body?.content).toBe('Here it is.');
    expect(edited.body.interaction?.links?.map((l) => l.linkUrl)).toEqual(['https://fabrikam.example/b']);
    expect((await patch(promptId!, { content: 'Draft the memo for Friday' })).status).toBe(200);
    const filter = encodeURIComponent(
      `createdDateTime gt ${new Date(clock.ms - DAY_MS).toISOString()} and createdDateTime lt ${new Date(clock.ms + DAY_MS).toISOString()}`,
    );
    const { items } = await sut.http.collect<AiInteraction>(interactionsPath(userId, `?$filter=${filter}`));
    const served = new Map(items.map((i) => [i.id, i]));
    expect(served.get(promptId!)?.body?.content).toBe('Draft the memo for Friday');
    expect(served.get(responseId!)?.links?.map((l) => l.linkUrl)).toEqual(['https://fabrikam.example/b']);
  });
});
