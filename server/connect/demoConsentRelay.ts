import express, { type Router } from 'express';
import type { AppContext } from '../appContext';

/** Where the demo's admin-consent page is served from, on the app's own origin. */
export const DEMO_AUTHORITY_PATH = '/auth/demo-authority';

/**
 * Demo mode only: the Graph simulator's admin-consent page relayed through the app, so "Connect with Microsoft" in a
 * browser stays on this origin instead of landing on the simulator's self-signed HTTPS certificate (which a browser
 * refuses). The server's fetch trusts that certificate. Only the consent page is relayed; its redirect goes back to
 * the app's consent callback as Entra's would.
 */
export function createDemoConsentRelay(ctx: AppContext, fetchFn: typeof fetch): Router {
  const router = express.Router();
  router.get('/:tenant/v2.0/adminconsent', async (req, res) => {
    const query = new URL(req.originalUrl, 'http://relay.invalid').search;
    const target = `${ctx.graphApp.authorityHost.replace(/\/+$/, '')}/${encodeURIComponent(req.params.tenant)}/v2.0/adminconsent${query}`;
    const answer = await fetchFn(target, { redirect: 'manual' });
    res.setHeader('Cache-Control', 'no-store');
    const location = answer.headers.get('location');
    if (answer.status >= 300 && answer.status < 400 && location) {
      res.redirect(answer.status, location);
      return;
    }
    res
      .status(answer.status)
      .type(answer.headers.get('content-type') ?? 'text/html')
      .send(await answer.text());
  });
  return router;
}
