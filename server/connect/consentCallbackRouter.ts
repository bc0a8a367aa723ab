import express, { type Router } from 'express';
import type { AppContext } from '../appContext';
import { completeConsent, type ConsentOutcome } from '../core/connection/consentFlow';
import { createConnectService, type ConnectOverrides } from './connectService';
import { sendConsentPage } from './consentResultPage';

const SETUP_VIEW = '/tab/#/setup';

/**
 * `GET /auth/consent/callback`: where Microsoft Entra sends the administrator back after admin consent. No sign-in
 * (it is a top-level navigation from login.microsoftonline.com): the signed single-use `state` is the protection.
 * Mounted at `/auth/consent`.
 */
export function createConsentCallbackRouter(ctx: AppContext, overrides: ConnectOverrides = {}): Router {
  const service = createConnectService(ctx, overrides);
  const router = express.Router();
  router.get('/callback', async (req, res) => {
    const outcome = await completeConsent(await service.flow(), req.query as Record<string, unknown>);
    if (outcome.kind === 'refused') {
      sendConsentPage(res, {
        status: 400,
        title: 'Could not connect',
        message: outcome.message,
        backUrl: `${SETUP_VIEW}?error=${outcome.code}`,
        popup: { type: 'copilot-observatory:consent', connected: false, code: outcome.code },
      });
      return;
    }
    const backUrl = setupUrl(outcome);
    if (outcome.ui === 'redirect') {
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('Referrer-Policy', 'no-referrer');
      res.redirect(303, backUrl);
      return;
    }
    const connected = outcome.kind === 'connected';
    sendConsentPage(res, {
      status: 200,
      title: connected ? 'Connected' : 'Not connected',
      message: connected
        ? (outcome.warning?.message ??
          'Copilot Observatory is connected to your organisation and the first sync has started. You can close this window.')
        : outcome.problem.message,
      backUrl,
      popup: {
        type: 'copilot-observatory:consent',
        connected,
        code: connected ? (outcome.warning?.code ?? null) : outcome.problem.code,
      },
    });
  });
  return router;
}

/** The tab's Setup view with the outcome in its query (`?connected=1`, `?error=<code>`), never Entra's text. */
function setupUrl(outcome: Exclude<ConsentOutcome, { kind: 'refused' }>): string {
  if (outcome.kind === 'failed') return `${SETUP_VIEW}?error=${encodeURIComponent(outcome.problem.code)}`;
  return outcome.warning
    ? `${SETUP_VIEW}?connected=1&warning=${encodeURIComponent(outcome.warning.code)}`
    : `${SETUP_VIEW}?connected=1`;
}
