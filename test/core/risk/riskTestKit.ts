import { randomUUID } from 'node:crypto';
import { detectInteraction } from '../../../server/core/risk/detect';
import type { ScannableInteraction } from '../../../server/core/risk/fields';
import type { RiskCategory, RuleMatch, ScanContext, ScanField, TextRule } from '../../../server/core/risk/types';
import { tenantHostMatcher } from '../../../server/core/risk/tenantHosts';
import { createRiskScanner } from '../../../server/core/risk/riskScanner';
import { mapInteraction } from '../../../server/core/sync/interactionMapper';
import { createSilentLogger } from '../../../server/logger';
import type { Store } from '../../../server/store/Store';
import { buildInteraction } from '../../support/factories';

/** A prompt field and a context for tenant contoso.com. */
export function promptField(text: string, kind: ScanField['kind'] = 'body'): ScanField {
  return { path: 'body', kind, text };
}

export function context(overrides: Partial<ScanContext> = {}): ScanContext {
  return {
    source: 'prompt',
    isTenantHost: tenantHostMatcher(['contoso.com', 'contoso.onmicrosoft.com']),
    watchlist: [],
    ...overrides,
  };
}

/** The rule's matches on a prompt (or, with `source`, a response). */
export function run(rule: TextRule, text: string, overrides: Partial<ScanContext> = {}): RuleMatch[] {
  return rule(promptField(text), context(overrides));
}

/** Random token characters, so no literal secret sits in the test source. */
export function token(length: number, alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789'): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[(i * 7 + length * 13 + (i % 5) * 3) % alphabet.length];
  return out;
}

/** The categories the labelled sets score per interaction (oversharing and account findings are about aggregates). */
export const SCORED_CATEGORIES: readonly RiskCategory[] = [
  'credential',
  'financial',
  'personal_data',
  'prompt_injection',
  'exfiltration',
];

/** What detectInteraction finds in a prompt, for a tenant on contoso.com with no watch-list. */
export async function promptFindings(text: string): Promise<RuleMatch[]> {
  const interaction: ScannableInteraction = { interactionType: 'userPrompt', body: { content: text }, attachments: [], links: [] }; // prettier-ignore
  return detectInteraction(interaction, { isTenantHost: tenantHostMatcher(['contoso.com']), watchlist: [] });
}

/** Checks what `find` gives for each text, naming the text in a failure. */
export async function expectEachText<T>(
  cases: ReadonlyArray<readonly [string, T]>,
  find: (text: string) => Promise<T>,
): Promise<void> {
  const found: Array<[string, T]> = [];
  for (const [text] of cases) found.push([text, await find(text)]);
  expect(found).toEqual(cases);
}

/** A finding as an analyst reads it in the triage list: rule, category, severity, confidence, title, masked evidence. */
export type AnalystView = readonly [
  rule: string,
  category: string,
  severity: string,
  confidence: string,
  title: string,
  masked: readonly string[],
];

/**
 * What the real risk scanner writes for each text, as a prompt (or, with `response`, a Copilot answer) of its own
 * interaction: one row per finding, in rule order. The findings are read back from the store.
 */
export async function analystView(store: Store, texts: readonly string[], response = false): Promise<AnalystView[][]> {
  const tenantId = `tenant-view-${randomUUID().slice(0, 8)}`;
  const at = '2026-11-02T10:15:00.000Z';
  const docs = texts.map((content, i) => {
    const graph = buildInteraction({ id: String(i + 1), createdDateTime: at, interactionType: response ? 'aiResponse' : 'userPrompt', body: { contentType: 'text', content } }); // prettier-ignore
    return mapInteraction(tenantId, 'user-1', graph, new Date(at)).doc;
  });
  const scanner = createRiskScanner({ store, hashKey: Buffer.alloc(32, 7), now: () => new Date(at), logger: createSilentLogger() }); // prettier-ignore
  await scanner.scan(docs);
  const findings = await store.findings.find({ tenantId }).sort({ interactionId: 1, rule: 1 }).toArray();
  return texts.map((_, i) =>
    findings
      .filter((f) => f.interactionId === String(i + 1))
      .map((f) => [f.rule, f.category, f.severity, f.confidence, f.title, f.evidence.map((e) => e.masked)]),
  );
}

/** Checks the analyst's view of each text's findings, naming the text in a failure. */
export async function expectAnalystView(
  store: Store,
  cases: ReadonlyArray<readonly [string, readonly AnalystView[]]>,
  response = false,
): Promise<void> {
  const found = await analystView(
    store,
    cases.map(([text]) => text),
    response,
  );
  expect(cases.map(([text], i) => [text, found[i]])).toEqual(cases);
}
