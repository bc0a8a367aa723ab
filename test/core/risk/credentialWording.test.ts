import { openTestStore, type TestStore } from '../../support/testStore';
import { expectAnalystView, token, type AnalystView } from './riskTestKit';

/**
 * What an analyst reads in each credential finding the scanner writes for a labelled prompt: the rule, category,
 * severity, confidence, the title naming the kind of secret, and the secret masked. One prompt per pattern of the
 * credential rules (secretlint's preset does not know these shapes, so these findings are the ones kept).
 */

const key86 = token(86, 'ABCDEFGHabcdefgh2345+/');
const sak = token(43, 'ABCDEFGHabcdefgh2345+/');
const body = token(64, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');
const part = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
const jwt = `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ sub: 'x', aud: 'api://app' })}.${token(43, 'ABCDEFGHabcdefgh2345_-')}`;

/** A high-severity credential finding of a prompt, as the triage list shows it. */
const high = (rule: string, kind: string, masked: string): AnalystView => [
  rule,
  'credential',
  'high',
  'high',
  `${kind} in a prompt`,
  [masked],
];
/** A password: medium severity and confidence. */
const password = (masked: string): AnalystView => [
  'password-assignment',
  'credential',
  'medium',
  'medium',
  'Password in a prompt',
  [masked],
];

describe('credential findings as an analyst reads them', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore('credentialWording');
  });
  afterAll(async () => t.close());

  it('names each kind of secret found in a prompt, with its severity and the secret masked', async () => {
    await expectAnalystView(t.store, [
      [
        `Why does this fail? DefaultEndpointsProtocol=https;AccountName=contosodata;AccountKey=${key86}==`,
        [
          high(
            'azure-storage-connection-string',
            'Azure Storage connection string',
            'DefaultEndpointsProtocol=https;Account••••••••==',
          ),
        ],
      ],
      [
        `The storage key is ${key86}== for now`,
        [high('azure-storage-key', 'Azure Storage account key', '4G2E••••••••==')],
      ],
      [
        `Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${sak}=`,
        [
          high(
            'azure-shared-access-key',
            'Azure shared access key connection string',
            'Endpoint=sb://contoso.serviceb••••••••B=',
          ),
        ],
      ],
      [
        `Open https://contoso.blob.core.windows.net/c/f.pdf?sv=2022-11-02&ss=b&sp=r&sig=${token(40, 'ABCDabcd0123%+/=')} please`,
        [high('azure-sas-token', 'Azure shared access signature', '0C%c••••••••3b')],
      ],
      [
        `The app secret is ${token(3)}8Q~${token(34, 'abcdefghijk.~_ABCDEF0123456789-')} until May`,
        [high('entra-client-secret', 'Microsoft Entra client secret', 'q2C8••••••••1a')],
      ],
      [
        'Fix this: Server=sql1;Database=hr;Password=Falcon42!xy;',
        [high('sql-connection-string', 'SQL connection string with a password', 'F••••••')],
      ],
      [
        'Connect to amqp://svc:Granite77xQ@broker.contoso.com',
        [high('database-uri-password', 'Database URI with a password', 'G••••••')],
      ],
      [
        `Convert this key: -----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----`,
        [high('private-key', 'Private key', '-----BEGIN P••••••••--')],
      ],
      [`Decode the token ${jwt}`, [high('jwt', 'JSON Web Token', 'eyJh••••••••fB')]],
      [
        `My OpenAI key sk-proj-${token(30, 'ABCDabcd0123_-')} stopped working`,
        [high('sk-api-key', 'Secret API key (sk-)', 'sk-p••••••••dD')],
      ],
      ['Is ASIA2345ABCDEFGHIJKL still active?', [high('aws-access-key-id', 'AWS access key id', 'ASIA••••••••KL')]],
      [
        `aws_secret_key='${token(40, 'ABCDabcd0123/+')}'`,
        [high('aws-secret-access-key', 'AWS secret access key', 'C/0a••••••••3d')],
      ],
      [
        `Maps call with AIza${token(35, 'ABCDabcd0123_-')} fails`,
        [high('google-api-key', 'Google API key', 'AIza••••••••1b')],
      ],
      // One prompt per password pattern: a link's query, a separator, none, a user name before it, curl -u.
      ['Log in with https://portal.example.net/login?user=bob&password=Sunset2024x&lang=en', [password('S••••••')]],
      ['The VPN password: Tommy2024! works', [password('T••••••')]],
      ['username admin password Hunter2024! on the router', [password('H••••••')]],
      ['The credentials are admin / Bz4%nWq8Tc for the share', [password('B••••••')]],
      ['Run curl -u ediuser:Q9w!e8R7t6 ftp://files.contoso.com', [password('Q••••••')]],
      [
        `Our api_key = ${token(32, 'ABCDabcd0123')} in the config`,
        [['key-assignment', 'credential', 'medium', 'medium', 'API key or token in a prompt', ['0caC••••••••CA']]],
      ],
    ]);
  });
});
