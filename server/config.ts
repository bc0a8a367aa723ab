import { z } from 'zod';
import { ConfigError } from './errors';
import { M365_COPILOT_SKU_ID } from './graph/constants';
import { TIERS } from './core/privacy/tiers';

/** Whether Intl knows an IANA zone name (it throws a RangeError for one it does not). */
const isTimeZone = (name: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    // RangeError: not a zone this runtime knows, which is the answer.
    return false;
  }
};

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
  /** MongoDB connection string (its path names the database: `mongodb://host/<db>`); unset starts the embedded database. */
  MONGODB_URI: optionalString.pipe(
    z
      .string()
      .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
      .optional(),
  ),
  /**
   * Which MongoDB the URI reaches when it cannot be told from the server itself: `auto` detects Azure Cosmos DB for
   * MongoDB (RU) by its host name and hello reply; `cosmos-ru` or `mongodb` say so outright.
   */
  MONGODB_FLAVOR: z.preprocess(blankToUndefined, z.enum(['auto', 'mongodb', 'cosmos-ru']).default('auto')),
  /**
   * Milliseconds an API, tab or bot read may run on MongoDB (its `maxTimeMS`); a read that takes longer is stopped and
   * answered with 503 `query_timeout` ("narrow it").
   */
  QUERY_MAX_TIME_MS: intInRange(10, 600_000, 15_000),
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
  /** Days prompt and response text is kept; then it is removed and the record stays. At least BACKFILL_DAYS. */
  RETENTION_DAYS: intInRange(1, 3650, 180),
  /** Days interactions and conversations are kept (aggregates keep their counts). At least RETENTION_DAYS. */
  METADATA_RETENTION_DAYS: intInRange(1, 3650, 730),
  /** Days the access log (who read whose conversations) is kept. */
  ACCESS_LOG_RETENTION_DAYS: intInRange(30, 3650, 730),
  /** Days sync runs and summary deliveries are kept. */
  OPERATIONAL_RETENTION_DAYS: intInRange(7, 3650, 90),
  /** Minutes between scheduled incremental syncs (0 turns the schedule off; fractions from 0.1 allowed, e.g. 0.25). */
  SYNC_INTERVAL_MINUTES: z.preprocess(
    blankToUndefined,
    z.coerce
      .number()
      .min(0)
      .max(10080)
      .refine((m) => m === 0 || m >= 0.1, 'must be 0 (off) or at least 0.1 (6 seconds)')
      .default(60),
  ),
  /**
   * Seconds a sync's job lock outlives an instance that stopped renewing it (crashed) before another instance takes
   * the run over. Live instances renew it every third of this.
   */
  SYNC_LOCK_SECONDS: intInRange(2, 3600, 300),
  /** Most rows one CSV export of a list holds (the tab says when an export was cut there). */
  CSV_MAX_ROWS: intInRange(10, 1_000_000, 50_000),
  /** Smallest department whose figures the department view shows; smaller ones are merged into "Other (small groups)". */
  MIN_GROUP_SIZE: intInRange(1, 1000, 5),
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
  /**
   * Public https URL at which Graph reaches this server's `/api/notifications` (behind the proxy or tunnel in front of
   * it). Set with a real tenant, the app keeps a tenant-wide change-notification subscription and stores interactions
   * seconds after they happen; polling stays as reconciliation. Unset: polling only.
   */
  NOTIFICATION_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  /** PEM file with the notification encryption certificate and its RSA private key; unset: one is generated at first start. */
  NOTIFICATION_CERTIFICATE_PATH: optionalString,
  /**
   * Minutes between scheduled polling passes while change notifications are healthy (polling is then the
   * reconciliation pass); otherwise SYNC_INTERVAL_MINUTES applies. At most 720, so the subscription, renewed after a
   * run, never goes a day unrenewed.
   */
  RECONCILE_INTERVAL_MINUTES: intInRange(1, 720, 360),
  /** Minutes without any notification after which the channel counts as unhealthy (polling at SYNC_INTERVAL_MINUTES). */
  NOTIFICATION_SILENCE_MINUTES: intInRange(1, 10080, 120),
  /**
   * `on` (default): the demo subscribes to its simulator's change notifications on loopback (http://127.0.0.1:PORT),
   * so new activity is stored as it happens; `off`: polling only.
   */
  DEMO_NOTIFICATIONS: z.preprocess(blankToUndefined, z.enum(['on', 'off']).default('on')),
  /** Application ID URI of the SSO app (`api://<host>/<client id>`); accepted as a token audience too. */
  APP_ID_URI: optionalString,
  /** Entra app role whose holders are Copilot Observatory admins. */
  ADMIN_ROLE: z.preprocess(blankToUndefined, z.string().default('CopilotObservatory.Admin')),
  /** Comma-separated Entra object ids of users who are admins (besides the app role). */
  ADMIN_USER_IDS: guidList('each admin user id must be an Entra object id GUID'),
  /** Comma-separated Entra group object ids whose members are admins (needs the `groups` claim). */
  ADMIN_GROUP_IDS: guidList('each admin group id must be an Entra object id GUID'),
  /** Entra app role whose holders are Investigators (prompt and response text, with a reason; risk evidence). */
  INVESTIGATOR_ROLE: z.preprocess(blankToUndefined, z.string().default('CopilotObservatory.Investigator')),
  /** Comma-separated Entra object ids of users who are Investigators (besides the app role). */
  INVESTIGATOR_USER_IDS: guidList('each investigator user id must be an Entra object id GUID'),
  /** Comma-separated Entra group object ids whose members are Investigators (needs the `groups` claim). */
  INVESTIGATOR_GROUP_IDS: guidList('each investigator group id must be an Entra object id GUID'),
  /** Entra app role whose holders are Analysts (named users, agents, data sources, findings without evidence). */
  ANALYST_ROLE: z.preprocess(blankToUndefined, z.string().default('CopilotObservatory.Analyst')),
  /** Comma-separated Entra object ids of users who are Analysts (besides the app role). */
  ANALYST_USER_IDS: guidList('each analyst user id must be an Entra object id GUID'),
  /** Comma-separated Entra group object ids whose members are Analysts (needs the `groups` claim). */
  ANALYST_GROUP_IDS: guidList('each analyst group id must be an Entra object id GUID'),
  /** Entra app role whose holders are Viewers (figures and trends, people as pseudonyms). */
  VIEWER_ROLE: z.preprocess(blankToUndefined, z.string().default('CopilotObservatory.Viewer')),
  /** Comma-separated Entra object ids of users who are Viewers (besides the app role). */
  VIEWER_USER_IDS: guidList('each viewer user id must be an Entra object id GUID'),
  /** Comma-separated Entra group object ids whose members are Viewers (needs the `groups` claim). */
  VIEWER_GROUP_IDS: guidList('each viewer group id must be an Entra object id GUID'),
  /** The local demo identity's tier (demo mode, loopback only): Viewer, Analyst, Investigator or Admin. */
  DEMO_TIER: z.preprocess(
    blankToUndefined,
    z.enum(TIERS, { error: 'must be Viewer, Analyst, Investigator or Admin' }).default('Admin'),
  ),
  /** Bot (Azure Bot / Entra app) id; unset runs the bot in local demo mode (no Bot Framework auth). */
  BOT_ID: optionalString.pipe(z.string().regex(guid, 'must be the bot app id GUID').optional()),
  /** The bot app's client secret. */
  BOT_PASSWORD: optionalString,
  /** Tenant of the single-tenant bot (defaults to TENANT_ID). */
  BOT_TENANT_ID: optionalString.pipe(z.string().regex(guid, 'must be a tenant GUID').optional()),
  /** Lowest severity of a new risk finding the bot posts to subscribed channels as an alert: high, medium or low. */
  RISK_ALERT_MIN_SEVERITY: z.preprocess(
    (value) => (typeof value === 'string' ? value.trim().toLowerCase() || undefined : value),
    z.enum(['high', 'medium', 'low'], { error: 'must be high, medium or low' }).default('high'),
  ),
  /**
   * Hours an interaction may predate its finding and still be alerted: what a first backfill or a rescan finds in older
   * history is shown in the Risk view, not posted finding by finding.
   */
  RISK_ALERT_MAX_AGE_HOURS: intInRange(1, 8760, 48),
  /** A file cited by Copilot to users in at least this many departments is an oversharing finding. */
  RISK_OVERSHARING_MIN_DEPARTMENTS: intInRange(2, 1000, 3),
  /** A SharePoint site whose files reached at least this many distinct users through Copilot is a finding. */
  RISK_OVERSHARING_SITE_MIN_USERS: intInRange(2, 1_000_000, 50),
  /** A user's day with at least this many times their median daily prompts (previous 28 days) is a finding... */
  RISK_VOLUME_SPIKE_FACTOR: intInRange(2, 1000, 5),
  /** ...when it also has at least this many prompts. */
  RISK_VOLUME_SPIKE_MIN_PROMPTS: intInRange(1, 100_000, 40),
  /** Key that signs the admin-consent `state` (32+ characters); unset: generated and kept in DATA_DIR. */
  STATE_SIGNING_KEY: optionalString.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
  /** PEM file with the app's certificate + private key (instead of CLIENT_SECRET). */
  CLIENT_CERTIFICATE_PATH: optionalString,
  /** Identifies this instance in logs, locks and run records (default: host:pid). */
  INSTANCE_ID: optionalString,
  /** pino log level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** IANA time zone of days and hours in Ask answers ("today", "by hour"), e.g. Europe/Berlin. */
  TIME_ZONE: z.preprocess(
    blankToUndefined,
    z.string().trim().refine(isTimeZone, 'must be an IANA time zone name such as UTC or Europe/Berlin').default('UTC'),
  ),
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
  const given = givenIn(env);
  const tenantMode = TENANT_KEYS.some(given);
  if (tenantMode) problems.push(...credentialProblems(given));
  if (data) problems.push(...retentionProblems(data));
  if (problems.length > 0 || !data) throw new ConfigError(problems);
  return Object.freeze({ ...data, mode: tenantMode ? 'tenant' : 'demo' });
}

/**
 * The server's start-up guard (the sync CLI serves nobody and skips it): with a real tenant, refuses settings that
 * are only safe for the local demo. Throws ConfigError listing every problem.
 */
export function assertSafeServerConfig(config: Config, env: NodeJS.ProcessEnv = process.env): void {
  if (config.mode !== 'tenant') return;
  const problems = productionProblems(givenIn(env), env);
  if (problems.length > 0) throw new ConfigError(problems);
}

const givenIn =
  (env: NodeJS.ProcessEnv) =>
  (name: string): boolean =>
    blankToUndefined(env[name]) !== undefined;

/** Retention periods that contradict each other or the backfill. */
function retentionProblems(data: Parsed): string[] {
  const problems: string[] = [];
  if (data.RETENTION_DAYS < data.BACKFILL_DAYS)
    problems.push(
      `RETENTION_DAYS (${data.RETENTION_DAYS}) is shorter than BACKFILL_DAYS (${data.BACKFILL_DAYS}): a full sync would read back text that retention removed; raise it or lower BACKFILL_DAYS`,
    );
  if (data.METADATA_RETENTION_DAYS < data.RETENTION_DAYS)
    problems.push(
      `METADATA_RETENTION_DAYS (${data.METADATA_RETENTION_DAYS}) is shorter than RETENTION_DAYS (${data.RETENTION_DAYS}): text cannot outlive its interaction`,
    );
  return problems;
}

/** Any of these switches from the demo to a real tenant. */
const TENANT_KEYS = ['TENANT_ID', 'CLIENT_ID', 'CLIENT_SECRET', 'CLIENT_CERTIFICATE_PATH'];

/** A tenant needs its id, the app's id and exactly one credential: a client secret or a certificate. */
function credentialProblems(given: (name: string) => boolean): string[] {
  const secret = given('CLIENT_SECRET');
  const certificate = given('CLIENT_CERTIFICATE_PATH');
  if (!given('TENANT_ID') || !given('CLIENT_ID') || (!secret && !certificate)) {
    return [
      'TENANT_ID, CLIENT_ID and a credential (CLIENT_SECRET or CLIENT_CERTIFICATE_PATH) go together: set all three for a tenant, or none for the demo',
    ];
  }
  if (secret && certificate) {
    return ['CLIENT_SECRET and CLIENT_CERTIFICATE_PATH are both set: keep one credential (a certificate is preferred)'];
  }
  return [];
}

/**
 * A real tenant is production: refuse settings that are only safe for the local demo. The admin rule must be
 * explicit, because ADMIN_ROLE's default only admits someone once that role is assigned in Entra.
 */
function productionProblems(given: (name: string) => boolean, env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  if (!given('MONGODB_URI')) {
    problems.push(
      'MONGODB_URI is required with a real tenant: the embedded database is for the demo (one machine, and the emulator keeps data in memory only)',
    );
  }
  if (!given('ADMIN_ROLE') && !given('ADMIN_USER_IDS') && !given('ADMIN_GROUP_IDS')) {
    problems.push(
      "No admin rule: set ADMIN_ROLE (the app role assigned in Entra, e.g. CopilotObservatory.Admin), ADMIN_USER_IDS or ADMIN_GROUP_IDS, so it is explicit who may read the tenant's Copilot usage",
    );
  }
  const demoKeys = ['DEMO_USERS', 'DEMO_SEED', 'DEMO_TIER'].filter(given);
  if (demoKeys.length > 0) {
    problems.push(
      `${demoKeys.join(' and ')} only ${demoKeys.length > 1 ? 'apply' : 'applies'} to the demo tenant, but a real tenant is configured: remove ${demoKeys.length > 1 ? 'them' : 'it'} so it is clear which tenant this instance reads`,
    );
  }
  if (!given('STATE_SIGNING_KEY')) {
    problems.push(
      'STATE_SIGNING_KEY is required with a real tenant: the same random value (32+ characters) on every instance signs the "Connect with Microsoft" state, e.g. `openssl rand -base64 48` (Teams Toolkit provision makes one)',
    );
  }
  if (given('NOTIFICATION_URL') && !/^https:\/\//i.test(String(env.NOTIFICATION_URL).trim())) {
    problems.push(
      'NOTIFICATION_URL must be https:// with a real tenant (Graph only delivers change notifications over https)',
    );
  }
  if (given('PUBLIC_URL') && !/^https:\/\//i.test(String(env.PUBLIC_URL).trim())) {
    problems.push('PUBLIC_URL must be https:// with a real tenant (Teams only loads tabs and bots over https)');
  }
  return problems;
}
