import { SENT_PRIVATELY } from '../../bot/answerDelivery';
import { injectTurns } from '../api/injectTurns';
import { cardOf, startBotHarness, type BotHarness } from './botTestKit';

/**
 * Risk questions through the bot (TestAdapter -> the real handler -> the ask engine -> the findings synced from
 * given turns): masked evidence only, figures in a channel, lists and people privately.
 */
const CARD = ['4111', '1111', '1111', '1111'].join(' ');
const PASSWORD = 'Tr0ub4dor&3x';
const PROMPT = `Log in to the staging portal, password: ${PASSWORD} and pay with ${CARD}.`;

let b: BotHarness;
let name: string;
beforeAll(async () => {
  b = await startBotHarness({ userCount: 8, seed: 5, connector: true });
  const store = b.h.testStore.store;
  const user = (await store.users.find({}).sort({ userId: 1 }).limit(1).next())!;
  name = (await store.directoryUsers.findOne({ userId: user.userId }))?.displayName ?? user.userId;
  await injectTurns(b.h, user.userId, 5, [{ prompt: PROMPT }]);
  await b.h.sync('full');
  // The admin's personal chat, where answers asked in a channel are sent.
  await b.send('help', { conversationId: 'a:admin-personal' });
});
afterAll(() => b.close());

const channel = { conversationId: '19:secops@thread.tacv2', conversationType: 'channel' as const };

it('lists the passwords pasted into Copilot with their evidence masked', async () => {
  const card = cardOf((await b.send('any passwords pasted into Copilot?'))[0]);
  expect(card.interpretation).toMatch(/^Findings, newest first · passwords · in prompts/);
  expect(card.summary).toMatch(/^1 finding\. Evidence is masked/);
  expect(card.header.slice(0, 4)).toEqual(['When', 'Severity', 'Found', 'Evidence (masked)']);
  expect(card.rows[0]![2]).toBe('Password');
  expect(card.rows[0]![3]).toMatch(/•/);
  const json = JSON.stringify(card.card);
  expect(json).not.toContain(PASSWORD);
  expect(json).not.toContain(PROMPT.slice(0, 30));
});

it('counts who shared card numbers, naming the person', async () => {
  const card = cardOf((await b.send('who shared card numbers'))[0]);
  expect(card.interpretation).toMatch(/^Findings by person · card numbers · in prompts/);
  expect(card.rows).toContainEqual([name, expect.any(String), '1'].slice(0, card.header.length));
  expect(JSON.stringify(card.card)).not.toContain(CARD);
});

it('posts counts by category in a channel, and sends lists and people privately', async () => {
  const byCategory = await b.send('findings by category', channel);
  const shown = cardOf(byCategory[0]);
  expect(shown.summary).not.toBe(SENT_PRIVATELY);
  expect(shown.rows).toContainEqual(['credentials', expect.stringMatching(/^[1-9]/)]);
  expect(JSON.stringify(byCategory)).not.toContain(name);
  for (const question of ['any passwords pasted into Copilot?', 'who shared card numbers']) {
    const replies = await b.send(question, channel);
    expect(cardOf(replies[0]).summary).toBe(SENT_PRIVATELY);
    const json = JSON.stringify(replies);
    expect(json).not.toContain(name);
    expect(json).not.toMatch(/•/);
  }
});
