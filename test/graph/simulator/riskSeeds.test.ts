import { createSyntheticTenant } from '../../../server/graph/simulator/syntheticTenant';
import { evenRiskRates } from '../../../server/graph/simulator/riskSeeds';
import { REFERENCE_TIME } from './simulatorTestKit';

describe('seeded risky content', () => {
  it('replaces turns at the configured rate and labels them in the ground truth, leaving the rest unchanged', () => {
    const options = { seed: 5, userCount: 30, referenceTime: REFERENCE_TIME };
    const plain = [...createSyntheticTenant(options).groundTruth()];
    const seeded = [...createSyntheticTenant({ ...options, riskSeedRates: evenRiskRates(0.1) }).groundTruth()];
    expect(seeded.map((r) => r.interaction.id)).toEqual(plain.map((r) => r.interaction.id));
    const labelled = seeded.filter((r) => r.riskLabels);
    const turns = labelled.length / 2;
    expect(turns / (plain.length / 2)).toBeGreaterThan(0.06);
    expect(turns / (plain.length / 2)).toBeLessThan(0.14);
    const changed = seeded.filter((r, i) => r.interaction.body?.content !== plain[i]?.interaction.body?.content);
    expect(changed.every((r) => r.riskLabels)).toBe(true);
    const categories = new Set(labelled.flatMap((r) => r.riskLabels ?? []));
    expect([...categories].sort()).toEqual([
      'credential',
      'exfiltration',
      'financial',
      'personal_data',
      'prompt_injection',
    ]);
  });
});
