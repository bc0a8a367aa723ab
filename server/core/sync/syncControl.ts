import type { SyncRunDoc } from '../../store/documents';

/** What asking for a sync did: runs are enqueued, never raced. */
export interface SyncRequestResult {
  status: 'queued' | 'already_queued' | 'running';
  /** The run in flight, when there is one. */
  runId: string | null;
}

export interface SyncRequest {
  /** Why: 'tab', 'bot', 'schedule', 'startup', 'consent', … (recorded on the run). */
  trigger: string;
  mode?: 'full' | 'incremental';
  /** Who asked (an admin's object id), for the log. */
  requestedBy?: string;
}

/** How the tab, the bot and the connect flow start syncs, and how others hear that one ended. */
export interface SyncControl {
  requestSync(request: SyncRequest): Promise<SyncRequestResult>;
  /** Called in this process after a run this process executed has ended (any status). */
  onRunFinished(listener: (run: SyncRunDoc) => Promise<void> | void): void;
  /** When the schedule runs next (null: no schedule); absent where nothing is scheduled (tests, the CLI). */
  nextScheduledRun?(): Promise<Date | null>;
}
