import { createHash } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { GRAPH_RESOURCE } from './accessTokens';
import { entraErrorBody, entraErrors, type EntraError } from './entraErrors';
import { graphRoute } from './graphPipeline';
import { requestIds, requestOrigin, sendGraphError, sendGraphJson } from './graphResponses';
import { parseQueryOptions } from './odataQuery';
import type { SimulatorContext } from './simulatorContext';

/**
 * Microsoft Entra's admin-consent endpoint (`GET /{tenant}/v2.0/adminconsent`, Microsoft Learn: admin consent on the Microsoft identity platform) and the states a
 * tenant's connection can be in, switched through `/_simulator/consent`: what the administrator does on the consent
 * page, whether consent exists (tokens carry the app's roles or none, so Graph answers 403 as it does for an
 * unconsented app, §4.1), a wrong or expired client secret, no Copilot licenses, users without the service plan.
 */
export interface ConsentSwitches {
  /** What the next visits to the consent page end with. */
  outcome: 'grant' | 'decline' | 'error' | 'wrong_tenant';
  /** The `error` redirect for outcome 'error'. */
  error: { error: string; code: number; description: string };
  /** Admin consent exists: issued tokens carry the app's roles. */
  granted: boolean;
  /** How the token endpoint treats the app's current secret. */
  secret: 'valid' | 'invalid' | 'expired';
  /** 'none': the licensed-users query finds nobody. */
  licenses: 'assigned' | 'none';
  /** 'missing': the export API answers 403 for every user, as for a license without the Copilot plan. */
  servicePlan: 'enabled' | 'missing';
  /** The application permissions a consent grants (default: the simulator's configured roles). */
  roles: readonly string[];
}

interface ConsentEmulation {
  switches: ConsentSwitches;
  /** The simulator's configured roles, for a reset. */
  configuredRoles: readonly string[];
  consentsGranted: number;
}

const DEFAULT_ERROR = { error: 'invalid_request', code: 90094, description: 'The grant requires admin permission.' };
const emulations = new WeakMap<SimulatorContext, ConsentEmulation>();

/** A consented tenant with working credentials, licenses and service plans. */
function defaultSwitches(roles: readonly string[]): ConsentSwitches {
  const base = { outcome: 'grant', error: DEFAULT_ERROR, granted: true, secret: 'valid' } as const;
  return { ...base, licenses: 'assigned', servicePlan: 'enabled', roles };
}

function emulation(ctx: SimulatorContext): ConsentEmulation {
  let state = emulations.get(ctx);
  if (!state) {
    state = { switches: defaultSwitches(ctx.appRoles), configuredRoles: ctx.appRoles, consentsGranted: 0 };
    emulations.set(ctx, state);
  }
  return state;
}

function setGranted(ctx: SimulatorContext, state: ConsentEmulation, granted: boolean): void {
  state.switches.granted = granted;
  // Tokens issued from now on carry the roles or none; earlier tokens keep theirs until they expire, as in Entra.
  ctx.appRoles = granted ? state.switches.roles : [];
}

const switchesSchema = z
  .object({
    outcome: z.enum(['grant', 'decline', 'error', 'wrong_tenant']).optional(),
    error: z
      .object({
        error: z.string().regex(/^[a-z_]{1,64}$/),
        code: z.number().int().min(1).max(99_999_999),
        description: z.string().max(500),
      })
      .strict()
      .optional(),
    granted: z.boolean().optional(),
    secret: z.enum(['valid', 'invalid', 'expired']).optional(),
    licenses: z.enum(['assigned', 'none']).optional(),
    servicePlan: z.enum(['enabled', 'missing']).optional(),
    roles: z.array(z.string().min(1).max(100)).max(20).optional(),
    reset: z.boolean().optional(),
  })
  .strict();

/** `GET|POST /_simulator/consent` (mounted inside the loopback-only control router). */
export function createConsentControlRouter(ctx: SimulatorContext): Router {
  const router = express.Router();
  const view = () => ({ ...emulation(ctx).switches, consentsGranted: emulation(ctx).consentsGranted });
  router.get('/', (_req, res) => res.json(view()));
  router.post('/', (req, res) => {
    const parsed = switchesSchema.safeParse(req.body ?? {});
    if (!parsed.success)
      return res.status(400).json({ error: { code: 'validation_failed', message: z.prettifyError(parsed.error) } });
    const state = emulation(ctx);
    const { reset, granted, ...rest } = parsed.data;
    if (reset) state.switches = defaultSwitches(state.configuredRoles);
    state.switches = { ...state.switches, ...rest };
    // Apply the roles and grant to the token endpoint (a reset or new roles take effect at once when granted).
    setGranted(ctx, state, granted ?? state.switches.granted);
    ctx.logger.info({ consent: state.switches }, 'Graph simulator consent switches changed.');
    res.json(view());
  });
  return router;
}

/**
 * The consent page and the switches' effect on the token endpoint and Graph. Mounted before the auth router and
 * the Graph routes; every handler passes the request on when its switch is off.
 */
export function createConsentRouter(ctx: SimulatorContext, paths: { users: RegExp; interactions: RegExp }): Router {
  const router = express.Router({ caseSensitive: false });
  router.get('/:tenant/v2.0/adminconsent', (req, res) => adminConsent(ctx, req, res));

  router.post(
    '/:tenant/oauth2/v2.0/token',
    express.urlencoded({ extended: false, limit: '64kb' }),
    (req, res, next) => {
      const { secret } = emulation(ctx).switches;
      const body = (req.body ?? {}) as Record<string, unknown>;
      if (secret === 'valid' || body.client_secret !== ctx.tenant.app.clientSecret) return next();
      const clientId = String(body.client_id ?? '');
      sendTokenError(
        ctx,
        req,
        res,
        secret === 'expired' ? entraErrors.expiredSecret(clientId) : entraErrors.invalidSecret(clientId),
      );
    },
  );

  const noLicensedUsers = graphRoute(ctx, 'users', (call) =>
    sendGraphJson(call.res, 200, { '@odata.context': `${call.origin}/${call.version}/$metadata#users`, value: [] }),
  );
  const noServicePlan = graphRoute(ctx, 'interactions', (call) =>
    sendGraphError(call.res, ctx.now(), 403, 'Forbidden', 'UnknownError'),
  );
  router.get(/.*/, (req, res, next) => {
    const { licenses, servicePlan } = emulation(ctx).switches;
    const path = safeDecode(req.path);
    const interactions = servicePlan === 'missing' ? paths.interactions.exec(path) : null;
    const users = licenses === 'none' && filtersOnLicenses(req.originalUrl) ? paths.users.exec(path) : null;
    const match = interactions ?? users;
    if (!match) return next();
    Object.assign(req.params, match.groups);
    return (interactions ? noServicePlan : noLicensedUsers)(req, res, next);
  });
  return router;
}

/** The consent page: checks the request like Entra (errors on a page, never redirected), then the chosen outcome. */
function adminConsent(ctx: SimulatorContext, req: Request, res: Response): void {
  const state = emulation(ctx);
  const q = (name: string): string | undefined =>
    typeof req.query[name] === 'string' ? (req.query[name] as string) : undefined;
  const tenant = String(req.params.tenant).toLowerCase();
  const page = (code: number, text: string): void => {
    res
      .status(400)
      .type('html')
      .send(`<!doctype html><title>Sign in to your account</title><p>AADSTS${code}: ${escapeHtml(text)}</p>`);
  };
  if (tenant === 'common') return page(90130, "The v2.0 adminconsent endpoint does not support 'common'.");
  if (![ctx.tenant.tenantId, ctx.tenant.domain, 'organizations'].includes(tenant))
    return page(90002, `Tenant '${req.params.tenant}' not found.`);
  const clientId = q('client_id');
  if (!clientId) return page(900144, "The request body must contain the following parameter: 'client_id'.");
  if (clientId.toLowerCase() !== ctx.tenant.app.clientId)
    return page(700016, `Application with identifier '${clientId}' was not found in the directory.`);
  const redirectUri = q('redirect_uri');
  if (!redirectUri || !/^https?:\/\//i.test(redirectUri) || !URL.canParse(redirectUri))
    return page(
      50011,
      `The redirect URI '${redirectUri ?? ''}' specified in the request does not match the redirect URIs configured for the application.`,
    );
  const scope = q('scope');
  if (!scope) return page(900144, "The request body must contain the following parameter: 'scope'.");
  if (!scope.split(/\s+/).some((s) => s.toLowerCase() === `${GRAPH_RESOURCE}/.default`))
    return page(
      70011,
      `The provided value for the input parameter 'scope' is not valid. The scope ${scope} is not valid.`,
    );

  const target = new URL(redirectUri);
  const set = (name: string, value: string) => target.searchParams.set(name, value);
  const { outcome } = state.switches;
  if (outcome === 'grant' || outcome === 'wrong_tenant') {
    set('admin_consent', 'True');
    set('tenant', outcome === 'grant' ? ctx.tenant.tenantId : otherTenantId(ctx.tenant.tenantId));
    set('scope', state.switches.roles.map((role) => `${GRAPH_RESOURCE}/${role}`).join(' '));
    if (outcome === 'grant') {
      setGranted(ctx, state, true);
      state.consentsGranted += 1;
    }
  } else {
    // v2.0 sends admin_consent=True on errors too (Microsoft Learn: admin consent on the Microsoft identity platform): clients must look at `error` first.
    const err =
      outcome === 'decline'
        ? {
            error: 'consent_required',
            code: 65004,
            description: 'The resource owner or authorization server denied the request.',
          }
        : state.switches.error;
    const body = entraErrorBody({ status: 400, ...err }, ctx.now(), requestOrigin(req, ctx.origin()));
    set('admin_consent', 'True');
    set('error', err.error);
    set('error_description', body.error_description);
  }
  const stateParam = q('state');
  if (stateParam !== undefined) set('state', stateParam);
  res.setHeader('Cache-Control', 'no-store, no-cache');
  res.redirect(302, target.toString());
}

function sendTokenError(ctx: SimulatorContext, req: Request, res: Response, error: EntraError): void {
  res.setHeader('Cache-Control', 'no-store, no-cache');
  res.setHeader('x-ms-request-id', requestIds(res).requestId);
  res
    .status(error.status)
    .json(entraErrorBody(error, ctx.now(), requestOrigin(req, ctx.origin()), req.get('client-request-id')));
}

function filtersOnLicenses(originalUrl: string): boolean {
  try {
    return /assignedLicenses/i.test(parseQueryOptions(originalUrl).get('filter') ?? '');
  } catch {
    // A malformed query: let the real route answer it with Graph's 400.
    return false;
  }
}

/** A stable tenant id that is not the simulated one (the admin signed in to another organisation). */
function otherTenantId(tenantId: string): string {
  const hex = createHash('sha256').update(`other:${tenantId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
