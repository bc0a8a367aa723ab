import express from 'express';
import request from 'supertest';
import { sendCsv, toCsv } from '../../server/api/csv';
import { parseCsv } from './apiClient';

/** What a spreadsheet runs as a formula when a cell starts with it (OWASP CSV injection). */
const FORMULA_STARTS = ['=', '+', '-', '@', '\t', '\r'];

describe('CSV cells a spreadsheet would run as formulas', () => {
  const column = [{ header: 'value', value: (row: { v: string | number }) => row.v }];
  const cellOf = (v: string | number): string => parseCsv(toCsv(column, [{ v }]))[1]![0]!;

  it.each(FORMULA_STARTS.map((c) => [JSON.stringify(c), c]))(
    'get a leading apostrophe when text starts with %s',
    (_name, start) => {
      const text = `${start}SUM(A1:A9)`;
      expect(cellOf(text)).toBe(`'${text}`);
    },
  );

  it('are left alone otherwise: ordinary text, a sign inside the text, and numbers', () => {
    expect(cellOf('Sales')).toBe('Sales');
    expect(cellOf('Q3-plan=final')).toBe('Q3-plan=final');
    expect(cellOf(' =not first')).toBe(' =not first');
    expect(cellOf(-5)).toBe('-5');
  });

  it('keeps a quoted cell with a carriage return whole', () => {
    const csv = toCsv(column, [{ v: '\r=cmd' }, { v: 'next' }]);
    expect(parseCsv(csv).slice(1)).toEqual([["'\r=cmd"], ['next']]);
  });
});

describe('CSV text', () => {
  it('is RFC 4180: a header row, CRLF rows, empty cells for missing values, quotes only where needed', () => {
    const columns = [
      { header: 'name', value: (r: { name: string | null; note?: string; n: number }) => r.name },
      { header: 'note, if any', value: (r: { name: string | null; note?: string; n: number }) => r.note },
      { header: 'n', value: (r: { name: string | null; note?: string; n: number }) => r.n },
    ];
    const csv = toCsv(columns, [
      { name: null, note: undefined, n: 0 },
      { name: 'Ana', note: 'said "yes", twice', n: 2 },
      { name: 'line\nbreak', n: 3 },
    ]);
    expect(csv).toBe('name,"note, if any",n\r\n,,0\r\nAna,"said ""yes"", twice",2\r\n"line\nbreak",,3\r\n');
  });

  it('quotes a cell holding a lone carriage return, which spreadsheets read as a line break', () => {
    const column = [{ header: 'note', value: (r: { v: string }) => r.v }];
    expect(toCsv(column, [{ v: 'first\rsecond' }, { v: 'plain' }])).toBe('note\r\n"first\rsecond"\r\nplain\r\n');
  });

  it('is sent as a dated UTF-8 attachment with a BOM, named for the view', async () => {
    const app = express();
    app.get('/x', (_req, res) =>
      sendCsv(
        res,
        'users',
        new Date('2026-11-20T23:59:00.000Z'),
        [{ header: 'a', value: (r: { a: string }) => r.a }],
        [{ a: 'é' }],
      ),
    );
    const res = await request(app)
      .get('/x')
      .buffer(true)
      .parse((r, done) => {
        let text = '';
        r.setEncoding('utf8');
        r.on('data', (chunk: string) => (text += chunk));
        r.on('end', () => done(null, text));
      });
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="copilot-observatory-users-2026-11-20.csv"');
    expect(res.body).toBe('\uFEFFa\r\né\r\n');
  });
});
