import type { Response } from 'express';
import type { Page } from '../core/insights/types';
import { sendCsv, type CsvColumn } from './csv';
import { presentPage } from './presenters';
import { CSV_MAX_ROWS, DEFAULT_LIMIT } from './queryValidation';

/** Set on a CSV export cut at CSV_MAX_ROWS: the number of rows it holds. */
export const CSV_TRUNCATED_HEADER = 'X-Export-Truncated';
/** Beside it, how many rows the filters matched in all. */
export const CSV_TOTAL_HEADER = 'X-Total-Count';

export interface ListRequest {
  limit?: number;
  cursor?: string;
  format?: 'json' | 'csv';
}

/**
 * Answers a list endpoint: one page as JSON, or with `format=csv` every row from the first (cursor and limit
 * ignored) up to CSV_MAX_ROWS, as an attachment (headers say when the export was cut there).
 */
export async function respondList<T, W>(
  res: Response,
  request: ListRequest,
  options: {
    /** Most rows one CSV export holds (CSV_MAX_ROWS). */
    csvMaxRows?: number;
    view: string;
    now: Date;
    fetch: (limit: number, cursor: string | undefined) => Promise<Page<T>>;
    present: (item: T) => W;
    columns: CsvColumn<T>[];
  },
): Promise<void> {
  if (request.format === 'csv') {
    const maxRows = options.csvMaxRows ?? CSV_MAX_ROWS;
    const page = await options.fetch(maxRows, undefined);
    // More rows than an export holds: say so in headers (the tab tells the admin), never silently.
    if (page.nextCursor !== null) {
      res.setHeader(CSV_TRUNCATED_HEADER, String(page.items.length));
      res.setHeader(CSV_TOTAL_HEADER, String(page.total));
    }
    sendCsv(res, options.view, options.now, options.columns, page.items);
    return;
  }
  const page = await options.fetch(request.limit ?? DEFAULT_LIMIT, request.cursor);
  res.json(presentPage(page, options.present));
}

/** The name columns every user-bearing row shares. */
export const userColumns = <
  T extends { userId: string; displayName: string | null; userPrincipalName: string | null; department: string | null },
>(): CsvColumn<T>[] => [
  { header: 'User', value: (r) => r.displayName },
  { header: 'UPN', value: (r) => r.userPrincipalName },
  { header: 'Department', value: (r) => r.department },
  { header: 'User id', value: (r) => r.userId },
];
