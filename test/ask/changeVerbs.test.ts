import { ask, type EngineDeps } from '../../server/core/ask/engine';
import { openDirectoryEngines, type DirectoryEngines, type DirectoryPerson } from './directoryEngine';

/**
 * A change asked of a bot that only reads ("cancel Eli Nguyen's copilot license", a blind question, was asked back on
 * "cancel"): every verb of change on licences, people, access and findings' owners, first or after "I need …" or in the
 * passive ("… should be cancelled"), is declined saying the bot reads and cannot change, with what can be asked instead
 * — while a question about what could be changed ("list the licences that could be removed") is no change request.
 */

const now = new Date('2026-11-20T12:00:00.000Z');
const PEOPLE: DirectoryPerson[] = [
  ['u01', 'Eli Nguyen', 'Sales'],
  ['u02', 'Grace Abbott', 'Finance'],
  ['u03', 'Bo Li', 'Sales'],
];
const DECLINED = /^Copilot Observatory only reads: it cannot change licences, users/;

let engines: DirectoryEngines;
let deps: EngineDeps;
beforeAll(async () => {
  engines = await openDirectoryEngines('change-verbs', { main: PEOPLE }, now);
  deps = engines.deps('main');
});
afterAll(() => engines.close());

/** Each question with whether it was declined as a change request, offering what can be asked. */
async function declined(questions: readonly string[]): Promise<Array<[string, boolean]>> {
  const said: Array<[string, boolean]> = [];
  for (const question of questions) {
    const a = await ask(deps, question);
    said.push([question, DECLINED.test(a.summary) && a.suggestions.length > 0]);
  }
  return said;
}

describe('a verb of change is declined whatever it changes', () => {
  it('declines the verb first, alone or after a greeting or "please"', async () => {
    const questions = [
      "cancel Eli Nguyen's copilot license",
      'please cancel the Copilot licence for Grace Abbott',
      "hi, can you cancel Bo Li's licence?",
      "take away Grace Abbott's licence",
      'can you take the seat away from Bo Li',
      'extend the licence for Grace Abbott',
      'renew our copilot licenses',
      "get rid of Eli Nguyen's seat",
      "terminate Bo Li's copilot subscription",
      "transfer Grace Abbott's licence to Bo Li",
      'upgrade Eli Nguyen to a Copilot licence',
      "reactivate Bo Li's account",
      'cancel the weekly report licence',
    ];
    expect(await declined(questions)).toEqual(questions.map((q) => [q, true]));
  });

  it('declines a change asked in the passive, after "I need", "can I" or a statement, and answers which could be changed', async () => {
    const changes = [
      "Eli Nguyen's licence should be cancelled",
      "can Grace Abbott's access be revoked?",
      "I need Bo Li's access revoked",
      "I'd like Grace Abbott's seat taken away",
      "please get Eli Nguyen's copilot licence removed",
      'the open finding needs to be assigned to Bo Li',
      'Eli Nguyen left the company, cancel his licence',
      "Grace Abbott doesn't need copilot anymore - please revoke it",
      "can I cancel Eli Nguyen's license here?",
      "is it possible to remove Grace Abbott's licence",
      'make Bo Li the owner of the open finding',
      "we want to take back Bo Li's licence",
    ];
    const questions = [
      'list the licences that could be removed',
      'show me seats which should be reclaimed',
      'I want the users added this month',
      'prompts by app, remove Teams',
    ];
    expect(await declined([...changes, ...questions])).toEqual([
      ...changes.map((q) => [q, true]),
      ...questions.map((q) => [q, false]),
    ]);
  });
});
