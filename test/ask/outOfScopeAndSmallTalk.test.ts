import { answerQuery, understand, type EngineDeps } from '../../server/core/ask/engine';
import { startAppHarness, type AppHarness } from '../support/appHarness';
import { engineDeps } from './askKit';

/**
 * A message with no word of the domain (no measure, app, person, department, source, period, Copilot, usage,
 * licence or risk word) is out of scope, declined with what can be asked, and thanks, greetings and "who are you"
 * are answered as such; terse questions that hold one such word are still answered.
 */

const now = new Date('2026-11-20T12:00:00.000Z');
let h: AppHarness;
let deps: EngineDeps;

beforeAll(async () => {
  h = await startAppHarness({ userCount: 40, seed: 11, referenceTime: now });
  deps = engineDeps(h);
}, 240_000);
afterAll(() => h?.close());

async function replyTo(question: string): Promise<{ reply?: string; text?: string; type: string; summary: string }> {
  const parsed = await understand(deps, question);
  if (parsed.type !== 'query') return { type: parsed.type, summary: '' };
  const q = parsed.query;
  const a = await answerQuery(deps, q, question);
  return q.type === 'reply'
    ? { type: 'reply', reply: q.reply, ...(q.text ? { text: q.text } : {}), summary: a.summary }
    : { type: q.type, summary: a.summary };
}

/** Messages admins have typed into the bot that are about something else entirely. */
const OUT_OF_SCOPE = [
  "what's the weather like in Seattle",
  'will it rain tomorrow?',
  'tell me a joke',
  'write a poem about spring',
  'translate this into French: good morning',
  'what is the capital of France',
  'book me a meeting with Megan tomorrow',
  'can you summarise my emails',
  'please remind me at 3',
  'what time is it',
  'how do I fix the printer on floor 3',
  'my laptop will not turn on',
  'is the VPN down?',
  'where is the cafeteria',
  'when is the next public holiday in Germany',
  'can you recommend a good restaurant nearby',
  'play some music',
  'what is 17 times 23',
  'who won the football last night',
  'open a ticket for the broken projector',
  'set up a call with the vendor',
  'what is the meaning of life',
  'sing me a song',
  'how tall is the Eiffel tower',
  'any good podcasts to recommend?',
  'haha nice one',
  'can you proofread my paragraph',
  'reply to the last message from Sara',
  'where do I submit my expenses',
  'how do I change my desktop background',
];

/** Terse in-domain questions: each holds a word of the domain and must be answered or asked about, never declined. */
const IN_DOMAIN = [
  'word usage nov',
  'excel ppl',
  'mau',
  'prompts',
  'top users',
  'who is most active',
  'licences unused',
  'teams vs outlook',
  'findings',
  'busiest hours',
  'sales usage',
  'copilot adoption',
  'active users yesterday',
  'idle seats',
  'sessions today',
  'dept breakdown',
  'last sync?',
  'files used most',
  'top sites',
  'powerpoint trend',
  'passwords pasted',
  'usage by week',
  'who uses loop',
  'agents',
  'new users this month',
  'responses last 7 days',
  'kpis',
  'stats for engineering',
  'license utilisation',
  'weekly active',
];

describe('messages without a word of the domain', () => {
  it.each(OUT_OF_SCOPE)('"%s" is declined as out of scope with what can be asked', async (text) => {
    const r = await replyTo(text);
    expect(r).toMatchObject({ type: 'reply', reply: 'scope' });
    expect(r.summary).toMatch(/Copilot/);
  });

  it('thanks, a greeting and "who are you" are answered as such, each with what can be asked', async () => {
    for (const [text, talk, start] of [
      ['thanks!', 'thanks', "You're welcome."],
      ['thank you so much', 'thanks', "You're welcome."],
      ['who are you', 'identity', 'I am the Copilot Observatory bot'],
      ['what are you?', 'identity', 'I am the Copilot Observatory bot'],
      ['good afternoon', 'greeting', 'Hello.'],
    ] as const) {
      const r = await replyTo(text);
      expect({ message: text, ...r }).toMatchObject({ message: text, reply: 'scope', text: talk });
      expect(r.summary.startsWith(start)).toBe(true);
      expect(r.summary).toContain('how Microsoft 365 Copilot is used');
    }
  });
});

describe('what Copilot is used for', () => {
  it("is declined as not classified, with where and how much it is used as what can be asked; a person's is their profile", async () => {
    for (const text of [
      'What are people using Copilot for in Excel?',
      'what do our engineers use Copilot for',
      'What is Copilot being used for?',
      'what have the Sales team been using it for',
    ]) {
      const r = await replyTo(text);
      expect({ asked: text, ...r }).toMatchObject({ asked: text, type: 'reply', reply: 'scope', text: 'purpose' });
      expect(r.summary).toContain('does not classify what people use Copilot for');
    }
    const person = (await h.testStore.store.users.findOne({ tenantId: h.ctx.tenantId }))!;
    const own = await understand(deps, `what is ${person.displayName} using Copilot for`);
    expect(own).toMatchObject({ type: 'query', query: { type: 'list', list: 'profile' } });
  });
});

describe('terse questions of the domain', () => {
  it.each(IN_DOMAIN)('"%s" is not declined as out of scope', async (text) => {
    const r = await replyTo(text);
    expect(r.reply).not.toBe('scope');
  });
});
