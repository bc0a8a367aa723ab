import { ANSWER_PAGE_SIZE, type AnswerColumn, type AskAnswer, type CellValue } from '../../server/core/ask/answerTypes';
import { card, facts, heading, openUrl, submit, text, type AdaptiveCard, type CardElement } from './cardElements';

/** Most columns a card table shows (Teams tables get unreadable beyond this on a phone). */
const MAX_COLUMNS = 5;
const MAX_CELL_CHARS = 160;

export function formatCell(value: CellValue, column: AnswerColumn): string {
  if (value === null || value === '') return '—';
  if (typeof value === 'number') return value.toLocaleString('en-US');
  if (column.kind === 'datetime' && /^\d{4}-\d{2}-\d{2}T/.test(value)) return `${value.slice(0, 16).replace('T', ' ')}`;
  if (column.kind === 'date') return value.slice(0, 10);
  return value.length > MAX_CELL_CHARS ? `${value.slice(0, MAX_CELL_CHARS - 1)}…` : value;
}

/** The answer's table as an Adaptive Card Table element (schema 1.5). */
function table(answer: AskAnswer): CardElement {
  const columns = answer.columns.slice(0, MAX_COLUMNS);
  const cell = (value: string, bold = false, right = false): CardElement => ({
    type: 'TableCell',
    items: [text(value, { weight: bold ? 'Bolder' : 'Default', horizontalAlignment: right ? 'Right' : 'Left' })],
  });
  const header = columns.map((c) => c.title);
  const body = answer.rows.map((row) => columns.map((c) => formatCell(row[c.key] ?? null, c)));
  // Hosts without Table (before schema 1.5) render the same rows as column sets.
  const fallback: CardElement = {
    type: 'Container',
    items: [header, ...body].map((cells, i) => ({
      type: 'ColumnSet',
      separator: i === 1,
      columns: cells.map((value, j) => ({
        type: 'Column',
        width: columns[j]!.kind === 'number' ? 'auto' : 'stretch',
        items: [text(value, { weight: i === 0 ? 'Bolder' : 'Default', size: 'Small' })],
      })),
    })),
  };
  return {
    type: 'Table',
    fallback,
    gridStyle: 'accent',
    firstRowAsHeader: true,
    columns: columns.map((c) => ({ width: c.kind === 'number' ? 1 : 2 })),
    rows: [
      { type: 'TableRow', style: 'accent', cells: columns.map((c) => cell(c.title, true, c.kind === 'number')) },
      ...body.map((cells) => ({
        type: 'TableRow',
        cells: cells.map((value, j) => cell(value, false, columns[j]!.kind === 'number')),
      })),
    ],
  };
}

/**
 * The Reason field of a `reason_needed` answer: Teams sends its value with the Show prompts button's data (as
 * `reason`, beside the question's token); the server checks it again. A typed fallback for clients without inputs.
 */
function reasonField(): CardElement[] {
  return [
    {
      type: 'Input.Text',
      id: 'reason',
      label: 'Reason',
      placeholder: 'A ticket number or a few words',
      isMultiline: true,
      maxLength: 500,
      isRequired: true,
      errorMessage: 'Say why, in at least 5 characters.',
    },
    text('Or type the question again followed by "reason:" and your reason.', { isSubtle: true, size: 'Small' }),
  ];
}

/**
 * An answer as a card: how the question was read (one line, first, so a misreading shows at a glance), the sentence,
 * the table, filters, freshness, a link into the tab, paging and choices.
 */
export function answerCard(answer: AskAnswer): AdaptiveCard {
  const body: CardElement[] = [];
  if (answer.interpretation)
    body.push(text(answer.interpretation, { id: 'interpretation', isSubtle: true, size: 'Small', wrap: true }));
  body.push(text(answer.summary, { weight: 'Bolder' }));
  if (answer.rows.length > 0 && answer.columns.length > 0) body.push(table(answer));
  if (answer.totalRows > answer.rows.length || answer.page > 1) {
    const first = (answer.page - 1) * ANSWER_PAGE_SIZE + 1;
    body.push(
      text(`Rows ${first}–${first + answer.rows.length - 1} of ${answer.totalRows}`, { isSubtle: true, size: 'Small' }),
    );
  }
  if (answer.filters.length > 0) body.push(facts(answer.filters.map((f) => ({ title: f.label, value: f.value }))));
  if (answer.kind === 'table' || answer.kind === 'not_available')
    body.push(
      text(
        answer.dataAsOf
          ? `Data as of ${answer.dataAsOf.slice(0, 16).replace('T', ' ')} UTC`
          : 'No sync has finished yet.',
        {
          isSubtle: true,
          size: 'Small',
        },
      ),
    );
  if (answer.suggestions.length > 0) body.push(heading('Try asking'));
  const actions: CardElement[] = [];
  if (answer.kind === 'reason_needed' && answer.reasonToken) {
    body.push(...reasonField());
    actions.push(submit('Show prompts', { action: 'reason', token: answer.reasonToken }));
  }
  for (const choice of answer.choices.slice(0, 5))
    actions.push(
      submit(
        choice.label,
        choice.queryToken ? { action: 'page', token: choice.queryToken } : { action: 'ask', question: choice.question },
      ),
    );
  for (const question of answer.suggestions.slice(0, 6)) actions.push(submit(question, { action: 'ask', question }));
  if (answer.nextPageToken) actions.push(submit('Next page', { action: 'page', token: answer.nextPageToken }));
  if (answer.kind === 'table' && answer.question && answer.form)
    actions.push({
      type: 'Action.ShowCard',
      title: 'Save question',
      card: {
        type: 'AdaptiveCard',
        version: '1.5',
        body: [
          {
            type: 'Input.Text',
            id: 'name',
            label: 'Name',
            maxLength: 80,
            isRequired: true,
            errorMessage: 'A name is needed',
          },
        ],
        actions: [submit('Save', { action: 'save', question: answer.question })],
      },
    });
  if (answer.tabLink) actions.push(openUrl('Open in the tab', answer.tabLink));
  return card(body, actions);
}
