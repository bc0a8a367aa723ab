import { ask, understand, type EngineDeps } from '../../server/core/ask/engine';
import type { AskQuery } from '../../server/core/ask/querySchema';
import {
  openDirectoryEngines,
  queryOf as queryIn,
  replyOf as replyIn,
  type DirectoryEngines,
  type DirectoryPerson,
} from './directoryEngine';

/**
 * Two of the Ask engine's honesty rules at their edges, through its public entry over a store holding only a
 * directory: a change request is declined whatever it would change (and a saved question's removal is still a
 * command), and a word is taken for a person — found, asked about, or said to be nobody — only where the question
 * treats it as one; names set beside people being compared that nobody is called are said so, not dropped.
 */

const now = new Date('2026-11-20T12:00:00.000Z');
const PEOPLE: DirectoryPerson[] = [
  ['u01', 'Alex Wilber', 'Marketing'],
  ['u02', 'Alex Johnson', 'Sales'],
  ['u03', 'Patricia Lee', 'Engineering'],
  ['u04', 'Grace Abbott', 'Finance'],
  ['u05', 'Bo Li', 'Sales'],
];

const DECLINED =
  'Copilot Observatory only reads: it cannot change licences, users, Copilot settings or the data. Here is what I can show instead:';

let engines: DirectoryEngines;
let deps: EngineDeps;

beforeAll(async () => {
  engines = await openDirectoryEngines('names-changes', { main: PEOPLE }, now);
  deps = engines.deps('main');
});

afterAll(() => engines.close());

const queryOf = (question: string) => queryIn(deps, question);
const replyOf = (question: string) => replyIn(deps, question);

/** What each question was read as, in words: the reply's kind and words, or the people an answer is for. */
async function readAs(question: string): Promise<string> {
  const q = await queryOf(question);
  if (q.type === 'reply')
    return q.reply === 'rephrase' ? `asked back: ${q.notUnderstood.join(', ')}` : `${q.reply}: ${q.text ?? ''}`;
  if (q.type === 'list') return `answered for ${q.person.name}`;
  if (q.type === 'measure') return `answered for ${q.filters.people.map((p) => p.name).join(', ')}`;
  return `answered (${q.type})`;
}

/** Who a question was read as being about: the people found, a name asked about, or no person. */
async function personOf(question: string): Promise<string> {
  const q = await queryOf(question);
  if (q.type === 'reply')
    return ['nobody', 'which_person'].includes(q.reply) ? `${q.reply}: ${q.text ?? ''}` : 'no person';
  if (q.type === 'list') return `answered for ${q.person.name}`;
  if (q.type === 'measure' && q.filters.people.length)
    return `answered for ${q.filters.people.map((p) => p.name).join(', ')}`;
  return 'no person';
}

/** Checks what each question was read as (by default `readAs`), naming the question in a failure. */
async function expectReadAs(
  cases: ReadonlyArray<readonly [string, string]>,
  reader: (question: string) => Promise<string> = readAs,
): Promise<void> {
  const read: Array<[string, string]> = [];
  for (const [question] of cases) read.push([question, await reader(question)]);
  expect(read).toEqual(cases);
}

/** Checks that each question is declined as a change request, naming the question in a failure. */
async function expectDeclined(questions: readonly string[]): Promise<void> {
  const said: Array<[string, string, string]> = [];
  for (const question of questions) {
    const { kind, summary } = await ask(deps, question);
    said.push([question, kind, summary]);
  }
  expect(said).toEqual(questions.map((q) => [q, 'not_understood', DECLINED]));
}

describe('a change request is declined whatever it would change', () => {
  it('declines "remove ..." naming a licence, a user, a prompt, a department, a seat, an account or a permission', async () => {
    // Each has the shape of the saved-question command "remove <name>"; only what it names makes it a change.
    const questions = [
      'remove the license from Grace',
      'remove the licence from Grace',
      'remove licensed status from Grace',
      'remove the user Grace',
      'remove the prompt Grace sent',
      'remove Grace from the department',
      'remove the seat from Grace',
      'remove the account of Grace',
      'remove the permission from Grace',
    ];
    await expectDeclined(questions);
  });

  it('declines a change verb with nothing it names, and one after a list number', async () => {
    const questions = ['block Grace', '1) give Grace a Copilot licence', '- revoke Grace'];
    await expectDeclined(questions);
  });

  it('still reads the removal of a saved question as the command', async () => {
    expect(await understand(deps, 'remove weekly report')).toEqual({
      type: 'command',
      command: { command: 'delete_saved', name: 'weekly report' },
    });
  });
});

describe('a word is a person only where the question treats it as one', () => {
  it('says nobody has a capitalised name before what a person does, or in a run with one capital', async () => {
    await expectReadAs([
      ['show Zebediah prompts', 'nobody: zebediah'],
      ['word usage Zebediah quux', 'nobody: zebediah quux'],
      // The same words in lower case are words not understood.
      ['word usage zebediah quux', 'asked back: zebediah, quux'],
    ]);
  });

  it('takes a short name after "for" for the person', async () => {
    await expectReadAs([
      ['prompts for bo this month', 'answered for Bo Li'],
      ['prompts for bo and Grace Abbott this month', 'answered for Grace Abbott, Bo Li'],
    ]);
  });

  it('reads a name of at most three words', async () => {
    expect(await replyOf('what did Zebediah Quux Flurbish Blorp ask')).toMatchObject({
      reply: 'nobody',
      text: 'zebediah quux flurbish',
    });
  });

  it('never takes a word with a digit, or a number word, for a name', async () => {
    await expectReadAs([
      ['prompts for 3zeb this month', 'asked back: 3zeb'],
      ['prompts for zeb3 this month', 'asked back: zeb3'],
      // A number it cannot place is asked about as a number, not as someone called "twelve".
      ['prompts for twelve days', 'asked back: twelve'],
    ]);
  });

  it('counts a person named twice once', async () => {
    await expectReadAs([['Grace Abbott vs Grace Abbott prompts this month', 'answered for Grace Abbott']]);
  });
});

describe('names beside people being compared that nobody is called', () => {
  it('compares the people found and says who nobody is called, one run of words each', async () => {
    const cases: Array<[string, string[], string[]]> = [
      ['compare Grace Abbott and zebediah this month', ['Grace Abbott'], ['zebediah']],
      ['compare Grace Abbott and zebediah quux this month', ['Grace Abbott'], ['zebediah quux']],
      ['compare Grace Abbott, zebediah and quux this month', ['Grace Abbott'], ['zebediah', 'quux']],
      ['compare Grace Abbott and zebediah quux flurbish', ['Grace Abbott'], ['zebediah quux flurbish']],
    ];
    const read: Array<[string, string[], string[]]> = [];
    for (const [question] of cases) {
      const q = await queryOf(question);
      if (q.type !== 'measure') throw new Error(`"${question}" was read as ${JSON.stringify(q)}`);
      read.push([question, q.filters.people.map((p) => p.name), q.unmatched ?? []]);
    }
    expect(read).toEqual(cases);
    expect((await ask(deps, 'compare Grace Abbott and zebediah this month')).interpretation).toBe(
      'Prompts · Grace Abbott · this month (1 Nov 2026 – 20 Nov 2026) · no one called "zebediah" holds a Copilot licence or has used Copilot, so only the others are shown',
    );
  });

  it('compares by the measure or cue the question names, prompts only when it names none', async () => {
    const cases: Array<[string, string]> = [
      ['compare responses of Grace Abbott and zebediah this month', 'responses'],
      ['compare the usage of Grace Abbott and zebediah this month', 'interactions'],
      ['compare Grace Abbott and zebediah as users this month', 'active_users'],
      ['compare the licenses of Grace Abbott and zebediah', 'licensed_users'],
      ['compare Grace Abbott and zebediah this month', 'prompts'],
    ];
    const read: Array<[string, string]> = [];
    for (const [question] of cases) {
      const q = await queryOf(question);
      read.push([question, q.type === 'measure' && q.unmatched?.includes('zebediah') ? q.measure : q.type]);
    }
    expect(read).toEqual(cases);
  });

  it('asks back instead where the words are no name nobody has, or nothing is compared', async () => {
    await expectReadAs([
      // Four words are more than a name.
      ['compare Grace Abbott and zebediah quux flurbish blorp', 'asked back: zebediah, quux, flurbish, blorp'],
      // A first name that fits several people is not "no one called".
      ['compare Grace Abbott and alex', 'asked back: alex'],
      // Nobody found to compare with.
      ['compare zebediah and quux', 'asked back: zebediah, quux'],
      // Nothing compared: an unknown word beside a person.
      ['prompts of Grace Abbott and zebediah', 'asked back: zebediah'],
    ]);
  });

  it('asks back a name several people have beside them, without saying no one is called so', async () => {
    // "alex" is two people, so it is asked about; what was understood names no one missing.
    const q = await replyOf('compare Grace Abbott and alex this month');
    expect(q.notUnderstood).toEqual(['alex']);
    expect(q.understood).toContain('Grace Abbott');
    expect(q.understood).not.toContain('no one called');
  });
});

describe('which run of words is read as a name, and when it counts as one', () => {
  it("reads a thing's name after \"the\" or before a file's extension as no one's, and the same words alone as a name", async () => {
    // Whether such a name is then asked back or answered as a file or site is not the point here: it is no person.
    await expectReadAs(
      [
        ['who opened the Fourth Coffee Playbook through copilot', 'no person'],
        ['who opened Fourth Coffee Playbook through copilot', 'nobody: fourth coffee playbook'],
        ['how often was Coho Winery Budget.xlsx used by copilot', 'no person'],
        ['how often was Coho Winery used by copilot', 'nobody: coho winery'],
      ],
      personOf,
    );
  });

  it('takes a short lower-case name for the person when it is the whole question, not when words follow it', async () => {
    await expectReadAs([
      ['bo', 'answered for Bo Li'],
      ['bo word usage', 'asked back: bo'],
      ['alex word usage', 'asked back: alex'],
    ]);
  });

  it('after "for" or "did", says nobody has a lower-case word only if it reads as a name: a name people have or one near the directory', async () => {
    await expectReadAs([
      ['prompts for grady this month', 'nobody: grady'],
      ['what did ingrid ask', 'nobody: ingrid'],
      // Near Patricia Lee, though no name people have.
      ['what did patrcia ask', 'nobody: patrcia'],
      ['prompts for zorblax this month', 'asked back: zorblax'],
      // Every word of the run must read as a name.
      ['prompts for ingrid zorblax this month', 'asked back: ingrid, zorblax'],
    ]);
  });

  it('reads a run with a possessive in it as a person, whatever comes before it', async () => {
    await expectReadAs([["prompts in zorblax's project", 'nobody: zorblax project']]);
  });

  it('offers each choice with the people the question already named', async () => {
    const choices = async (question: string) => {
      const q = await replyOf(question);
      // Each choice's query, as the reply carries it for the card to run.
      const offered = q.people.map(({ label, query }) => {
        const answer = query as AskQuery | null;
        return [label, answer?.type === 'measure' ? answer.filters.people.map((p) => p.name) : []];
      });
      return { reply: q.reply, offered };
    };
    expect(await choices('Grace Abbott vs Alex prompts')).toEqual({
      reply: 'which_person',
      offered: [
        ['Alex Johnson (Sales)', ['Grace Abbott', 'Alex Johnson']],
        ['Alex Wilber (Marketing)', ['Grace Abbott', 'Alex Wilber']],
      ],
    });
    expect(await choices("Grace Abbott vs Patti's prompts")).toEqual({
      reply: 'nobody',
      offered: [['Patricia Lee (Engineering)', ['Grace Abbott', 'Patricia Lee']]],
    });
  });
});
