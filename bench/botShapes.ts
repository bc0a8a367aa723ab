import { demoAdmin } from '../server/auth/principal';
import type { EngineDeps } from '../server/core/ask/engine';
import { departmentNames } from '../server/core/insights/questions/departments';
import { createNameDirectory } from '../server/core/insights/questions/nameDirectory';
import { createSourceCatalog } from '../server/core/insights/sourceFilter';
import { createSyncFacts } from '../server/core/insights/syncFacts';
import { createLogger } from '../server/logger';
import type { Store } from '../server/store/Store';

/**
 * p95 ms of the old engine's question form each shape replaces, on the full tenant (docs/bot.md, 2026-12-02): a shape
 * more than 20 % over its form's figure is named at the end. Shapes the old engine could not answer have none.
 */
export const OLD_FORM_P95: Record<string, number> = {
  'by user: this week': 219,
  'by user: today': 26,
  'by user: 30 days': 50,
  'by user: date range': 167,
  'by user: in an app': 33,
  'by user: in a dept': 158,
  'by app: users': 39,
  'by app: sessions': 19,
  'one app: prompts': 20,
  'by department': 418,
  'by day': 2.5, // app trend
  'by hour': 2.5, // busiest hours
  'by source: all time': 6.3,
  'by site': 5.9,
  'reach by source': 8.1,
  'apps of a user': 35,
  'what a user asked': 96,
  'user profile (fuzzy)': 30,
  'licensed never used': 29,
  'new users since': 32,
  'sync status': 4.1,
  'risk findings': 6.3,
  'not understood': 39,
};

/**
 * The question the old engine's form was timed with (its bench before the compositional engine), for each shape that
 * has one; PERSON, FIRST and DEPT as in the shapes' questions.
 */
export const OLD_FORM_QUESTION: Record<string, string> = {
  'by user: this week': 'Top 10 users this week',
  'by user: today': 'top 5 users today',
  'by user: 30 days': 'top users in the last 30 days',
  'by user: date range': 'top users between 2026-11-01 and 2026-11-07',
  'by user: in an app': 'top users in Word this month',
  'by user: in a dept': 'top users in the DEPT department',
  'by app: users': 'how many users per app',
  'by app: sessions': 'how many sessions per app this week',
  'one app: prompts': 'how many prompts in Teams this week',
  'by department': 'usage by department',
  'by day': 'activity trend for excel',
  'by hour': 'busiest hours this month',
  'by source: all time': 'most referenced files',
  'by site': 'most referenced sites',
  'reach by source': 'which data sources are reached by the most users',
  'apps of a user': 'which apps does PERSON use',
  'what a user asked': 'what did PERSON ask copilot last week',
  'user profile (fuzzy)': 'how active is FIRST',
  'licensed never used': 'licensed users who never used copilot',
  'new users since': 'new copilot users since 2026-10-01',
  'sync status': 'when was the last sync',
  'risk findings': 'risk findings',
  'not understood': 'tell me a joke',
};

/**
 * The engine's dependencies as the app gives them (bot/botContext.ts: names and source names kept for minutes, sync
 * facts shared) and each shape's question on the bench tenant: its busiest person and first two departments.
 */
export async function benchShapes(store: Store, tenantId: string, now: Date) {
  const someone = await store.users.findOne({ tenantId: tenantId }, { sort: { interactionCount: -1 } });
  const person = someone?.displayName ?? 'Alex';
  const first = person.split(' ')[0]!;
  const departments = await departmentNames(store, tenantId);
  const department = departments[0];
  const deps: EngineDeps = {
    store,
    tenantId: tenantId,
    now: () => now,
    logger: createLogger({ level: 'silent' }),
    caller: demoAdmin(tenantId),
    via: 'bot',
    publicUrl: 'http://localhost:3978',
    vocabulary: async () => ({ departments }),
    names: createNameDirectory(store, tenantId, 5 * 60_000),
    // The data sources by name, kept for minutes as the app keeps them (bot/botContext.ts): without it every question
    // naming a capitalised word read the whole catalogue (74,624 documents at 10,000 users).
    sources: createSourceCatalog(store, tenantId, 5 * 60_000),
    // As the bot and the tab share them (bot/botContext.ts).
    syncFacts: createSyncFacts(store, tenantId),
    timeZone: 'UTC',
    // An Investigator's reason, so "what a user asked" times reading the prompts (and writing the access-log entry),
    // not the card that asks for a reason.
    reason: 'Benchmark run',
  };
  const other = departments[1] ?? 'Marketing';
  const forms = (
    [
      ['by user: this week', 'Top 10 users this week'],
      ['by user: today', 'top 5 users today'],
      ['by user: 30 days', 'top users in the last 30 days'],
      ['by user: date range', 'top users between 2026-11-01 and 2026-11-07'],
      ['by user: in an app', 'top users in Word this month'],
      ['by user: in a dept', `top users in the DEPT department`],
      ['by app: users', 'how many users per app'],
      ['by app: sessions', 'how many sessions per app this week'],
      ['one app: prompts', 'how many prompts in Teams this week'],
      ['by department', 'prompts by department last 30 days'],
      ['by department: app', 'which department uses Copilot in PowerPoint most'],
      ['by day', 'prompts per day over the last 30 days'],
      ['by week', 'weekly active users over the last 8 weeks'],
      ['by month', 'prompts per month in the last 90 days'],
      ['by hour', 'busiest hours this month'],
      ['by weekday', 'busiest day of the week last month'],
      ['by source: all time', 'most referenced files'],
      ['by source: a month', 'most referenced files this month'],
      ['by site', 'most referenced sites'],
      ['reach by source', 'which data sources are reached by the most users'],
      ['compare apps', 'Word vs Excel prompts last month'],
      ['compare depts', `DEPT vs OTHER active users last month`],
      ['compare periods', 'prompts this week compared with last week'],
      ['rolling 24 hours', 'prompts in the last 24 hours'],
      ['rolling 48 h users', 'active users in the last 48 hours'],
      ['apps of a user', `which apps does ${person} use`],
      ['what a user asked', `what did ${person} ask copilot last week`],
      ['user profile (fuzzy)', `how active is ${first}`],
      ['licensed never used', 'licensed users who never used copilot'],
      ['licensed idle 30 days', 'licensed users with no activity in the last 30 days'],
      ['new users since', 'new copilot users since 2026-10-01'],
      ['sync status', 'when was the last sync'],
      ['risk findings', 'risk findings'],
      ['not understood', 'prompts by flavour'],
      ['out of scope', 'tell me a joke'],
    ] as Array<[string, string]>
  ).map(([shape, q]): [string, string] => [shape, q.replace('DEPT', department ?? 'Sales').replace('OTHER', other)]);
  return { deps, forms, person, first, department: department ?? 'Sales' };
}
