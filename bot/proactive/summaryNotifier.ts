import { runsEndedSince } from '../../server/core/bot/summaryDeliveries';
import type { SyncRunDoc } from '../../server/store/documents';
import { syncSummaryCard } from '../cards/summaryCard';
import { ProactiveNotifier } from './ProactiveNotifier';
import { deliverToSubscribers, type DeliveryReport, type SubscriberDeliveryDeps } from './subscriberDelivery';

export type { DeliveryReport } from './subscriberDelivery';

export interface SummaryNotifierDeps extends SubscriberDeliveryDeps {
  publicUrl: string;
}

/** How far back the sweep looks for runs whose summaries were not delivered (a replica crashed, say). */
export const SWEEP_WINDOW_MS = 24 * 3_600_000;

/**
 * Posts a summary card to every subscribed conversation after each sync run, exactly once per (run,
 * conversation) across replicas: each send is claimed first on a delivery document whose `_id` derives from the
 * pair (an insert, then conditional updates), so only one replica holds it at a time. Transient failures are retried
 * by later sweeps with a backoff; a claim whose replica died is taken over once stale. Runs ended before a
 * conversation subscribed are not sent there.
 */
export class SummaryNotifier extends ProactiveNotifier {
  constructor(private readonly deps: SummaryNotifierDeps) {
    super(deps.logger, 'Sync summary');
  }

  protected afterRun(run: SyncRunDoc): Promise<DeliveryReport> {
    return this.deliverRun(run);
  }

  /** Runs ended within SWEEP_WINDOW_MS, oldest first. */
  protected async sweepOnce(): Promise<void> {
    const since = new Date(this.deps.now().getTime() - SWEEP_WINDOW_MS);
    const runs = await runsEndedSince(this.deps.store, this.deps.tenantId, since);
    for (const run of runs.reverse()) await this.deliverRun(run);
  }

  /** Sends one run's summary to each subscribed conversation that has not had it and is due an attempt. */
  async deliverRun(run: SyncRunDoc): Promise<DeliveryReport> {
    const { tenantId, logger } = this.deps;
    if (run.status === 'running' || !run.endedAt || run.tenantId !== tenantId)
      return { sent: 0, skipped: 0, deactivated: 0, failed: 0 };
    const report = await deliverToSubscribers(this.deps, {
      key: run.runId,
      at: run.endedAt,
      card: syncSummaryCard(run, `${this.deps.publicUrl}/tab/`),
      label: 'sync summary',
      context: { runId: run.runId },
    });
    if (report.sent + report.deactivated + report.failed > 0)
      logger.info({ runId: run.runId, ...report }, 'Sync summaries delivered.');
    return report;
  }
}
