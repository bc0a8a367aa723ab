import { detectInteraction, type DetectionSettings } from '../../../server/core/risk/detect';
import type { ScannableInteraction } from '../../../server/core/risk/fields';
import { tenantHostMatcher } from '../../../server/core/risk/tenantHosts';

/**
 * US Social Security numbers SSA never issued, or published as examples, through detectInteraction: never a high
 * personal-data finding (SSA POMS RM 10201.035; SSA's history of misused numbers), while an ordinary number beside
 * the same words is.
 */

const settings: DetectionSettings = { isTenantHost: tenantHostMatcher(['contoso.com']), watchlist: [] };

async function personalData(text: string): Promise<{ severity: string; type: string; value: string }[]> {
  const interaction: ScannableInteraction = { interactionType: 'userPrompt', body: { content: text }, attachments: [], links: [] }; // prettier-ignore
  return (await detectInteraction(interaction, settings))
    .filter((m) => m.category === 'personal_data')
    .map(({ severity, type, value }) => ({ severity, type, value }));
}

describe('US SSNs that are no one’s', () => {
  it('finds an ordinary SSN beside its name as high (the positive control)', async () => {
    expect(await personalData('new hire form: SSN 287-61-4093, start Monday')).toEqual([
      { severity: 'high', type: 'US Social Security number', value: '287-61-4093' },
    ]);
  });

  it.each([
    ['area 000', '000-61-4093'],
    ['area 666', '666-61-4093'],
    ['area 900', '900-61-4093'],
    ['area 999', '999-61-4093'],
    ['SSA’s advertising range', '987-65-4321'],
    ['group 00', '287-00-4093'],
    ['serial 0000', '287-61-0000'],
    ['area 000, unseparated', '000614093'],
  ])('finds nothing in a never-issued number (%s)', async (_why, ssn) => {
    expect(await personalData(`new hire form: SSN ${ssn}, start Monday`)).toEqual([]);
  });

  it.each([
    ['the Woolworth wallet card', '078-05-1120'],
    ['SSA’s 1940 pamphlet', '219-09-9999'],
    ['the forms’ placeholder', '123-45-6789'],
    ['the Woolworth number with spaces', '078 05 1120'],
    ['the Woolworth number in one run', '078051120'],
  ])('reports a published example number (%s) as low, not high', async (_why, ssn) => {
    expect(await personalData(`new hire form: social security number ${ssn}, start Monday`)).toEqual([
      { severity: 'low', type: 'US Social Security number published as an example', value: ssn },
    ]);
  });
});
