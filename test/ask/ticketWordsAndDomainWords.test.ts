import { ask, understand, type EngineDeps } from '../../server/core/ask/engine';
import type { AskQuery } from '../../server/core/ask/querySchema';
import { COPILOT_APPS } from '../../server/core/appCatalog';
import { startAppHarness, type AppHarness } from '../support/appHarness';
import { allRows, engineDeps } from './askKit';
import { loadTruth, type Truth } from './groundTruthFigures';

/**
 * Words that do not change the question and domain words the engine had asked back (the eighth blind set): a pronoun
 * is the one person the message names (asked which with two), a ticket's narrative and its requester are set aside
 * and said, a second question is said not answered rather than dropped; "distinct people", "site pages", "cite",
 * "no Copilot activity", "zero prompts", "not once" read as what they mean; "1,000", "3 times or more" and "over 8
 * weeks" as numbers and a span; a real English word is not "corrected", and the asker's own role is no filter.
 */

jest.setTimeout(300_000);
const now = new Date('2026-11-20T12:00:00.000Z');
const DAY = 86_400_000;
let h: AppHarness;
let deps: EngineDeps;
let truth: Truth;
/** The person with the most prompts in the last 30 days, and the app they used most. */
let person: string;
let personId: string;
let app: string;

beforeAll(async () => {
  h = await startAppHarness({ userCount: 24, seed: 11, referenceTime: now });
  deps = engineDeps(h);
  truth = await loadTruth(h.testStore.store, h.ctx.tenantId);
  const recent = truth.rows.filter((r) => r.prompt && r.at.getTime() > now.getTime() - 30 * DAY);
  personId = mostCommon(recent.map((r) => r.userId));
  person = truth.names.get(personId)!;
  app = mostCommon(recent.filter((r) => r.userId === personId).map((r) => r.app));
}, 300_000);
afterAll(async () => h?.close());

function mostCommon(values: string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
}

async function queryOf(question: string): Promise<AskQuery> {
  const parsed = await understand(deps, question);
  if (parsed.type !== 'query') throw new Error(`not a query: ${question}`);
  return parsed.query;
}

/** The person's prompts in an app (display name) from `from` to now, from the stored raw interactions. */
const promptsOf = (userId: string, appLabel: string, from: Date) =>
  truth.rows.filter((r) => r.prompt && r.userId === userId && r.app === appLabel && r.at >= from && r.at < now).length;

describe('a pronoun and a ticket around the question', () => {
  test('a ticket\'s narrative is context and "she" is the one person named: the figure is hers', async () => {
    const label = () => app;
    const text = `Ticket 48213: ${person} says Copilot in ${label()} gives her nothing lately. How many prompts did she send in ${label()} this month?`;
    const answer = await ask(deps, text);
    expect(answer.kind).not.toBe('message');
    const q = await queryOf(text);
    expect(q).toMatchObject({ type: 'measure', measure: 'prompts', filters: { apps: [appKey()] } });
    if (q.type !== 'measure') throw new Error('not a measure');
    expect(q.filters.people.map((p) => p.name)).toEqual([person]);
    expect(answer.interpretation).toContain(`"she" read as ${person}`);
    expect(answer.interpretation).toContain('read as context');
    expect(Number(answer.rows[0]?.value ?? 0)).toBe(promptsOf(personId, label(), new Date('2026-11-01T00:00:00Z')));
  });

  test('"She has a licence assigned" after the question is the person asked about: her licence row alone', async () => {
    const text = `Can you check whether ${person} has ever used Copilot? She has a licence assigned.`;
    const q = await queryOf(text);
    expect(q.type).not.toBe('reply');
    expect(JSON.stringify(q)).toContain(personId);
    const answer = await ask(deps, text);
    const holds = truth.licensed.some((p) => p.userId === personId);
    expect(answer.rows.map((r) => String(r.user))).toEqual(holds ? [person] : []);
    expect(answer.summary).toContain(`${person} ${holds ? 'holds a' : 'holds no'} Copilot license`);
  });

  test('with two people named, "she" is asked about, each reading offered', async () => {
    const other = truth.licensed.find((p) => p.userId !== personId && p.name.includes(' '))!.name;
    const q = await queryOf(`${person} and ${other} both say Copilot is slow. How many prompts did she send?`);
    expect(q).toMatchObject({ type: 'reply', reply: 'rephrase' });
    if (q.type !== 'reply') throw new Error('answered');
    expect(q.notUnderstood[0]).toContain('"she"');
    expect(q.suggestions.some((s) => s.includes(`did ${person} send`))).toBe(true);
    expect(q.suggestions.some((s) => s.includes(`did ${other} send`))).toBe(true);
  });

  test('the requester ("her manager asked:") is set aside and said', async () => {
    const first = person.split(' ')[0]!;
    const unique = truth.licensed.filter((p) => p.name.split(' ')[0] === first).length === 1;
    const named = unique ? `${first}'s` : `${person}'s`;
    const answer = await ask(deps, `${named} manager asked: what has she been asking Copilot?`);
    expect(answer.interpretation).toContain('manager asked');
    expect(answer.interpretation).toContain('set aside');
    expect(answer.interpretation).toContain(person);
  });

  test('two questions in one message: the first answered, the second said to be not answered here', async () => {
    const answer = await ask(deps, `${person}: when did she last use Copilot, and which apps did she use?`);
    expect(answer.interpretation).toContain(`not answered here: "which apps did ${person} use?"`);
    const q = await queryOf(`${person}: when did she last use Copilot, and which apps did she use?`);
    expect(q).toMatchObject({ type: 'list', person: { userId: personId } });
  });
});

describe('a place and a condition standing for words of the message', () => {
  test('"there" after a context naming one app is that app: the figure is the person\'s in it', async () => {
    const text = `Our helpdesk got a call from ${person} - she can't find Copilot in ${app}. How many prompts did she send there this month?`;
    const q = await queryOf(text);
    expect(q).toMatchObject({ type: 'measure', measure: 'prompts', filters: { apps: [appKey()] } });
    const answer = await ask(deps, text);
    expect(Number(answer.rows[0]?.value ?? 0)).toBe(promptsOf(personId, app, new Date('2026-11-01T00:00:00Z')));
  });

  test('"and if so how many prompts" is the count asked, nothing asked back', async () => {
    const q = await queryOf(`Did ${person} use Copilot in ${app} this month, and if so how many prompts?`);
    expect(q).toMatchObject({ type: 'measure', measure: 'prompts', filters: { apps: [appKey()] } });
  });
});

describe('domain words read as what they mean', () => {
  test('"distinct people had Copilot read Teams meeting content": people reaching meetings, in any app', async () => {
    const q = await queryOf('How many distinct people had Copilot read Teams meeting content in the past 2 weeks?');
    expect(q).toMatchObject({ type: 'measure', measure: 'source_users', filters: { apps: [], sourceKind: 'meeting' } });
    if (q.type !== 'measure') throw new Error('not a measure');
    const answer = await ask(
      deps,
      'How many distinct people had Copilot read Teams meeting content in the past 2 weeks?',
    );
    const meetings = new Set([...truth.sources].filter(([, s]) => s.kind === 'meeting').map(([k]) => k));
    const people = new Set(
      truth.rows
        .filter((r) => r.at >= q.period.from && r.at < q.period.to && r.sources.some((s) => meetings.has(s)))
        .map((r) => r.userId),
    );
    expect(Number(answer.rows[0]?.value ?? 0)).toBe(people.size);
  });

  test.each([
    ['List licensed users with no Copilot activity in the past 60 days, we want to reclaim licences'],
    ['licensed users with zero prompts in the past 60 days'],
    ['Which licensed users have not once used Copilot in the past 60 days?'],
  ])('"%s" lists the licence holders without activity, nothing asked back', async (text) => {
    const q = await queryOf(text);
    expect(q).toMatchObject({ type: 'measure', measure: 'licensed_inactive' });
    if (q.type !== 'measure') throw new Error('not a measure');
    const rows = await allRows(deps, await ask(deps, text));
    const active = new Set(truth.rows.filter((r) => r.at >= q.period.from && r.at < now).map((r) => r.userId));
    const expected = truth.licensed.filter((p) => !active.has(p.userId)).map((p) => p.name);
    expect(rows.map((r) => String(r.user)).sort()).toEqual(expected.sort());
  });

  test('"site pages" are the site kind of source and "cite", "reached" ask nothing back', async () => {
    const q = await queryOf('Which site pages did Copilot cite in October and how many users reached each?');
    expect(q).toMatchObject({ type: 'measure', filters: { sourceKind: 'site' } });
  });

  test('"unique people" and "different people" count active users, as "users" does', async () => {
    for (const text of [
      'how many unique people used Copilot in Word last month',
      'how many different people used Word last month',
    ]) {
      expect(await queryOf(text)).toMatchObject({
        type: 'measure',
        measure: 'active_users',
        filters: { apps: ['word'] },
      });
    }
  });
});

describe('numbers as people write them', () => {
  test('"3 times or more" is at least 3 prompts per person, the people those of the ground truth', async () => {
    const q = await queryOf('users who used copilot 3 times or more last month');
    expect(q).toMatchObject({ type: 'measure', measure: 'prompts', by: ['user'], having: { op: 'gte', value: 3 } });
    if (q.type !== 'measure') throw new Error('not a measure');
    const counts = new Map<string, number>();
    for (const r of truth.rows.filter((r) => r.prompt && r.at >= q.period.from && r.at < q.period.to))
      counts.set(r.userId, (counts.get(r.userId) ?? 0) + 1);
    const rows = await allRows(deps, await ask(deps, 'users who used copilot 3 times or more last month'));
    expect(rows.length).toBe([...counts.values()].filter((n) => n >= 3).length);
  });

  test('"more than 1,000 prompts" is one number', async () => {
    expect(await queryOf('which users sent more than 1,000 prompts last month')).toMatchObject({
      having: { op: 'gt', value: 1000 },
    });
  });

  test('"prompts over 8 weeks" is the last 8 weeks, as "over the last 8 weeks"', async () => {
    const q = await queryOf('prompts over 8 weeks');
    const same = await queryOf('prompts over the last 8 weeks');
    expect(q).toMatchObject({ type: 'measure', measure: 'prompts' });
    if (q.type !== 'measure' || same.type !== 'measure') throw new Error('not a measure');
    expect(q.period).toEqual(same.period);
  });
});

describe('small defects', () => {
  test('"building" is no typo of "billing": not declined as a question about costs', async () => {
    const q = await queryOf('how many prompts mention the new building');
    expect(q.type === 'reply' && q.reply === 'scope').toBe(false);
    expect(JSON.stringify(q)).not.toContain('billing');
  });

  test("the asker's own department in a lead-in is no filter when the question names its department", async () => {
    const q = await queryOf("I'm the HR partner for the Sales department. How many prompts did Sales send last week?");
    expect(q).toMatchObject({ type: 'measure', measure: 'prompts', filters: { departments: ['Sales'] } });
  });
});

/** The catalogue's key of the person's most used app. */
const appKey = (): string => COPILOT_APPS.find((a) => a.displayName === app)!.key;
