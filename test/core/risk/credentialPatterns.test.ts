import { expectEachText, promptFindings, token } from './riskTestKit';

/**
 * The credential rules' patterns, through detectInteraction: each vendor shape written the other ways its format
 * allows (http and https, optional prefixes and key types, CRLF and escaped line breaks, quotes and spaces around a
 * separator, each spelling of a name), at the bounds of its lengths, and the same shape inside a longer word or run,
 * which is not one. Where secretlint's preset finds the same secret (most database URIs, AWS secret keys under their
 * usual names) its finding is the one kept: those rows show it, and the rows that test our own shapes use names and
 * schemes it does not know. Each finding: rule, start and end of the secret.
 */

const key86 = token(86, 'ABCDEFGHabcdefgh2345+/');
const sak = token(43, 'ABCDEFGHabcdefgh2345+/');
const body = token(64, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');
const part = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
const jwt = `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ sub: 'x', aud: 'api://app' })}.${token(43, 'ABCDEFGHabcdefgh2345_-')}`;

type Found = Array<[string, number, number]>;

/** Each credential finding of a prompt: rule, start and end. */
async function credentials(text: string): Promise<Found> {
  return (await promptFindings(text)).filter((m) => m.category === 'credential').map((m) => [m.rule, m.start, m.end]);
}

const expectCredentials = (cases: ReadonlyArray<readonly [string, Found]>) => expectEachText(cases, credentials);

describe('the credential patterns', () => {
  it('finds an Azure Storage connection string or account key: http or https, a key not inside a longer base64 run', async () => {
    await expectCredentials([
      [
        `DefaultEndpointsProtocol=http;AccountName=abc;AccountKey=${key86}==`,
        [['azure-storage-connection-string', 0, 145]],
      ],
      [
        `DefaultEndpointsProtocol=https;AccountName=contoso2024data;AccountKey=${key86}==;EndpointSuffix=core.windows.net"`,
        [['azure-storage-connection-string', 0, 190]],
      ],
      [`${key86}==`, [['azure-storage-key', 0, 88]]],
      [`x${key86}==`, []],
      [`${key86}==A`, []],
    ]);
  });

  it('finds a Service Bus connection string: its endpoint and key name without spaces', async () => {
    await expectCredentials([
      [
        `Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${sak}=`,
        [['azure-shared-access-key', 0, 152]],
      ],
      [`Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=Root Key;SharedAccessKey=${sak}=`, []],
      [`Endpoint=sb://a b;SharedAccessKeyName=Root;SharedAccessKey=${sak}=`, []],
    ]);
  });

  it('finds a shared access signature: the signed version as a date, then sig= in the same query', async () => {
    await expectCredentials([
      [
        `https://contoso.blob.core.windows.net/c/f.pdf?sv=2022-11-02&ss=b&srt=o&sp=r&se=2026-12-31&sig=${token(40, 'ABCDabcd0123%+/=')}`,
        [['azure-sas-token', 94, 134]],
      ],
      [`https://x/y?a=1&sv=2022-11-02&sig=${token(40, 'ABCDabcd0123%+/=')} done`, [['azure-sas-token', 34, 74]]],
      [`?sv=2022-11-02&sr=b sig=${token(40, 'ABCDabcd0123')}`, []],
      [`?sv=20221-11-02&sig=${token(40, 'ABCDabcd0123')}`, []],
    ]);
  });

  it('finds an Entra client secret: 31-34 characters after Q~, not inside a longer run', async () => {
    await expectCredentials([
      [`secret ${token(3)}8Q~${token(34, 'abcdefghijk.~_ABCDEF0123456789-')}`, [['entra-client-secret', 7, 47]]],
      [`secret ${token(3)}8Q~${token(31, 'abcdefghijk.~_ABCDEF0123456789-')}`, [['entra-client-secret', 7, 44]]],
      [`secret ${token(3)}8Q~${token(35, 'abcdefghijk.~_ABCDEF0123456789')}`, []],
      [`secret a.~8Q~${token(33, 'abcdefghijk.~_ABCDEF0123456789')}`, [['entra-client-secret', 7, 46]]],
    ]);
  });

  it('finds a SQL connection string: spaces around =, up to six settings between the server and the password, quoted passwords', async () => {
    await expectCredentials([
      ['Server=sql1;Password=Falcon42!xy;', [['sql-connection-string', 21, 32]]],
      [
        'Data Source = sql1 ; Initial Catalog=Sales;User ID=app; Pwd = Falcon42!xy;',
        [['sql-connection-string', 62, 73]],
      ],
      ['Host=db;A=1;B=2;C=3;D=4;E=5;F=6;Password=Falcon42!xy', [['sql-connection-string', 41, 52]]],
      ['Host=db;A=1;B=2;C=3;D=4;E=5;F=6;G=7;Password=Falcon42!xy', [['password-assignment', 45, 56]]],
      ["Address=db;Password='Tulip 42 Rain';", [['sql-connection-string', 20, 35]]],
      ['Server=db;Password="Tulip 42 Rain";', [['sql-connection-string', 19, 34]]],
      ['Server=db;Password=abc;', []],
      ['Server=db;;Password=Falcon42!xy;', [['sql-connection-string', 20, 31]]],
      ['Server=db;Password=Fa;lcon42', []],
      ['Server="db";Password=Falcon42!xy', [['password-assignment', 21, 32]]],
    ]);
  });

  it('finds a database URI with a password: each scheme, a user name of up to 64 characters, no space in the password', async () => {
    await expectCredentials([
      ['postgresql://app:Granite77xQ@db.contoso.com:5432/sales', [['secretlint/database-connection-string', 0, 54]]],
      ['jdbc:mysql://app:Granite77xQ@db/sales', [['secretlint/database-connection-string', 0, 37]]],
      ['redis://:Granite77xQ@cache', []],
      ['amqps://u:abc@host', []],
      ['mongodb://u:Gran ite@host', []],
      ['xmongodb://u:Granite77xQ@host', [['secretlint/database-connection-string', 1, 29]]],
      ['mongodb://u:Granite77xQ@host', [['secretlint/database-connection-string', 0, 28]]],
      ['postgres://u:Granite77xQ@host', [['secretlint/database-connection-string', 0, 29]]],
      ['amqp://u:Granite77xQ@host', [['database-uri-password', 9, 20]]],
      [`mongodb://${'u'.repeat(65)}:Granite77xQ@host`, [['secretlint/database-connection-string', 0, 92]]],
      [`mongodb://u:${'G1'.repeat(65)}@host`, [['secretlint/database-connection-string', 0, 147]]],
      ['jdbc:oracle://u:Granite77xQ@host', [['database-uri-password', 16, 27]]],
      ['mariadb://u:Granite77xQ@host', [['database-uri-password', 12, 23]]],
      ['rediss://u:Granite77xQ@host', [['database-uri-password', 11, 22]]],
      ['mssql://u:Granite77xQ@host', [['database-uri-password', 10, 21]]],
      ['amqps://u:Granite77xQ@host', [['database-uri-password', 10, 21]]],
      [`amqp://${'u'.repeat(64)}:Granite77xQ@host`, [['database-uri-password', 72, 83]]],
      [`amqp://${'u'.repeat(65)}:Granite77xQ@host`, []],
    ]);
  });

  it('finds a password that only starts like a placeholder', async () => {
    await expectCredentials([
      ['password: Tommy2024!', [['password-assignment', 10, 20]]],
      ['password: *Tommy2024!', []],
      ['password: Tx*ommy2024!', [['password-assignment', 10, 22]]],
    ]);
  });

  it('finds a private key: with or without a key type, BLOCK, CRLF or escaped line breaks, at least 20 base64 characters', async () => {
    await expectCredentials([
      [`-----BEGIN PRIVATE KEY-----${body}`, [['private-key', 0, 91]]],
      [
        `-----BEGIN EC PRIVATE KEY-----\r\n${body}\r\n${body}\r\n-----END EC PRIVATE KEY-----`,
        [['private-key', 0, 192]],
      ],
      [
        `-----BEGIN OPENSSH PRIVATE KEY BLOCK-----\n${body}\n-----END OPENSSH PRIVATE KEY BLOCK----- after`,
        [['private-key', 0, 146]],
      ],
      [
        `"-----BEGIN RSA PRIVATE KEY-----\\r\\n${body}\\r\\n${body}\\r\\n-----END RSA PRIVATE KEY-----"`,
        [['private-key', 1, 201]],
      ],
      [`-----BEGIN PRIVATE KEY-----\n${body.slice(0, 19)}`, []],
      [`-----BEGIN PRIVATE KEY-----\n${body.slice(0, 20)}`, [['private-key', 0, 48]]],
      [`-----BEGIN PRIVATE KEY-----\n${body}\n\n${body}\n-----END PRIVATE KEY-----`, [['private-key', 0, 184]]],
    ]);
  });

  it('finds a JWT: at a word’s start, a signature of at least 16 characters', async () => {
    await expectCredentials([
      [`token ${jwt}`, [['jwt', 6, 126]]],
      [`x${jwt}`, []],
      [`${part({ alg: 'HS256' })}.eyJzdWIiOiIxIn0.${token(16, 'ABCDEFGHabcdefgh2345_-')}`, [['jwt', 0, 53]]],
      [`${part({ alg: 'HS256' })}.eyJzdWIiOiIxIn0.${token(15, 'ABCDEFGHabcdefgh2345_-')}`, []],
    ]);
  });

  it('finds an sk- key: each vendor’s prefix, at least 20 characters after it, not inside a longer word', async () => {
    await expectCredentials([
      [`sk-ant-api03-${token(40, 'ABCDabcd0123_-')}`, [['sk-api-key', 0, 53]]],
      [`sk-ant-${token(40, 'ABCDabcd0123')}`, [['sk-api-key', 0, 47]]],
      [`sk-svcacct-${token(30, 'ABCDabcd0123')}`, [['sk-api-key', 0, 41]]],
      [`sk-admin-${token(30, 'ABCDabcd0123')}`, [['sk-api-key', 0, 39]]],
      [`sk_live_${token(24, 'ABCDabcd0123')}`, [['sk-api-key', 0, 32]]],
      [`rk_test_${token(24, 'ABCDabcd0123')}`, [['sk-api-key', 0, 32]]],
      [`sk-${token(20, 'ABCDabcd0123')}`, [['sk-api-key', 0, 23]]],
      [`sk-${token(19, 'ABCDabcd0123')}`, []],
      [`x-sk-${token(24, 'ABCDabcd0123')}`, []],
      [`ask-${token(24, 'ABCDabcd0123')}`, []],
      [`sk-proj-${token(30, 'ABCDabcd0123_-')}`, [['sk-api-key', 0, 38]]],
      [`sk_test_${token(24, 'ABCDabcd0123')}`, [['sk-api-key', 0, 32]]],
      [`rk_live_${token(24, 'ABCDabcd0123')}`, [['sk-api-key', 0, 32]]],
      [`tk_live_${token(24, 'ABCDabcd0123')}`, []],
    ]);
  });

  it('finds an AWS access key id: each prefix, 16 more characters, a whole word', async () => {
    await expectCredentials([
      ['ASIA2345ABCDEFGHIJKL ok', [['aws-access-key-id', 0, 20]]],
      ['ABIA2345ABCDEFGHIJKL ok', [['aws-access-key-id', 0, 20]]],
      ['ACCA2345ABCDEFGHIJKL ok', [['aws-access-key-id', 0, 20]]],
      ['xAKIA2345ABCDEFGHIJKL', []],
      ['AKIA2345ABCDEFGHIJKLM', []],
      ['AKIA2345ABCDEFGHIJK', []],
    ]);
  });

  it('finds an AWS secret access key: each way of writing the name, quotes and spaces, exactly 40 characters', async () => {
    await expectCredentials([
      [`awssecretkey: ${token(40, 'ABCDabcd0123/+')}`, [['aws-secret-access-key', 14, 54]]],
      [`aws_secret_key='${token(40, 'ABCDabcd0123/+')}'`, [['aws-secret-access-key', 16, 56]]],
      [`aws_secret_access_key=${token(41, 'ABCDabcd0123/+')}`, []],
      [`aws_secret_access_key ${token(40, 'ABCDabcd0123/+')}`, []],
      [`awssecretkey" : ${token(40, 'ABCDabcd0123/+')}`, [['aws-secret-access-key', 16, 56]]],
      [`awssecretkey': ${token(40, 'ABCDabcd0123/+')}`, [['aws-secret-access-key', 15, 55]]],
      [`awssecretkey :${token(40, 'ABCDabcd0123/+')}`, [['aws-secret-access-key', 14, 54]]],
      [`aws_secret_key  :  ${token(40, 'ABCDabcd0123/+')}`, [['aws-secret-access-key', 19, 59]]],
    ]);
  });

  it('finds a Google API key: exactly 35 characters after AIza, at a word’s start', async () => {
    await expectCredentials([
      [`AIza${token(35, 'ABCDabcd0123_-')}`, [['google-api-key', 0, 39]]],
      [`key=AIza${token(35, 'ABCDabcd0123_-')}&x`, [['google-api-key', 4, 43]]],
      [`xAIza${token(35, 'ABCDabcd0123_-')}`, []],
      [`AIza${token(36, 'ABCDabcd0123_-')}`, []],
      [`AIza${token(34, 'ABCDabcd0123_-')}`, []],
    ]);
  });

  it('finds a password after its name: each name, a separator or is/was, a quote, what it is for, 6-64 characters', async () => {
    await expectCredentials([
      ['DB_PASSWORD=Pr0d-S3cret!2026', [['password-assignment', 12, 28]]],
      ['db_pwd:Pr0d-S3cret!2026', [['password-assignment', 7, 23]]],
      ['pw = Pr0d-S3cret!2026', [['password-assignment', 5, 21]]],
      ['the passwd was: Pr0d-S3cret!2026', [['password-assignment', 16, 32]]],
      ['password for the shared mailbox: Harbour!Lights2026', [['password-assignment', 33, 51]]],
      ['password for a b c d e f: Harbour!Lights2026', []],
      ['password for mailbox=Harbour!Lights2026', [['password-assignment', 21, 39]]],
      ["password: 'Ab1!xy'", [['password-assignment', 11, 17]]],
      ['password: Ab1!x', []],
      [`password: Ab1!${'x'.repeat(60)}`, [['password-assignment', 10, 74]]],
      [`password: Ab1!${'x'.repeat(61)}`, [['password-assignment', 10, 74]]],
      ['password is`Ab1!xyz`', [['password-assignment', 12, 19]]],
      ['password:Ab1!xyz,next', [['password-assignment', 9, 16]]],
      ['password Hunter2024!', [['password-assignment', 9, 20]]],
      ['passwd  Hunter2024!x', [['password-assignment', 8, 20]]],
      ['pwd Hunter20', [['password-assignment', 4, 12]]],
      ['pwd Hunter2', []],
      [`password Hunter2${'x'.repeat(57)}`, [['password-assignment', 9, 73]]],
      [`password Hunter2${'x'.repeat(58)}`, [['password-assignment', 9, 73]]],
      ['password Hunter2024!,x', [['password-assignment', 9, 20]]],
      ['password  for the mailbox: Harbour!Lights2026', [['password-assignment', 27, 45]]],
      ['password for  the mailbox: Harbour!Lights2026', [['password-assignment', 27, 45]]],
    ]);
  });

  it('finds a password after a user name: credentials, creds, log-in and sign-in in the singular or plural, / or :', async () => {
    await expectCredentials([
      ['credentials: admin / Bz4%nWq8Tc', [['password-assignment', 21, 31]]],
      ['creds jdoe:Tulip$Rain88', [['password-assignment', 11, 23]]],
      ['login: jdoe:Tulip$Rain88', [['password-assignment', 12, 24]]],
      ['log-in is jdoe/Tulip$Rain88', [['password-assignment', 15, 27]]],
      ['sign-in: a.b@contoso.com : Tulip$Rain88', [['password-assignment', 27, 39]]],
      ['signins are jdoe/Tulip$Rain88', [['password-assignment', 17, 29]]],
      ['credential jd/Tulip$Rain88', [['password-assignment', 14, 26]]],
      ['credentials x/Tulip$Rain88', []],
      ['logins: jdoe/Tu$R8', []],
      ['credentials:jdoe/Tulip$Rain88', [['password-assignment', 17, 29]]],
      ['credentials  are jdoe/Tulip$Rain88', [['password-assignment', 22, 34]]],
      ['credentials : jdoe/Tulip$Rain88', [['password-assignment', 19, 31]]],
    ]);
  });

  it('ends a password in a link’s query at the next parameter or the fragment, and keeps & in one written out', async () => {
    await expectCredentials([
      ['https://portal.example.com/login?user=bob&password=Sunset2024x&lang=en', [['password-assignment', 51, 62]]],
      ['open /api/items?pwd=Abc12345!&page=2', [['password-assignment', 20, 29]]],
      ['https://x.example/?db_password=Harbour!77#top', [['password-assignment', 31, 41]]],
      ['https://x.example/?PASSWORDS=Harbour!77', [['password-assignment', 29, 39]]],
      ['https://x.example/?password=placeholder1&a=b', []],
      ['https://x.example/?password=Ab1!x&a=b', []],
      ['password=Tr0ub4dor&3 for the VPN', [['password-assignment', 9, 20]]],
    ]);
  });

  it('finds a password in curl -u or --user', async () => {
    await expectCredentials([
      ['curl -u ediuser:Q9w!e8R7t6 ftp://x', [['password-assignment', 16, 26]]],
      ['-u ediuser:Q9w!e8R7t6', [['password-assignment', 11, 21]]],
      ['curl --user "ediuser:Q9w!e8R7t6"', [['password-assignment', 21, 31]]],
      ['curl -u  u:Q9w!e8', [['password-assignment', 11, 17]]],
      ['curl -u u:Q9w!e', []],
      ['curl-u u:Q9w!e8R7t6', []],
      ['curl -u :Q9w!e8R7t6', []],
      [`curl -u ${'u'.repeat(65)}:Q9w!e8R7t6`, []],
    ]);
  });

  it('finds a storage key right after =, passwords named in the plural, and a named key of 20 characters without its =', async () => {
    await expectCredentials([
      [`StorageKey=${key86}==`, [['azure-storage-key', 11, 99]]],
      ['passwords: Pr0d-S3cret!2026', [['password-assignment', 11, 27]]],
      ['the passwords were reset, new one is below', []],
      ['Passwords Hunter2024!x for both', [['password-assignment', 10, 22]]],
      [`api_key=${token(19, 'ABCDabcd0123')}`, []],
      [`api_key=${token(20, 'ABCDabcd0123')}`, [['key-assignment', 8, 28]]],
    ]);
  });

  it('finds a named API key or token: each name written joined, with _, - or a space', async () => {
    await expectCredentials([
      [`api_key=${token(24, 'ABCDabcd0123')}`, [['key-assignment', 8, 32]]],
      [`API-KEY: "${token(24, 'ABCDabcd0123')}"`, [['key-assignment', 10, 34]]],
      [`apikey ${token(24, 'ABCDabcd0123')}`, [['key-assignment', 7, 31]]],
      [`access token is ${token(24, 'ABCDabcd0123')}`, [['key-assignment', 16, 40]]],
      [`auth_token=${token(24, 'ABCDabcd0123')}`, [['key-assignment', 11, 35]]],
      [`Bearer ${token(24, 'ABCDabcd0123')}`, [['key-assignment', 7, 31]]],
      [`client secret: ${token(24, 'ABCDabcd0123')}`, [['key-assignment', 15, 39]]],
      [`secret-key=${token(24, 'ABCDabcd0123')}`, [['key-assignment', 11, 35]]],
      [`accesskey=${token(24, 'ABCDabcd0123')}`, [['key-assignment', 10, 34]]],
      [`private token ${token(24, 'ABCDabcd0123')}`, [['key-assignment', 14, 38]]],
      [`personal access token ${token(24, 'ABCDabcd0123')}`, [['key-assignment', 22, 46]]],
      [`PAT ${token(24, 'ABCDabcd0123')}`, [['key-assignment', 4, 28]]],
      [`"api_key":"${token(24, 'ABCDabcd0123')}"`, [['key-assignment', 11, 35]]],
      [`api_key = \`${token(24, 'ABCDabcd0123')}\``, [['key-assignment', 11, 35]]],
      [`api_key=${token(24, 'ABCDabcd0123_-./+=~')}`, [['key-assignment', 8, 32]]],
      [`accesstoken=${token(24, 'ABCDabcd0123')}`, [['key-assignment', 12, 36]]],
      [`authtoken=${token(24, 'ABCDabcd0123')}`, [['key-assignment', 10, 34]]],
      [`clientsecret=${token(24, 'ABCDabcd0123')}`, [['key-assignment', 13, 37]]],
      [`secretkey=${token(24, 'ABCDabcd0123')}`, [['key-assignment', 10, 34]]],
      [`access_key=${token(24, 'ABCDabcd0123')}`, [['key-assignment', 11, 35]]],
      [`privatetoken=${token(24, 'ABCDabcd0123')}`, [['key-assignment', 13, 37]]],
      [`personal_access_token=${token(24, 'ABCDabcd0123')}`, [['key-assignment', 22, 46]]],
      [`personalaccesstoken=${token(24, 'ABCDabcd0123')}`, [['key-assignment', 20, 44]]],
      [`personal accesstoken=${token(24, 'ABCDabcd0123')}`, [['key-assignment', 21, 45]]],
    ]);
  });
});
