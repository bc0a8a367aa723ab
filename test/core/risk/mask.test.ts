import { deriveRiskHashKey } from '../../../server/core/risk/hashKey';
import { createEvidenceHasher, maskDigits, maskEmail, maskSecret, redactSpans } from '../../../server/core/risk/mask';
import { tenantHostMatcher } from '../../../server/core/risk/tenantHosts';

describe('masking and evidence hashes', () => {
  it('masks secrets to their kind and last two characters, hiding their length', () => {
    expect(maskSecret('ghp_abcdefghijklmnopqrstuvwxyz0123456789')).toBe('ghp_••••••••89');
    expect(maskSecret('short')).toBe('s••••••');
  });

  it('masks digits and e-mail mailboxes', () => {
    expect(maskDigits('3782 822463 10005', 4, 4)).toBe('3782 •••••• •0005');
    expect(maskEmail('jamie.lee@gmail.com')).toBe('j••••@gmail.com');
  });

  it('replaces spans, the first to start winning overlaps', () => {
    expect(redactSpans('abc SECRET def', [{ start: 4, end: 10, masked: 'S•••' }])).toBe('abc S••• def');
  });

  it('hashes with a key: repeats group whatever their separators, other keys give other hashes', () => {
    const hash = createEvidenceHasher(Buffer.alloc(32, 1));
    expect(hash('card-number', '4111 1111 1111 1111')).toBe(hash('card-number', '4111-1111-1111-1111'));
    expect(hash('card-number', '4111 1111 1111 1111')).not.toBe(
      createEvidenceHasher(Buffer.alloc(32, 2))('card-number', '4111111111111111'),
    );
    expect(hash('card-number', '4111 1111 1111 1111')).toMatch(/^[0-9a-f]{32}$/);
    expect(() => createEvidenceHasher(Buffer.alloc(8))).toThrow(RangeError);
  });
});

describe('tenant hosts', () => {
  const isTenant = tenantHostMatcher(['contoso.com', 'contoso.onmicrosoft.com']);
  it('knows the tenant’s domains, SharePoint and OneDrive hosts and Microsoft 365, not another tenant', () => {
    for (const host of [
      'contoso.com',
      'mail.contoso.com',
      'contoso.sharepoint.com',
      'contoso-my.sharepoint.com',
      'teams.microsoft.com',
    ])
      expect(isTenant(host)).toBe(true);
    for (const host of ['fabrikam.sharepoint.com', 'contoso.com.evil.example', 'gmail.com'])
      expect(isTenant(host)).toBe(false);
  });
});

describe('the evidence hash key', () => {
  it('is derived from the state signing key: 32 bytes, the same on every instance, different from the key', () => {
    const stateKey = Buffer.from('x'.repeat(48));
    expect(deriveRiskHashKey(stateKey)).toHaveLength(32);
    expect(deriveRiskHashKey(stateKey).equals(deriveRiskHashKey(Buffer.from('x'.repeat(48))))).toBe(true);
    expect(deriveRiskHashKey(stateKey).equals(deriveRiskHashKey(Buffer.from('y'.repeat(48))))).toBe(false);
  });
});
