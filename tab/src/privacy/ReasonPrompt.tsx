import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Textarea,
} from '@fluentui/react-components';
import { useEffect, useState, type FormEvent } from 'react';
import { onReasonRequest, type ReasonRequest } from './accessReasons';

/** Fewest characters the server accepts (server/api/conversationsRouter.ts MIN_REASON_LENGTH). */
const MIN_LENGTH = 5;

/** The question before a conversation's text is shown: why, kept in the access log with the viewer's name. */
export function ReasonPrompt() {
  const [request, setRequest] = useState<ReasonRequest | null>(null);
  const [reason, setReason] = useState('');
  useEffect(() => onReasonRequest(setRequest), []);
  useEffect(() => setReason(''), [request]);
  const valid = reason.trim().length >= MIN_LENGTH;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (valid) request?.answer(reason.trim());
  };
  return (
    <Dialog open={request !== null} modalType="alert" onOpenChange={(_e, d) => (d.open ? null : request?.answer(null))}>
      <DialogSurface aria-describedby="reason-explained">
        <form onSubmit={submit}>
          <DialogBody>
            <DialogTitle>Why are you opening this conversation?</DialogTitle>
            <DialogContent>
              <p id="reason-explained">
                It holds what an employee asked Copilot and what Copilot answered. Your reason is kept in the access log
                with your name and the time, for your organisation&apos;s privacy officer.
              </p>
              <Field
                label="Reason"
                required
                hint={`A ticket number or a few words, at least ${MIN_LENGTH} characters.`}
                validationState={reason && !valid ? 'error' : 'none'}
              >
                <Textarea value={reason} onChange={(_e, d) => setReason(d.value)} maxLength={500} resize="vertical" />
              </Field>
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={() => request?.answer(null)}>
                Cancel
              </Button>
              <Button appearance="primary" type="submit" disabled={!valid}>
                Open conversation
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
