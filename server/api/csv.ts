import type { Response } from 'express';

/** One CSV column: its header and how to read the cell from a row. */
export interface CsvColumn<T> {
  header: string;
  value: (row: T) => string | number | boolean | Date | null | undefined;
}

/**
 * RFC 4180 text: every cell quoted when it holds a comma, quote, CR or LF; a cell a spreadsheet would run as a
 * formula (= + - @, tab, CR first) gets a leading apostrophe (OWASP CSV injection guidance).
 */
export function toCsv<T>(columns: CsvColumn<T>[], rows: Iterable<T>): string {
  const lines = [columns.map((c) => cell(c.header)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => cell(c.value(row))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

function cell(value: string | number | boolean | Date | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Sends CSV as an attachment named for the view and the day, UTF-8 with a BOM so Excel reads accents right. */
export function sendCsv<T>(res: Response, view: string, now: Date, columns: CsvColumn<T>[], rows: Iterable<T>): void {
  const filename = `copilot-observatory-${view}-${now.toISOString().slice(0, 10)}.csv`;
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  res.send(`\uFEFF${toCsv(columns, rows)}`);
}
