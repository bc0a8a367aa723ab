import type { NextFunction, RequestHandler, Response } from 'express';
import { z } from 'zod';
import type { Authenticator } from '../auth/authenticator';
import { AppError, unauthorized, validationFailed } from '../errors';

/**
 * The HTTP edge of POST /api/messages, around botbuilder: what Bot Framework never sends is refused here with the
 * app's JSON errors (401 with a warn line, 400), so junk never reaches botbuilder, whose own refusals are plain text
 * and whose crashes on junk were logged as errors with a stack.
 */

const invalidBotToken = (message: string, details?: Record<string, unknown>): AppError =>
  new AppError('invalid_token', message, 401, details);

/** A connector that could not be reached at all: nothing listens at the activity's serviceUrl, or no such host. */
const UNREACHABLE =
  /\b(?:ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|ECONNRESET|ETIMEDOUT|EAI_AGAIN)\b|fetch failed/;

/**
 * The turn ran, but its replies could not be sent to the conversation's connector (the activity's serviceUrl): a 502
 * that says so and how the local demo gets its replies, rather than a 500. Null for any other failure.
 */
export function undeliveredReplies(error: unknown): AppError | null {
  const text = error instanceof Error ? `${error.message} ${String((error as { code?: unknown }).code ?? '')}` : String(error); // prettier-ignore
  if (!UNREACHABLE.test(text)) return null;
  return new AppError(
    'replies_not_delivered',
    'The question was answered, but the replies could not be sent to the conversation\'s serviceUrl (no connector answered there). Without a Bot Framework connector, as in the local demo, send "deliveryMode": "expectReplies" to get the replies in the HTTP response.',
    502,
    { detail: text.slice(0, 200) },
    error,
  );
}

/** Bot Framework signs its tokens with RS256 (its OpenID metadata lists no other algorithm). */
const BOT_FRAMEWORK_ALGORITHMS = new Set(['RS256']);

/**
 * With BOT_ID: the request must carry `Bearer <JWT>` whose header names an algorithm Bot Framework signs with and a
 * key id. Checked without any network call, before the body is read; botbuilder then verifies the signature,
 * issuer, audience and endorsements (it needs the activity to do so).
 */
export function requireBotFrameworkBearer(): RequestHandler {
  return (req, res, next) => {
    const header = req.headers.authorization;
    if (!header) return refuse(res, next, unauthorized('Bot Framework requests carry a bearer token.'));
    const match = /^Bearer ([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(header.trim());
    if (!match || header.length > 16_384) return refuse(res, next, invalidBotToken('The bearer token is not a JWT.'));
    let alg: unknown;
    let kid: unknown;
    try {
      ({ alg, kid } = JSON.parse(Buffer.from(match[1]!, 'base64url').toString('utf8')) as Record<string, unknown>);
    } catch {
      return refuse(res, next, invalidBotToken('The bearer token is not a JWT.'));
    }
    if (typeof alg !== 'string' || !BOT_FRAMEWORK_ALGORITHMS.has(alg) || typeof kid !== 'string')
      return refuse(res, next, invalidBotToken('The bearer token is not signed the way Bot Framework signs.'));
    next();
  };
}

/** Without BOT_ID (local demo): only the demo admin, on loopback, may talk to the bot (res.locals.principal). */
export function requireDemoCaller(auth: Authenticator): RequestHandler {
  return (req, res, next) => {
    auth
      .authenticate(req)
      .then((principal) => {
        // A Teams SSO token is no bot token.
        if (!principal.demo) throw unauthorized('The bot accepts Bot Framework requests only (BOT_ID is not set).');
        res.locals.principal = principal;
        next();
      })
      .catch((error: unknown) => refuse(res, next, error));
  };
}

const account = z.looseObject({ id: z.string().min(1).max(1024) });

/**
 * What every activity Bot Framework sends carries (type, channel, service URL, conversation, sender, recipient); the
 * rest is botbuilder's and the bot's to read. Without them botbuilder fails mid-turn (a 500), or skips its
 * service-URL check.
 */
const activityShape = z.looseObject({
  type: z.string().min(1).max(64),
  id: z.string().max(1024).optional(),
  channelId: z.string().min(1).max(256),
  serviceUrl: z.string().min(1).max(2048),
  text: z.string().optional(),
  from: account,
  recipient: account,
  conversation: account,
});

/** 400 unless the parsed body is a Bot Framework activity (see activityShape). */
export function requireActivity(): RequestHandler {
  return (req, _res, next) => {
    const parsed = activityShape.safeParse(req.body);
    next(
      parsed.success
        ? undefined
        : validationFailed('The request body is not a Bot Framework activity.', {
            problems: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`),
          }),
    );
  };
}

/**
 * What botbuilder 4.23.3 (its final release) answers 500 with when jsonwebtoken refuses a token (a bad signature,
 * audience or issuer, not yet valid): jsonwebtoken's own messages. It only turns its own AuthenticationError into a
 * 401, so a forged signature would otherwise be a 500 logged as an error.
 */
const JWT_REFUSAL =
  /^(jwt (malformed|signature is required|not active|expired|audience invalid|issuer invalid|id invalid|subject invalid)|invalid (token|signature|algorithm)$)/;

/** The response handed to botbuilder, and the hook its turn logic calls first. */
export interface BotReply {
  response: Response;
  /** Call at the start of the turn: from then on, statuses are the bot's own (an invoke's 501, say). */
  turnStarted(): void;
  /** Whether the turn started (a failure after it is the bot's replies', not the request's). */
  started(): boolean;
}

/**
 * The response botbuilder writes to. Before the turn starts, whatever it refuses with (401 with its reason as plain
 * text, 500 for a token jsonwebtoken refused or a raw network error) goes to the app's error handler instead, as JSON
 * without botbuilder's text: a refused token is a 401 (logged at warn), anything else a 500 (logged as an error: the
 * keys could not be fetched, for instance). Once the turn has started, its answer passes through, except a 5xx with
 * an error message (botbuilder's own failure after the turn), which is a logged 500 too.
 */
export function botReply(res: Response, next: NextFunction): BotReply {
  let status = 200;
  let started = false;
  let handed = false;
  const intercepts = (body: unknown): boolean =>
    status >= 400 && (!started || (status >= 500 && (typeof body === 'string' || body instanceof Error)));
  const handOver = (body: unknown): void => {
    handed = true;
    const detail = typeof body === 'string' ? body.slice(0, 200) : body instanceof Error ? body.message : undefined;
    const refused =
      !started &&
      (status === 401 || status === 403 || (status >= 500 && detail !== undefined && JWT_REFUSAL.test(detail)));
    if (refused) next(invalidBotToken('The Bot Framework token was refused.', detail ? { detail } : undefined));
    else if (status < 500) next(validationFailed('The request is not a Bot Framework activity.'));
    else
      next(
        (started && undeliveredReplies(body)) || new Error(`botbuilder answered ${status}: ${detail ?? 'no detail'}`),
      );
  };
  const response = {
    status(code: number) {
      status = code;
      return response;
    },
    header(name: string, value: string) {
      res.header(name, value);
      return response;
    },
    send(body: unknown) {
      if (handed) return response;
      if (intercepts(body)) handOver(body);
      else res.status(status).send(body);
      return response;
    },
    end() {
      if (handed || res.writableEnded) return response;
      if (intercepts(undefined)) handOver(undefined);
      else res.status(status).end();
      return response;
    },
  };
  return {
    response: response as unknown as Response,
    turnStarted: () => {
      started = true;
    },
    started: () => started,
  };
}

function refuse(res: Response, next: NextFunction, error: unknown): void {
  if (error instanceof AppError && error.status === 401)
    res.setHeader(
      'WWW-Authenticate',
      `Bearer error="${error.code === 'invalid_token' ? 'invalid_token' : 'invalid_request'}"`,
    );
  next(error);
}
