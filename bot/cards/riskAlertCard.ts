import { appName } from '../../server/core/ask/lexicon';
import { CATEGORY_LABELS } from '../../server/core/ask/interpretation';
import type { FindingDoc } from '../../server/store/documents';
import { card, facts, heading, openUrl, text, type AdaptiveCard } from './cardElements';

const utc = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/**
 * The alert posted to subscribed channels for a new finding. Every member of the channel reads it, so it carries what
 * a figure would — rule, category, severity, app, time and the kind of data found — and a link to the finding in the
 * Risk view, where an admin sees the masked evidence and who it concerns. Never a name, the evidence (not even
 * masked) or any prompt or response text.
 */
export function riskAlertCard(f: FindingDoc, findingUrl: string): AdaptiveCard {
  const category = CATEGORY_LABELS[f.category] ?? f.category;
  const found = [...new Set(f.evidence.map((e) => e.type))].join(', ') || '—';
  return card(
    [
      heading(`Risk alert: ${f.severity} severity, ${category}`),
      text(`A new finding needs triage: ${found} in a ${f.source === 'prompt' ? 'prompt' : 'Copilot response'}.`),
      facts([
        { title: 'Severity', value: f.severity },
        { title: 'Category', value: category },
        { title: 'Rule', value: f.rule },
        { title: 'Found', value: found },
        {
          title: 'In',
          value: f.source === 'prompt' ? 'a prompt (pasted by a user)' : 'a response (surfaced by Copilot)',
        },
        { title: 'App', value: appName(f.appKey) },
        { title: 'When', value: utc(f.interactionAt) },
        { title: 'Detected', value: utc(f.detectedAt) },
      ]),
      text('Who it concerns and the masked evidence are in the Risk view, for admins.', { isSubtle: true }),
    ],
    [openUrl('Open the finding', findingUrl)],
  );
}
