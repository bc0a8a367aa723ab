import { openTestStore, type TestStore } from '../../support/testStore';
import { expectAnalystView } from './riskTestKit';

/**
 * What an analyst reads in each personal-data finding the scanner writes for a labelled prompt: the rule, category,
 * severity, confidence, the title naming what was found, and the evidence masked.
 */

describe('personal data findings as an analyst reads them', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore('personalWording');
  });
  afterAll(async () => t.close());

  it('names each kind of personal data found in a prompt, with its severity and the number masked', async () => {
    await expectAnalystView(t.store, [
      [
        'Fill in the W-4 for me, my SSN is 536-22-8714',
        [['us-ssn', 'personal_data', 'high', 'high', 'US Social Security number in a prompt', ['•••-••-8714']]],
      ],
      [
        'For the form example, SSN 078-05-1120 goes in box 3',
        [
          [
            'us-ssn',
            'personal_data',
            'low',
            'low',
            'US Social Security number published as an example in a prompt',
            ['•••-••-1120'],
          ],
        ],
      ],
      [
        'Text me on my mobile (415) 555-2671 if the flight is late',
        [['phone-number', 'personal_data', 'low', 'medium', 'Phone number in a prompt', ['(•••) •••-••71']]],
      ],
      [
        'Book the flight: passport number X1234567, expires 2031',
        [['passport-number', 'personal_data', 'medium', 'medium', 'Passport number in a prompt', ['•••••567']]],
      ],
      [
        'The NI number for the new starter is AB 12 34 56 C',
        [
          [
            'uk-nino',
            'personal_data',
            'medium',
            'medium',
            'UK National Insurance number in a prompt',
            ['•• •• •• 56 C'],
          ],
        ],
      ],
      [
        'Add her Personalausweisnummer L01X00T47 to the visa letter',
        [['national-id', 'personal_data', 'medium', 'medium', 'National identity number in a prompt', ['••••••T47']]],
      ],
      [
        'Reply to jamie.lee84@gmail.com with the offer',
        [
          [
            'personal-email',
            'personal_data',
            'low',
            'high',
            'Personal e-mail address in a prompt',
            ['j••••@gmail.com'],
          ],
        ],
      ],
    ]);
  });

  it('reads an address at each consumer mail provider as a personal mailbox, and a company domain as none', async () => {
    const providers = ['gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'hotmail.co.uk', 'live.com', 'msn.com', 'yahoo.com', 'yahoo.co.uk', 'ymail.com', 'icloud.com', 'me.com', 'mac.com', 'aol.com', 'proton.me', 'protonmail.com', 'pm.me', 'gmx.com', 'gmx.de', 'gmx.net', 'web.de', 'mail.com', 'mail.ru', 'yandex.com', 'yandex.ru', 'qq.com', '163.com', '126.com', 'zoho.com', 'tutanota.com', 'tuta.io', 'fastmail.com', 'hey.com', 'comcast.net', 'btinternet.com', 'orange.fr', 'free.fr', 'libero.it']; // prettier-ignore
    await expectAnalystView(t.store, [
      ...providers.map(
        (domain) =>
          [
            `Add sam.ortiz@${domain} to the guest list`,
            [
              [
                'personal-email',
                'personal_data',
                'low',
                'high',
                'Personal e-mail address in a prompt',
                [`s••••@${domain}`],
              ],
            ],
          ] as const,
      ),
      ['Add sam.ortiz@fabrikam.com to the guest list', []],
      ['Add sam.ortiz@gmail.co to the guest list', []],
    ]);
  });
});
