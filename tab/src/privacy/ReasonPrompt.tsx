import { Button, Field, makeStyles, Subtitle2, Textarea, tokens } from '@fluentui/react-components';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';

/** Fewest characters the server accepts (server/core/privacy/accessReason.ts MIN_REASON_LENGTH). */
const MIN_LENGTH = 5;

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, maxWidth: '40rem' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS },
});

interface ReasonPromptProps {
  /** The reason (trimmed, 5+ characters), or null when the person cancels. */
  onAnswer: (reason: string | null) => void;
  /** The question's heading level where the form stands (h2 on the page under its h1, h3 in the panel). */
  headingLevel: 'h2' | 'h3';
  /** What is about to be read, when not a conversation (the Ask view's list of a person's prompts). */
  wording?: { question: string; explanation: string; submit: string };
}

const CONVERSATION_WORDING = {
  question: 'Why are you opening this conversation?',
  explanation:
    "It holds what an employee asked Copilot and what Copilot answered. Your reason is kept in the access log with your name and the time, for your organisation's privacy officer.",
  submit: 'Open conversation',
};

/**
 * The question before a conversation's text is shown: why, kept in the access log with the viewer's name. An inline
 * form, where the text will be (the conversation page, or the feed's side panel): a modal dialog over the panel would
 * be a second modal surface, each hiding the other from assistive technology.
 */
export function ReasonPrompt({ onAnswer, headingLevel, wording = CONVERSATION_WORDING }: ReasonPromptProps) {
  const styles = useStyles();
  const titleId = useId();
  const explainedId = useId();
  const field = useRef<HTMLTextAreaElement>(null);
  const [reason, setReason] = useState('');
  // The question is what the person has to do next: the field takes the focus when it appears.
  useEffect(() => field.current?.focus(), []);
  const valid = reason.trim().length >= MIN_LENGTH;
  const answer = (form: HTMLFormElement, value: string | null) => {
    // The form goes away with the answer: the focus must not fall to the page's body (out of the side panel, whose
    // Esc would no longer reach it). It moves to the panel itself, or to the page's title.
    const home = form.closest<HTMLElement>('[role="dialog"]') ?? form.closest('main')?.querySelector<HTMLElement>('h1');
    home?.focus();
    onAnswer(value);
  };
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (valid) answer(event.currentTarget, reason.trim());
  };
  return (
    <form className={styles.form} aria-labelledby={titleId} aria-describedby={explainedId} onSubmit={submit}>
      <Subtitle2 as={headingLevel} id={titleId}>
        {wording.question}
      </Subtitle2>
      <p id={explainedId}>{wording.explanation}</p>
      <Field
        label="Reason"
        required
        hint={`A ticket number or a few words, at least ${MIN_LENGTH} characters.`}
        validationState={reason && !valid ? 'error' : 'none'}
      >
        <Textarea
          ref={field}
          value={reason}
          onChange={(_e, d) => setReason(d.value)}
          maxLength={500}
          resize="vertical"
        />
      </Field>
      <div className={styles.actions}>
        <Button appearance="primary" type="submit" disabled={!valid}>
          {wording.submit}
        </Button>
        <Button
          appearance="secondary"
          onClick={(event) => event.currentTarget.form && answer(event.currentTarget.form, null)}
        >
          Cancel
        </Button>
      </div>
    </form>
  );
}
