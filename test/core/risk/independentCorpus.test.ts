import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectInteraction, type DetectionSettings } from '../../../server/core/risk/detect';
import type { ScannableInteraction } from '../../../server/core/risk/fields';
import { tenantHostMatcher } from '../../../server/core/risk/tenantHosts';
import type { RiskCategory, Severity } from '../../../server/core/risk/types';
import { SCORED_CATEGORIES } from './riskTestKit';

/**
 * Scores the per-interaction rules on a labelled set written by someone who had not read them
 * (test/fixtures/riskIndependentCorpus.json): per category precision and recall, and precision at high severity.
 */
interface CorpusItem {
  text: string;
  source: 'prompt' | 'response';
  labels: { category: RiskCategory; severity?: Severity }[];
  note?: string;
}

interface Score {
  labelled: number;
  truePositives: number;
  falsePositives: number;
  missed: number;
}

const SCORED = SCORED_CATEGORIES;
const corpus = JSON.parse(readFileSync(join(__dirname, '../../fixtures/riskIndependentCorpus.json'), 'utf8')) as {
  tenantDomains: string[];
  items: CorpusItem[];
};
const settings: DetectionSettings = { isTenantHost: tenantHostMatcher(corpus.tenantDomains), watchlist: [] };

function interaction(item: CorpusItem): ScannableInteraction {
  return {
    interactionType: item.source === 'prompt' ? 'userPrompt' : 'aiResponse',
    body: { content: item.text },
    attachments: [],
    links: [],
  };
}

const ratio = (a: number, b: number): string => (b === 0 ? '  n/a' : (a / b).toFixed(3));

describe('risk rules on an independently written labelled corpus', () => {
  const scores = new Map<string, Score>(
    [...SCORED, 'high'].map((c) => [c, { labelled: 0, truePositives: 0, falsePositives: 0, missed: 0 }]),
  );
  const errors: string[] = [];

  beforeAll(async () => {
    for (const item of corpus.items) {
      const matches = await detectInteraction(interaction(item), settings);
      const found = new Set(matches.map((m) => m.category));
      const highFound = new Set(matches.filter((m) => m.severity === 'high').map((m) => m.category));
      const labelled = new Set(item.labels.map((l) => l.category));
      for (const category of SCORED) {
        const score = scores.get(category)!;
        if (labelled.has(category)) score.labelled++;
        if (labelled.has(category) && found.has(category)) score.truePositives++;
        if (labelled.has(category) && !found.has(category)) {
          score.missed++;
          errors.push(`missed ${category}: ${item.text.slice(0, 90)}`);
        }
        if (!labelled.has(category) && found.has(category)) {
          score.falsePositives++;
          const rules = matches.filter((m) => m.category === category).map((m) => m.rule);
          errors.push(`false ${category} (${rules.join(',')}): ${item.text.slice(0, 90)}`);
        }
      }
      const high = scores.get('high')!;
      for (const category of highFound) {
        if (labelled.has(category)) high.truePositives++;
        else high.falsePositives++;
      }
    }
    const rows = [...scores].map(([category, s]) =>
      [
        category.padEnd(17),
        String(s.labelled).padStart(4),
        String(s.truePositives).padStart(4),
        String(s.falsePositives).padStart(4),
        String(s.missed).padStart(4),
        ratio(s.truePositives, s.truePositives + s.falsePositives),
        ratio(s.truePositives, s.labelled),
      ].join(' | '),
    );
    process.stdout.write(
      `${corpus.items.length} items\ncategory          | lab. |  TP  |  FP  | miss | prec. | recall\n${rows.join('\n')}\n\n${errors.join('\n')}\n`,
    );
  });

  it('keeps precision at high severity at 0.95 or more', () => {
    const high = scores.get('high')!;
    expect(high.truePositives / (high.truePositives + high.falsePositives)).toBeGreaterThanOrEqual(0.95);
  });

  it.each(['credential', 'financial'])('finds at least 90 %% of the labelled %s items', (category) => {
    const score = scores.get(category)!;
    expect(score.truePositives / score.labelled).toBeGreaterThanOrEqual(0.9);
  });
});
