import { useCallback, useEffect, useState } from 'react';
import type { AskAnswer, SavedQuestionItem } from '../../../server/core/ask/answerTypes';
import { apiGet, apiSend, ApiRequestError } from '../api/client';

export interface AskState {
  answer: AskAnswer | null;
  loading: boolean;
  error: string | null;
  /** Asks a question (or follows a page / choice token), with the reason a `reason_needed` answer asked for. */
  ask(input: ({ question: string } | { token: string }) & { reason?: string }): Promise<void>;
  /** Puts the answer away (a reason the person chose not to give). */
  dismiss(): void;
  saved: SavedQuestionItem[];
  savedError: string | null;
  save(name: string, question: string): Promise<boolean>;
  run(id: string): Promise<void>;
  remove(id: string): Promise<void>;
}

const messageOf = (error: unknown) =>
  error instanceof ApiRequestError ? error.message : 'The server could not answer.';

/** The Ask box: the bot's question engine over POST /api/ask, and the caller's saved questions. */
export function useAsk(): AskState {
  const [answer, setAnswer] = useState<AskAnswer | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<SavedQuestionItem[]>([]);
  const [savedError, setSavedError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      setSaved((await apiGet<{ items: SavedQuestionItem[] }>('/saved-questions')).items);
      setSavedError(null);
    } catch (e) {
      setSavedError(messageOf(e));
    }
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  const load = useCallback(async (call: () => Promise<AskAnswer>) => {
    setLoading(true);
    setError(null);
    try {
      setAnswer(await call());
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setLoading(false);
    }
  }, []);

  return {
    answer,
    loading,
    error,
    saved,
    savedError,
    ask: (input) => load(() => apiSend<AskAnswer>('POST', '/ask', input)),
    dismiss: () => setAnswer(null),
    run: async (id) => {
      await load(() => apiSend<AskAnswer>('POST', `/saved-questions/${encodeURIComponent(id)}/run`));
      await refresh();
    },
    save: async (name, question) => {
      try {
        await apiSend('POST', '/saved-questions', { name, question });
        await refresh();
        return true;
      } catch (e) {
        setSavedError(messageOf(e));
        return false;
      }
    },
    remove: async (id) => {
      try {
        await apiSend('DELETE', `/saved-questions/${encodeURIComponent(id)}`);
      } catch (e) {
        setSavedError(messageOf(e));
      }
      await refresh();
    },
  };
}
