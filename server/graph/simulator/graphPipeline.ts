import type { Request, RequestHandler, Response } from 'express';
import { sleep } from '../../lib/sleep';
import { invalidTokenMessage, type AccessTokenClaims } from './accessTokens';
import type { FaultDecision } from './faults';
import { FilterError } from './odataFilter';
import { QueryError } from './odataQuery';
import { formatRetryAfter, requestOrigin, sendGraphError, sendTooManyRequests } from './graphResponses';
import type { RetryAfterStyle, SimulatorContext } from './simulatorContext';
import { SkipTokenError } from './skipTokens';

export type GraphRoute = 'users' | 'interactions';

/** One authenticated, admitted Graph request handed to a route handler. */
export interface GraphCall {
  req: Request;
  res: Response;
  /** `v1.0` or `beta`, as requested. */
  version: string;
  /** Origin the client used; nextLinks and @odata.context are built on it. */
  origin: string;
  appId: string;
  /** Send a truncated body (malformed-page fault). */
  truncate: boolean;
}

const WWW_AUTHENTICATE =
  'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"';
const USER_ROLES = ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'];
const INTERACTION_ROLES = ['AiEnterpriseInteraction.Read.All'];

/**
 * Wraps a Graph route the way Graph's front door treats requests: latency, bearer token (401), application
 * role (403), per-app throttling (429), injected faults, then the handler; query errors become 400s.
 */
export function graphRoute(
  ctx: SimulatorContext,
  route: GraphRoute,
  handler: (call: GraphCall) => void,
): RequestHandler {
  return async (req, res) => {
    // Delays end early when the client goes away or the simulator closes, so no timer outlives its socket.
    const gone = new AbortController();
    res.once('close', () => gone.abort());
    const delay = ctx.latency();
    if (delay > 0 && !(await pause(delay, gone.signal))) return;
    const version = String(req.params.version ?? 'v1.0').toLowerCase();
    const claims = authorize(ctx, req, res, route);
    if (!claims) return;
    const taken = ctx.throttle.take(route, claims.appid);
    if (!taken.ok) {
      const retryAfter = formatRetryAfter(taken.retryAfterMs, retryAfterStyle(ctx));
      // Graph keeps counting while a client is throttled: hold the bucket closed for the whole advertised wait.
      taken.bucket?.block(Number(retryAfter) * 1000);
      if (route === 'users') res.setHeader('x-ms-throttle-information', 'ResourceUnitLimitExceeded');
      return sendTooManyRequests(res, ctx.now(), retryAfter);
    }
    const decision = ctx.faults.decide({
      route,
      url: `GET ${req.originalUrl}`,
      isNextLink: /[?&]\$?skiptoken=/i.test(req.originalUrl),
    });
    const truncate = await applyFault(ctx, req, res, decision, gone.signal);
    if (truncate === null) return;
    const call: GraphCall = {
      req,
      res,
      version,
      origin: requestOrigin(req, ctx.origin()),
      appId: claims.appid,
      truncate,
    };
    try {
      handler(call);
    } catch (error) {
      if (error instanceof QueryError) return sendGraphError(res, ctx.now(), 400, error.code, error.message);
      if (error instanceof FilterError || error instanceof SkipTokenError)
        return sendGraphError(res, ctx.now(), 400, 'BadRequest', error.message);
      throw error;
    }
  };
}

/** Checks the bearer token (401) and the app's roles for the resource (403); the claims when both pass. */
function authorize(ctx: SimulatorContext, req: Request, res: Response, route: GraphRoute): AccessTokenClaims | null {
  const auth = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
  const check = ctx.tokens.verify(auth?.[1]);
  if (!check.ok) {
    res.setHeader('WWW-Authenticate', WWW_AUTHENTICATE);
    sendGraphError(res, ctx.now(), 401, 'InvalidAuthenticationToken', invalidTokenMessage(check.reason));
    return null;
  }
  const roles = check.claims.roles ?? [];
  if ((route === 'users' ? USER_ROLES : INTERACTION_ROLES).some((r) => roles.includes(r))) return check.claims;
  // Directory reads without consent and the export API answer the missing role differently (Microsoft Learn: Microsoft Graph error responses; Microsoft Learn: getAllEnterpriseInteractions, errors).
  if (route === 'users') {
    sendGraphError(
      res,
      ctx.now(),
      403,
      'Authorization_RequestDenied',
      'Insufficient privileges to complete the operation.',
    );
  } else {
    sendGraphError(res, ctx.now(), 403, 'Forbidden', 'UnknownError');
  }
  return null;
}

/** Carries out a fault; null when the response is already dealt with, else whether to truncate the body. */
async function applyFault(
  ctx: SimulatorContext,
  req: Request,
  res: Response,
  decision: FaultDecision,
  signal: AbortSignal,
): Promise<boolean | null> {
  if (decision.kind !== 'none')
    ctx.stats.fault(decision.kind === 'serverError' ? `server${decision.status}` : decision.kind);
  switch (decision.kind) {
    case 'throttle': {
      sendTooManyRequests(res, ctx.now(), formatRetryAfter(decision.retryAfterMs, retryAfterStyle(ctx)));
      return null;
    }
    case 'serverError':
      if (decision.retryAfterSeconds !== null) res.setHeader('Retry-After', String(decision.retryAfterSeconds));
      if (decision.status === 503)
        sendGraphError(
          res,
          ctx.now(),
          503,
          'serviceNotAvailable',
          'The service is temporarily unavailable. Please try again later.',
        );
      else sendGraphError(res, ctx.now(), 504, 'GatewayTimeout', 'The operation timed out.');
      return null;
    case 'drop':
      req.socket.destroy();
      return null;
    case 'slow':
      return (await pause(decision.delayMs, signal)) ? false : null;
    case 'malformed':
      return true;
    default:
      return false;
  }
}

/** Fractional Retry-After when the simulator or the current fault mix asks for it. */
function retryAfterStyle(ctx: SimulatorContext): RetryAfterStyle {
  return ctx.faults.fractionalRetryAfter ? 'fractional' : ctx.retryAfterStyle;
}

/** Sleeps; false when the request was abandoned meanwhile. */
async function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  try {
    await sleep(ms, signal);
    return true;
  } catch {
    // Aborted: the socket closed, nobody is waiting for this response any more.
    return false;
  }
}
