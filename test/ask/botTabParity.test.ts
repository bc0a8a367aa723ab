import type { AskAnswer } from '../../server/core/ask/answerTypes';
import { formatCell } from '../../bot/cards/answerCard';
import { cardOf, startBotHarness, type BotHarness } from '../bot/botTestKit';
import { CORPUS } from './corpus';

/**
 * The bot (TestAdapter -> the real handler) and the tab's Ask box (POST /api/ask over HTTP) answer every corpus
 * question from one engine: the same interpretation line, sentence, table header and cells, facts and disclosure.
 * Bot commands ("help", "status") are the bot's own and are left out.
 */
let b: BotHarness;
beforeAll(async () => {
  b = await startBotHarness({ userCount: 40, seed: 11 });
}, 400_000);
afterAll(() => b?.close());

async function tab(question: string): Promise<AskAnswer> {
  const response = await fetch(`${b.h.baseUrl}/api/ask`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ question }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as AskAnswer;
}

const COMMANDS = new Set(['help', 'what can you do?']);

it('gives identical interpretations and figures in the bot and in the tab for every corpus question', async () => {
  const differences: string[] = [];
  let compared = 0;
  for (const [question] of CORPUS) {
    if (COMMANDS.has(question.toLowerCase())) continue;
    const card = cardOf((await b.send(question))[0]);
    const answer = await tab(question);
    const columns = answer.columns.slice(0, 5);
    const tabView = {
      interpretation: answer.interpretation,
      header: answer.rows.length ? columns.map((c) => c.title) : [],
      rows: answer.rows.map((r) => columns.map((c) => formatCell(r[c.key] ?? null, c))),
      facts: Object.fromEntries(answer.filters.map((f) => [f.label, f.value])),
    };
    const botView = { interpretation: card.interpretation, header: card.header, rows: card.rows, facts: card.facts };
    if (JSON.stringify(botView) !== JSON.stringify(tabView))
      differences.push(
        `${question}: bot ${JSON.stringify(botView).slice(0, 200)} | tab ${JSON.stringify(tabView).slice(0, 200)}`,
      );
    if (card.summary !== answer.summary) differences.push(`${question}: "${card.summary}" vs "${answer.summary}"`);
    compared += 1;
  }
  expect(differences).toEqual([]);
  expect(compared).toBeGreaterThanOrEqual(300);
}, 600_000);
