import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
} from '@fluentui/react-components';
import { DeleteRegular } from '@fluentui/react-icons';
import { useState, type FormEvent } from 'react';
import { apiSend } from '../api/client';

interface ErasureAnswer {
  erased: boolean;
  pseudonym: string;
  counts: Record<string, number>;
}

/**
 * Admin's erasure of one person (a data subject's request, a leaver): their prompts and responses deleted, what
 * totals need kept under a random pseudonym, logged with who asked. Typing the person's name confirms it.
 */
export function EraseUserAction({ userId, name }: { userId: string; name: string }) {
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [reason, setReason] = useState('');
  const [state, setState] = useState<{ busy: boolean; error: string | null; done: ErasureAnswer | null }>({
    busy: false,
    error: null,
    done: null,
  });
  const confirmed = typed.trim().toLowerCase() === name.trim().toLowerCase();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!confirmed) return;
    setState({ busy: true, error: null, done: null });
    try {
      const done = await apiSend<ErasureAnswer>('POST', '/api/privacy/erasures', {
        userId,
        confirm: true,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      });
      setState({ busy: false, error: null, done });
      setOpen(false);
    } catch (error) {
      setState({ busy: false, error: (error as Error).message, done: null });
    }
  };
  if (state.done)
    return (
      <MessageBar intent="success" data-testid="erased">
        <MessageBarBody>
          {name}&apos;s prompts and responses were erased; their figures stay as {state.done.pseudonym}.
        </MessageBarBody>
      </MessageBar>
    );
  return (
    <Dialog open={open} onOpenChange={(_e, d) => setOpen(d.open)}>
      <DialogTrigger disableButtonEnhancement>
        <Button icon={<DeleteRegular />} appearance="secondary">
          Erase this person…
        </Button>
      </DialogTrigger>
      <DialogSurface>
        <form onSubmit={(e) => void submit(e)}>
          <DialogBody>
            <DialogTitle>Erase {name}?</DialogTitle>
            <DialogContent>
              <p>
                This deletes every prompt and response of {name} kept here and removes their name, addresses and title.
                Counts stay, under a pseudonym nobody can trace back, and later syncs skip them. It cannot be undone.
              </p>
              <Field label={`Type "${name}" to confirm`} required>
                <Input value={typed} onChange={(_e, d) => setTyped(d.value)} />
              </Field>
              <Field label="Reason (kept with the erasure)">
                <Input value={reason} onChange={(_e, d) => setReason(d.value)} maxLength={500} />
              </Field>
              {state.error ? (
                <MessageBar intent="error">
                  <MessageBarBody>{state.error}</MessageBarBody>
                </MessageBar>
              ) : null}
            </DialogContent>
            <DialogActions>
              <DialogTrigger disableButtonEnhancement>
                <Button appearance="secondary">Cancel</Button>
              </DialogTrigger>
              <Button appearance="primary" type="submit" disabled={!confirmed || state.busy}>
                Erase
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
