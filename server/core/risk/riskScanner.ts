import type { AnyBulkWriteOperation } from 'mongodb';
import type { Logger } from '../../logger';
import type { FindingDoc, FindingEvidence, InteractionDoc } from '../../store/documents';
import { naturalId } from '../../store/naturalId';
import type { Store } from '../../store/Store';
import { detectInteraction, type FieldMatch } from './detect';
import { redactInteraction } from './fields';
import { createEvidenceHasher, type EvidenceHasher } from './mask';
import { createRiskSettingsLoader, suppressed, type TenantRiskSettings } from './riskSettings';
import { severityOrder } from './severityOrder';
import { stripUrlSecrets } from './urlSecrets';

export interface RiskScannerDeps {
  store: Store;
  /** Key of the evidence hashes (32 random bytes, kept outside the database). */
  hashKey: Buffer;
  now: () => Date;
  logger: Logger;
}

export interface ScanOutcome {
  scanned: number;
  /** Findings written (new or seen again). */
  findings: number;
  /** Interactions whose text had secrets masked (the documents passed in were changed). */
  redacted: InteractionDoc[];
}

/** Scans interactions for risks: masks secrets in them and tokens in their links (in place) and records findings. */
export interface InteractionScanner {
  scan(interactions: InteractionDoc[]): Promise<ScanOutcome>;
}

/** The `_id` of a finding: one per rule per interaction, so a rescan or a re-sync meets the same document. */
export function findingId(
  tenantId: string,
  userId: string,
  graphId: string,
  rule: string,
): ReturnType<typeof naturalId> {
  return naturalId('finding', tenantId, userId, graphId, rule);
}

/** Builds the scanner the sync calls before it stores a batch, and the rescan over stored history. */
export function createRiskScanner(deps: RiskScannerDeps): InteractionScanner {
  const hash = createEvidenceHasher(deps.hashKey);
  const settingsOf = createRiskSettingsLoader(deps.store, deps.now);
  return {
    async scan(interactions) {
      const outcome: ScanOutcome = { scanned: 0, findings: 0, redacted: [] };
      const writes: AnyBulkWriteOperation<FindingDoc>[] = [];
      const detectedAt = deps.now();
      for (const doc of interactions) {
        const settings = await settingsOf(doc.tenantId);
        const matches = await detectInteraction(doc, settings);
        outcome.scanned += 1;
        if (matches.length === 0) {
          if (stripUrlSecrets(doc)) outcome.redacted.push(doc);
          continue;
        }
        for (const finding of findingsOf(doc, matches, settings, hash, detectedAt))
          writes.push({
            updateOne: {
              filter: { _id: finding._id },
              update: { $setOnInsert: withoutLastSeen(finding), $max: { lastDetectedAt: detectedAt } },
              upsert: true,
            },
          });
        // Masked last: the evidence hashes above were taken from the values. Then signed links lose their tokens
        // (the spans masked are positions in the URLs as written).
        const masked = redactInteraction(
          doc,
          matches.filter((m) => m.redact),
        );
        if (stripUrlSecrets(doc) || masked) outcome.redacted.push(doc);
      }
      if (writes.length > 0) await deps.store.findings.bulkWrite(writes, { ordered: false });
      outcome.findings = writes.length;
      if (outcome.findings > 0)
        deps.logger.info(
          { scanned: outcome.scanned, findings: outcome.findings, redacted: outcome.redacted.length },
          'Risk findings recorded.',
        );
      return outcome;
    },
  };
}

function withoutLastSeen(finding: FindingDoc): Omit<FindingDoc, 'lastDetectedAt'> {
  const { lastDetectedAt: _lastDetectedAt, ...rest } = finding;
  return rest;
}

/** One finding per rule, its evidence masked and hashed, unless a suppression covers it. */
function findingsOf(
  doc: InteractionDoc,
  matches: readonly FieldMatch[],
  settings: TenantRiskSettings,
  hash: EvidenceHasher,
  detectedAt: Date,
): FindingDoc[] {
  const urls = [...doc.links.map((l) => l.linkUrl), ...doc.attachments.map((a) => a.contentUrl)].filter(
    (u): u is string => typeof u === 'string',
  );
  const byRule = new Map<string, FieldMatch[]>();
  for (const m of matches) byRule.set(m.rule, [...(byRule.get(m.rule) ?? []), m]);
  const out: FindingDoc[] = [];
  for (const [rule, list] of byRule) {
    if (suppressed(settings.suppressions, rule, doc.userId, urls)) continue;
    const first = list[0]!;
    const source = doc.interactionType === 'userPrompt' ? 'prompt' : 'response';
    const evidence: FindingEvidence[] = list.map((m) => ({
      type: m.type,
      path: m.path,
      start: m.start,
      end: m.end,
      masked: m.masked,
      hash: hash(rule, m.value),
    }));
    out.push({
      _id: findingId(doc.tenantId, doc.userId, doc.graphId, rule),
      tenantId: doc.tenantId,
      rule,
      category: first.category,
      severity: first.severity,
      severityOrder: severityOrder(first.severity, doc.createdAt),
      confidence: first.confidence,
      title: `${first.type} ${source === 'prompt' ? 'in a prompt' : 'in a Copilot answer'}`,
      userId: doc.userId,
      appKey: doc.appKey,
      appClass: doc.appClass,
      sessionId: doc.sessionId,
      interactionId: doc.graphId,
      source,
      interactionAt: doc.createdAt,
      detectedAt,
      lastDetectedAt: detectedAt,
      evidence,
      hashes: [...new Set(evidence.map((e) => e.hash))],
      status: 'open',
      statusChangedAt: detectedAt,
      statusChangedBy: null,
      note: null,
      history: [],
    });
  }
  return out;
}
