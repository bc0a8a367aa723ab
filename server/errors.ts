/**
 * Typed errors. Every error the app raises on purpose carries a stable snake_case `code` and the HTTP status an
 * API would answer with; the Express error handler and the CLI turn them into `{ error: { code, message } }`.
 */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details?: Record<string, unknown>;

  constructor(code: string, message: string, status = 500, details?: Record<string, unknown>, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'AppError';
    this.code = code;
    this.status = status;
    this.details = details;
  }
}

/** A Graph call failed for good (after retries): carries Graph's own status and error code. */
export class GraphRequestError extends AppError {
  readonly graphStatus: number;
  readonly graphCode: string;
  readonly requestId?: string;

  constructor(options: {
    status: number;
    graphCode: string;
    message: string;
    requestId?: string;
    url?: string;
    cause?: unknown;
  }) {
    super(
      'graph_request_failed',
      options.message,
      502,
      { graphStatus: options.status, graphCode: options.graphCode, url: options.url },
      options.cause,
    );
    this.name = 'GraphRequestError';
    this.graphStatus = options.status;
    this.graphCode = options.graphCode;
    this.requestId = options.requestId;
  }
}

/**
 * No app-only token: Microsoft Entra refused the app's credentials (wrong/expired secret, unknown app, missing
 * consent...), or — `transient`, code `entra_unavailable` — stayed unavailable (5xx, 429, unreachable) past the retry
 * budget.
 */
export class GraphAuthError extends AppError {
  /** The AADSTS code when Entra sent one, e.g. 7000215 for an invalid client secret. */
  readonly aadstsCode?: number;
  readonly transient: boolean;

  constructor(message: string, aadstsCode?: number, cause?: unknown, options: { transient?: boolean } = {}) {
    super(
      options.transient ? 'entra_unavailable' : 'graph_auth_failed',
      message,
      options.transient ? 503 : 502,
      aadstsCode === undefined ? undefined : { aadstsCode },
      cause,
    );
    this.name = 'GraphAuthError';
    this.aadstsCode = aadstsCode;
    this.transient = options.transient === true;
  }
}

/** A Graph page that is not what Graph documents (bad JSON, missing fields) even after retries. */
export class MalformedGraphResponseError extends AppError {
  constructor(message: string, details?: Record<string, unknown>, cause?: unknown) {
    super('graph_response_malformed', message, 502, details, cause);
    this.name = 'MalformedGraphResponseError';
  }
}

/** Configuration that cannot work; lists every problem at once. */
export class ConfigError extends AppError {
  readonly problems: string[];

  constructor(problems: string[]) {
    super('invalid_config', `Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`, 500, { problems });
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export const notFound = (what: string): AppError => new AppError('not_found', `${what} was not found.`, 404);
export const validationFailed = (message: string, details?: Record<string, unknown>): AppError =>
  new AppError('validation_failed', message, 400, details);
export const forbidden = (message = 'You are not allowed to do that.'): AppError =>
  new AppError('forbidden', message, 403);
export const unauthorized = (message = 'Sign-in is required.'): AppError => new AppError('unauthorized', message, 401);
/** A search or filter that matches more than a read may carry: the admin narrows it (400 `search_too_broad`). */
export const searchTooBroad = (message: string, details?: Record<string, unknown>): AppError =>
  new AppError('search_too_broad', message, 400, details);
