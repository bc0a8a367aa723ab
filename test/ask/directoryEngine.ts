import pino from 'pino';
import type { AskAnswer } from '../../server/core/ask/answerTypes';
import { ask, understand, type EngineDeps } from '../../server/core/ask/engine';
import type { AskQuery, ReplyQuery } from '../../server/core/ask/querySchema';
import { departmentNames } from '../../server/core/insights/questions/departments';
import { createNameDirectory } from '../../server/core/insights/questions/nameDirectory';
import { demoAdmin } from '../../server/auth/principal';
import { departmentKey } from '../../server/store/departmentKey';
import { openTestStore, type TestStore } from '../support/testStore';

/** A directory entry: user id, display name, department (null: none recorded). */
export type DirectoryPerson = readonly [userId: string, displayName: string, department: string | null];

/** A licence holder's directory record as the sync writes it (Copilot enabled, no activity yet), seen at `now`. */
export function directoryRecord(tenantId: string, [userId, displayName, department]: DirectoryPerson, now: Date) {
  return {
    tenantId,
    userId,
    displayName,
    department,
    departmentKey: departmentKey(department),
    userPrincipalName: `${userId}@contoso.com`,
    mail: null,
    jobTitle: null,
    officeLocation: null,
    accountEnabled: true,
    skuIds: [],
    copilotEnabled: true,
    hasActivity: false,
    firstSeenAt: now,
    lastSeenAt: now,
  };
}

/** Engines over a real store holding only directories (no activity): one per tenant, as the tab's Ask box builds it. */
export interface DirectoryEngines {
  ts: TestStore;
  deps(tenantId: string): EngineDeps;
  close(): Promise<void>;
}

/**
 * Opens a test store, writes each tenant's directory (licensed, Copilot enabled, no activity) and builds each
 * tenant's engine dependencies at the fixed `now`, in UTC, for the demo Admin. The departments are read once: the
 * directories do not change while a suite runs.
 */
export async function openDirectoryEngines(
  label: string,
  tenants: Record<string, readonly DirectoryPerson[]>,
  now: Date,
): Promise<DirectoryEngines> {
  const ts = await openTestStore(label);
  const built = new Map<string, EngineDeps>();
  for (const [tenantId, people] of Object.entries(tenants)) {
    await ts.store.directoryUsers.insertMany(people.map((p) => directoryRecord(tenantId, p, now)) as never);
    const departments = await departmentNames(ts.store, tenantId);
    built.set(tenantId, {
      store: ts.store,
      tenantId,
      now: () => now,
      logger: pino({ level: 'silent' }),
      caller: demoAdmin(tenantId),
      via: 'tab',
      publicUrl: 'http://localhost:3978',
      names: createNameDirectory(ts.store, tenantId, 60_000),
      vocabulary: async () => ({ departments }),
      timeZone: 'UTC',
    });
  }
  return {
    ts,
    deps(tenantId) {
      const deps = built.get(tenantId);
      if (!deps) throw new Error(`no directory was written for ${tenantId}`);
      return deps;
    },
    close: () => ts.close(),
  };
}

/** The questions offered when nothing close to a question can be suggested (the first six of the help's list). */
export const GENERAL_QUESTIONS = [
  'Top 10 users this week',
  'Active users per app in the last 30 days',
  'Prompts by department this month',
  'Which apps does Alex use?',
  'Licensed users who never used Copilot',
  'Most referenced files this month',
];

/** The query a question was read into (a bot command or an unreadable question fails the test). */
export async function queryOf(deps: EngineDeps, question: string): Promise<AskQuery> {
  const parsed = await understand(deps, question);
  if (parsed.type !== 'query') throw new Error(`"${question}" was read as ${parsed.type}`);
  return parsed.query;
}

/** The reply a question was read into: asked back or declined (an answer fails the test). */
export async function replyOf(deps: EngineDeps, question: string): Promise<ReplyQuery> {
  const q = await queryOf(deps, question);
  if (q.type !== 'reply') throw new Error(`"${question}" was answered (${JSON.stringify(q)}), not asked back`);
  return q;
}

/** What the reader is told: kind, opening line and summary. */
export async function told(
  deps: EngineDeps,
  question: string,
): Promise<Pick<AskAnswer, 'kind' | 'interpretation' | 'summary'>> {
  const { kind, interpretation, summary } = await ask(deps, question);
  return { kind, interpretation, summary };
}

/** Questions, each with the words asked back about it (none: it was answered). */
export type AskedBackCases = ReadonlyArray<readonly [string, readonly string[]]>;

/** Checks the words asked back about for each question (none: it was answered), naming the question in a failure. */
export async function expectAskedBack(deps: EngineDeps, cases: AskedBackCases): Promise<void> {
  const read: Array<[string, string[]]> = [];
  for (const [question] of cases) {
    const q = await queryOf(deps, question);
    // Declined ("outside what it knows") or asked about a person is not answered either: named by its kind.
    const words = q.type !== 'reply' ? [] : q.reply === 'rephrase' ? q.notUnderstood : [`(${q.reply})`];
    read.push([question, words]);
  }
  expect(read).toEqual(cases);
}
