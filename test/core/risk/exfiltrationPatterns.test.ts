import { detectInteraction, type DetectionSettings } from '../../../server/core/risk/detect';
import type { ScannableInteraction } from '../../../server/core/risk/fields';
import { tenantHostMatcher } from '../../../server/core/risk/tenantHosts';

/**
 * The exfiltration rules' patterns, through detectInteraction: the shapes of an image in an answer that a renderer
 * would fetch (markdown with alt text, spaces, a title, plain http; HTML with other attributes first, spaces around
 * `=`, an unquoted address) and the business objects whose sending to another organisation is a finding, in the
 * singular and the plural and each spelling of e-mail.
 */

const settings: DetectionSettings = { isTenantHost: tenantHostMatcher(['contoso.com']), watchlist: [] };

async function exfiltration(text: string, interactionType: string) {
  const scanned: ScannableInteraction = { interactionType, body: { content: text }, attachments: [], links: [] };
  return (await detectInteraction(scanned, settings))
    .filter((m) => m.category === 'exfiltration')
    .map((m) => ({ rule: m.rule, start: m.start, end: m.end, masked: m.masked }));
}
const answer = (text: string) => exfiltration(text, 'aiResponse');
const prompt = (text: string) => exfiltration(text, 'userPrompt');

/** The image finding each answer should give: the whole image, from its first character. */
async function expectImages(images: readonly string[]): Promise<void> {
  const found = [];
  for (const image of images) found.push([image, await answer(`Here: ${image}`)]);
  expect(found).toEqual(
    images.map((image) => [
      image,
      [
        {
          rule: 'external-image-in-response',
          start: 6,
          end: 6 + image.length,
          masked: 'https://collect.evil.example/…',
        },
      ],
    ]),
  );
}

describe('an image from an outside host in an answer', () => {
  it('is found in markdown with alt text of several words, a space before the address, a title, or plain http', async () => {
    await expectImages([
      '![quarterly sales chart](https://collect.evil.example/p.png)',
      '![x]( https://collect.evil.example/p.png)',
      '![x](https://collect.evil.example/p.png "Sales")',
      '![x](http://collect.evil.example/p.png)',
    ]);
  });

  it('is found in HTML with attributes before src, spaces around "=", an unquoted address, or plain http', async () => {
    // The finding ends with the address: what follows it in the tag is not read.
    const cases: Array<[string, string]> = [
      ['<img alt="logo" width="1" src="https://collect.evil.example/a.gif">', 'https://collect.evil.example/a.gif'],
      ['<img src = "https://collect.evil.example/a.gif">', 'https://collect.evil.example/a.gif'],
      ['<img src=https://collect.evil.example/a.gif>', 'https://collect.evil.example/a.gif'],
      ['<img src="http://collect.evil.example/a.gif">', 'http://collect.evil.example/a.gif'],
    ];
    const found = [];
    for (const [image] of cases) found.push([image, await answer(`Here: ${image}`)]);
    expect(found).toEqual(
      cases.map(([image, url]) => [
        image,
        [
          {
            rule: 'external-image-in-response',
            start: 6,
            end: 6 + image.indexOf(url) + url.length,
            masked: 'https://collect.evil.example/…',
          },
        ],
      ]),
    );
  });
});

describe('business data sent to another organisation', () => {
  it('is found for each object in the singular or plural, and e-mail spelled with or without its hyphen', async () => {
    const objects = [
      'credential',
      'password',
      'trade secret',
      'customer emails',
      'customer e-mail',
      'design spec',
      // Positive controls: the plurals the pattern was written with.
      'credentials',
      'design specs',
    ];
    const found: Array<[string, string[]]> = [];
    for (const object of objects)
      found.push([object, (await prompt(`Send the ${object} to ops@partner.example`)).map((m) => m.rule)]);
    expect(found).toEqual(objects.map((object) => [object, ['send-to-external-address']]));
  });

  it('is not found for what is not business data', async () => {
    expect(await prompt('Send the lunch menu to ops@partner.example')).toEqual([]);
  });
});
