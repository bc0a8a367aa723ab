import { detectInteraction, type DetectionSettings } from '../../../server/core/risk/detect';
import { redactInteraction, type ScannableInteraction } from '../../../server/core/risk/fields';
import { tenantHostMatcher } from '../../../server/core/risk/tenantHosts';

/**
 * What detectInteraction reads in each kind of field: a URL only for credentials and data carried out (an address
 * or a number in a link's path is no personal data), text for every rule; a value masked by an earlier scan is never
 * found again, whichever rule would read it; overlaps are settled within one field, never across two.
 */

const settings: DetectionSettings = { isTenantHost: tenantHostMatcher(['contoso.com']), watchlist: [] };
const SAS =
  'https://fabrikamexports.blob.core.windows.net/share/a.csv?sv=2023-01-03&se=2026-12-08T09%3A00%3A00Z&sr=b&sp=r&sig=Qm7vR2nT8kW4pX6zL1cY9bH3dF5gJ0sA%3D';
const password = ['Orchid', '81#', 'kqZ2026'].join('');

function prompt(content: string, linkUrls: string[] = []): ScannableInteraction {
  const links = linkUrls.map((linkUrl) => ({ linkUrl }));
  return { interactionType: 'userPrompt', body: { content }, attachments: [], links };
}
const rulesAt = async (interaction: ScannableInteraction) =>
  (await detectInteraction(interaction, settings)).map((m) => `${m.path} ${m.rule}`);

describe('detectInteraction, field by field', () => {
  it('reads a link for a credential', async () => {
    expect(await rulesAt(prompt('Can you open this?', [SAS]))).toContain('links[0].linkUrl azure-sas-token');
  });

  it('reads no personal data in a link, where the same words in text are', async () => {
    const address = 'jamie.lee84@gmail.com';
    expect(await rulesAt(prompt('Open the link.', [`https://contoso.sharepoint.com/personal/${address}/a.docx`]))).toEqual([]); // prettier-ignore
    expect(await rulesAt(prompt(`Open https://contoso.sharepoint.com/personal/${address}/a.docx`))).toEqual([
      'body personal-email',
    ]);
  });

  it('never finds a value again once an earlier scan masked it, though a password rule would read the mask', async () => {
    const interaction = prompt(`VPN password: ${password}, thanks`);
    const matches = await detectInteraction(interaction, settings);
    expect(matches.map((m) => m.rule)).toEqual(['password-assignment']);
    expect(
      redactInteraction(
        interaction,
        matches.filter((m) => m.redact),
      ),
    ).toBe(true);
    expect(interaction.body?.content).toBe('VPN password: Orch••••••••26, thanks');
    expect(await detectInteraction(interaction, settings)).toEqual([]);
  });

  it('settles overlaps within one field, so one value in two fields is found in each', async () => {
    const text = `VPN password: ${password}`;
    const interaction: ScannableInteraction = {
      interactionType: 'userPrompt',
      body: { content: text },
      attachments: [{ content: text }],
      links: [],
    };
    expect(await rulesAt(interaction)).toEqual([
      'body password-assignment',
      'attachments[0].content password-assignment',
    ]);
  });
});
