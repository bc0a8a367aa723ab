import type { EngineDeps } from '../../server/core/ask/engine';
import { openDirectoryEngines, queryOf, replyOf, type DirectoryEngines } from './directoryEngine';

/**
 * "Who only uses Copilot Chat" asks for people with one app and no other; no answer tells them apart from everyone
 * using that app, so the question is asked back with "only" named, never answered as the app's users. "Only" that
 * narrows nothing of the kind stays as it was read.
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
    'which users only use copilot chat',
    'who uses only Teams',
    'people using nothing but Word this month',
    'users of Outlook with no other app',
    'how many people just use Excel',
  ])('asks back "%s" with "only" named, rather than answering the app\'s users', async (question) => {
    expect(await replyOf(deps, question)).toMatchObject({
      reply: 'rephrase',
      notUnderstood: expect.arrayContaining(['only (no other app)']),
    });
  });

  it('reads "only" elsewhere as before: a condition on uses, or a question with no app', async () => {
    expect(await queryOf(deps, 'licensed users who only used it once')).toMatchObject({ type: 'measure' });
    expect(await queryOf(deps, 'active users in Word this month')).toMatchObject({
      type: 'measure',
      filters: { apps: ['word'] },
    });
  });
});
