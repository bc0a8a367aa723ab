import type { AnyBulkWriteOperation } from 'mongodb';
import type { FindingDoc, FindingEvidence, InteractionDoc } from '../../store/documents';
import type { Store } from '../../store/Store';
import { MASK } from './mask';
import { findingId } from './riskScanner';
import { severityOrder } from './severityOrder';
import type { Confidence, RiskCategory, Severity } from './types';

/**
 * A finding about many interactions (a file, a site, a user's day) rather than one. Its `interactionId` is the
 * natural key of what it is about (`file:<hash>`, `site:<hash>`, `day:2026-11-19`), so a rescan or a re-sync meets
 * the same document; the session and app are those of the latest interaction involved, one click from the finding.
 */
export interface AggregateFinding {
  tenantId: string;
  rule: string;
  category: RiskCategory;
  severity: Severity;
  confidence: Confidence;
  title: string;
  /** The user it is about; for a file or site, the latest user who reached it. */
  userId: string;
  /** Whether the user is part of the natural key (a user's day or account) or not (a file or site, whoever came last). */
  perUser: boolean;
  /** `file:<hash>`, `site:<hash>`, `day:<YYYY-MM-DD>`. */
  anchor: string;
  /** The latest interaction involved (session, app, time). */
  latest: Pick<
    InteractionDoc,
    'graphId' | 'sessionId' | 'appKey' | 'appClass' | 'createdAt' | 'interactionType'
  > | null;
  at: Date;
  evidence: FindingEvidence[];
  /** The file or site URL it is about, for suppressions by resource. */
  urls?: string[];
}

/** Upserts the findings by natural key: new ones are inserted, known ones only have `lastDetectedAt` moved. */
export async function writeAggregateFindings(
  store: Store,
  findings: readonly AggregateFinding[],
  detectedAt: Date,
): Promise<number> {
  if (findings.length === 0) return 0;
  const writes: AnyBulkWriteOperation<FindingDoc>[] = findings.map((f) => {
    const { lastDetectedAt: _last, ...doc } = toFindingDoc(f, detectedAt);
    return {
      updateOne: {
        filter: { _id: doc._id },
        update: { $setOnInsert: doc, $max: { lastDetectedAt: detectedAt } },
        upsert: true,
      },
    };
  });
  // Stryker disable next-line ObjectLiteral,BooleanLiteral: an upsert by _id fails only in a race; the call throws anyway
  await store.findings.bulkWrite(writes, { ordered: false });
  return writes.length;
}

function toFindingDoc(f: AggregateFinding, detectedAt: Date): FindingDoc {
  return {
    _id: findingId(f.tenantId, f.perUser ? f.userId : '', f.anchor, f.rule),
    tenantId: f.tenantId,
    rule: f.rule,
    category: f.category,
    severity: f.severity,
    severityOrder: severityOrder(f.severity, f.latest?.createdAt ?? f.at),
    confidence: f.confidence,
    title: f.title,
    userId: f.userId,
    appKey: f.latest?.appKey ?? '',
    appClass: f.latest?.appClass ?? '',
    sessionId: f.latest?.sessionId ?? '',
    interactionId: f.anchor,
    source: f.latest?.interactionType === 'userPrompt' ? 'prompt' : 'response',
    interactionAt: f.latest?.createdAt ?? f.at,
    detectedAt,
    lastDetectedAt: detectedAt,
    evidence: f.evidence,
    hashes: [...new Set(f.evidence.map((e) => e.hash))],
    status: 'open',
    statusChangedAt: detectedAt,
    statusChangedBy: null,
    note: null,
    history: [],
  };
}

/** Path segments as the URL parser gives them: a space is always percent-encoded there. */
const KEPT_SEGMENTS = new Set(['sites', 'teams', 'personal', 'documents', 'shared%20documents']);

/**
 * A URL's host and path shape: `contoso.sharepoint.com/sites/•••/Shared Documents/•••.docx`. Names of sites,
 * people and files are masked; the extension stays (what kind of file it is).
 */
export function maskResourceUrl(url: string | null): string {
  // Stryker disable next-line ConditionalExpression: new URL('') and new URL(null) throw, and the catch says the same
  if (!url) return MASK.repeat(3);
  try {
    const parsed = new URL(url);
    const segments = parsed.pathname.split('/').filter(Boolean);
    const shaped = segments.map((segment, i) => {
      if (KEPT_SEGMENTS.has(segment.toLowerCase())) return decodeURIComponent(segment);
      const ext = i === segments.length - 1 ? (/\.[a-z0-9]{1,5}$/i.exec(segment)?.[0] ?? '') : '';
      return `${MASK.repeat(3)}${ext}`;
    });
    return [parsed.hostname, ...shaped].join('/');
  } catch {
    // Not a URL: nothing of it is shown.
    return MASK.repeat(3);
  }
}
