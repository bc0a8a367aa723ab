import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors';

/** Teams Toolkit environment names are the `\w+` part of `env/.env.<name>`. */
const ENV_NAME = /^\w+$/;
const LINE =
  /^\s*(?:export\s+)?([\w.-]+)(?:\s*=\s*?|:\s+?)(\s*'(?:\\'|[^'])*'|\s*"(?:\\"|[^"])*"|\s*`(?:\\`|[^`])*`|[^#\r\n]+)?\s*(?:#.*)?$/;

export interface ToolkitEnv {
  name: string;
  /** Resolved values: non-empty process env > `.env.<name>` > `.env.<name>.user`, plus TEAMSFX_ENV. */
  values: Record<string, string>;
  /** The env files that were read, in order. */
  files: string[];
}

/** Parses a dotenv file the way the toolkit does (quotes, inline comments, `export`, `\n` in double quotes). */
export function parseDotenv(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    const match = LINE.exec(line);
    if (!match?.[1]) continue;
    const raw = (match[2] ?? '').trim();
    let value = raw.replace(/^(['"`])([\s\S]*)\1$/, '$2');
    if (raw.startsWith('"')) value = value.replace(/\\n/g, '\n').replace(/\\r/g, '\r');
    values[match[1]] = value;
  }
  return values;
}

/** Fills the keys `target` lacks or holds empty, as the toolkit's own merge does (empty counts as unset). */
function fillEmpty(target: Record<string, string>, lower: Record<string, string | undefined>): void {
  for (const [key, value] of Object.entries(lower)) {
    if (!target[key] && value !== undefined) target[key] = value;
  }
}

/**
 * Reads a Teams Toolkit environment the way the toolkit does: `env/.env.<name>` (committed), then
 * `env/.env.<name>.user` (secrets, git-ignored) for keys the first leaves empty, and a variable set in the process
 * environment wins over both.
 */
export function loadToolkitEnv(options: {
  envDir: string;
  name: string;
  processEnv: Record<string, string | undefined>;
}): ToolkitEnv {
  if (!ENV_NAME.test(options.name)) {
    throw new AppError(
      'invalid_env_name',
      `"${options.name}" is not a Teams Toolkit environment name (letters, digits, _)`,
      400,
    );
  }
  const main = path.join(options.envDir, `.env.${options.name}`);
  if (!existsSync(main)) {
    throw new AppError('env_file_missing', `${main} does not exist: there is no "${options.name}" environment`, 400);
  }
  const files = [main];
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(options.processEnv)) if (value) values[key] = value;
  fillEmpty(values, parseDotenv(readFileSync(main, 'utf8')));
  const user = `${main}.user`;
  if (existsSync(user)) {
    files.push(user);
    fillEmpty(values, parseDotenv(readFileSync(user, 'utf8')));
  }
  values.TEAMSFX_ENV = options.name;
  return { name: options.name, values, files };
}
