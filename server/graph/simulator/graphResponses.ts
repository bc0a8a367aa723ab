import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import type { GraphErrorBody } from '../types';

/** The Content-Type Graph answers JSON with. */
export const ODATA_JSON =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

/** Per-request values every Graph response repeats (headers and innerError). */
export interface RequestIds {
  requestId: string;
  clientRequestId: string;
}

/** Assigns request ids and the headers Graph puts on every response; call first for every request. */
export function stampRequest(req: Request, res: Response): RequestIds {
  const requestId = randomUUID();
  const sent = req.get('client-request-id');
  const clientRequestId = sent && /^[\w.-]{1,100}$/.test(sent) ? sent : randomUUID();
  res.locals.ids = { requestId, clientRequestId } satisfies RequestIds;
  res.setHeader('request-id', requestId);
  res.setHeader('client-request-id', clientRequestId);
  return res.locals.ids as RequestIds;
}

/** The ids stampRequest assigned to this response. */
export function requestIds(res: Response): RequestIds {
  return (res.locals.ids as RequestIds | undefined) ?? { requestId: randomUUID(), clientRequestId: randomUUID() };
}

/** Graph's `innerError.date`: UTC without milliseconds or zone, e.g. `2026-03-09T10:33:48`. */
export function graphDate(now: Date): string {
  return now.toISOString().slice(0, 19);
}

/** Sets the OData headers of a Graph JSON response. */
export function setODataHeaders(res: Response): void {
  res.setHeader('Content-Type', ODATA_JSON);
  res.setHeader('OData-Version', '4.0');
  res.setHeader('Cache-Control', 'no-cache');
  res.setHeader('Strict-Transport-Security', 'max-age=31536000');
  res.setHeader(
    'x-ms-ags-diagnostic',
    '{"ServerInfo":{"DataCenter":"Simulator","Slice":"E","Ring":"1","ScaleUnit":"000","RoleInstance":"SIM"}}',
  );
}

/** Writes a JSON body with Graph's headers; `truncate` sends only the first part (a malformed-page fault). */
export function sendGraphJson(
  res: Response,
  status: number,
  body: unknown,
  options: { truncate?: boolean } = {},
): void {
  setODataHeaders(res);
  let text = JSON.stringify(body);
  if (options.truncate) text = text.slice(0, Math.max(1, Math.floor(text.length * 0.6)));
  res.status(status).send(Buffer.from(text, 'utf8'));
}

/** `{"error":{"code","message","innerError":{date, request-id, client-request-id}}}` (Microsoft Learn: Microsoft Graph error responses; Microsoft Learn: getAllEnterpriseInteractions, errors). */
export function graphErrorBody(res: Response, now: Date, code: string, message: string): GraphErrorBody {
  const ids = requestIds(res);
  return {
    error: {
      code,
      message,
      innerError: { date: graphDate(now), 'request-id': ids.requestId, 'client-request-id': ids.clientRequestId },
    },
  };
}

/** Sends a Graph error with its status. */
export function sendGraphError(res: Response, now: Date, status: number, code: string, message: string): void {
  sendGraphJson(res, status, graphErrorBody(res, now, code, message));
}

/** The documented 429 body (Microsoft Learn: Microsoft Graph throttling guidance) with its Retry-After header. */
export function sendTooManyRequests(res: Response, now: Date, retryAfter: string): void {
  const ids = requestIds(res);
  res.setHeader('Retry-After', retryAfter);
  sendGraphJson(res, 429, {
    error: {
      code: 'TooManyRequests',
      innerError: {
        code: '429',
        date: graphDate(now),
        message: 'Please retry after',
        'request-id': ids.requestId,
        status: '429',
      },
      message: 'Please retry again later.',
    },
  });
}

/** Retry-After text: whole seconds (rounded up, at least 1) or fractional seconds like Graph's `2.128`. */
export function formatRetryAfter(ms: number, style: 'integer' | 'fractional'): string {
  if (style === 'fractional') return (Math.max(1, Math.round(ms)) / 1000).toFixed(3);
  return String(Math.max(1, Math.ceil(ms / 1000)));
}

/** The advertised wait in ms for a Retry-After value. */
export function retryAfterMs(ms: number, style: 'integer' | 'fractional'): number {
  return Number(formatRetryAfter(ms, style)) * 1000;
}

/** The origin a client used (Host header), so nextLinks and issuers stay on the host it trusts; else `fallback`. */
export function requestOrigin(req: Request, fallback: string): string {
  const host = req.get('host');
  if (host && /^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?$/.test(host)) return `https://${host}`;
  return fallback;
}
