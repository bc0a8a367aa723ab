import { detectInteraction } from '../../../server/core/risk/detect';
import type { ScannableInteraction } from '../../../server/core/risk/fields';
import type { RiskCategory, RuleMatch, ScanContext, ScanField, TextRule } from '../../../server/core/risk/types';
import { tenantHostMatcher } from '../../../server/core/risk/tenantHosts';

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
