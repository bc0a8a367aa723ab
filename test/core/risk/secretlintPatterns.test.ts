import { rules as presetRules } from '@secretlint/secretlint-rule-preset-recommend';
import { credentialTypeName, mayHoldSecret, secretlintMatches } from '../../../server/core/risk/secretlintScanner';
import { promptFindings } from './riskTestKit';

/**
 * secretlintScanner's module-level patterns and names, each pinned by crafted texts: which texts go to secretlint at
 * all, what a finding is named, where it ends, which template passwords are dropped. No database and no app, so a
 * mutation run over these patterns (each one a static mutant that reruns every listed suite) costs seconds a mutant.
 * Texts are built at run time, so no secret-shaped literal sits in the source.
 */

const times = (text: string, count: number) => text.repeat(count);
const LETTERS_20 = 'abcdefghijklmnopqrst';
const scan = (text: string) => secretlintMatches({ path: 'body', kind: 'body', text });

/** Which of the texts `mayHoldSecret` sends to secretlint, as [text, verdict] pairs (a failure names the text). */
const verdicts = (texts: string[]) => texts.map((text) => [text, mayHoldSecret(text)]);
const expectAll = (texts: string[], verdict: boolean) =>
  expect(verdicts(texts)).toEqual(texts.map((text) => [text, verdict]));

describe('the pre-check sends a text to secretlint', () => {
  it('for a run of 20 token characters holding a digit and a letter, whichever token character joins it', () => {
    const joined = [...'_-+/=.~'].flatMap((c) => [`abcdefghij${c}0123456789`, `0123456789${c}abcdefghij`]);
    // Each end of each character range, alone where a range could lose it: between letters, digits or as the only one.
    const ends = [...'AZaz'].flatMap((c) => [times(c, 10) + '5' + times(c, 10), times('5', 10) + c + times('5', 10)]);
    const digitEnds = [...'09'].map((c) => times(c, 10) + 'k' + times(c, 10));
    expectAll(['abcdefghij0123456789', `see ${'q7Zt2Lm9Kx'.repeat(4)} here`, ...joined, ...ends, ...digitEnds], true);
  });

  it('not for a shorter run, a run without a digit or without a letter, or a digit and letter outside the run', () => {
    expectAll(
      [
        'abcdefghij012345678',
        'abcdefghijklmnopqrstuvwxyz',
        '01234567890123456789012',
        'abcdefghijklmnopqrstuvwxyz 1',
        '0123456789012345678901 a',
        `abcdefghijklmnopqrstuvwxyz a1${times(' ', 20)}`,
        'A long word: internationalisation',
      ],
      false,
    );
  });

  it('for a vendor’s prefix of 2 to 10 letters, then _ . or -, then 20 or more token characters, with no digit', () => {
    const prefixes = [`hf_${LETTERS_20}`, `abcdefghij_${LETTERS_20}`, `hf.${LETTERS_20}`, `hf-${LETTERS_20}`];
    const tails = [`hf_abcdefghij_abcdefghij`, `hf_abcdefghij-abcdefghij`, `use hf_${LETTERS_20.toUpperCase()} now`];
    const rangeEnds = [...'AZaz'].map((c) => `${c}${c}_${times(c, 20)}`);
    expectAll([...prefixes, ...tails, ...rangeEnds], true);
  });

  it('not for a prefix of one letter or of eleven, a prefix that starts inside a word, or a tail of 19', () => {
    const insideWord = [...'AZaz'].map((c) => `${c}bcdefghijk_${LETTERS_20}`);
    expectAll([`h_${LETTERS_20}abcde`, `abcdefghijk_${LETTERS_20}`, `hf_${LETTERS_20.slice(1)}`, ...insideWord], false);
  });

  it('for a URL with a user and password, a PEM header and a Slack token, none of them 20 characters long', () => {
    const slack = [...'abpors'].map((c) => `xox${c}-12-ab`);
    expectAll(['see https://ab:cd12@x.example.com', '-----BEGIN RSA PRIVATE KEY-----', ...slack], true);
  });

  it('not for what only looks like them: a space, slash or @ inside the user or password, an empty one, xoxz-', () => {
    // `xoxz` passes the check's last pattern (`xox`) but none of the first, so each text turns on one of those alone.
    const urls = ['://a b:c@', '://a/b:c@', '://a@b:c@', '://a:b c@', '://a:b/c@', '://a:@b@'].map((u) => `xoxz ${u}`);
    expectAll([...urls, 'xoxz-12-ab', `xoxz${times(' ', 25)}`, `xoxz abcdefghij012345678`], false);
  });
});

describe('secretlint’s findings', () => {
  const github = `ghp_${'q7Zt2Lm9Kx'.repeat(4).slice(0, 36)}`;
  const template = 'mongodb+srv://<username>:<password>@cluster0.abcd1.mongodb.net/?retryWrites=true';
  const connection = 'postgres://app:Granite77xQ@db.example.com/sales';

  it('are none for a text the pre-check turns away', async () => {
    expect(await scan('A long word: internationalisation')).toEqual([]);
  });

  it('end where the text ends when the token ends it, not one past', async () => {
    const aws = `AWS_SECRET_ACCESS_KEY=${'q7Zt2Lm9Kx/W+bRyPn4J'.repeat(2)}`;
    const found = [...(await scan(`use ${github}`)), ...(await scan(aws))];
    expect(found.map((m) => [m.rule, m.start, m.end, m.value])).toEqual([
      ['secretlint/github', 4, 4 + github.length, github],
      ['secretlint/aws', 0, aws.length, aws],
    ]);
  });

  it('drop a template’s placeholder password by its own URL, beside a real token or password either side', async () => {
    const afterTemplate = await scan(`docs say ${template}; mine is ${github}`);
    expect(afterTemplate.map((m) => [m.rule, m.value])).toEqual([['secretlint/github', github]]);
    const beforeTemplate = await scan(`ours is ${connection} and the docs say ${template}`);
    expect(beforeTemplate.map((m) => [m.rule, m.value])).toEqual([
      ['secretlint/database-connection-string', connection],
    ]);
  });

  it('are not switched off by a `secretlint-disable` comment in the prompt: the text scanned cannot silence its scan', async () => {
    const texts = [`// secretlint-disable\nuse ${github} now`, `<!-- secretlint-disable --> ${github}`];
    const found: Array<[string, string[]]> = [];
    for (const text of texts) found.push([text, (await scan(text)).map((m) => m.rule)]);
    expect(found).toEqual(texts.map((text) => [text, ['secretlint/github']]));
    // Nothing else finds a GitHub token: without secretlint's finding the interaction would show none.
    const inPrompt = await promptFindings(`/* secretlint-disable */ deploy with ${github}`);
    expect(inPrompt.map((m) => [m.rule, m.value])).toEqual([['secretlint/github', github]]);
  });

  it('name a 1Password service account token', async () => {
    // Base64 of a JSON object ending `fQ==` (`}` alone in its last group), as the rule decodes and parses it.
    let account = { email: 'svc@example.invalid', secretKey: 'A3-q7Zt2Lm9Kx-q7Zt2Lm9Kx-q7Zt2Lm9Kx-q7Zt2Lm9Kx-q7Zt2' };
    while (JSON.stringify(account).length % 3 !== 1) account = { ...account, secretKey: `${account.secretKey}x` };
    const token = `ops_${Buffer.from(JSON.stringify(account)).toString('base64')}`;
    expect((await scan(`use ${token} now`)).map((m) => [m.type, m.value])).toEqual([
      ['1Password service account token', token],
    ]);
  });

  it('have a readable name for every rule of the installed preset, and a rule a later preset adds goes by its id', () => {
    const rules = presetRules
      .map((rule) => rule.meta.id.replace('@secretlint/secretlint-rule-', ''))
      // It only silences findings under a `secretlint-disable` comment; it reports none of its own.
      .filter((rule) => rule !== 'filter-comments');
    expect(rules).toHaveLength(24);
    expect(rules.filter((rule) => credentialTypeName(rule).startsWith('Credential ('))).toEqual([]);
    // Its rule reads only .json and .p12 files, never a prompt, so no text here can show its name.
    expect(credentialTypeName('gcp')).toBe('Google Cloud service account key');
    expect(credentialTypeName('acme-cloud')).toBe('Credential (acme-cloud)');
  });
});
