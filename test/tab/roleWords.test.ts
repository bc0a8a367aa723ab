import { ANY_ROLE, forbiddenText, TIER_ADDS } from '../../tab/src/privacy/roleWords';
import { TIERS } from '../../server/core/privacy/tiers';

describe("the tab's words for a refusal", () => {
  it('name the role a 403 needs (the API sends it as requiredTier) and what that role adds', () => {
    expect(forbiddenText('Admin')).toBe(
      'This needs the Admin role of Copilot Observatory, which adds setup, sync, the access log, erasure and the role mapping. Ask your administrator if your work needs it.',
    );
    for (const tier of TIERS) expect(forbiddenText(tier)).toContain(`the ${tier} role`);
    expect(Object.keys(TIER_ADDS)).toEqual([...TIERS]);
  });

  it('say any of the four roles opens the tab when the API names none, and never "admin role"', () => {
    expect(ANY_ROLE).toBe('Viewer, Analyst, Investigator or Admin');
    expect(forbiddenText(undefined)).toBe(
      'You need a Copilot Observatory role to see this (Viewer, Analyst, Investigator or Admin).',
    );
    for (const tier of [undefined, ...TIERS]) expect(forbiddenText(tier)).not.toMatch(/admin role/);
  });
});
