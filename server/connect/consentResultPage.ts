import { randomBytes } from 'node:crypto';
import type { Response } from 'express';
import type { ConsentPopupMessage } from './setupContracts';

export interface ConsentPage {
  status: number;
  title: string;
  message: string;
  /** Where "Back to Copilot Observatory" leads (the tab's Setup view, with the outcome). */
  backUrl: string;
  /** Posted to the opener, when this page runs in a popup window. */
  popup: ConsentPopupMessage | null;
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * A small self-contained page for the end of the consent round trip. In a popup (opened by the Setup view) it tells
 * its opener the outcome — same origin only — and closes; otherwise it is a readable page with a link back.
 */
export function sendConsentPage(res: Response, page: ConsentPage): void {
  const nonce = randomBytes(16).toString('base64');
  // Inline script only with this response's nonce; nothing else may load or frame it.
  res.setHeader(
    'Content-Security-Policy',
    `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  );
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  const script = page.popup
    ? `<script nonce="${nonce}">
(function () {
  var message = ${JSON.stringify(page.popup).replace(/</g, '\\u003c')};
  try {
    if (window.opener && window.opener !== window) {
      window.opener.postMessage(message, window.location.origin);
      window.close();
    }
  } catch (e) { /* the opener went away or is another origin: the link below still works */ }
})();
</script>`
    : '';
  res.status(page.status).type('html').send(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)} · Copilot Observatory</title>
<style nonce="${nonce}">
body { font-family: "Segoe UI", system-ui, sans-serif; margin: 3rem auto; max-width: 36rem; padding: 0 1rem; line-height: 1.5; }
a { font-weight: 600; }
</style>
</head>
<body>
<main>
<h1>${escapeHtml(page.title)}</h1>
<p id="message">${escapeHtml(page.message)}</p>
<p><a id="back" href="${escapeHtml(page.backUrl)}">Back to Copilot Observatory</a></p>
</main>
${script}
</body>
</html>
`);
}
