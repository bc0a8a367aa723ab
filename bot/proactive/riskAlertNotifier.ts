import { tabLink } from '../../server/core/ask/engine';
import { subscribedConversations } from '../../server/core/bot/botConversations';
import { alertableFindings, type AlertRule } from '../../server/core/risk/findingAlerts';
import type { FindingDoc, SyncRunDoc } from '../../server/store/documents';
import { riskAlertCard } from '../cards/riskAlertCard';
import { ProactiveNotifier } from './ProactiveNotifier';
import { SWEEP_WINDOW_MS } from './summaryNotifier';
import { deliverToSubscribers, type DeliveryReport, type SubscriberDeliveryDeps } from './subscriberDelivery';

export interface RiskAlertNotifierDeps extends SubscriberDeliveryDeps {
  publicUrl: string;
  rule: AlertRule;
}

/** The delivery key of a finding's alert (summary deliveries key a run by its id; an alert is `finding:<id>`). */
export const alertKey = (findingId: string): string => `finding:${findingId}`;

/**
 * Posts an alert card to every subscribed conversation for each new finding at or above RISK_ALERT_MIN_SEVERITY,
 * once per (finding, conversation), through the same claimed deliveries as sync summaries: two replicas, a retried
 * post, a rescan or a re-sync (a finding keeps its natural-key id and first detection time) post it once. After each
 * run this process finishes and on every sweep, it looks at findings first detected in the last SWEEP_WINDOW_MS, so
 * findings raised elsewhere (another replica, `npm run risk:rescan`) are alerted too. Conversations that subscribed
 * after a finding was detected do not get it; a finding triaged as resolved, dismissed or a false positive before
 * its alert went out is not posted.
 */
export class RiskAlertNotifier extends ProactiveNotifier {
  constructor(private readonly deps: RiskAlertNotifierDeps) {
    super(deps.logger, 'Risk alert');
  }

  protected afterRun(_run: SyncRunDoc): Promise<void> {
    return this.sweep();
  }

  protected async sweepOnce(): Promise<void> {
    const { store, tenantId, now, rule, logger } = this.deps;
    // Nobody to tell: no need to read the findings.
    if ((await subscribedConversations(store, tenantId)).length === 0) return;
    const since = new Date(now().getTime() - SWEEP_WINDOW_MS);
    const total: DeliveryReport = { sent: 0, skipped: 0, deactivated: 0, failed: 0 };
    for (const finding of await alertableFindings(store, tenantId, since, rule)) {
      const report = await this.deliverFinding(finding);
      for (const k of ['sent', 'skipped', 'deactivated', 'failed'] as const) total[k] += report[k];
    }
    if (total.sent + total.deactivated + total.failed > 0) logger.info(total, 'Risk alerts delivered.');
  }

  /** Posts one finding's alert to each subscribed conversation that has not had it and is due an attempt. */
  deliverFinding(finding: FindingDoc): Promise<DeliveryReport> {
    const id = finding._id.toHexString();
    return deliverToSubscribers(this.deps, {
      key: alertKey(id),
      at: finding.detectedAt,
      card: riskAlertCard(finding, tabLink(this.deps.publicUrl, `risk/${encodeURIComponent(id)}`, {})),
      label: 'risk alert',
      context: { findingId: id, rule: finding.rule },
    });
  }
}
