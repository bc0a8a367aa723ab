import { useCallback, useEffect, useRef, useState } from 'react';
import type { SyncStatus } from '../../../server/api/contracts';
import { apiGet, apiSend } from '../api/client';

/** What POST /api/sync answers. */
export interface SyncRequestResult {
  status: 'queued' | 'already_queued' | 'running';
  runId: string | null;
}

export interface SyncState {
  status: SyncStatus | null;
  error: Error | null;
  /** The last "Sync now" answer, or the reason it failed. */
  request: { result: SyncRequestResult | null; error: Error | null; pending: boolean };
  syncNow: () => void;
  reload: () => void;
}

const RUNNING_POLL_MS = 1500;
const IDLE_POLL_MS = 15_000;
const QUEUED_WATCH_MS = 60_000;

/** Sync status, polled quickly while a run is in progress or was just asked for; `onRunFinished` fires when a run ends. */
export function useSyncStatus(onRunFinished?: () => void): SyncState {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [request, setRequest] = useState<SyncState['request']>({ result: null, error: null, pending: false });
  const [tick, setTick] = useState(0);
  const lastRunId = useRef<string | null | undefined>(undefined);
  const fastUntil = useRef(0);
  const finished = useRef(onRunFinished);
  finished.current = onRunFinished;

  useEffect(() => {
    let active = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async (): Promise<void> => {
      try {
        const next = await apiGet<SyncStatus>('/api/sync/status');
        if (!active) return;
        // A different last run means one ended (or started) since the previous poll: the history is stale.
        const runId = next.running?.runId ?? next.lastRun?.runId ?? null;
        if (lastRunId.current !== undefined && runId !== lastRunId.current) {
          finished.current?.();
          // The run asked for has started (its progress shows) or ended: "queued" no longer says anything true.
          setRequest((r) => (r.result ? { ...r, result: null } : r));
        }
        lastRunId.current = runId;
        setStatus(next);
        setError(null);
        if (next.running) fastUntil.current = Math.max(fastUntil.current, Date.now() + RUNNING_POLL_MS);
      } catch (e) {
        if (active) setError(e as Error);
      }
      const delay = Date.now() < fastUntil.current ? RUNNING_POLL_MS : IDLE_POLL_MS;
      if (active) timer = setTimeout(() => void poll(), delay);
    };
    void poll();
    return () => {
      active = false;
      clearTimeout(timer);
    };
  }, [tick]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  const syncNow = useCallback(() => {
    setRequest({ result: null, error: null, pending: true });
    apiSend<SyncRequestResult>('POST', '/api/sync').then(
      (result) => {
        setRequest({ result, error: null, pending: false });
        // A queued run may take a moment to start: watch closely for a while.
        fastUntil.current = Date.now() + QUEUED_WATCH_MS;
        setTick((t) => t + 1);
      },
      (e: unknown) => setRequest({ result: null, error: e as Error, pending: false }),
    );
  }, []);

  return { status, error, request, syncNow, reload };
}
