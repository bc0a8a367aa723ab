import { randomBytes } from 'node:crypto';
import {
  ensureNotificationCertificate,
  loadNotificationSealKey,
  notificationPrivateKeys,
} from '../../../server/core/realtime/certificateStore';
import { generateNotificationCertificate } from '../../../server/core/realtime/notificationCertificate';
import { naturalId } from '../../../server/store/naturalId';
import { startAppHarness, type AppHarness } from '../../support/appHarness';
import { RecordingRelay, subscribeHarness, type RealtimeHarness } from '../../support/realtimeHarness';

describe('The notification key pair at rest and its rotation', () => {
  let harness: AppHarness;
  let relay: RecordingRelay;
  let rt: RealtimeHarness;
  let sealKey: Buffer;
  let tenantId: string;

  beforeAll(async () => {
    harness = await startAppHarness({ userCount: 6 });
    relay = new RecordingRelay(harness.baseUrl);
    await relay.listen();
    rt = await subscribeHarness(harness, relay.url);
    tenantId = harness.graph.tenant.tenantId;
    const { config } = harness;
    sealKey = await loadNotificationSealKey({
      configuredKey: config.STATE_SIGNING_KEY,
      dataDir: config.DATA_DIR,
      mode: config.mode,
    });
  }, 120_000);

  afterAll(async () => {
    await relay.close();
    await harness.close();
  });

  const simulatorSubscription = async () =>
    (
      (await (await rt.control('/subscriptions', 'GET')).json()) as {
        subscriptions: Array<{ id: string; encryptionCertificateId: string }>;
      }
    ).subscriptions[0]!;
  const certificateIdOf = (body: string) =>
    (JSON.parse(body) as { value: Array<{ encryptedContent: { encryptionCertificateId: string } }> }).value[0]!
      .encryptedContent.encryptionCertificateId;

  it('keeps the private key sealed with AES-GCM, never in plain text, and only the configured key opens it', async () => {
    const docs = await rt.collections.certificates.find({ tenantId }).toArray();
    expect(docs).toHaveLength(1);
    expect(docs[0]!.privateKeyPem).toBeUndefined();
    expect(docs[0]!.privateKeySealed).toMatchObject({ alg: 'A256GCM' });
    expect(JSON.stringify(docs)).not.toMatch(/PRIVATE KEY/);
    const options = { collections: rt.collections, tenantId };
    expect([...(await notificationPrivateKeys({ ...options, sealKey })).keys()]).toEqual([docs[0]!.certificateId]);
    expect((await notificationPrivateKeys({ ...options, sealKey: randomBytes(32) })).size).toBe(0);
  });

  it('seals a key an earlier version stored in plain text when it is first read', async () => {
    const legacy = await generateNotificationCertificate(harness.ctx.now());
    const other = 'legacy-tenant';
    await rt.collections.certificates.insertOne({
      _id: naturalId('notificationCertificate', other, legacy.id),
      tenantId: other,
      certificateId: legacy.id,
      certificatePem: legacy.certificatePem,
      privateKeyPem: legacy.privateKeyPem,
      createdAt: harness.ctx.now(),
      notAfter: legacy.notAfter,
    });
    const read = await ensureNotificationCertificate({
      collections: rt.collections,
      tenantId: other,
      now: harness.ctx.now,
      sealKey,
    });
    expect(read.id).toBe(legacy.id);
    const stored = (await rt.collections.certificates.findOne({ tenantId: other }))!;
    expect(stored.privateKeyPem).toBeUndefined();
    expect(stored.privateKeySealed).toBeDefined();
    await rt.collections.certificates.deleteMany({ tenantId: other });
  });

  it('rotates before expiry: the subscription gets the new certificate, and the old one still decrypts', async () => {
    const userId = harness.adminUser.graph.id;
    const before = (await rt.collections.subscriptions.findOne({}))!;
    // A notification Graph encrypted for the current certificate, held back (in flight during the switch).
    const first = await rt.addTurns(userId, ['Which contracts expire this quarter?']);
    await rt.waitFor(async () => relay.recorded.some((r) => r.path === '/api/notifications'));
    const inFlight = relay.recorded.filter((r) => r.path === '/api/notifications').at(-1)!.body;
    expect(certificateIdOf(inFlight)).toBe(before.certificateId);
    await rt.collections.queue.deleteMany({});

    // The current certificate is within the rotation window (under 30 days left).
    const soon = new Date(harness.ctx.now().getTime() + 10 * 24 * 60 * 60_000);
    await rt.collections.certificates.updateMany({ tenantId }, { $set: { notAfter: soon } });
    const rotated = await rt.manager.ensure();
    expect(rotated.certificateId).not.toBe(before.certificateId);
    expect(rotated).toMatchObject({ subscriptionId: before.subscriptionId, clientState: before.clientState });
    expect((await simulatorSubscription()).encryptionCertificateId).toBe(rotated.certificateId);
    expect(await rt.collections.certificates.countDocuments({ tenantId })).toBe(2);

    // New notifications use the new certificate; the held-back one, for the old, is still accepted.
    const second = await rt.addTurns(userId, ['Summarise the renewal terms']);
    await rt.waitFor(async () => certificateIdOf(relay.recorded.at(-1)!.body) === rotated.certificateId);
    const late = await fetch(`${harness.baseUrl}/api/notifications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: inFlight,
    });
    expect(late.status).toBe(202);
    await rt.waitFor(async () => (await rt.collections.queue.countDocuments({ status: 'pending' })) >= 4);
    await rt.worker.drain();
    for (const id of [...first.ids, ...second.ids])
      expect(await harness.testStore.store.interactions.countDocuments({ tenantId, userId, graphId: id })).toBe(1);
  });
});
