import { credentialRule } from '../../../server/core/risk/credentialRules';
import { MASK } from '../../../server/core/risk/mask';
import { run, token } from './riskTestKit';

const rules = (text: string): string[] => run(credentialRule, text).map((m) => m.rule);

describe('credential rules', () => {
  it('finds an Azure Storage connection string and masks the account key', () => {
    const key = `${token(86)}==`;
    const text = `Why 403? DefaultEndpointsProtocol=https;AccountName=contosodata;AccountKey=${key};EndpointSuffix=core.windows.net`;
    const [match] = run(credentialRule, text);
    expect(match?.rule).toBe('azure-storage-connection-string');
    expect(match?.severity).toBe('high');
    expect(match?.masked).not.toContain(key.slice(10, 30));
    expect(match?.masked).toContain(MASK);
  });

  it('finds a bare Azure Storage account key', () => {
    expect(rules(`storage key ${token(86)}==`)).toContain('azure-storage-key');
  });

  it('finds an Entra client secret in the documented shape', () => {
    expect(rules(`client secret ${token(3)}8Q~${token(34, 'abcdefghijk.~_ABCDEF0123456789')}`)).toEqual([
      'entra-client-secret',
    ]);
  });

  it('finds SQL and MongoDB connection strings with passwords, not with placeholders', () => {
    expect(rules('Server=tcp:sql1.database.windows.net,1433;Database=Sales;User ID=app;Password=Falcon42!xy;')).toEqual(
      ['sql-connection-string'],
    );
    expect(rules('mongodb+srv://admin:Granite77xQ@cluster0.ab12c.mongodb.net/prod')).toEqual(['database-uri-password']);
    expect(rules('Server=sql1;Database=Sales;User ID=app;Password=<your password>;')).toEqual([]);
    expect(rules('mongodb://user:password@localhost/db')).toEqual([]);
  });

  it('finds private keys, also cut short and inside JSON escapes', () => {
    const body = token(64, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');
    expect(rules(`-----BEGIN RSA PRIVATE KEY-----\nMIIEow${body}\n${body}`)).toEqual(['private-key']);
    expect(rules(`"-----BEGIN PRIVATE KEY-----\\n${body}\\n-----END PRIVATE KEY-----"`)).toEqual(['private-key']);
    expect(rules('Where do I put the -----BEGIN PRIVATE KEY----- block?')).toEqual([]);
  });

  it('finds JWTs only when the header decodes', () => {
    const part = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
    const jwt = `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ sub: 'x', aud: 'api://app' })}.${token(43)}`;
    expect(rules(`Authorization: Bearer ${jwt}`)).toContain('jwt');
    expect(rules(`eyJ${token(12)}.eyJ${token(12)}.${token(20)}`)).not.toContain('jwt');
  });

  it('finds sk- keys, AWS key ids and Google API keys', () => {
    expect(rules(`key sk-proj-${token(48)}`)).toEqual(['sk-api-key']);
    expect(rules(`AKIA${token(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')} is ours`)).toEqual(['aws-access-key-id']);
    expect(rules(`AIza${token(35)}`)).toEqual(['google-api-key']);
    expect(rules('sk-learn is the scikit-learn package')).toEqual([]);
  });

  it('finds password assignments with a real-looking value, at medium severity', () => {
    const [match] = run(credentialRule, 'The VPN password is Orchid81#kq, tell the contractor.');
    expect(match).toMatchObject({ rule: 'password-assignment', severity: 'medium', value: 'Orchid81#kq' });
    expect(rules('pwd: Summer2024!')).toEqual(['password-assignment']);
  });

  it.each([
    'What is our password policy for contractors?',
    'The password must be at least 14 characters.',
    'Reset my password for SAP, the ticket is INC0012345.',
    'password: see the vault',
    'Write guidance on API key rotation for the Graph connector team.',
    'Explain what a bearer token is to a manager.',
    'Build 20240612.3 failed; GUID 3f2504e0-4f89-11d3-9a0c-0305e82c3301.',
    'The tracking number 1Z999AA10123456784 shows delivered.',
    'https://contoso.sharepoint.com/sites/Finance/Shared%20Documents/Budget.xlsx?web=1&EntityRepresentationId=3f2504e0-4f89-11d3-9a0c-0305e82c3301',
  ])('leaves business text alone: %s', (text) => {
    expect(rules(text)).toEqual([]);
  });
});

describe('password wording', () => {
  it('finds a password given without a separator when it looks like one, not a meeting passcode', () => {
    expect(rules('here are the creds: username admin password Hunter2024!')).toEqual(['password-assignment']);
    expect(rules('The meeting ID is 284 671 950 112 and the passcode is Zx8pQ2')).toEqual([]);
    expect(rules('Password reset link expires after 24 hours')).toEqual([]);
  });

  it('finds a password named after what it opens, in an environment variable, beside a user name or in curl -u', () => {
    const [match] = run(credentialRule, 'the password for the shared finance mailbox is Harbour!Lights2026 — add it');
    expect(match).toMatchObject({ rule: 'password-assignment', severity: 'medium', value: 'Harbour!Lights2026' });
    expect(run(credentialRule, 'DB_PASSWORD=Pr0d-S3cret!2026\nDB_USER=app')[0]?.value).toBe('Pr0d-S3cret!2026');
    expect(run(credentialRule, 'Admin credentials are admin / Bz4%nWq8Tc (web UI)')[0]?.value).toBe('Bz4%nWq8Tc');
    expect(run(credentialRule, 'curl -u ediuser:Q9w!e8R7t6 ftp://edi.contoso.com/in')[0]?.value).toBe('Q9w!e8R7t6');
  });

  it.each([
    'The password for the new starters is sent by SMS on day one.',
    'Credentials are stored in Key Vault / rotated every 90 days.',
    'curl -u $USER:$TOKEN https://api.contoso.com/v1/orders',
    'Set DB_PASSWORD=<password> in the .env file.',
  ])('leaves password talk without a password alone: %s', (text) => {
    expect(rules(text)).toEqual([]);
  });

  it('finds an Azure DevOps personal access token named as a PAT', () => {
    const pat = token(52, 'abcdefghijklmnopqrstuvwxyz234567');
    expect(rules(`Azure DevOps PAT ${pat} stopped working for git clone`)).toEqual(['key-assignment']);
    expect(rules('Pat from the PMO asked for the Q3 roadmap')).toEqual([]);
  });
});
