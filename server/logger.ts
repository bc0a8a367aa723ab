import { Writable } from 'node:stream';
import pino from 'pino';

/** The structured logger every component receives (a pino logger; child loggers per component). */
export type Logger = pino.Logger;

export interface LoggerOptions {
  level?: string;
  /** Write to this stream instead of stdout (the CLI logs to stderr so stdout stays machine-readable). */
  destination?: NodeJS.WritableStream;
  /** One readable line per entry on stdout (a person at a terminal in demo mode); JSON lines otherwise. */
  human?: boolean;
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
    options.human
      ? humanLines(process.stdout)
      : options.destination
        ? pino.destination({ dest: destinationFd(options.destination), sync: true })
        : undefined,
  );
}

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const QUIET_FIELDS = new Set(['level', 'time', 'msg', 'app', 'pid', 'hostname']);

/** Turns pino's JSON lines into `12:05:03 INFO  Message. key=value …` for a terminal. */
function humanLines(out: NodeJS.WritableStream): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line) continue;
        try {
          const entry = JSON.parse(line) as Record<string, unknown>;
          const fields = Object.entries(entry)
            .filter(([key]) => !QUIET_FIELDS.has(key))
            .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
          const time = typeof entry.time === 'string' ? entry.time.slice(11, 19) : '';
          const level = (LEVELS[Number(entry.level)] ?? String(entry.level)).padEnd(5);
          out.write(`${time} ${level} ${String(entry.msg ?? '')}${fields.length ? `  ${fields.join(' ')}` : ''}\n`);
        } catch {
          out.write(`${line}\n`); // not JSON: pass it on as it came
        }
      }
      done();
    },
  });
}

/**
 * A child logger for one part of the program. pino appends a child's bindings to its parent's, so binding
 * `component` again would print the key twice in each line (`"component":"sync","component":"risk"`, of which JSON
 * readers keep only the last). The outermost part is `component`; a part inside it is `subcomponent`, and one
 * inside that `part` (deeper parts go by the names of the parts around them).
 */
export function componentLogger(parent: Logger, name: string, bindings: Record<string, unknown> = {}): Logger {
  const bound = parent.bindings();
  const key = (['component', 'subcomponent', 'part'] as const).find((k) => bound[k] === undefined);
  return parent.child(key ? { [key]: name, ...bindings } : bindings);
}

/** A logger that discards everything (tests that assert behaviour, not logs). */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}

function destinationFd(stream: NodeJS.WritableStream): number {
  if (stream === process.stderr) return 2;
  return 1;
}
