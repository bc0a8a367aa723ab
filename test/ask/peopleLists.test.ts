import type { EngineDeps } from '../../server/core/ask/engine';
import { openDirectoryEngines, queryOf, type DirectoryEngines, type DirectoryPerson } from './directoryEngine';

/**
 * People named in the ways the ninth blind set found misread, through the engine's public entry over a store holding
 * a directory: several first names in a list, a name followed by ordinary words, the subject of the access log named
 * with a possessive beside words pointing at the product itself.
 */

const now = new Date('2026-12-04T05:00:00.000Z');
const PEOPLE: DirectoryPerson[] = [
  ['u01', 'Joni Sherman', 'Engineering'],
  ['u02', 'Ivan Farouk', 'Engineering'],
  ['u03', 'Angela Haddad', 'Engineering'],
  ['u04', 'Rosa Olsen', 'Sales'],
  ['u05', 'Lina Olsen', 'Finance'],
  ['u06', 'Nathan Haddad', 'Sales'],
];

let engines: DirectoryEngines;
let deps: EngineDeps;

beforeAll(async () => {
  engines = await openDirectoryEngines('people-lists', { main: PEOPLE }, now);
  deps = engines.deps('main');
});

afterAll(() => engines.close());

/** Who a question was read as being about, and how: the people answered for, or the reply and its choices. */
async function readAs(question: string): Promise<string> {
  const q = await queryOf(deps, question);
  if (q.type === 'reply')
    return q.reply === 'rephrase'
      ? `asked back: ${q.notUnderstood.join(', ')}`
      : `${q.reply}: ${q.text ?? ''} [${q.people.map((c) => c.person.name).join(', ')}]`;
  if (q.type === 'measure')
    return `${q.measure} by ${q.by.join(',')} for ${q.filters.people.map((p) => p.name).join(', ')}`;
  if (q.type === 'list') return `${q.list} of ${q.person.name}`;
  if (q.type === 'system')
    return `${q.system} ${q.person === 'me' ? 'me' : (q.person?.name ?? 'everyone')} (${q.role ?? '-'})`;
  return q.type;
}

const THREE = 'prompts by user for Joni Sherman, Ivan Farouk, Angela Haddad';

test.each([
  ['how are Joni, Ivan and Angela getting on with Copilot this month?', THREE],
  ['prompts by Joni, Ivan and Angela last week', THREE],
  ['Joni, Ivan, Angela: Copilot prompts in November', THREE],
  ['how many prompts did joni ivan and angela send this month', THREE],
  ['Compare Joni and Ivan', 'prompts by user for Joni Sherman, Ivan Farouk'],
])('several people named by first name in a list are each found: %s', async (question, expected) => {
  expect(await readAs(question)).toBe(expected);
});

test.each([
  ['How is Olsen getting on with Copilot?', 'which_person: olsen [Lina Olsen, Rosa Olsen]'],
  ['how is Olsen doing in Word', 'which_person: olsen [Lina Olsen, Rosa Olsen]'],
  ['How is Rosa getting on with Copilot?', 'profile of Rosa Olsen'],
  ['Is Ivan getting on with Copilot?', 'profile of Ivan Farouk'],
  ['How is Joni, Olsen and Ivan getting on this month', 'which_person: olsen [Lina Olsen, Rosa Olsen]'],
])('a name followed by ordinary words ends where the name does: %s', async (question, expected) => {
  expect(await readAs(question)).toBe(expected);
});

test('a full name the directory lacks keeps all its words, said to be nobody', async () => {
  expect(await readAs('How is Grady Archie getting on with Copilot?')).toMatch(/^nobody: grady archie/i);
});

test.each([
  ["Has anyone looked at Joni Sherman's Copilot conversations in this tool?", 'access_log Joni Sherman (subject)'],
  ["Did any admin open Angela Haddad's prompts in Observatory?", 'access_log Angela Haddad (subject)'],
  ['has someone looked at the conversations of Ivan Farouk here', 'access_log Ivan Farouk (subject)'],
  ["Has anyone opened Rosa Olsen's chats in the app?", 'access_log Rosa Olsen (subject)'],
  ["who has read Olsen's Copilot history in this tool", 'which_person: Olsen [Lina Olsen, Rosa Olsen]'],
  ["did anyone view Nathan's transcripts on the dashboard", 'access_log Nathan Haddad (subject)'],
])('the access log about a person named beside words for the product itself: %s', async (question, expected) => {
  expect(await readAs(question)).toBe(expected);
});

test.each([
  ['Do we have any Outlook activity from Ivan Farouk at all?', 'all synced history'],
  ['has Joni used Copilot in Excel at all', 'all synced history'],
  ['Did Rosa Olsen send any prompts at all?', 'all synced history'],
  ['did Ivan use copilot at all this week?', 'this week'],
  ['did Angela use Word at all in November', 'November 2026'],
])('"at all" with no period named asks of all synced history, a period named stays: %s', async (question, label) => {
  const q = await queryOf(deps, question);
  expect(q.type === 'measure' || q.type === 'list' ? q.period?.label : q.type).toBe(label);
});
