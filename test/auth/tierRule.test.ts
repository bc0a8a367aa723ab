import { loadConfig } from '../../server/config';
import { createTierRule, tierRuleSettingsOf, type Unranked } from '../../server/auth/tierRule';
import { capabilitiesOf, tierAtLeast, TIERS } from '../../server/core/privacy/tiers';

const ALICE = '11111111-1111-4111-8111-111111111111';
const GROUP = '22222222-2222-4222-8222-222222222222';
const OTHER_GROUP = '33333333-3333-4333-8333-333333333333';

const someone = (over: Partial<Unranked> = {}): Unranked => ({
  userId: '99999999-9999-4999-8999-999999999999',
  tenantId: 't',
  name: null,
  upn: null,
  roles: [],
  groups: [],
  demo: false,
  ...over,
});

describe('the tier rule', () => {
  const rule = createTierRule(
    tierRuleSettingsOf(
      loadConfig({
        ANALYST_USER_IDS: ALICE,
        INVESTIGATOR_GROUP_IDS: GROUP,
        VIEWER_GROUP_IDS: OTHER_GROUP,
        DEMO_TIER: 'Analyst',
      }),
    ),
  );

  it('gives each app role its tier, and nobody without a role, user or group entry any tier', () => {
    for (const tier of TIERS) expect(rule(someone({ roles: [`CopilotObservatory.${tier}`] }))).toBe(tier);
    expect(rule(someone())).toBeNull();
    expect(rule(someone({ roles: ['Something.Else'] }))).toBeNull();
  });

  it('gives the highest tier a person matches, by role, user id (any case) or group', () => {
    expect(rule(someone({ userId: ALICE.toUpperCase() }))).toBe('Analyst');
    expect(rule(someone({ userId: ALICE, roles: ['CopilotObservatory.Viewer'] }))).toBe('Analyst');
    expect(rule(someone({ userId: ALICE, groups: [OTHER_GROUP, GROUP] }))).toBe('Investigator');
    expect(rule(someone({ groups: [OTHER_GROUP], roles: ['CopilotObservatory.Admin'] }))).toBe('Admin');
    expect(rule(someone({ groups: [OTHER_GROUP] }))).toBe('Viewer');
  });

  it("matches configured user and group ids in any case against the token's, each tier from its own variables", () => {
    // Letters in every id: an id of digits alone reads the same in any case.
    const BOB = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
    const AUDITORS = 'abcdef12-3456-4789-8abc-def123456789';
    const SUPPORT = 'fedcba98-7654-4321-8fed-cba987654321';
    const mixed = createTierRule(
      tierRuleSettingsOf(
        loadConfig({
          ADMIN_USER_IDS: BOB.toUpperCase(),
          INVESTIGATOR_GROUP_IDS: AUDITORS.toUpperCase(),
          ANALYST_GROUP_IDS: SUPPORT,
          VIEWER_USER_IDS: ALICE,
        }),
      ),
    );
    expect(mixed(someone({ userId: BOB }))).toBe('Admin');
    expect(mixed(someone({ groups: [AUDITORS] }))).toBe('Investigator');
    expect(mixed(someone({ groups: [SUPPORT.toUpperCase()] }))).toBe('Analyst');
    expect(mixed(someone({ groups: [SUPPORT] }))).toBe('Analyst');
    expect(mixed(someone({ userId: ALICE.toUpperCase() }))).toBe('Viewer');
    expect(mixed(someone({ groups: ['44444444-4444-4444-8444-444444444444'] }))).toBeNull();
  });

  it('gives the demo identity DEMO_TIER, Admin by default', () => {
    expect(rule(someone({ demo: true }))).toBe('Analyst');
    expect(createTierRule(tierRuleSettingsOf(loadConfig({})))(someone({ demo: true }))).toBe('Admin');
  });

  it('refuses a DEMO_TIER that is not a tier', () => {
    expect(() => loadConfig({ DEMO_TIER: 'Superuser' })).toThrow(/DEMO_TIER/);
  });

  it('orders the tiers so each includes the ones below', () => {
    expect(tierAtLeast('Admin', 'Viewer')).toBe(true);
    expect(tierAtLeast('Analyst', 'Investigator')).toBe(false);
    expect(tierAtLeast(null, 'Viewer')).toBe(false);
    expect(capabilitiesOf('Analyst')).toMatchObject({ viewFigures: true, viewPeople: true, readConversations: false });
    expect(Object.values(capabilitiesOf(null)).every((v) => !v)).toBe(true);
    expect(Object.values(capabilitiesOf('Admin')).every((v) => v)).toBe(true);
  });
});
