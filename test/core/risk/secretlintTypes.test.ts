import { maskSecret } from '../../../server/core/risk/mask';
import { secretlintMatches } from '../../../server/core/risk/secretlintScanner';
import { promptFindings } from './riskTestKit';

/**
 * secretlint's preset over a prompt, rule by rule: each vendor's token (built at run time, so no secret-shaped literal
 * sits in the source) is one high-confidence credential finding named for people, over the whole token, masked and
 * redacted. Tokens that hold no long run with a digit still reach secretlint: a password in a URL, a short Slack
 * token, a private key in short lines, a Hugging Face token (34 letters) and a GitHub token that drew no digit.
 */

const run = (seed: string, length: number) => seed.repeat(Math.ceil(length / seed.length)).slice(0, length);
const MIXED = 'q7Zt2Lm9Kx';
const LETTERS = 'qZtLmKxWbRyPn';

/** [rule, type, token]: each found alone in `use <token> now`. */
const TOKENS: Array<[string, string, string]> = [
  ['anthropic', 'Anthropic API key', `sk-ant-api03-${run(MIXED, 95)}AA`],
  ['aws', 'AWS credential', `AWS_SECRET_ACCESS_KEY=${run('q7Zt2Lm9Kx/W+bRyPn4J', 40)}`],
  ['basicauth', 'Password in a URL', 'https://report:Hx82kLq9@files.example.com'],
  ['database-connection-string', 'Database connection string with a password', 'postgres://app:Granite77xQ@db.example.com/sales'], // prettier-ignore
  ['databricks', 'Databricks token', `dapi${run('a1b2c3d4e5f6', 32)}`],
  ['docker', 'Docker registry credential', `dckr_pat_${run(MIXED, 27)}`],
  ['figma', 'Figma token', `figd_${run(MIXED, 40)}`],
  ['github', 'GitHub token', `ghp_${run(MIXED, 36)}`],
  ['gitlab', 'GitLab token', `glpat-${run(MIXED, 20)}`],
  ['grafana', 'Grafana token', `glsa_${run(MIXED, 32)}_a1b2c3d4`],
  ['groq', 'Groq API key', `gsk_${run(MIXED, 52)}`],
  ['hashicorp-vault', 'HashiCorp Vault token', `hvs.${run(MIXED, 95)}`],
  ['huggingface', 'Hugging Face token', `hf_${run(LETTERS, 34)}`],
  ['linear', 'Linear API key', `lin_api_${run(MIXED, 32)}`],
  ['notion', 'Notion token', `ntn_12345678901${run(MIXED, 35)}`],
  ['npm', 'npm token', `npm_${run(MIXED, 36)}`],
  ['openai', 'OpenAI API key', `sk-proj-${run(MIXED, 58)}T3BlbkFJ${run('w3Rt8Yp1Nc', 58)}`],
  ['privatekey', 'Private key', `-----BEGIN RSA PRIVATE KEY-----\n${run('MIIEq7Zt2Lm9Kx+/', 120)}\n-----END RSA PRIVATE KEY-----`], // prettier-ignore
  ['sendgrid', 'SendGrid API key', `SG.${run(MIXED, 22)}.${run('w3Rt8Yp1Nc', 43)}`],
  ['shopify', 'Shopify token', `shpat_${run(MIXED, 32)}`],
  ['slack', 'Slack token or webhook', `xoxb-123456-${run(MIXED, 24)}`],
  ['vercel', 'Vercel token', `vcp_${run(MIXED, 24)}`],
];

const scan = (text: string) => secretlintMatches({ path: 'body', kind: 'body', text });

describe('secretlint’s rules', () => {
  it('each give one high credential finding over the whole token, named for people, masked and redacted', async () => {
    const found: unknown[] = [];
    for (const [, , token] of TOKENS) found.push(await scan(`use ${token} now`));
    expect(found).toEqual(
      TOKENS.map(([rule, type, token]) => [
        {
          rule: `secretlint/${rule}`,
          category: 'credential',
          severity: 'high',
          confidence: 'high',
          type,
          start: 4,
          end: 4 + token.length,
          value: token,
          masked: maskSecret(token),
          redact: true,
        },
      ]),
    );
  });

  it('see tokens with no long run holding a digit: a URL’s password, a short Slack token, a key in short lines', async () => {
    const shortKey = `-----BEGIN RSA PRIVATE KEY-----\n${Array(9).fill(run('MIIEq7Zt2Lm9Kx+/', 16)).join('\n')}\n-----END RSA PRIVATE KEY-----`; // prettier-ignore
    const cases: Array<[string, string]> = [
      ['https://ab:cd12@x.example.com', 'secretlint/basicauth'],
      ['xoxb-12-ab', 'secretlint/slack'],
      [shortKey, 'secretlint/privatekey'],
    ];
    const found: Array<[string, string[]]> = [];
    for (const [text] of cases) found.push([text, (await scan(`see ${text}`)).map((m) => m.rule)]);
    expect(found).toEqual(cases.map(([text, rule]) => [text, [rule]]));
  });

  it('see a Hugging Face token and a GitHub token that drew no digit, in a prompt too', async () => {
    const huggingFace = `hf_${run(LETTERS, 34)}`;
    const github = `ghp_${run(LETTERS, 36)}`;
    expect((await scan(`try ${huggingFace}`)).map((m) => [m.rule, m.value])).toEqual([['secretlint/huggingface', huggingFace]]); // prettier-ignore
    expect((await scan(`try ${github}`)).map((m) => [m.rule, m.value])).toEqual([['secretlint/github', github]]);
    const inPrompt = await promptFindings(`Why does ${huggingFace} fail, and ${github}?`);
    expect(inPrompt.map((m) => m.rule).sort()).toEqual(['secretlint/github', 'secretlint/huggingface']);
  });

  it('find nothing in text whose password is a template’s placeholder, or with no token at all', async () => {
    expect(await scan('connect with https://report:<password>@files.example.com today')).toEqual([]);
    expect(await scan('postgres://app:{password}@db.example.com/sales')).toEqual([]);
    expect(await scan('A long word: internationalisation-and-localisation-guidelines')).toEqual([]);
  });
});
