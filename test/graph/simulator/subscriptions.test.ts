import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { decryptResourceData, type EncryptedContent } from '../../../server/core/realtime/notificationCrypto';
import {
  generateNotificationCertificate,
  type NotificationCertificate,
} from '../../../server/core/realtime/notificationCertificate';
import { CHANGE_TRACKING_APP_ID } from '../../../server/graph/simulator/subscriptionHub';
import { REFERENCE_TIME, startSimulator, TestClock, type SimulatorUnderTest } from './simulatorTestKit';

/** A Graph answer: a subscription, or an error. */
type GraphBody = Record<string, unknown> & { id?: string; error?: { code: string; message: string } };

/** A subscriber on loopback HTTP: echoes validation tokens (unless told not to) and records what it receives. */
class Subscriber {
  readonly received: Array<{ path: string; body: Record<string, unknown> }> = [];
  mode: 'echo' | 'wrong' | 'silent' = 'echo';
  private readonly server: Server;
  url = '';

  constructor() {
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', this.url);
    const token = url.searchParams.get('validationToken');
    if (token !== null) {
      if (this.mode === 'silent') return; // never answers: the simulator must give up after its timeout
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(this.mode === 'echo' ? token : 'something else');
      return;
    }
    this.received.push({
      path: url.pathname,
      body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
    });
    res.writeHead(202).end();
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('Graph simulator change-notification subscriptions', () => {
  let sut: SimulatorUnderTest;
  let subscriber: Subscriber;
  let certificate: NotificationCertificate;
  const clock = new TestClock(REFERENCE_TIME.getTime());

  beforeAll(async () => {
    sut = await startSimulator({ now: clock.now });
    subscriber = new Subscriber();
    await subscriber.listen();
    certificate = await generateNotificationCertificate(clock.now());
  });
  afterAll(async () => {
    await sut.close();
    await subscriber.close();
  });

  const body = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
    changeType: 'created,updated,deleted',
    notificationUrl: `${subscriber.url}/notify`,
    lifecycleNotificationUrl: `${subscriber.url}/lifecycle`,
    resource: '/copilot/interactionHistory/getAllEnterpriseInteractions',
    expirationDateTime: new Date(clock.ms + 2 * 86_400_000).toISOString(),
    clientState: 'secret-state',
    includeResourceData: true,
    encryptionCertificate: certificate.certificateBase64,
    encryptionCertificateId: certificate.id,
    ...overrides,
  });
  const post = async (payload: unknown) => {
    const response = await sut.http.fetch('/v1.0/subscriptions', {
      method: 'POST',
      headers: { authorization: `Bearer ${await sut.http.token()}`, 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    });
    return { status: response.status, body: (await response.json()) as GraphBody };
  };

  it('refuses subscriptions that break Graph rules with its errors', async () => {
    const longWithoutLifecycle = await post(body({ lifecycleNotificationUrl: undefined }));
    expect(longWithoutLifecycle.status).toBe(400);
    expect(longWithoutLifecycle.body.error?.message).toMatch(/lifecycleNotificationUrl is a required property/);
    const tooLong = await post(body({ expirationDateTime: new Date(clock.ms + 4321 * 60_000).toISOString() }));
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error?.message).toMatch(/4320 minutes/);
    const noCertificate = await post(body({ encryptionCertificate: undefined }));
    expect(noCertificate.status).toBe(400);
    expect(noCertificate.body.error?.message).toMatch(/encryptionCertificate is required/);
    const missing = await post(body({ expirationDateTime: undefined }));
    expect(missing.body.error?.message).toBe('expirationDateTime is a required property for subscription creation.');
    const plainHttp = await post(body({ notificationUrl: 'http://example.com/notify' }));
    expect(plainHttp.status).toBe(400);
  });

  it('fails the handshake when the endpoint does not echo the token, or is silent for 10 seconds', async () => {
    subscriber.mode = 'wrong';
    const wrong = await post(body());
    expect(wrong.status).toBe(400);
    expect(wrong.body.error?.message).toMatch(/^Subscription validation request failed/);
    subscriber.mode = 'silent';
    const started = Date.now();
    const silent = await post(body());
    expect(silent.status).toBe(400);
    expect(silent.body.error?.message).toBe('Subscription validation request timed out.');
    expect(Date.now() - started).toBeGreaterThanOrEqual(9_500);
    subscriber.mode = 'echo';
  }, 30_000);

  it('creates one tenant-wide subscription per app, renews it by PATCH and refuses a second', async () => {
    const created = await post(body());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      resource: '/copilot/interactionHistory/getAllEnterpriseInteractions',
      clientState: 'secret-state',
    });
    expect(created.body.encryptionCertificate).toBeUndefined();
    const second = await post(body());
    expect(second.status).toBe(403);
    const renewed = await sut.http.fetch(`/v1.0/subscriptions/${created.body.id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${await sut.http.token()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ expirationDateTime: new Date(clock.ms + 3 * 86_400_000 - 60_000).toISOString() }),
    });
    expect(renewed.status).toBe(200);
  });

  it('delivers encrypted notifications with validation tokens for activity added through the control API', async () => {
    const userId = sut.tenant.users.find((u) => u.licensed)!.graph.id;
    const added = await sut.http.fetch('/_simulator/activity', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId, turns: [{ prompt: 'What changed in the Q3 plan?', response: 'Three things.' }] }),
    });
    const { ids } = (await added.json()) as { ids: string[] };
    await waitFor(() => subscriber.received.some((r) => r.path === '/notify'));
    const envelope = subscriber.received.find((r) => r.path === '/notify')!.body as {
      value: Array<{ resource: string; clientState: string; encryptedContent: EncryptedContent; tenantId: string }>;
      validationTokens: string[];
    };
    expect(envelope.value.map((v) => v.resource)).toEqual(
      ids.map((id) => `copilot/interactionHistory/interactions('${id}')`),
    );
    expect(envelope.value[0]!.clientState).toBe('secret-state');
    const decrypted = JSON.parse(decryptResourceData(envelope.value[0]!.encryptedContent, certificate.privateKey)) as {
      id: string;
      body: { content: string };
    };
    expect(decrypted.id).toBe(ids[0]);
    expect(decrypted.body.content).toBe('What changed in the Q3 plan?');
    const claims = decodeJwt(envelope.validationTokens[0]!);
    expect(claims).toMatchObject({
      aud: sut.tenant.app.clientId,
      azp: CHANGE_TRACKING_APP_ID,
      tid: sut.tenant.tenantId,
    });
    expect(claims.iss).toBe(`https://sts.windows.net/${sut.tenant.tenantId}/`);
    const jwks = (await (await sut.http.fetch(`/${sut.tenant.tenantId}/discovery/v2.0/keys`)).json()) as {
      keys: Array<{ kid: string }>;
    };
    expect(jwks.keys.map((k) => k.kid)).toContain(decodeProtectedHeader(envelope.validationTokens[0]!).kid);
  });

  it('sends lifecycle events on demand', async () => {
    const { subscriptions } = (await (await sut.http.fetch('/_simulator/subscriptions')).json()) as {
      subscriptions: Array<{ id: string }>;
    };
    const sent = await sut.http.fetch(`/_simulator/subscriptions/${subscriptions[0]!.id}/lifecycle`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ event: 'missed' }),
    });
    expect(sent.status).toBe(202);
    const lifecycle = subscriber.received.find((r) => r.path === '/lifecycle')!.body as {
      value: Array<Record<string, unknown>>;
    };
    expect(lifecycle.value[0]).toMatchObject({ lifecycleEvent: 'missed', clientState: 'secret-state' });
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
