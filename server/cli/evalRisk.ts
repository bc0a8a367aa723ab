import { parseArgs } from 'node:util';
import { detectInteraction } from '../core/risk/detect';
import { tenantHostMatcher } from '../core/risk/tenantHosts';
import { RISK_CATEGORIES, type RiskCategory } from '../core/risk/types';
import { BENIGN_PROMPTS, BENIGN_RESPONSES } from '../graph/simulator/riskBenignCorpus';
import { evenRiskRates } from '../graph/simulator/riskSeeds';
import { createSyntheticTenant } from '../graph/simulator/syntheticTenant';

interface Sample {
  interactionType: string;
  body: { content: string | null } | null;
  attachments: { content?: string | null; contentUrl?: string | null }[];
  links: { linkUrl?: string | null }[];
  labels: readonly string[];
}

interface Tally {
  tp: number;
  fp: number;
  fn: number;
}

/**
 * `npm run eval:risk`: precision and recall of the risk detections per category on the simulator's labelled tenant
 * (risky turns seeded at `--rate`, the rest ordinary history) plus the hand-written benign business corpus. An
 * interaction counts as predicted for a category when any finding of that category is raised on it.
 */
async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { users: { type: 'string' }, seed: { type: 'string' }, rate: { type: 'string' } },
  });
  const tenant = createSyntheticTenant({
    seed: Number(values.seed ?? 17),
    userCount: Number(values.users ?? 120),
    referenceTime: new Date('2026-11-20T12:00:00Z'),
    riskSeedRates: evenRiskRates(Number(values.rate ?? 0.1)),
  });
  const settings = { isTenantHost: tenantHostMatcher([tenant.domain]), watchlist: [] };
  const samples: Sample[] = [];
  for (const { interaction, riskLabels } of tenant.groundTruth())
    samples.push({
      interactionType: interaction.interactionType,
      body: interaction.body,
      attachments: interaction.attachments ?? [],
      links: interaction.links ?? [],
      labels: riskLabels ?? [],
    });
  const fill = (text: string): string =>
    text.replaceAll('{domain}', tenant.domain).replaceAll('{tenant}', tenant.domain.split('.')[0]!);
  for (const [type, texts] of [
    ['userPrompt', BENIGN_PROMPTS],
    ['aiResponse', BENIGN_RESPONSES],
  ] as const)
    for (const text of texts)
      samples.push({ interactionType: type, body: { content: fill(text) }, attachments: [], links: [], labels: [] });

  const tallies = new Map<RiskCategory, Tally>(RISK_CATEGORIES.map((c) => [c, { tp: 0, fp: 0, fn: 0 }]));
  const high = { tp: 0, fp: 0 };
  const started = process.hrtime.bigint();
  for (const sample of samples) {
    const matches = await detectInteraction(sample, settings);
    const predicted = new Set(matches.map((m) => m.category));
    for (const category of RISK_CATEGORIES) {
      const t = tallies.get(category)!;
      const truth = sample.labels.includes(category);
      if (predicted.has(category) && truth) t.tp += 1;
      else if (predicted.has(category)) t.fp += 1;
      else if (truth) t.fn += 1;
    }
    for (const category of new Set(matches.filter((m) => m.severity === 'high').map((m) => m.category))) {
      if (sample.labels.includes(category)) high.tp += 1;
      else high.fp += 1;
    }
  }
  const msPer = Number(process.hrtime.bigint() - started) / 1e6 / samples.length;
  const ratio = (a: number, b: number): string => (b === 0 ? '—' : (a / b).toFixed(3));
  const rows = [...tallies]
    .filter(([, t]) => t.tp + t.fp + t.fn > 0)
    .map(
      ([category, t]) =>
        `| ${category} | ${t.tp + t.fn} | ${t.tp} | ${t.fp} | ${t.fn} | ${ratio(t.tp, t.tp + t.fp)} | ${ratio(t.tp, t.tp + t.fn)} |`,
    );
  const labelled = samples.filter((s) => s.labels.length > 0).length;
  process.stdout.write(
    [
      `${samples.length} interactions (${labelled} labelled risky, ${BENIGN_PROMPTS.length + BENIGN_RESPONSES.length} from the benign business corpus); scan ${msPer.toFixed(3)} ms per interaction`,
      '',
      '| category | labelled | true pos. | false pos. | missed | precision | recall |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...rows,
      `| **high severity** | | ${high.tp} | ${high.fp} | | ${ratio(high.tp, high.tp + high.fp)} | |`,
      '',
    ].join('\n'),
  );
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
