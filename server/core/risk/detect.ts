import { credentialRule } from './credentialRules';
import { responseExfiltrationRule, sendOutsideRule } from './exfiltrationRules';
import { scanFields, type ScannableInteraction } from './fields';
import { cardNumberRule, ibanRule } from './financialRules';
import { injectionRule } from './injectionRules';
import { MASK } from './mask';
import { identityDocumentRule, personalEmailRule, phoneRule, ssnRule } from './personalDataRules';
import { secretlintMatches } from './secretlintScanner';
import { withoutOverlaps } from './overlaps';
import type { RuleMatch, ScanContext, ScanField, TextRule } from './types';
import { watchlistRule } from './watchlistRule';

/** A rule match and the field it was found in. */
export interface FieldMatch extends RuleMatch {
  path: string;
}

const TEXT_RULES: readonly TextRule[] = [
  credentialRule,
  cardNumberRule,
  ibanRule,
  ssnRule,
  phoneRule,
  identityDocumentRule,
  personalEmailRule,
  injectionRule,
  responseExfiltrationRule,
  sendOutsideRule,
  watchlistRule,
];
const URL_RULES: readonly TextRule[] = [credentialRule, responseExfiltrationRule];

/** The tenant and admin settings every scan needs (the source comes from the interaction). */
export type DetectionSettings = Omit<ScanContext, 'source'>;

/** Every rule over every scanned part of one interaction (prompt or response). */
export async function detectInteraction(
  interaction: ScannableInteraction,
  settings: DetectionSettings,
): Promise<FieldMatch[]> {
  const ctx: ScanContext = {
    ...settings,
    source: interaction.interactionType === 'userPrompt' ? 'prompt' : 'response',
  };
  const out: FieldMatch[] = [];
  for (const field of scanFields(interaction)) {
    const matches = (field.kind === 'url' ? URL_RULES : TEXT_RULES).flatMap((rule) => rule(field, ctx));
    matches.push(...(await secretlintMatches(field)));
    // Text masked by an earlier scan is never a finding again.
    const fresh = matches.filter((m) => !m.value.includes(MASK));
    out.push(...withoutOverlaps(fresh).map((m) => ({ ...m, path: field.path })));
  }
  return out;
}

export type { ScanField };
