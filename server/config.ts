import { z } from 'zod';
import { ConfigError } from './errors';
import { M365_COPILOT_SKU_ID } from './graph/constants';

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const blankToUndefined = (value: unknown): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;
const optionalString = z.preprocess(blankToUndefined, z.string().trim().optional());
const intInRange = (min: number, max: number, fallback: number) =>
  z.preprocess(blankToUndefined, z.coerce.number().int().min(min).max(max).default(fallback));
const httpsUrl = (fallback: string) =>
  z.preprocess(
    blankToUndefined,
    z
      .url({ protocol: /^https$/, error: 'must be an https:// URL (Graph SDK and MSAL only talk to https hosts)' })
      .default(fallback),
  );

const guidList = (message: string) =>
  z.preprocess(
    (value) => blankToUndefined(value) ?? '',
    z
      .string()
      .transform((s) =>
        s
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().regex(guid, message))),
  );

/** Every environment variable the app reads, validated once at start-up. */
const schema = z.object({
  /** HTTP port of the server (tab, API, bot). */
  PORT: intInRange(0, 65535, 3978),
  /** Where the server listens; 127.0.0.1 keeps a first run private. */
  HOST: z.preprocess(blankToUndefined, z.string().default('127.0.0.1')),
  /** MongoDB connection string; unset starts the embedded database. */
  MONGODB_URI: optionalString.pipe(
    z
      .string()
      .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
      .optional(),
  ),
  /** Database name when MONGODB_URI does not name one. */
  MONGODB_DB: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,63}$/)
      .default('copilot_observatory'),
  ),
  /** Folder for local state: embedded database files, the simulator's TLS certificate. */
  DATA_DIR: z.preprocess(blankToUndefined, z.string().default('.data')),
  /** Microsoft Graph root (the SDK appends /v1.0). */
  GRAPH_BASE_URL: httpsUrl('https://graph.microsoft.com/'),
  /** Microsoft Entra authority host for app-only tokens. */
  AUTHORITY_HOST: httpsUrl('https://login.microsoftonline.com'),
  /** The customer's Entra tenant id; unset (with CLIENT_ID) runs the demo tenant. */
  TENANT_ID: optionalString.pipe(z.string().regex(guid, 'must be a tenant GUID').optional()),
  /** The app registration's client id. */
  CLIENT_ID: optionalString.pipe(z.string().regex(guid, 'must be an application (client) id GUID').optional()),
  /** The app registration's client secret value (not its id). */
  CLIENT_SECRET: optionalString,
  /** Comma-separated Copilot SKU ids whose holders are synced. */
  COPILOT_SKU_IDS: z.preprocess(
    (value) => (blankToUndefined(value) === undefined ? M365_COPILOT_SKU_ID : value),
    z
      .string()
      .transform((s) =>
        s
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().regex(guid, 'each SKU id must be a GUID')).min(1)),
  ),
  /** How far back the first sync reads. */
  BACKFILL_DAYS: intInRange(1, 3650, 90),
  /** Minutes between scheduled incremental syncs (0 turns the schedule off). */
  SYNC_INTERVAL_MINUTES: intInRange(0, 10080, 60),
  /** Users synced in parallel. */
  SYNC_CONCURRENCY: intInRange(1, 64, 8),
  /** Client-side request ceiling per second; Graph allows 30/s per app per tenant for the export API. */
  GRAPH_MAX_RPS: z.preprocess(blankToUndefined, z.coerce.number().positive().max(1000).default(28)),
  /** Re-read this many minutes before each user's watermark, for interactions Graph records late. */
  SYNC_OVERLAP_MINUTES: intInRange(0, 1440, 15),
  /** Demo tenant size (users) when no tenant is configured. */
  DEMO_USERS: intInRange(1, 100000, 50),
  /** Demo tenant seed, for reproducible demo data. */
  DEMO_SEED: intInRange(0, 2 ** 31 - 1, 42),
  /**
   * Public https origin Teams and browsers reach the app at (links in cards, consent redirect, manifest);
   * unset: http://localhost:PORT.
   */
  PUBLIC_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  /** Application ID URI of the SSO app (`api://<host>/<client id>`); accepted as a token audience too. */
  APP_ID_URI: optionalString,
  /** Entra app role whose holders are Copilot Observatory admins. */
  ADMIN_ROLE: z.preprocess(blankToUndefined, z.string().default('CopilotObservatory.Admin')),
  /** Comma-separated Entra object ids of users who are admins (besides the app role). */
  ADMIN_USER_IDS: guidList('each admin user id must be an Entra object id GUID'),
  /** Comma-separated Entra group object ids whose members are admins (needs the `groups` claim). */
  ADMIN_GROUP_IDS: guidList('each admin group id must be an Entra object id GUID'),
  /** Bot (Azure Bot / Entra app) id; unset runs the bot in local demo mode (no Bot Framework auth). */
  BOT_ID: optionalString.pipe(z.string().regex(guid, 'must be the bot app id GUID').optional()),
  /** The bot app's client secret. */
  BOT_PASSWORD: optionalString,
  /** Tenant of the single-tenant bot (defaults to TENANT_ID). */
  BOT_TENANT_ID: optionalString.pipe(z.string().regex(guid, 'must be a tenant GUID').optional()),
  /** Key that signs the admin-consent `state` (32+ characters); unset: generated and kept in DATA_DIR. */
  STATE_SIGNING_KEY: optionalString.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
  /** PEM file with the app's certificate + private key (instead of CLIENT_SECRET). */
  CLIENT_CERTIFICATE_PATH: optionalString,
  /** Identifies this instance in logs, locks and run records (default: host:pid). */
  INSTANCE_ID: optionalString,
  /** pino log level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

type Parsed = z.infer<typeof schema>;

/** The app's configuration: frozen, typed, with `mode` derived from whether a tenant is configured. */
export type Config = Readonly<
  Parsed & {
    /** `demo`: the in-process Graph simulator; `tenant`: a real (or external) tenant. */
    mode: 'demo' | 'tenant';
  }
>;

/** Parses the environment; throws ConfigError listing every problem at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = schema.safeParse(env);
  const problems: string[] = [];
  if (!result.success) {
    for (const issue of result.error.issues)
      problems.push(`${issue.path.join('.') || 'environment'}: ${issue.message}`);
  }
  const data = result.success ? result.data : undefined;
  const tenantKeys = [env.TENANT_ID, env.CLIENT_ID, env.CLIENT_SECRET].map((v) => blankToUndefined(v) !== undefined);
  const someTenantKeys = tenantKeys.some(Boolean);
  if (someTenantKeys && !tenantKeys.every(Boolean)) {
    problems.push(
      'TENANT_ID, CLIENT_ID and CLIENT_SECRET go together: set all three for a tenant, or none for the demo',
    );
  }
  if (problems.length > 0 || !data) throw new ConfigError(problems);
  return Object.freeze({ ...data, mode: someTenantKeys ? 'tenant' : 'demo' });
}
