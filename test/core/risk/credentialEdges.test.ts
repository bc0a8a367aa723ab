import { credentialRule } from '../../../server/core/risk/credentialRules';
import { MASK } from '../../../server/core/risk/mask';
import { run, token } from './riskTestKit';

/**
 * The credential rules at their edges: where a finding says the secret is and how it is masked, what makes a value
 * password-like (three kinds of character, six of them once a single closing full stop is set aside, no link), and
 * the checks each vendor shape adds (a storage key's mixed case and digits, a quoted placeholder, a key that is
 * only its prefix and digits, AWS's documented example key id, a JWT header without `alg`).
 */

const rules = (text: string): string[] => run(credentialRule, text).map((m) => m.rule);

describe('a credential finding', () => {
  it('gives the secret’s place, a medium confidence for a password and a four-character mask', () => {
    const text = 'The VPN password is Orchid81#kqZ2026, tell the contractor.';
    expect(run(credentialRule, text)).toEqual([
      {
        rule: 'password-assignment',
        category: 'credential',
        severity: 'medium',
        confidence: 'medium',
        type: 'Password',
        start: 20,
        end: 36,
        value: 'Orchid81#kqZ2026',
        masked: `Orch${MASK.repeat(8)}26`,
        redact: true,
      },
    ]);
  });

  it('gives a vendor key a high confidence, its capture group’s place and the mask’s own kept length', () => {
    const key = `sk-proj-${token(48)}`;
    expect(run(credentialRule, `use ${key} now`)).toMatchObject([
      { rule: 'sk-api-key', confidence: 'high', start: 4, end: 4 + key.length, value: key, masked: `sk-p${MASK.repeat(8)}${key.slice(-2)}` }, // prettier-ignore
    ]);
    const conn = `DefaultEndpointsProtocol=https;AccountName=contosodata;AccountKey=${token(86)}==;EndpointSuffix=core.windows.net`;
    const [match] = run(credentialRule, `Why 403? ${conn}`);
    // The whole string is the evidence (group 0), its first 40 characters kept in the mask.
    expect(match).toMatchObject({ start: 9, end: 9 + conn.length, value: conn, confidence: 'high' });
    expect(match?.masked).toBe(`${conn.slice(0, 40)}${MASK.repeat(8)}et`);
    const body = token(64, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');
    expect(run(credentialRule, `-----BEGIN RSA PRIVATE KEY-----\n${body}`)[0]?.masked).toBe(
      `-----BEGIN R${MASK.repeat(8)}${body.slice(-2)}`,
    );
  });
});

describe('a password-like value', () => {
  it('needs three kinds of character', () => {
    expect(rules('password: abcdef12')).toEqual([]);
    expect(rules('password: abcDef12')).toEqual(['password-assignment']);
  });

  it('needs six characters once one closing full stop, bracket or mark is set aside', () => {
    expect(rules('password: aB3def')).toEqual(['password-assignment']);
    expect(rules('password: aB3de.')).toEqual([]);
  });

  it('does not count one closing full stop as a symbol, but does count two closing marks', () => {
    expect(rules('password: tulip88x.')).toEqual([]);
    expect(rules('password: tulip88x?')).toEqual([]);
    expect(rules('password: tulip88x!!')).toEqual(['password-assignment']);
    expect(rules('password: aB3d!!')).toEqual(['password-assignment']);
    // A full stop inside the value is a symbol like any other.
    expect(rules('password: ab.cd12x')).toEqual(['password-assignment']);
  });

  it('is not a link', () => {
    expect(rules('password: https://Ab1cd.example')).toEqual([]);
    expect(rules('password: http://Ab1cd.example')).toEqual([]);
    expect(rules('password: Zhttps://Ab1cd.example')).toEqual(['password-assignment']);
  });

  it('needs a digit when the password follows the word without a separator', () => {
    expect(rules('username admin password Hunter!Abcd')).toEqual([]);
    expect(rules('username admin password Hunter!Abc4')).toEqual(['password-assignment']);
  });
});

describe('vendor shapes', () => {
  it('takes an account key only with digits, lower- and upper-case letters', () => {
    const mixed = token(86, 'ABCDEFGHabcdefgh2345');
    expect(rules(`storage key ${mixed}==`)).toEqual(['azure-storage-key']);
    expect(rules(`storage key ${token(86, 'abcdefgh2345')}==`)).toEqual([]);
    expect(rules(`storage key ${token(86, 'ABCDEFGH2345')}==`)).toEqual([]);
    expect(rules(`storage key ${token(86, 'ABCDEFGHabcdefgh')}==`)).toEqual([]);
  });

  it('reads a quoted password in a SQL connection string without its quote, so a quoted placeholder is none', () => {
    expect(rules('Server=sql1;Database=Sales;User ID=app;Password="<your password>";')).toEqual([]);
    expect(run(credentialRule, 'Server=sql1;Database=Sales;User ID=app;Password="Falcon42!xy";')).toMatchObject([
      { rule: 'sql-connection-string', value: '"Falcon42!xy"' },
    ]);
  });

  it('takes an sk- key only when what follows its prefix holds letters and digits', () => {
    expect(rules(`sk-${'1234567890'.repeat(3)}`)).toEqual([]);
    expect(rules(`sk-${'abcdefghij'.repeat(3)}`)).toEqual([]);
    expect(rules(`sk-${'abcde12345'.repeat(3)}`)).toEqual(['sk-api-key']);
  });

  it('leaves AWS’s documented example key id alone, not one with EXAMPLE inside', () => {
    expect(rules('AKIAIOSFODNN7EXAMPLE is in the docs')).toEqual([]);
    expect(rules('AKIAIOSFODNN7EXAMPLF is ours')).toEqual(['aws-access-key-id']);
    expect(rules('AKIAEXAMPLE234567ABC is ours')).toEqual(['aws-access-key-id']);
  });

  it('takes an AWS secret access key, or a named API key, only with letters and digits', () => {
    expect(rules(`aws_secret_access_key = ${'abcdefghij'.repeat(4)}`)).toEqual([]);
    expect(rules(`aws_secret_access_key = ${'abcdefghi7'.repeat(4)}`)).toEqual(['aws-secret-access-key']);
    expect(rules(`api_key=${'abcdefghij'.repeat(3)}`)).toEqual([]);
    expect(rules(`api_key=${'abcdefghi7'.repeat(3)}`)).toEqual(['key-assignment']);
  });

  it('takes a JWT only when its header names an algorithm', () => {
    const part = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
    const jwt = (header: object) => `${part(header)}.${part({ sub: 'x', aud: 'api://app' })}.${token(43)}`;
    expect(rules(`token ${jwt({ alg: 'RS256', typ: 'JWT' })}`)).toEqual(['jwt']);
    expect(rules(`token ${jwt({ typ: 'JWT', kid: 'abc' })}`)).toEqual([]);
  });
});
