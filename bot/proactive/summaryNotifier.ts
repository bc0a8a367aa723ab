import type { ConversationReference } from 'botbuilder';
import { deactivateConversation, subscribedConversations } from '../../server/core/bot/botConversations';
import {
  claimDelivery,
  conversationsNotDue,
  finishDelivery,
  recordFailedAttempt,
  runsEndedSince,
  type HeldDelivery,
} from '../../server/core/bot/summaryDeliveries';
import type { SyncControl } from '../../server/core/sync/syncControl';
import type { Logger } from '../../server/logger';
import type { BotConversationDoc, SyncRunDoc } from '../../server/store/documents';
import type { Store } from '../../server/store/Store';
import type { BotAdapter } from '../botAdapter';
import { syncSummaryCard } from '../cards/summaryCard';

export interface SummaryNotifierDeps {
  store: Store;
  tenantId: string;
  adapter: BotAdapter;
  logger: Logger;
  now: () => Date;
  /** This replica's name on its delivery claims. */
  instanceId: string;
  publicUrl: string;
}

export interface DeliveryReport {
  sent: number;
  skipped: number;
  deactivated: number;
  failed: number;
}

/** How far back the sweep looks for runs whose summaries were not delivered (a replica crashed, say). */
export const SWEEP_WINDOW_MS = 24 * 3_600_000;

/** Connector answers meaning "the bot is gone from there": stop posting (BotNotInConversationRoster, ConversationNotFound). */
function goneStatus(error: unknown): number | null {
  const e = error as { statusCode?: number; status?: number; response?: { status?: number } };
  const status = e.statusCode ?? e.status ?? e.response?.status;
  return status === 403 || status === 404 ? status : null;
}

/**
 * Posts a summary card to every subscribed conversation after each sync run, exactly once per (run,
 * conversation) across replicas: each send is claimed first on a delivery document whose `_id` derives from the
 * pair (an insert, then conditional updates), so only one replica holds it at a time. Transient failures are retried
 * by later sweeps with a backoff; a claim whose replica died is taken over once stale. Runs ended before a
 * conversation subscribed are not sent there.
 */
export class SummaryNotifier {
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;

  constructor(private readonly deps: SummaryNotifierDeps) {}

  /** Delivers after every run this process finishes, and sweeps for runs other replicas ended but never delivered. */
  start(syncControl: SyncControl, sweepIntervalMs: number): void {
    syncControl.onRunFinished(async (run) => {
      await this.deliverRun(run).catch((error: unknown) =>
        this.deps.logger.error({ err: error, runId: run.runId }, 'Sync summary delivery failed.'),
      );
    });
    if (sweepIntervalMs > 0) {
      this.timer = setInterval(() => void this.sweep(), sweepIntervalMs);
      this.timer.unref();
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One pass over recently ended runs (overlapping calls share one pass). */
  sweep(): Promise<void> {
    this.sweeping ??= (async () => {
      try {
        const since = new Date(this.deps.now().getTime() - SWEEP_WINDOW_MS);
        const runs = await runsEndedSince(this.deps.store, this.deps.tenantId, since);
        for (const run of runs.reverse()) await this.deliverRun(run);
      } catch (error) {
        this.deps.logger.error({ err: error }, 'Sync summary sweep failed; the next sweep retries.');
      } finally {
        this.sweeping = null;
      }
    })();
    return this.sweeping;
  }

  /** Sends one run's summary to each subscribed conversation that has not had it and is due an attempt. */
  async deliverRun(run: SyncRunDoc): Promise<DeliveryReport> {
    const { store, tenantId, logger } = this.deps;
    const report: DeliveryReport = { sent: 0, skipped: 0, deactivated: 0, failed: 0 };
    if (run.status === 'running' || !run.endedAt || run.tenantId !== tenantId) return report;
    const card = syncSummaryCard(run, `${this.deps.publicUrl}/tab/`);
    const notDue = await conversationsNotDue(store, run.runId, this.deps.now());
    for (const conversation of await subscribedConversations(store, tenantId)) {
      const { conversationId } = conversation;
      if (!conversation.subscribedAt || conversation.subscribedAt > run.endedAt) continue;
      const claim = { tenantId, runId: run.runId, conversationId, claimedBy: this.deps.instanceId };
      const held = notDue.has(conversationId) ? null : await claimDelivery(store, claim, this.deps.now());
      if (!held) {
        report.skipped += 1;
        continue;
      }
      report[await this.send(conversation, card, held)] += 1;
    }
    if (report.sent + report.deactivated + report.failed > 0)
      logger.info({ runId: run.runId, ...report }, 'Sync summaries delivered.');
    return report;
  }

  /** Posts the card under a held claim and records the outcome on the delivery. */
  private async send(
    conversation: BotConversationDoc,
    card: object,
    held: HeldDelivery,
  ): Promise<'sent' | 'deactivated' | 'failed'> {
    const { store, tenantId, logger } = this.deps;
    const { conversationId, runId } = held;
    try {
      await this.deps.adapter.sendCard(conversation.reference as Partial<ConversationReference>, card);
    } catch (error) {
      const gone = goneStatus(error);
      const message = (error as Error).message ?? String(error);
      if (gone) {
        await deactivateConversation(store, tenantId, conversationId, `connector ${gone}: ${message}`, this.deps.now());
        await finishDelivery(store, held, { status: 'deactivated', error: message }, this.deps.now());
        logger.info(
          { conversationId, status: gone },
          'The bot was removed from a subscribed conversation; unsubscribed it.',
        );
        return 'deactivated';
      }
      const recorded = await recordFailedAttempt(store, held, message, this.deps.now());
      if (recorded?.status === 'abandoned')
        logger.error(
          { err: error, conversationId, runId, attempts: held.attempt },
          'Posting a sync summary failed on its last attempt; gave up on it.',
        );
      else
        logger.warn(
          { err: error, conversationId, runId, attempt: held.attempt, nextAttemptAt: recorded?.nextAttemptAt },
          'Posting a sync summary failed; a later sweep retries it.',
        );
      return 'failed';
    }
    if (!(await finishDelivery(store, held, { status: 'sent' }, this.deps.now())))
      logger.warn(
        { conversationId, runId },
        'A sync summary was posted after its claim went stale and was taken over; it may have been posted twice.',
      );
    return 'sent';
  }
}
