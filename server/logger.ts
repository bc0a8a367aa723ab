import pino from 'pino';

/** The structured logger every component receives (a pino logger; child loggers per component). */
export type Logger = pino.Logger;

export interface LoggerOptions {
  level?: string;
  /** Write to this stream instead of stdout (the CLI logs to stderr so stdout stays machine-readable). */
  destination?: NodeJS.WritableStream;
}

/** Paths that never reach a log: credentials, tokens and Copilot prompt/response text. */
export const REDACTED_PATHS = [
  'clientSecret',
  '*.clientSecret',
  'accessToken',
  '*.accessToken',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'body.content',
  '*.body.content',
  'prompt',
  '*.prompt',
];

/** Builds the root logger: JSON lines with redaction. */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { app: 'copilot-observatory' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination ? pino.destination({ dest: destinationFd(options.destination), sync: true }) : undefined,
  );
}

/** A logger that discards everything (tests that assert behaviour, not logs). */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}

function destinationFd(stream: NodeJS.WritableStream): number {
  if (stream === process.stderr) return 2;
  return 1;
}
