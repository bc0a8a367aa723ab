import { detectInteraction } from '../../../server/core/risk/detect';
import { tenantHostMatcher } from '../../../server/core/risk/tenantHosts';
import { createSyntheticTenant } from '../../../server/graph/simulator/syntheticTenant';

describe('the simulator’s ordinary history', () => {
  it('raises no finding: every prompt, answer, card and link of a 60-user tenant is business as usual', async () => {
    const tenant = createSyntheticTenant({ seed: 3, userCount: 60, referenceTime: new Date('2026-11-20T12:00:00Z') });
    const settings = { isTenantHost: tenantHostMatcher([tenant.domain]), watchlist: [] };
    const flagged: string[] = [];
    let scanned = 0;
    for (const { interaction } of tenant.groundTruth()) {
      scanned += 1;
      const matches = await detectInteraction(
        {
          interactionType: interaction.interactionType,
          body: interaction.body,
          attachments: interaction.attachments ?? [],
          links: interaction.links ?? [],
        },
        settings,
      );
      for (const m of matches) flagged.push(`${m.rule} ${m.path}: ${m.masked}`);
    }
    expect(scanned).toBeGreaterThan(1_000);
    expect(flagged).toEqual([]);
  });
});
