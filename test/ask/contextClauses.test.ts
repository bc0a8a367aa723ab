import { ask, type EngineDeps } from '../../server/core/ask/engine';
import { openDirectoryEngines, queryOf, replyOf, type DirectoryEngines } from './directoryEngine';

/**
 * A question after a description of the problem (a ticket, a forwarded message) is answered when it is the one
 * sentence or clause the engine reads fully, and the answer says which words it took as context; "him" after a named
 * person is that person. Context that would change the meaning (another person, another period, something left out)
 * is asked about, as are two questions at once.
 */

const NOW = new Date('2026-11-20T12:00:00.000Z');

describe('a question with a description of the problem around it', () => {
  let engines: DirectoryEngines;
  let deps: EngineDeps;
  beforeAll(async () => {
    engines = await openDirectoryEngines(
      'context-clauses',
      {
        t1: [
          ['u1', 'Alex Wilber', 'Sales'],
          ['u2', 'Mark Mensah', 'Sales'],
          ['u3', 'Lina Olsen', 'Finance'],
        ],
      },
      NOW,
    );
    deps = engines.deps('t1');
  });
  afterAll(() => engines.close());

  test('the question after a ticket’s description is answered, the description said to be context', async () => {
    const text =
      'Ticket #4471 - user reports Copilot not working in Excel. How many prompts did Alex Wilber send in Excel last week?';
    const q = await queryOf(deps, text);
    expect(q).toMatchObject({
      filters: { people: [{ name: 'Alex Wilber' }], apps: ['excel'] },
      period: { label: 'last week' },
      context: { text: 'Ticket #4471 - user reports Copilot not working in Excel.' },
    });
    const answer = await ask(deps, text);
    expect(answer.interpretation).toContain(
      'read as context, not as the question: "Ticket #4471 - user reports Copilot not working in Excel."',
    );
  });

  test('"him" after a named person is that person, and the context’s period is the question’s when it names none', async () => {
    const q = await queryOf(
      deps,
      'ticket: Alex Wilber says his copilot history from last week is missing, do we see any activity for him?',
    );
    expect(q).toMatchObject({ context: { pronoun: 'him', person: 'Alex Wilber' } });
    expect(q.type === 'list' ? q.person.name : q.type === 'measure' ? q.filters.people[0]?.name : null).toBe(
      'Alex Wilber',
    );
    expect(q.type === 'list' || q.type === 'measure' ? q.period?.label : null).toBe('last week');
  });

  test('a ticket’s narrative around "any activity for him?" is answered for the person it names', async () => {
    const q = await queryOf(deps, 'ticket: Alex Wilber says his history is missing, any activity for him?');
    expect(q).toMatchObject({
      context: { text: 'ticket: Alex Wilber says his history is missing', pronoun: 'him', person: 'Alex Wilber' },
    });
  });

  test.each([
    // Another person in the context than in the question.
    'Mark Mensah says Copilot is broken. How many prompts did Alex Wilber send last week?',
    // Another period in the context than in the question.
    'Alex Wilber says his history from last month is missing. How many prompts did Alex Wilber send this week?',
    // Something left out in the context.
    'user says the numbers look wrong but not in Teams. How many prompts did Alex Wilber send last week?',
    // "him" with two people named before it.
    'Alex Wilber and Mark Mensah say the history is missing, any activity for him?',
    // A description alone, with no question the engine reads fully.
    'user reports Copilot not working in Excel. Please advise.',
  ])('"%s" is asked back, not answered', async (text) => {
    expect((await replyOf(deps, text)).reply).toBe('rephrase');
  });

  test.each([
    ['I run Sales. Who on my team used Copilot the most this month?', 'Sales', 'my team'],
    [
      'We need to decide whether to keep the Copilot licences in Finance. How many of them used it last month?',
      'Finance',
      'them',
    ],
    ['Our Finance folks say Copilot is slow. Did they use it last week?', 'Finance', 'they'],
    ['I manage Sales. How many prompts did my reports send in Word last week?', 'Sales', 'my reports'],
    ['Quarterly review for Sales. Which of those people used Excel this month?', 'Sales', 'those people'],
  ])(
    'a department named in the context is the filter of "%s", and the line says so',
    async (text, department, words) => {
      const q = await queryOf(deps, text);
      expect(q).toMatchObject({
        filters: { departments: [department] },
        context: { pronoun: words, person: department },
      });
      expect((await ask(deps, text)).interpretation).toContain(`"${words}" read as ${department}`);
    },
  );

  test('"how many of them used it" with a department in the context counts that department’s active users', async () => {
    const q = await queryOf(
      deps,
      'We are reviewing the Copilot licences in Sales. How many of them used it this month?',
    );
    expect(q).toMatchObject({ type: 'measure', measure: 'active_users', filters: { departments: ['Sales'] } });
  });

  test('a department the context names but the question does not refer to is asked about, not dropped', async () => {
    expect(
      (
        await replyOf(
          deps,
          'We need to decide whether to keep the Copilot licences in Finance. How many prompts were sent last week?',
        )
      ).reply,
    ).toBe('rephrase');
  });

  test('a sentence of one clause with words not understood is still asked about, not cut into context', async () => {
    expect((await replyOf(deps, 'alex wilber says his history is missing')).notUnderstood).toEqual(
      expect.arrayContaining(['says']),
    );
  });
});
