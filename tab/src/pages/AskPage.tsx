import {
  Button,
  Caption1,
  Field,
  Input,
  Link,
  MessageBar,
  MessageBarBody,
  Spinner,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useMemo, useState, type FormEvent } from 'react';
import type { AnswerColumn, AskAnswer, CellValue } from '../../../server/core/ask/answerTypes';
import { DataTable, type DataTableColumn } from '../components/DataTable';
import { PageHeader } from '../components/PageHeader';
import { useAsk } from '../hooks/useAsk';
import { formatDateTime } from '../format/format';
import { ReasonPrompt } from '../privacy/ReasonPrompt';

const useStyles = makeStyles({
  form: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'end', flexWrap: 'wrap' },
  question: { flexGrow: 1, minWidth: 'min(280px, 100%)' },
  answer: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    marginTop: tokens.spacingVerticalL,
  },
  summary: { fontWeight: tokens.fontWeightSemibold },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', alignItems: 'center' },
  meta: { color: tokens.colorNeutralForeground3 },
  saved: {
    marginTop: tokens.spacingVerticalXXL,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  savedItem: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
});

type Row = Record<string, CellValue> & { __id: string };

function formatCell(value: CellValue, column: AnswerColumn): string {
  if (value === null || value === '') return '—';
  if (typeof value === 'number') return value.toLocaleString();
  if (column.kind === 'datetime') return formatDateTime(String(value));
  return value;
}

/** The answer's table, in the tab's own data grid (Fluent DataGrid). */
function AnswerTable({ answer }: { answer: AskAnswer }) {
  const columns = useMemo<DataTableColumn<Row>[]>(
    () =>
      answer.columns.map((c) => ({
        id: c.key,
        header: c.title,
        render: (row: Row) => formatCell(row[c.key] ?? null, c),
      })),
    [answer.columns],
  );
  const rows = useMemo<Row[]>(() => answer.rows.map((r, i) => ({ ...r, __id: String(i) })), [answer.rows]);
  return <DataTable label="Answer" items={rows} columns={columns} getRowId={(r) => r.__id} />;
}

/** The question before a person's prompts are listed; the answer's summary says whose, and where the reason goes. */
function PromptsReason({ answer, onAnswer }: { answer: AskAnswer; onAnswer: (reason: string | null) => void }) {
  return (
    <ReasonPrompt
      headingLevel="h2"
      onAnswer={onAnswer}
      wording={{
        question: 'Why do you need to read these prompts?',
        explanation: answer.summary,
        submit: 'Show prompts',
      }}
    />
  );
}

/** Ask: plain-English questions answered by the bot's engine, with the same table, and saved questions. */
export default function AskPage() {
  const styles = useStyles();
  const state = useAsk();
  const [question, setQuestion] = useState('');
  const [name, setName] = useState('');
  const { answer } = state;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (question.trim()) void state.ask({ question });
  };

  return (
    <div>
      <PageHeader
        title="Ask"
        description='Ask about Copilot use in plain English, for example "top 10 users this week".'
      />
      <form className={styles.form} onSubmit={submit}>
        <Field label="Question" className={styles.question}>
          <Input
            value={question}
            maxLength={500}
            onChange={(_e, d) => setQuestion(d.value)}
            placeholder="Which apps does Alex use?"
          />
        </Field>
        <Button appearance="primary" type="submit" disabled={state.loading || !question.trim()}>
          Ask
        </Button>
      </form>

      {state.loading ? <Spinner label="Answering…" /> : null}
      {state.error ? (
        <MessageBar intent="error">
          <MessageBarBody>{state.error}</MessageBarBody>
        </MessageBar>
      ) : null}

      {answer && !state.loading ? (
        <section className={styles.answer} aria-live="polite">
          {answer.interpretation ? (
            <Caption1 className={styles.meta} aria-label="How the question was read">
              {answer.interpretation}
            </Caption1>
          ) : null}
          {answer.kind === 'reason_needed' && answer.reasonToken ? (
            <PromptsReason
              answer={answer}
              onAnswer={(reason) => (reason ? void state.ask({ token: answer.reasonToken!, reason }) : state.dismiss())}
            />
          ) : (
            <div className={styles.summary}>{answer.summary}</div>
          )}
          {answer.rows.length > 0 ? <AnswerTable answer={answer} /> : null}
          {answer.filters.length > 0 ? (
            <Caption1 className={styles.meta}>
              {answer.filters.map((f) => `${f.label}: ${f.value}`).join(' · ')}
            </Caption1>
          ) : null}
          {answer.kind === 'table' ? (
            <Caption1 className={styles.meta}>
              {answer.dataAsOf ? `Data as of ${formatDateTime(answer.dataAsOf)}` : 'No sync has finished yet.'}
              {answer.totalRows > answer.rows.length ? ` · page ${answer.page}, ${answer.totalRows} rows in all` : ''}
            </Caption1>
          ) : null}
          <div className={styles.row}>
            {answer.choices.map((c) => (
              <Button
                key={c.label}
                onClick={() => void state.ask(c.queryToken ? { token: c.queryToken } : { question: c.question })}
              >
                {c.label}
              </Button>
            ))}
            {answer.suggestions.map((s) => (
              <Button key={s} onClick={() => (setQuestion(s), void state.ask({ question: s }))}>
                {s}
              </Button>
            ))}
            {answer.nextPageToken ? (
              <Button onClick={() => void state.ask({ token: answer.nextPageToken! })}>Next page</Button>
            ) : null}
            {answer.tabLink ? (
              <Link href={answer.tabLink.slice(answer.tabLink.indexOf('#'))}>Open this view</Link>
            ) : null}
          </div>
          {answer.kind === 'table' && answer.question ? (
            <form
              className={styles.form}
              onSubmit={(e) => {
                e.preventDefault();
                if (name.trim()) void state.save(name.trim(), answer.question).then((ok) => ok && setName(''));
              }}
            >
              <Field label="Save this question as">
                <Input value={name} maxLength={80} onChange={(_e, d) => setName(d.value)} />
              </Field>
              <Button type="submit" disabled={!name.trim()}>
                Save
              </Button>
            </form>
          ) : null}
        </section>
      ) : null}

      <section className={styles.saved} aria-label="Saved questions">
        <h2>Saved questions</h2>
        {state.savedError ? (
          <MessageBar intent="warning">
            <MessageBarBody>{state.savedError}</MessageBarBody>
          </MessageBar>
        ) : null}
        {state.saved.length === 0 ? (
          <Caption1 className={styles.meta}>None yet: ask a question, then save it.</Caption1>
        ) : null}
        {state.saved.map((s) => (
          <div key={s.id} className={styles.savedItem}>
            <strong>{s.name}</strong>
            <span>{s.question}</span>
            <Button size="small" onClick={() => void state.run(s.id)}>
              Run
            </Button>
            <Button
              size="small"
              appearance="subtle"
              aria-label={`Delete ${s.name}`}
              onClick={() => void state.remove(s.id)}
            >
              Delete
            </Button>
          </div>
        ))}
      </section>
    </div>
  );
}
