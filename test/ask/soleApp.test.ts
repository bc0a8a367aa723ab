import type { EngineDeps } from '../../server/core/ask/engine';
import { openDirectoryEngines, queryOf, replyOf, type DirectoryEngines } from './directoryEngine';

/**
 * "Who only uses Copilot Chat" asks for people with one app and no other: answered over the people whose every
 * interaction in the period is in that app (peopleConditions.test.ts checks the figures), never as everyone using the
 * app. "Only" that narrows nothing of the kind stays as it was read.
 */
const now = new Date('2026-11-20T12:00:00.000Z');
let engines: DirectoryEngines;
let deps: EngineDeps;

beforeAll(async () => {
  engines = await openDirectoryEngines('sole-app', { t1: [['u1', 'Alex Wilber', 'Sales']] }, now);
  deps = engines.deps('t1');
});
afterAll(() => engines.close());

describe('one app and no other', () => {
  test.each([
    ['which users only use copilot chat', 'm365chat'],
    ['who uses only Teams', 'teams'],
    ['people using nothing but Word this month', 'word'],
    ['users of Outlook with no other app', 'outlook'],
    ['how many people just use Excel', 'excel'],
    ['people who used Copilot only in Teams and nothing else', 'teams'],
  ])('reads "%s" as the people using %s and no other app, not everyone using it', async (question, app) => {
    expect(await queryOf(deps, question)).toMatchObject({
      type: 'measure',
      filters: { apps: [app] },
      who: { soleApp: true },
    });
  });

  it('lists the people when asked which or who, and counts them when asked how many', async () => {
    expect(await queryOf(deps, 'which users only use copilot chat')).toMatchObject({
      measure: 'prompts',
      by: ['user'],
    });
    expect(await queryOf(deps, 'how many people just use Excel')).toMatchObject({ measure: 'active_users', by: [] });
  });

  it('asks back "only" with no app to keep to, rather than dropping it', async () => {
    expect(await replyOf(deps, 'licensed users who only use copilot in Teams')).toMatchObject({
      reply: 'rephrase',
      notUnderstood: expect.arrayContaining(['only (no other app)']),
    });
  });

  it('reads "only" elsewhere as before: a condition on uses, or a question with no app', async () => {
    expect(await queryOf(deps, 'licensed users who only used it once')).toMatchObject({ type: 'measure' });
    const plain = await queryOf(deps, 'active users in Word this month');
    expect(plain).toMatchObject({ type: 'measure', filters: { apps: ['word'] } });
    expect(plain).not.toHaveProperty('who');
  });
});
