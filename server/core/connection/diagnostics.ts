import type { SyncRunDoc, TenantConnectionDoc } from '../../store/documents';
import type { Store } from '../../store/Store';
import { toRunSummary } from '../insights/syncStatus';
import { readConnection } from './connectionRecord';

/**
 * "Copy diagnostics": what support needs to see why a tenant does not sync — identifiers, connection state, the
 * last test and the last sync runs with their errors. Built from an explicit list of fields: never secrets, tokens,
 * connection strings or prompt text (interactions are not read at all), and scrubbed once more before it leaves.
 */
export interface DiagnosticsDeps {
  store: Store;
  now: () => Date;
  app: { version: string; mode: 'demo' | 'tenant'; instanceId: string | null; publicUrl: string };
  tenant: { tenantId: string; clientId: string; authorityHost: string; graphBaseUrl: string };
  database: { engine: string; persistent: boolean };
  /** Non-secret settings that change what a sync does (SKUs, windows, rates, admin rule). */
  settings: Record<string, string | number | boolean | string[] | null>;
  /** Secret values that must never appear, whatever field they might have leaked into. */
  secrets: ReadonlyArray<string | undefined>;
  runLimit?: number;
}

const ERRORS_PER_RUN = 20;

export async function collectDiagnostics(deps: DiagnosticsDeps): Promise<Record<string, unknown>> {
  const [connection, runs] = await Promise.all([
    readConnection(deps.store, deps.tenant.tenantId),
    deps.store.syncRuns
      .find({ tenantId: deps.tenant.tenantId })
      .sort({ startedAt: -1 })
      .limit(deps.runLimit ?? 10)
      .toArray(),
  ]);
  const report = {
    generatedAt: deps.now().toISOString(),
    app: { ...deps.app, node: process.version },
    tenant: deps.tenant,
    database: deps.database,
    connection: presentConnection(connection),
    settings: deps.settings,
    syncRuns: runs.map(presentRun),
  };
  return scrub(report, deps.secrets) as Record<string, unknown>;
}

function presentConnection(doc: TenantConnectionDoc | null): Record<string, unknown> {
  if (!doc) return { status: 'not_connected', consentedAt: null, lastError: null, lastTest: null };
  return {
    status: doc.status,
    consentedAt: doc.consentedAt,
    consentedBy: doc.consentedBy ?? null,
    lastError: doc.lastError,
    lastTest: doc.lastTest,
    updatedAt: doc.updatedAt,
  };
}

/** The Sync view's run summary, plus Graph figures and each error's HTTP status (capped per run). */
function presentRun(run: SyncRunDoc): Record<string, unknown> {
  const summary = toRunSummary(run);
  return {
    ...summary,
    graph: run.graph,
    errors: summary.errors.slice(0, ERRORS_PER_RUN).map((e, i) => ({ ...e, status: run.errors[i]?.status ?? null })),
  };
}

const JWT_LIKE = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g;

/** Replaces secret values and anything shaped like a bearer token in every string of the report. */
function scrub(value: unknown, secrets: ReadonlyArray<string | undefined>): unknown {
  const known = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 8);
  const clean = (text: string): string =>
    known.reduce((out, secret) => out.split(secret).join('[redacted]'), text).replace(JWT_LIKE, '[redacted token]');
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return clean(v);
    if (v instanceof Date) return v.toISOString();
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value);
}
