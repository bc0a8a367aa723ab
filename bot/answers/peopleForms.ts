import { recordAccess } from '../../server/core/insights/accessLog';
import { listAgents } from '../../server/core/insights/agents';
import { listLicensedInactive } from '../../server/core/insights/licensedInactive';
import { departmentUsage } from '../../server/core/insights/questions/departmentUsage';
import { listNewUsers } from '../../server/core/insights/questions/newUsers';
import { userActivity } from '../../server/core/insights/questions/userActivity';
import { recentPrompts } from '../../server/core/insights/questions/userPrompts';
import { topUsers } from '../../server/core/insights/topUsers';
import { appName } from '../questions/lexicon';
import type { QueryOf } from '../questions/querySchema';
import { resolvePerson } from './personResolution';
import {
  displayOf,
  num,
  plural,
  rangeFilter,
  rangeParams,
  userColumn,
  type Executed,
  type FormAnswer,
  type TabView,
} from './executed';

const appFilter = (appKey?: string) => (appKey ? [{ label: 'App', value: appName(appKey) }] : []);
const deptFilter = (department?: string) => (department ? [{ label: 'Department', value: department }] : []);

export const answerTopUsers: FormAnswer<QueryOf<'top_users'>> = async (deps, q) => {
  const rows = await topUsers(deps.store, deps.tenantId, {
    range: q.range,
    limit: q.limit,
    ...(q.appKey ? { appKey: q.appKey } : {}),
    ...(q.department ? { department: q.department } : {}),
  });
  const where = [q.appKey ? `in ${appName(q.appKey)}` : '', q.department ? `in ${q.department}` : '']
    .filter(Boolean)
    .join(' ');
  const lead = rows[0];
  const measure = q.appKey ? 'interactions' : 'prompts';
  return {
    summary: lead
      ? `${displayOf(lead)} was the most active Copilot user ${where ? `${where} ` : ''}${q.range.label} with ${plural(q.appKey ? lead.interactions : lead.prompts, measure.slice(0, -1))}; top ${rows.length} shown.`
      : `No Copilot activity ${where ? `${where} ` : ''}${q.range.label}.`,
    columns: [
      { key: 'rank', title: '#', kind: 'number' },
      userColumn,
      { key: 'department', title: 'Department', kind: 'text' },
      { key: 'prompts', title: 'Prompts', kind: 'number' },
      { key: 'interactions', title: q.appKey ? `${appName(q.appKey)} interactions` : 'Interactions', kind: 'number' },
      { key: 'activeDays', title: 'Active days', kind: 'number' },
    ],
    rows: rows.map((r, i) => ({
      rank: i + 1,
      user: displayOf(r),
      department: r.department,
      prompts: r.prompts,
      interactions: r.interactions,
      activeDays: r.activeDays,
    })),
    filters: [
      rangeFilter(q.range),
      { label: 'Top', value: String(q.limit) },
      ...appFilter(q.appKey),
      ...deptFilter(q.department),
    ],
    view: topUsersView(q),
  };
};

/**
 * The Overview's top-users chart shows the same ranking for the range (and app); it has no department filter,
 * so a department's ranking opens the Users list for that department, sorted the same way (all-time totals).
 */
function topUsersView(q: QueryOf<'top_users'>): TabView {
  if (!q.department) return { path: 'overview', params: { ...rangeParams(q.range), appKey: q.appKey } };
  const sort = q.appKey ? 'interactionCount' : 'promptCount';
  return { path: 'users', params: { department: q.department, appKey: q.appKey, sort, dir: 'desc' } };
}

export const answerUserApps: FormAnswer<QueryOf<'user_apps'>> = async (deps, q) => {
  const person = await resolvePerson(deps, q);
  if ('answer' in person) return person.answer;
  const page = await listAgents(deps.store, deps.tenantId, {
    userId: person.user.userId,
    ...(q.range ? { range: q.range } : {}),
    sort: 'interactionCount',
    direction: 'desc',
    limit: 50,
  });
  const name = displayOf(person.user);
  return {
    summary:
      page.items.length > 0
        ? `${name} uses Copilot in ${plural(page.items.length, 'app')}${q.range ? ` ${q.range.label}` : ''}, most in ${page.items[0]!.appName}.`
        : `${name} has no Copilot activity${q.range ? ` ${q.range.label}` : ''}.`,
    columns: [
      { key: 'app', title: 'App', kind: 'text' },
      { key: 'prompts', title: 'Prompts', kind: 'number' },
      { key: 'interactions', title: 'Interactions', kind: 'number' },
      { key: 'sessions', title: 'Sessions', kind: 'number' },
      { key: 'lastAt', title: 'Last used', kind: 'datetime' },
    ],
    rows: page.items.map((a) => ({
      app: a.appName,
      prompts: a.promptCount,
      interactions: a.interactionCount,
      sessions: a.conversationCount,
      lastAt: a.lastAt.toISOString(),
    })),
    filters: [{ label: 'User', value: name }, ...(q.range ? [rangeFilter(q.range)] : [])],
    view: { path: 'inventory/agents', params: { userId: person.user.userId } },
  };
};

/** Prompt text: admins only (every answer is), and each answer is written to the access log. */
export const answerUserPrompts: FormAnswer<QueryOf<'user_prompts'>> = async (deps, q, paging) => {
  const person = await resolvePerson(deps, q);
  if ('answer' in person) return person.answer;
  const prompts = await recentPrompts(deps.store, deps.tenantId, {
    userId: person.user.userId,
    range: q.range,
    limit: Math.max(paging.limit, 10) * 3,
  });
  const name = displayOf(person.user);
  if (prompts.length > 0) {
    await recordAccess(deps.store, {
      tenantId: deps.tenantId,
      at: deps.now(),
      viewer: { userId: deps.caller.userId, name: deps.caller.name, upn: deps.caller.upn, demo: deps.caller.demo },
      subjectUserId: person.user.userId,
      subjectName: person.user.displayName,
      what: 'user_prompts',
      sessionId: null,
      via: deps.via,
      shownIn: deps.via === 'tab' ? 'tab' : 'personal_chat',
    });
  }
  return {
    summary:
      prompts.length > 0
        ? `${name}'s latest ${plural(prompts.length, 'prompt')} to Copilot ${q.range.label} (this view is recorded in the access log).`
        : `${name} sent no prompts to Copilot ${q.range.label}.`,
    columns: [
      { key: 'at', title: 'When', kind: 'datetime' },
      { key: 'app', title: 'App', kind: 'text' },
      { key: 'prompt', title: 'Prompt', kind: 'text' },
    ],
    rows: prompts.map((p) => ({ at: p.at.toISOString(), app: appName(p.appKey), prompt: p.text })),
    filters: [{ label: 'User', value: name }, rangeFilter(q.range)],
    view: { path: 'observability', params: { userId: person.user.userId, types: 'prompt', ...rangeParams(q.range) } },
  };
};

export const answerUserSummary: FormAnswer<QueryOf<'user_summary'>> = async (deps, q) => {
  const person = await resolvePerson(deps, q);
  if ('answer' in person) return person.answer;
  const name = displayOf(person.user);
  const u = await userActivity(deps.store, deps.tenantId, person.user.userId);
  const view = { path: 'users', params: { search: person.user.userPrincipalName ?? name } };
  if (!u)
    return {
      summary: `${name} has not used Copilot yet.`,
      columns: [],
      rows: [],
      filters: [{ label: 'User', value: name }],
      view,
    };
  const apps = Object.entries(u.appCounts)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1]);
  return {
    summary: `${name} has sent ${plural(u.promptCount, 'prompt')} in ${plural(u.conversationCount, 'session')} across ${plural(apps.length, 'app')}; last active ${u.lastActiveAt.toISOString().slice(0, 10)}.`,
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
    filters: [{ label: 'User', value: name }],
    view,
  };
};

export const answerNewUsers: FormAnswer<QueryOf<'new_users'>> = async (deps, q, paging) => {
  const page = await listNewUsers(deps.store, deps.tenantId, {
    range: q.range,
    limit: paging.limit,
    ...(paging.cursor ? { cursor: paging.cursor } : {}),
    ...(q.department ? { department: q.department } : {}),
  });
  return {
    summary:
      page.total > 0
        ? `${plural(page.total, 'person', 'people')} started using Copilot ${q.range.label}${q.department ? ` in ${q.department}` : ''}.`
        : `Nobody started using Copilot ${q.range.label}${q.department ? ` in ${q.department}` : ''}.`,
    columns: [
      userColumn,
      { key: 'department', title: 'Department', kind: 'text' },
      { key: 'firstActiveAt', title: 'First use', kind: 'datetime' },
      { key: 'interactions', title: 'Interactions so far', kind: 'number' },
    ],
    rows: page.items.map((u) => ({
      user: displayOf(u),
      department: u.department,
      firstActiveAt: u.firstActiveAt.toISOString(),
      interactions: u.interactionCount,
    })),
    cursorPage: { nextCursor: page.nextCursor, total: page.total },
    filters: [rangeFilter(q.range), ...deptFilter(q.department)],
    view: { path: 'users', params: { sort: 'firstActiveAt', dir: 'desc', department: q.department } },
  };
};

export const answerLicensedInactive: FormAnswer<QueryOf<'licensed_inactive'>> = async (deps, q, paging) => {
  const page = await listLicensedInactive(deps.store, deps.tenantId, {
    limit: paging.limit,
    ...(paging.cursor ? { cursor: paging.cursor } : {}),
    ...(q.department ? { department: q.department } : {}),
  });
  return {
    summary:
      page.total > 0
        ? `${plural(page.total, 'licensed user')}${q.department ? ` in ${q.department}` : ''} ${page.total === 1 ? 'has' : 'have'} never used Copilot.`
        : `Every licensed user${q.department ? ` in ${q.department}` : ''} has used Copilot.`,
    columns: [
      userColumn,
      { key: 'department', title: 'Department', kind: 'text' },
      { key: 'jobTitle', title: 'Job title', kind: 'text' },
      { key: 'copilotEnabled', title: 'Copilot enabled', kind: 'text' },
    ],
    rows: page.items.map((u) => ({
      user: displayOf(u),
      department: u.department,
      jobTitle: u.jobTitle,
      copilotEnabled: u.copilotEnabled ? 'Yes' : 'No (service plan off)',
    })),
    cursorPage: { nextCursor: page.nextCursor, total: page.total },
    filters: deptFilter(q.department),
    view: { path: 'users', params: { list: 'inactive', department: q.department } },
  };
};

export const answerDepartments: FormAnswer<QueryOf<'departments'>> = async (deps, q): Promise<Executed> => {
  const rows = await departmentUsage(deps.store, deps.tenantId, q.range);
  const lead = rows[0];
  return {
    summary: lead
      ? `${lead.department ?? 'Users without a department'} led Copilot use ${q.range.label} with ${plural(lead.prompts, 'prompt')} from ${plural(lead.activeUsers, 'active user')}.`
      : `No Copilot activity ${q.range.label}.`,
    columns: [
      { key: 'department', title: 'Department', kind: 'text' },
      { key: 'activeUsers', title: 'Active users', kind: 'number' },
      { key: 'prompts', title: 'Prompts', kind: 'number' },
      { key: 'interactions', title: 'Interactions', kind: 'number' },
    ],
    rows: rows.map((r) => ({ ...r, department: r.department ?? '(none)' })),
    filters: [rangeFilter(q.range)],
    view: { path: 'users', params: {} },
  };
};
