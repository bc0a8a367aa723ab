import { SingleBar, Presets } from 'cli-progress';
import type { SyncRunDoc } from '../store/documents';

/** A progress bar on an interactive terminal (stderr), nothing otherwise; stdout stays machine-readable. */
export function createProgressReporter(stream: NodeJS.WriteStream = process.stderr): {
  update(run: SyncRunDoc): void;
  stop(): void;
} {
  if (!stream.isTTY) return { update: () => {}, stop: () => {} };
  const bar = new SingleBar(
    {
      stream,
      format:
        'Syncing {bar} {value}/{total} users | {pages} pages | {fetched} interactions read, {added} new | {eta_formatted} left',
      hideCursor: true,
      etaBuffer: 50,
    },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update(run) {
      const payload = {
        pages: run.progress.pages,
        fetched: run.counts.interactionsFetched,
        added: run.counts.interactionsNew,
      };
      if (!started && run.progress.usersTotal > 0) {
        bar.start(run.progress.usersTotal, run.progress.usersDone, payload);
        started = true;
      } else if (started) {
        bar.update(run.progress.usersDone, payload);
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
