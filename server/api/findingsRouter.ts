import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import type { AppContext } from '../appContext';
import { principalOf, tierOfResponse } from '../auth/middleware';
import { tierAtLeast } from '../core/privacy/tiers';
import {
  createSuppression,
  deleteSuppression,
  FINDING_SORTS,
  FINDING_STATUSES,
  getFinding,
  listFindings,
  listSuppressions,
  updateFinding,
  type Finding,
} from '../core/risk/findingQueries';
import { summarizeFindings } from '../core/risk/findingSummary';
import { RISK_CATEGORIES, SEVERITIES, type Severity } from '../core/risk/types';
import { deleteWatchlistEntry, listWatchlist, saveWatchlistEntry } from '../core/risk/watchlistQueries';
import { notFound, validationFailed } from '../errors';
import { jsonBody } from '../http/jsonBody';
import { respondList } from './listResponse';
import { optionalRangeOf, parseQuery, q, rangeOf } from './queryValidation';

const oneOf = <T extends string>(values: readonly T[]) =>
  z.preprocess((v) => (v === '' ? undefined : v), z.enum(values as [T, ...T[]]).optional());

const findingsQuery = z
  .object({
    category: oneOf(RISK_CATEGORIES),
    severity: oneOf(SEVERITIES),
    status: oneOf(FINDING_STATUSES),
    userId: q.userId,
    appKey: q.appKey,
    from: q.date,
    to: q.date,
    limit: q.limit,
    cursor: q.cursor,
    sort: oneOf(FINDING_SORTS),
    direction: q.direction,
    format: q.format,
  })
  .strict();
const summaryQuery = z.object({ userId: q.userId, appKey: q.appKey, from: q.date, to: q.date }).strict();
/** Days the risk card's trend covers when the caller names no range. */
const TREND_DAYS = 14;
const DAY_MS = 86_400_000;
const detailQuery = z.object({}).strict();
const patchBody = z
  .object({
    status: z.enum(FINDING_STATUSES as [string, ...string[]]).optional(),
    note: z.string().max(2000).nullable().optional(),
  })
  .strict()
  .refine((b) => b.status !== undefined || b.note !== undefined, 'Give a status, a note or both.');
const suppressionBody = z
  .object({
    rule: z
      .string()
      .trim()
      .min(1)
      .max(120)
      .regex(/^[\w*/.-]+$/, 'must be a rule id or *'),
    userId: z.string().trim().min(1).max(128).nullable().optional(),
    resource: z.string().trim().min(1).max(2000).nullable().optional(),
    note: z.string().max(2000).nullable().optional(),
  })
  .strict();

const watchlistBody = z
  .object({
    name: z.string().trim().min(1).max(120),
    pattern: z.string().min(1).max(200),
    regex: z.boolean().optional(),
    severity: z.enum(SEVERITIES as [string, ...string[]]),
  })
  .strict();

function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) throw validationFailed(`The request body is not valid: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** Evidence (the masked value found) is what someone typed or was shown: Investigators and Admins only. */
const withinTier = (res: Response, f: Finding): Finding =>
  tierAtLeast(tierOfResponse(res), 'Investigator') ? f : { ...f, evidence: [] };

const handle =
  (fn: (req: Request, res: Response) => Promise<void>): RequestHandler =>
  (req: Request, res: Response, next: NextFunction) => {
    fn(req, res).catch(next);
  };

/** What the API shows of a finding: masked evidence only (the values were never stored). */
function presentFinding(f: Finding): Omit<Finding, 'history'> {
  return {
    id: f.id,
    category: f.category,
    severity: f.severity,
    confidence: f.confidence,
    status: f.status,
    rule: f.rule,
    title: f.title,
    source: f.source,
    interactionId: f.interactionId,
    sessionId: f.sessionId,
    conversationId: f.conversationId,
    userId: f.userId,
    displayName: f.displayName,
    userPrincipalName: f.userPrincipalName,
    appKey: f.appKey,
    appClass: f.appClass,
    interactionAt: f.interactionAt,
    detectedAt: f.detectedAt,
    lastDetectedAt: f.lastDetectedAt,
    evidence: f.evidence.map((e) => ({
      type: e.type,
      path: e.path,
      start: e.start,
      end: e.end,
      masked: e.masked,
      hash: e.hash,
    })),
    note: f.note,
    statusChangedAt: f.statusChangedAt,
    statusChangedBy: f.statusChangedBy,
  };
}

/** A finding with its triage history (who, when, note). */
function presentFindingDetail(f: Finding): Finding {
  return {
    ...presentFinding(f),
    history: f.history.map((h) => ({ status: h.status, by: h.by, byName: h.byName, at: h.at, note: h.note })),
  };
}

/**
 * Risk findings: GET /findings (filters, sort, paging, CSV), GET /findings/summary (the risk card), GET/PATCH
 * /findings/:id (triage with who, when and a note), GET/POST /finding-suppressions, DELETE /finding-suppressions/:id,
 * GET/POST /risk-watchlist, DELETE /risk-watchlist/:id. Mounted behind the admin rule like every route.
 */
export function createFindingsRouter(ctx: AppContext): Router {
  const router = Router();
  router.get(
    '/findings',
    handle(async (req, res) => {
      const query = parseQuery(findingsQuery, req.query);
      const range = optionalRangeOf(query, ctx.now());
      await respondList(res, query, {
        csvMaxRows: ctx.config.CSV_MAX_ROWS,
        view: 'findings',
        now: ctx.now(),
        fetch: async (limit, cursor) => {
          const page = await listFindings(ctx.store, ctx.tenantId, { ...query, range, limit, cursor });
          return { ...page, items: page.items.map((f) => withinTier(res, f)) };
        },
        present: (f) => presentFinding(f),
        columns: [
          { header: 'Interaction time', value: (f) => f.interactionAt },
          { header: 'Detected', value: (f) => f.detectedAt },
          { header: 'Severity', value: (f) => f.severity },
          { header: 'Category', value: (f) => f.category },
          { header: 'Status', value: (f) => f.status },
          { header: 'Rule', value: (f) => f.rule },
          { header: 'Finding', value: (f) => f.title },
          { header: 'User', value: (f) => f.displayName },
          { header: 'UPN', value: (f) => f.userPrincipalName },
          { header: 'User id', value: (f) => f.userId },
          { header: 'App', value: (f) => f.appKey },
          { header: 'Session', value: (f) => f.sessionId },
          { header: 'Interaction id', value: (f) => f.interactionId },
          { header: 'Evidence', value: (f) => f.evidence.map((e) => `${e.type}: ${e.masked}`).join('; ') },
          { header: 'Finding id', value: (f) => f.id },
        ],
      });
    }),
  );
  // Before /findings/:id, which would read "summary" as an id.
  router.get(
    '/findings/summary',
    handle(async (req, res) => {
      const query = parseQuery(summaryQuery, req.query);
      // By default the trend's days are whole UTC days: today and the 13 before.
      const to = query.to ?? ctx.now();
      const from = query.from ?? new Date(Math.floor(to.getTime() / DAY_MS) * DAY_MS - (TREND_DAYS - 1) * DAY_MS);
      const range = rangeOf({ from, to }, ctx.now());
      const filter = { userId: query.userId, appKey: query.appKey };
      res.json(await summarizeFindings(ctx.store, ctx.tenantId, filter, range));
    }),
  );
  router.get(
    '/findings/:id',
    handle(async (req, res) => {
      parseQuery(detailQuery, req.query);
      res.json(presentFindingDetail(withinTier(res, await getFinding(ctx.store, ctx.tenantId, String(req.params.id)))));
    }),
  );
  router.patch(
    '/findings/:id',
    ...jsonBody(),
    handle(async (req, res) => {
      const body = parseBody(patchBody, req.body);
      const who = principalOf(res);
      const updated = await updateFinding(
        ctx.store,
        ctx.tenantId,
        String(req.params.id),
        { status: body.status as Finding['status'] | undefined, note: body.note },
        { userId: who.userId, name: who.name },
        ctx.now(),
      );
      res.json(presentFindingDetail(updated));
    }),
  );
  router.get(
    '/finding-suppressions',
    handle(async (req, res) => {
      parseQuery(detailQuery, req.query);
      res.json({ items: await listSuppressions(ctx.store, ctx.tenantId) });
    }),
  );
  router.post(
    '/finding-suppressions',
    ...jsonBody(),
    handle(async (req, res) => {
      const body = parseBody(suppressionBody, req.body);
      const created = await createSuppression(
        ctx.store,
        ctx.tenantId,
        { rule: body.rule, userId: body.userId ?? null, resource: body.resource ?? null, note: body.note ?? null },
        principalOf(res).userId,
        ctx.now(),
      );
      res.status(201).json(created);
    }),
  );
  router.delete(
    '/finding-suppressions/:id',
    handle(async (req, res) => {
      if (!(await deleteSuppression(ctx.store, ctx.tenantId, String(req.params.id)))) throw notFound('Suppression');
      res.status(204).end();
    }),
  );
  router.get(
    '/risk-watchlist',
    handle(async (req, res) => {
      parseQuery(detailQuery, req.query);
      res.json({ items: await listWatchlist(ctx.store, ctx.tenantId) });
    }),
  );
  router.post(
    '/risk-watchlist',
    ...jsonBody(),
    handle(async (req, res) => {
      const body = parseBody(watchlistBody, req.body);
      const saved = await saveWatchlistEntry(
        ctx.store,
        ctx.tenantId,
        { name: body.name, pattern: body.pattern, regex: body.regex ?? false, severity: body.severity as Severity },
        principalOf(res).userId,
        ctx.now(),
      );
      res.status(201).json(saved);
    }),
  );
  router.delete(
    '/risk-watchlist/:id',
    handle(async (req, res) => {
      if (!(await deleteWatchlistEntry(ctx.store, ctx.tenantId, String(req.params.id))))
        throw notFound('Watch-list entry');
      res.status(204).end();
    }),
  );
  return router;
}
