import { detectInteraction, type DetectionSettings } from '../../../server/core/risk/detect';
import { redactInteraction, type ScannableInteraction } from '../../../server/core/risk/fields';
import { tenantHostMatcher } from '../../../server/core/risk/tenantHosts';
import { BENIGN_PROMPTS, BENIGN_RESPONSES } from '../../../server/graph/simulator/riskBenignCorpus';
import { Random } from '../../../server/graph/simulator/random';
import { riskyTurn, type RiskSeedKind } from '../../../server/graph/simulator/riskSeeds';
import { token } from './riskTestKit';

const settings: DetectionSettings = { isTenantHost: tenantHostMatcher(['contoso.com']), watchlist: [] };

function prompt(text: string): ScannableInteraction {
  return { interactionType: 'userPrompt', body: { content: text }, attachments: [], links: [] };
}

describe('detectInteraction', () => {
  it('runs secretlint’s preset (a GitHub token) beside our own rules, one finding per token', async () => {
    const ghToken = `ghp_${token(36)}`;
    const matches = await detectInteraction(
      prompt(`My token ${ghToken} stopped working; also key=${ghToken}`),
      settings,
    );
    expect(matches.filter((m) => m.category === 'credential').map((m) => m.rule)).toEqual([
      'secretlint/github',
      'secretlint/github',
    ]);
    expect(JSON.stringify(matches.map(({ value: _value, ...rest }) => rest))).not.toContain(ghToken);
  });

  it('reads Adaptive Card text in a response attachment and gives JSON-pointer paths', async () => {
    const card = JSON.stringify({
      type: 'AdaptiveCard',
      body: [{ type: 'TextBlock', text: 'Card on file: 4111 1111 1111 1111' }],
    });
    const response: ScannableInteraction = {
      interactionType: 'aiResponse',
      body: { content: '<attachment id="a1"></attachment>' },
      attachments: [{ content: card, contentUrl: null }],
      links: [],
    };
    const [match] = await detectInteraction(response, settings);
    expect(match).toMatchObject({ rule: 'card-number', path: 'attachments[0].content#/body/0/text' });
  });

  it('masks redactable spans in the interaction itself, keeping card JSON valid', async () => {
    const key = `sk-proj-${token(48)}`;
    const card = JSON.stringify({ body: [{ text: `use ${key} now` }] });
    const response: ScannableInteraction = {
      interactionType: 'aiResponse',
      body: { content: `The key is ${key}.` },
      attachments: [{ content: card, contentUrl: null }],
      links: [],
    };
    const matches = await detectInteraction(response, settings);
    expect(
      redactInteraction(
        response,
        matches.filter((m) => m.redact),
      ),
    ).toBe(true);
    expect(JSON.stringify(response)).not.toContain(key);
    expect(response.body?.content).toMatch(/^The key is sk-p•{8}\w{2}\.$/);
    expect(() => JSON.parse(response.attachments[0]!.content!) as unknown).not.toThrow();
    // Masked text is never found again.
    expect(await detectInteraction(response, settings)).toEqual([]);
  });

  it('finds nothing in the benign business corpus', async () => {
    const flagged: string[] = [];
    for (const text of [...BENIGN_PROMPTS, ...BENIGN_RESPONSES]) {
      const filled = text.replace('{domain}', 'contoso.com').replace('{tenant}', 'contoso');
      const matches = await detectInteraction(prompt(filled), settings);
      if (matches.length > 0) flagged.push(`${filled} -> ${matches.map((m) => m.rule).join(',')}`);
    }
    expect(flagged).toEqual([]);
  });

  it.each(['credential', 'cardNumber', 'iban', 'personalData', 'injection', 'exfiltration', 'responseOversharing'])(
    'finds the labelled categories of seeded %s turns',
    async (kind) => {
      const random = new Random(7);
      for (let i = 0; i < 40; i++) {
        const turn = riskyTurn(kind as RiskSeedKind, random, 'contoso.com');
        for (const [interactionType, text, labels] of [
          ['userPrompt', turn.prompt, turn.promptLabels],
          ['aiResponse', turn.response, turn.responseLabels],
        ] as const) {
          const found = new Set(
            (
              await detectInteraction(
                { interactionType, body: { content: text }, attachments: [], links: [] },
                settings,
              )
            ).map((m) => m.category),
          );
          expect({ text, found: [...found].sort() }).toEqual({ text, found: [...labels].sort() });
        }
      }
    },
  );
});
