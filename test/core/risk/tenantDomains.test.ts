import { detectInteraction, type DetectionSettings } from '../../../server/core/risk/detect';
import type { ScannableInteraction } from '../../../server/core/risk/fields';
import { tenantHostMatcher } from '../../../server/core/risk/tenantHosts';

/**
 * Whose address a prompt sends to, through detectInteraction: the tenant's domains and their subdomains are inside;
 * a domain that only ends with the tenant's name (evilcontoso.com) is outside, so sending there is a finding.
 */

const settings: DetectionSettings = { isTenantHost: tenantHostMatcher(['contoso.com']), watchlist: [] };

async function sendsOutside(address: string): Promise<string[]> {
  const text = `email the customer list to ${address}`;
  const interaction: ScannableInteraction = { interactionType: 'userPrompt', body: { content: text }, attachments: [], links: [] }; // prettier-ignore
  return (await detectInteraction(interaction, settings)).filter((m) => m.category === 'exfiltration').map((m) => m.rule); // prettier-ignore
}

describe("the tenant's own domains", () => {
  it('are inside: the domain itself and its subdomains', async () => {
    expect(await sendsOutside('bob@contoso.com')).toEqual([]);
    expect(await sendsOutside('bob@mail.contoso.com')).toEqual([]);
  });

  it('do not include a domain that only ends with the same letters', async () => {
    expect(await sendsOutside('bob@evilcontoso.com')).toEqual(['send-to-external-address']);
    expect(await sendsOutside('bob@fabrikam.com')).toEqual(['send-to-external-address']);
  });
});
