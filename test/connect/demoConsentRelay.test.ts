import express from 'express';
import request from 'supertest';
import { createConnectService } from '../../server/connect/connectService';
import { createDemoConsentRelay, DEMO_AUTHORITY_PATH } from '../../server/connect/demoConsentRelay';
import { startConsent } from '../../server/core/connection/consentFlow';
import { createFetch } from '../../server/graph/trustedFetch';
import { startAppHarness, type AppHarness } from '../support/appHarness';

describe("the demo's admin-consent page, relayed through the app", () => {
  let h: AppHarness;
  beforeAll(async () => {
    h = await startAppHarness({ userCount: 6, sync: false, env: { STATE_SIGNING_KEY: 'k'.repeat(48) } });
  });
  afterAll(async () => h.close());

  it("sends the browser to the app's own origin, which answers with Entra's redirect back to the callback", async () => {
    const ctx = { ...h.ctx, httpFetch: createFetch({ extraCaPem: h.graph.cert }) };
    const flow = await createConnectService(ctx).flow('127.0.0.1:4321');
    expect(flow.authorityHost).toBe(`http://127.0.0.1:4321${DEMO_AUTHORITY_PATH}`);
    const { url } = await startConsent(flow, { adminUserId: h.adminUser.graph.id, ui: 'redirect' });
    const start = new URL(url);
    expect(start.origin).toBe('http://127.0.0.1:4321');

    const app = express().use(DEMO_AUTHORITY_PATH, createDemoConsentRelay(ctx, ctx.httpFetch));
    const answer = await request(app).get(`${start.pathname}${start.search}`);
    expect(answer.status).toBe(302);
    const back = new URL(answer.headers.location as string);
    expect(`${back.origin}${back.pathname}`).toBe('http://127.0.0.1:4321/auth/consent/callback');
    expect(back.searchParams.get('admin_consent')).toBe('True');
    expect(back.searchParams.get('state')).toBe(start.searchParams.get('state'));

    // Entra's error pages come through as they are.
    const refused = await request(app).get(`${DEMO_AUTHORITY_PATH}/${h.ctx.tenantId}/v2.0/adminconsent`);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('AADSTS900144');
  });

  it('is not used outside demo mode or without the server fetch', async () => {
    const flow = await createConnectService(h.ctx).flow('127.0.0.1:4321');
    expect(flow.authorityHost).toBe(h.ctx.graphApp.authorityHost);
  });
});
