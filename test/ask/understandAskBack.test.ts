import type { ReplyQuery } from '../../server/core/ask/querySchema';
import { corpusContext, readCorpusTenant, understandOver } from './corpusTenant';

/**
 * What the corpus's judge does not look at: the words an ask-back names as not understood (the admin reads them to
 * rephrase), and readings that depend on a directory other than the corpus tenant's. Through the engine's
 * understanding over the corpus tenant (corpusTenant.ts), no database.
 */

const now = new Date('2026-11-20T12:00:00.000Z');
const tenant = readCorpusTenant();
const ctx = corpusContext(tenant, now);

async function askedBack(question: string, context = ctx): Promise<ReplyQuery> {
  const parsed = await understandOver(context, question);
  if (parsed.type !== 'query' || parsed.query.type !== 'reply') throw new Error(`answered: ${question}`);
  return parsed.query;
}

describe('a condition on each row that the answer cannot apply is asked back in the words typed', () => {
  it.each([
    // A list of one person's sessions has no row to count prompts in.
    ["list Ben Stewart's sessions with more than 5 prompts", 'more than 5 prompts'],
    // A bare number beside licence holders names nothing to count.
    ['licensed users with more than 3', 'more than 3'],
    // Two periods compared: the condition would have to hold in each.
    ['users with more than 5 prompts this week vs last week', 'more than 5 prompts'],
    // People counted per person is one each.
    ['active users with more than 10 users', 'more than 10 users'],
  ])('%s', async (question, words) => {
    const reply = await askedBack(question);
    expect(reply.reply).toBe('rephrase');
    expect(reply.notUnderstood).toEqual([words]);
  });
});

describe('a lead-in before a colon is read only when it names what the answer is about', () => {
  // Kept, a lead-in naming nothing would be read and said as context beside the same figure.
  it.each([
    [
      'Need this before the Friday steering meeting: how many prompts in Teams last week?',
      'how many prompts in Teams last week?',
    ],
    ['Please, the CFO asked twice: how many sessions in Word this month?', 'how many sessions in Word this month?'],
  ])('drops "%s"', async (question, plain) => {
    expect(await understandOver(ctx, question)).toEqual(await understandOver(ctx, plain));
  });

  it('keeps a lead-in naming a department of several words, and drops one naming only a word of it', async () => {
    const named = corpusContext({ ...tenant, departments: [...tenant.departments, 'Customer Success'] }, now);
    const kept = await understandOver(named, 'Customer Success needs numbers: how many prompts last week?');
    expect(kept.type === 'query' && kept.query.type === 'measure' && kept.query.filters.departments).toEqual([
      'Customer Success',
    ]);
    expect(await understandOver(named, 'Customer steering need numbers: how many prompts last week?')).toEqual(
      await understandOver(named, 'how many prompts last week?'),
    );
  });
});
