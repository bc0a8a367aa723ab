import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../appContext';
import { departmentAdoption } from '../core/insights/departmentAdoption';
import { departmentDetail } from '../core/insights/departmentDetail';
import type { DepartmentRow } from '../core/insights/departmentTypes';
import { sendCsv, type CsvColumn } from './csv';
import { presentDepartmentAdoption, presentDepartmentDetail } from './departmentPresenters';
import { parseQuery, q, rangeOf } from './queryValidation';
import { peopleForTier, pseudonymsOf } from './tierPresenters';
import { tierOfResponse } from '../auth/middleware';

const listQuery = z.object({ from: q.date, to: q.date, format: q.format }).strict();
const detailQuery = z.object({ from: q.date, to: q.date }).strict();
const departmentName = z.string().trim().min(1).max(200);

const CSV_COLUMNS: CsvColumn<DepartmentRow>[] = [
  { header: 'Department', value: (r) => r.department ?? 'No department' },
  { header: 'Departments merged', value: (r) => r.departments },
  { header: 'Licensed users', value: (r) => r.licensedUsers },
  { header: 'Active users', value: (r) => r.activeUsers },
  { header: 'Active / licensed %', value: (r) => r.activePercent },
  { header: 'Unreadable users (not counted)', value: (r) => r.unreadableUsers },
  { header: 'Prompts', value: (r) => r.prompts },
  { header: 'Prompts per active user', value: (r) => r.promptsPerActiveUser },
  { header: 'Active users (previous period)', value: (r) => r.previous.activeUsers },
  { header: 'Active / licensed % (previous period)', value: (r) => r.previous.activePercent },
  { header: 'Prompts per active user (previous period)', value: (r) => r.previous.promptsPerActiveUser },
];

/**
 * GET /departments (adoption by department over a range, default the last 30 days, against the previous period;
 * CSV with format=csv) and /departments/:name (one department: figures, apps, top users, days). Adoption is the
 * ask engine's (core/insights/adoption.ts): licensed users whose history could not be read are counted beside, in no
 * figure. Departments with fewer readable licensed users than MIN_GROUP_SIZE are never shown alone.
 */
export function createDepartmentsRouter(ctx: AppContext): Router {
  const router = Router();
  const minGroupSize = ctx.config.MIN_GROUP_SIZE;

  router.get('/departments', async (req, res) => {
    const query = parseQuery(listQuery, req.query);
    const adoption = await departmentAdoption(ctx.store, ctx.tenantId, rangeOf(query, ctx.now()), minGroupSize);
    if (query.format === 'csv') return sendCsv(res, 'departments', ctx.now(), CSV_COLUMNS, adoption.items);
    res.json(presentDepartmentAdoption(adoption));
  });

  router.get('/departments/:name', async (req, res) => {
    const query = parseQuery(detailQuery, req.query);
    const name = parseQuery(z.object({ name: departmentName }), req.params).name;
    const detail = await departmentDetail(ctx.store, ctx.tenantId, name, rangeOf(query, ctx.now()), minGroupSize);
    const body = presentDepartmentDetail(detail);
    res.json({ ...body, topUsers: peopleForTier(body.topUsers, tierOfResponse(res), pseudonymsOf(ctx)) });
  });

  return router;
}
