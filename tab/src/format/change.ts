import type { DepartmentFigures } from '../../../server/api/contracts';
import { formatNumber } from './format';

/** The figures of a period that cannot be compared with (it lies before the synced history). */
export const UNKNOWN: DepartmentFigures = {
  licensedUsers: null,
  activeUsers: null,
  activePercent: null,
  prompts: null,
  promptsPerActiveUser: null,
};

/**
 * A figure's change against the previous period as text ("+12%", "−3.5 pts" for percentages, "new" after zero),
 * or null when there is nothing to compare.
 */
export function changeText(
  current: number | null,
  previous: number | null,
  kind: 'relative' | 'points',
): string | null {
  if (current === null || previous === null) return null;
  const diff = current - previous;
  const sign = diff > 0 ? '+' : diff < 0 ? '−' : '±';
  if (kind === 'points') return `${sign}${formatNumber(Math.round(Math.abs(diff) * 10) / 10)} pts`;
  if (previous === 0) return current === 0 ? '±0%' : 'new';
  return `${sign}${formatNumber(Math.round((Math.abs(diff) / previous) * 100))}%`;
}
