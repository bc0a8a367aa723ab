import { randomBytes } from 'node:crypto';
import type { Activity } from 'botbuilder';
import type { BotMount } from '../../bot/botRouter';
import { alertKey } from '../../bot/proactive/riskAlertNotifier';
import { RETRY_BASE_MS } from '../../server/core/bot/summaryDeliveries';
import { isAlerted, severitiesFrom } from '../../server/core/risk/findingAlerts';
import { rescanStored } from '../../server/core/risk/rescan';
import { createRiskScanner } from '../../server/core/risk/riskScanner';
import { loadConfig } from '../../server/config';
import type { FindingDoc } from '../../server/store/documents';
import { injectTurns } from '../api/injectTurns';
import { startAppHarness, type AppHarness } from '../support/appHarness';
import { ADMIN_ID } from './botTestKit';
import { sayInChannel, twoReplicas } from './channelKit';
import { startConnector } from './connectorStandIn';

const CARD = ['4111', '1111', '1111', '1111'].join(' ');
const MASTERCARD = ['5555', '5555', '5555', '4444'].join(' ');
const PASSWORD = 'Tr0ub4dor&3x';
const PROMPTS = [
  `Book the offsite hotel with the corporate card ${CARD}, expiry 12/28.`,
  `Log in to the staging portal, password: ${PASSWORD} and list the failing jobs.`,
];
const RESPONSE = `The card on file for the Contoso account is ${MASTERCARD}.`;

describe('risk alerts in subscribed channels', () => {
  let h: AppHarness;
  let connector: Awaited<ReturnType<typeof startConnector>>;
  let replicaA: BotMount;
  let replicaB: BotMount;
  let aheadMs = 0;
  const clock = () => new Date(h.ctx.now().getTime() + aheadMs);
  const secops = '19:secops@thread.tacv2';
  const flaky = '19:risk-flaky@thread.tacv2';
  const postsTo = (conversationId: string) =>
    connector.posts.filter((p) => p.conversationId === conversationId && alertTitle(p.activity).startsWith('Risk'));
  const alertTitle = (a: Activity) =>
    ((a.attachments?.[0]?.content as { body?: Array<{ text?: string }> } | undefined)?.body?.[0]?.text ?? '') as string;
  const sweepBoth = () => Promise.all([replicaA.alerts.sweep(), replicaB.alerts.sweep()]);
  const store = () => h.testStore.store;
  let injected: FindingDoc[];

  beforeAll(async () => {
    h = await startAppHarness({ userCount: 8, seed: 5, env: { ADMIN_USER_IDS: ADMIN_ID } });
    connector = await startConnector();
    // Two bot instances on one store: two replicas sweeping the same findings.
    [replicaA, replicaB] = twoReplicas(h.ctx, clock);
  });
  afterAll(async () => {
    await h.close();
    await connector.close();
  });

  const say = (text: string, conversationId: string) =>
    sayInChannel(replicaA, { serviceUrl: connector.url, tenantId: h.ctx.tenantId, conversationId }, text);

  it('posts each new high finding once to each subscribed channel, across two replicas, and nothing older', async () => {
    // A high finding raised before anyone subscribed: not news to a channel that subscribes afterwards.
    const [a, b] = await store().users.find({}).sort({ userId: 1 }).limit(2).toArray();
    await injectTurns(h, b!.userId, 1, [
      { prompt: `Pay the courier with ${['4000', '0566', '5566', '5556'].join(' ')}.` },
    ]);
    await h.sync('full');
    const earlier = await store().findings.find({ rule: 'card-number' }).toArray();
    expect(earlier.length).toBeGreaterThan(0);
    h.advanceClock(60_000);
    await say('subscribe', secops);
    await say('subscribe', flaky);
    h.advanceClock(60_000);
    await injectTurns(
      h,
      a!.userId,
      1,
      PROMPTS.map((prompt) => ({ prompt })),
    );
    await injectTurns(h, b!.userId, 1, [{ prompt: 'Which card is on file for Contoso?', response: RESPONSE }]);
    // Both replicas' listeners run after the sync; then both sweep at once.
    await h.syncControl.requestSync({ trigger: 'test' });
    await h.syncControl.idle();
    await sweepBoth();
    injected = await store()
      .findings.find({ userId: { $in: [a!.userId, b!.userId] }, detectedAt: { $gte: h.ctx.now() } })
      .toArray();
    expect(injected.map((f) => [f.rule, f.severity]).sort()).toEqual([
      ['card-number', 'high'],
      ['card-number', 'high'],
      ['password-assignment', 'medium'],
    ]);
    const rule = { minSeverity: 'high' as const, maxAgeMs: 48 * 3_600_000 };
    const subscribedAt = (await store().botConversations.findOne({ conversationId: secops }))!.subscribedAt!;
    const expected = (await store().findings.find({}).toArray()).filter(
      (f) => isAlerted(f, rule) && f.detectedAt >= subscribedAt,
    );
    expect(expected.map((f) => f.rule)).toEqual(['card-number', 'card-number']);
    expect(expected.map((f) => f._id.toHexString())).not.toContain(earlier[0]!._id.toHexString());
    for (const channel of [secops, flaky]) {
      const posts = postsTo(channel);
      expect(posts).toHaveLength(expected.length);
      const links = posts.map((p) => /\/tab\/#\/risk\/([0-9a-f]{24})/.exec(JSON.stringify(p.activity))?.[1]);
      expect(links.sort()).toEqual(expected.map((f) => f._id.toHexString()).sort());
      expect(alertTitle(posts[0]!.activity)).toBe('Risk alert: high severity, financial data');
    }
    for (const f of expected)
      expect(
        await store()
          .summaryDeliveries.find({ runId: alertKey(f._id.toHexString()) })
          .toArray(),
      ).toEqual([
        expect.objectContaining({ conversationId: expect.any(String), status: 'sent', attempts: 1 }),
        expect.objectContaining({ status: 'sent', attempts: 1 }),
      ]);
  });

  it('does not post findings below RISK_ALERT_MIN_SEVERITY', async () => {
    const medium = injected.find((f) => f.severity === 'medium')!;
    expect(await store().summaryDeliveries.countDocuments({ runId: alertKey(medium._id.toHexString()) })).toBe(0);
    const json = JSON.stringify(connector.posts);
    expect(json).not.toContain(medium._id.toHexString());
    expect(json).not.toMatch(/password/i);
  });

  it('posts no secret, evidence, prompt or response text and no name or address', async () => {
    const users = await store().directoryUsers.find({}).toArray();
    const names = users.flatMap((u) => [u.displayName, u.userPrincipalName, u.mail]).filter((v): v is string => !!v);
    const posted = [secops, flaky].flatMap(postsTo);
    expect(posted.length).toBeGreaterThan(0);
    const masked = injected.flatMap((f) => f.evidence.map((e) => e.masked));
    const digits = [CARD, MASTERCARD].flatMap((c) => [c, c.replace(/ /g, ''), c.slice(-9)]);
    for (const post of posted) {
      const json = JSON.stringify(post.activity);
      const leaked = [...digits, PASSWORD, ...PROMPTS, RESPONSE, ...masked, ...names].filter((v) => json.includes(v));
      expect(leaked).toEqual([]);
      expect(json).toMatch(/Visa card number|Mastercard card number|card number/i);
    }
  });

  it('posts nothing again after a re-sync and a rescan of the stored history', async () => {
    const alerts = () => postsTo(secops).length + postsTo(flaky).length;
    const before = alerts();
    await h.sync('full');
    const scanner = createRiskScanner({
      store: store(),
      hashKey: randomBytes(32),
      now: h.ctx.now,
      logger: h.ctx.logger,
    });
    await rescanStored(store(), scanner, { tenantId: h.ctx.tenantId });
    await h.syncControl.requestSync({ trigger: 'test' });
    await h.syncControl.idle();
    await sweepBoth();
    await sweepBoth();
    expect(alerts()).toBe(before);
    expect(await store().findings.countDocuments({ _id: { $in: injected.map((f) => f._id) } })).toBe(3);
  });

  it('retries an alert whose post failed, after its backoff, once', async () => {
    const [a] = await store().users.find({}).sort({ userId: 1 }).limit(1).toArray();
    h.advanceClock(60_000);
    connector.down.add(flaky);
    await injectTurns(h, a!.userId, 1, [
      { prompt: `Refund the card ${['4012', '8888', '8888', '1881'].join(' ')} today.` },
    ]);
    const before = [postsTo(secops).length, postsTo(flaky).length];
    await h.syncControl.requestSync({ trigger: 'test' });
    await h.syncControl.idle();
    connector.down.delete(flaky);
    expect([postsTo(secops).length, postsTo(flaky).length]).toEqual([before[0]! + 1, before[1]]);
    await sweepBoth();
    expect(postsTo(flaky).length).toBe(before[1]);
    aheadMs += RETRY_BASE_MS;
    await sweepBoth();
    await sweepBoth();
    expect([postsTo(secops).length, postsTo(flaky).length]).toEqual([before[0]! + 1, before[1]! + 1]);
  });
});

describe('RISK_ALERT_MIN_SEVERITY', () => {
  it('defaults to high, takes any case, and refuses anything but high, medium or low', () => {
    expect(loadConfig({}).RISK_ALERT_MIN_SEVERITY).toBe('high');
    expect(loadConfig({ RISK_ALERT_MIN_SEVERITY: ' Medium ' }).RISK_ALERT_MIN_SEVERITY).toBe('medium');
    expect(() => loadConfig({ RISK_ALERT_MIN_SEVERITY: 'critical' })).toThrow(/RISK_ALERT_MIN_SEVERITY/);
    expect(() => loadConfig({ RISK_ALERT_MAX_AGE_HOURS: '0' })).toThrow(/RISK_ALERT_MAX_AGE_HOURS/);
  });

  it('alerts the severities at or above it, on open or investigating findings of recent interactions', () => {
    expect(severitiesFrom('high')).toEqual(['high']);
    expect(severitiesFrom('low')).toEqual(['high', 'medium', 'low']);
    const at = new Date('2026-11-20T12:00:00Z');
    const f = { severity: 'medium' as const, status: 'open' as const, interactionAt: at, detectedAt: at };
    const rule = { minSeverity: 'medium' as const, maxAgeMs: 3_600_000 };
    expect(isAlerted(f, rule)).toBe(true);
    expect(isAlerted({ ...f, severity: 'low' }, rule)).toBe(false);
    expect(isAlerted({ ...f, status: 'dismissed' }, rule)).toBe(false);
    expect(isAlerted({ ...f, detectedAt: new Date(at.getTime() + 3_600_001) }, rule)).toBe(false);
  });
});
