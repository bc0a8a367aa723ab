import { recordAccess } from '../insights/accessLog';
import { activityFeed } from '../insights/activity';
import { userActivity } from '../insights/questions/userActivity';
import { userRefs } from '../insights/userDirectory';
import { recentPrompts } from '../insights/questions/userPrompts';
import { moment, num, plural, type AnswerDeps, type Executed } from './executed';
import { appName } from './lexicon';
import type { ListQuery } from './querySchema';

const PROMPTS_SHOWN = 30;
const SESSIONS_SHOWN = 50;

/** One person's prompts (audited), sessions, or summary. */
export async function answerList(deps: AnswerDeps, q: ListQuery): Promise<Executed> {
  if (q.list === 'prompts') return prompts(deps, q);
  if (q.list === 'sessions') return sessions(deps, q);
  return profile(deps, q);
}

/**
 * Prompt text: Investigators and Admins (the engine refuses others), with a reason (the engine asks for it first);
 * each answer that shows some is written to the access log with that reason.
 */
async function prompts(deps: AnswerDeps, q: ListQuery): Promise<Executed> {
  if (!deps.reason) throw new Error("A person's prompts were read without a reason.");
  const period = q.period!;
  const rows = await recentPrompts(deps.store, deps.tenantId, {
    userId: q.person.userId,
    range: period,
    limit: q.limit ?? PROMPTS_SHOWN,
    appKeys: q.apps,
  });
  if (rows.length > 0) {
    await recordAccess(deps.store, {
      tenantId: deps.tenantId,
      at: deps.now(),
      viewer: { userId: deps.caller.userId, name: deps.caller.name, upn: deps.caller.upn, demo: deps.caller.demo },
      subjectUserId: q.person.userId,
      subjectName: q.person.name,
      what: 'user_prompts',
      sessionId: null,
      via: deps.via,
      reason: deps.reason,
    });
  }
  return {
    kind: 'table',
    summary:
      rows.length > 0
        ? `${q.person.name}'s latest ${plural(rows.length, 'prompt')} (this view is recorded in the access log).`
        : `${q.person.name} sent no prompts${q.apps.length ? ` in ${q.apps.map(appName).join(', ')}` : ''} in this period.`,
    notes: [],
    columns: [
      { key: 'at', title: 'When', kind: 'datetime' },
      { key: 'app', title: 'App', kind: 'text' },
      { key: 'prompt', title: 'Prompt', kind: 'text' },
    ],
    rows: rows.map((p) => ({ at: p.at.toISOString(), app: appName(p.appKey), prompt: p.text })),
    view: { path: 'observability', params: { userId: q.person.userId, types: 'prompt' } },
  };
}

async function sessions(deps: AnswerDeps, q: ListQuery): Promise<Executed> {
  const page = await activityFeed(deps.store, deps.tenantId, {
    range: q.period!,
    types: ['session'],
    userId: q.person.userId,
    ...(q.apps.length === 1 ? { appKey: q.apps[0] } : {}),
    limit: q.limit ?? SESSIONS_SHOWN,
  });
  const items = q.apps.length > 1 ? page.items.filter((r) => q.apps.includes(r.appKey)) : page.items;
  return {
    kind: 'table',
    summary: `${plural(q.apps.length > 1 ? items.length : page.total, 'Copilot session')} of ${q.person.name} in this period${page.total > items.length && q.apps.length <= 1 ? `; the latest ${items.length} shown` : ''}.${items[0] ? ` The latest began on ${moment(items[0].at, deps.timeZone)}, in ${items[0].appName}.` : ''}`,
    notes: [],
    columns: [
      { key: 'at', title: 'Started', kind: 'datetime' },
      { key: 'app', title: 'App', kind: 'text' },
      { key: 'prompts', title: 'Prompts', kind: 'number' },
      { key: 'responses', title: 'Responses', kind: 'number' },
    ],
    rows: items.map((r) => ({
      at: r.at.toISOString(),
      app: r.appName,
      prompts: r.promptCount ?? null,
      responses: r.responseCount ?? null,
    })),
    view: { path: 'observability', params: { types: 'session', userId: q.person.userId } },
  };
}

/** " Department: Marketing." after a profile's first sentence ("what department is Joni in" reads the profile). */
const inDepartment = (department: string | null | undefined) => (department ? ` Department: ${department}.` : '');

async function profile(deps: AnswerDeps, q: ListQuery): Promise<Executed> {
  const u = await userActivity(deps.store, deps.tenantId, q.person.userId);
  const view = { path: 'users', params: { search: q.person.name } };
  if (!u) {
    // Never active: the directory still says where they sit.
    const ref = (await userRefs(deps.store, deps.tenantId, [q.person.userId])).get(q.person.userId);
    return {
      kind: 'table',
      summary: `${q.person.name} holds a license but has not used Copilot in the synced history.${inDepartment(ref?.department)}`,
      notes: [],
      columns: [],
      rows: [],
      view,
    };
  }
  const apps = Object.entries(u.appCounts)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1]);
  return {
    kind: 'table',
    summary: `${q.person.name} has sent ${plural(u.promptCount, 'prompt')} in ${plural(u.conversationCount, 'session')} across ${plural(apps.length, 'app')}; first active ${u.firstActiveAt.toISOString().slice(0, 10)}, last active ${u.lastActiveAt.toISOString().slice(0, 10)}.${inDepartment(u.department)}`,
    notes: [],
    columns: [
      { key: 'measure', title: 'Measure', kind: 'text' },
      { key: 'value', title: 'Value', kind: 'text' },
    ],
    rows: [
      { measure: 'Department', value: u.department },
      { measure: 'Job title', value: u.jobTitle },
      { measure: 'Prompts', value: num(u.promptCount) },
      { measure: 'Responses', value: num(u.responseCount) },
      { measure: 'Sessions', value: num(u.conversationCount) },
      { measure: 'First active', value: u.firstActiveAt.toISOString().slice(0, 10) },
      { measure: 'Last active', value: u.lastActiveAt.toISOString().slice(0, 10) },
      { measure: 'Apps', value: apps.map(([k, n]) => `${appName(k)} (${num(n)})`).join(', ') },
    ],
    view,
  };
}
