import type { Response } from 'express';
import type { Page } from '../core/insights/types';
import { sendCsv, type CsvColumn } from './csv';
import { presentPage } from './presenters';
import { CSV_MAX_ROWS, DEFAULT_LIMIT } from './queryValidation';

export interface ListRequest {
  limit?: number;
  cursor?: string;
  format?: 'json' | 'csv';
}

/**
 * Answers a list endpoint: one page as JSON, or with `format=csv` every row from the first (cursor and limit
 * ignored) up to CSV_MAX_ROWS, as an attachment.
 */
export async function respondList<T, W>(
  res: Response,
  request: ListRequest,
  options: {
    view: string;
    now: Date;
    fetch: (limit: number, cursor: string | undefined) => Promise<Page<T>>;
    present: (item: T) => W;
    columns: CsvColumn<T>[];
  },
): Promise<void> {
  if (request.format === 'csv') {
    const page = await options.fetch(CSV_MAX_ROWS, undefined);
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
