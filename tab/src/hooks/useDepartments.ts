import type { DepartmentAdoption, DepartmentDetail } from '../../../server/api/contracts';
import { useApiResource, type Resource } from './useApiResource';

/** Adoption by department over a range, against the previous period of equal length. */
export function useDepartments(range: { from: string; to: string }): Resource<DepartmentAdoption> {
  return useApiResource<DepartmentAdoption>('/api/departments', { from: range.from, to: range.to });
}

/** One department's figures, apps, top users and days over a range. */
export function useDepartment(name: string | null, range: { from: string; to: string }): Resource<DepartmentDetail> {
  return useApiResource<DepartmentDetail>(name === null ? null : `/api/departments/${encodeURIComponent(name)}`, {
    from: range.from,
    to: range.to,
  });
}
