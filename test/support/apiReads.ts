import { call } from '../api/apiClient';
import { TEST_REFERENCE_TIME, type AppHarness } from './appHarness';

const DAY = 86_400_000;

export interface ApiRead {
  name: string;
  path: string;
  /** A JSON body to POST. */
  body?: unknown;
  /** Follow the first page's nextCursor once (the keyset filter is part of the plan). */
  nextPage?: boolean;
}

/** The user, conversation and department the reads name: the most active user's. */
export interface ReadSample {
  userId: string;
  conversationId: string;
  department: string;
}

export async function readSample(h: AppHarness): Promise<ReadSample> {
  const store = h.ctx.store;
  const user = await store.users.findOne({ tenantId: h.ctx.tenantId }, { sort: { promptCount: -1, _id: -1 } });
  const conversation = await store.conversations.findOne({ tenantId: h.ctx.tenantId, userId: user?.userId });
  if (!user || !conversation) throw new Error('the synced tenant has no activity');
  return {
    userId: user.userId,
    conversationId: conversation._id.toHexString(),
    department: user.department ?? 'Sales',
  };
}

/** One read over HTTP as `token` (a GET, or a POST of its JSON body). */
export async function requestRead(h: AppHarness, token: string, path: string, body?: unknown) {
  // Opening a conversation may ask for a reason, which goes to the access log.
  const headers = { 'x-access-reason': 'query plan review' };
  if (body === undefined) return call(h.baseUrl, path, { token, headers });
  const response = await fetch(`${h.baseUrl}${path}`, {
    method: 'POST',
    headers: { ...headers, authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

/**
 * Every read shape of the API, the tab's Ask box and the sync status page, as requests (the plan test and the Cosmos
 * DB RU sort test run them all). Lists use tiny pages so that they have a second, keyset page to follow.
 */
export function apiReads(sample: ReadSample): ApiRead[] {
  const day = (ago: number) => new Date(TEST_REFERENCE_TIME.getTime() - ago * DAY).toISOString().slice(0, 10);
  const list = (name: string, p: string): ApiRead => ({ name, path: p, nextPage: true });
  const department = encodeURIComponent(sample.department);
  return [
    { name: 'overview', path: '/api/overview' },
    { name: 'overview, 90 days', path: `/api/overview?from=${day(90)}` },
    { name: 'apps', path: '/api/apps' },
    { name: 'daily activity', path: '/api/daily-activity' },
    { name: 'daily activity, one app', path: '/api/daily-activity?appKey=word' },
    list('activity feed', '/api/activity?limit=2'),
    list('activity feed, sessions', '/api/activity?types=session&limit=2'),
    list('activity feed, prompts and responses, 7 days', `/api/activity?types=prompt,response&from=${day(7)}&limit=2`),
    list('activity feed, one user', `/api/activity?userId=${sample.userId}&limit=2`),
    list('activity feed, one app', '/api/activity?appKey=word&types=session,data_source_access&limit=2'),
    { name: 'activity feed, search', path: '/api/activity?search=plan&limit=2' },
    { name: 'activity feed CSV', path: '/api/activity?format=csv' },
    { name: 'conversation transcript', path: `/api/conversations/${sample.conversationId}` },
    list('agents', '/api/agents?limit=2'),
    list('agents by first use', '/api/agents?sort=firstAt&limit=2'),
    list('agents by interactions', '/api/agents?sort=interactionCount&limit=2'),
    list('agents by conversations', '/api/agents?sort=conversationCount&limit=2'),
    list('agents, one app, by prompts', '/api/agents?appKey=word&sort=promptCount&limit=2'),
    list('agents, one app, by last use', '/api/agents?appKey=word&limit=2'),
    { name: 'agents, one user', path: `/api/agents?userId=${sample.userId}` },
    list('agents, 7 days', `/api/agents?from=${day(7)}&limit=2`),
    list('agents, one department', `/api/agents?department=${department}&limit=2`),
    list('agents, one department, by first use', `/api/agents?department=${department}&sort=firstAt&limit=2`),
    list(
      'agents, one department, by interactions',
      `/api/agents?department=${department}&sort=interactionCount&limit=2`,
    ),
    list('agents, one department, by prompts', `/api/agents?department=${department}&sort=promptCount&limit=2`),
    list(
      'agents, one department, by conversations',
      `/api/agents?department=${department}&sort=conversationCount&limit=2`,
    ),
    list('users', '/api/users?limit=2'),
    list('users by first activity', '/api/users?sort=firstActiveAt&limit=2'),
    list('users by prompts', '/api/users?sort=promptCount&limit=2'),
    list('users by interactions', '/api/users?sort=interactionCount&limit=2'),
    list('users by conversations', '/api/users?sort=conversationCount&limit=2'),
    { name: 'users by name', path: '/api/users?sort=displayName&limit=2' },
    list('users, one department', `/api/users?department=${encodeURIComponent(sample.department)}&limit=2`),
    { name: 'licensed users without activity', path: '/api/users/inactive' },
    {
      name: 'licensed users without activity, one department',
      path: `/api/users/inactive?department=${encodeURIComponent(sample.department)}`,
    },
    list('data sources', '/api/data-sources?limit=2'),
    list('data sources by users', '/api/data-sources?sort=userCount&limit=2'),
    list('data sources by last use', '/api/data-sources?sort=lastAt&limit=2'),
    list('data sources, files', '/api/data-sources?kind=file&limit=2'),
    { name: 'departments', path: '/api/departments' },
    { name: 'synced window', path: '/api/synced-window' },
    { name: 'sync status', path: '/api/sync/status' },
    list('sync runs', '/api/sync/runs?limit=1'),
    list('access log', '/api/access-log?limit=1'),
    list('access log, one person viewed', `/api/access-log?subjectUserId=${sample.userId}&limit=1`),
    list('findings', '/api/findings?limit=2'),
    list('findings by detection', '/api/findings?sort=detectedAt&limit=2'),
    list('findings by status change', '/api/findings?sort=statusChangedAt&limit=2'),
    list('findings by severity', '/api/findings?sort=severity&limit=2'),
    list('findings by severity, open', '/api/findings?sort=severity&status=open&limit=2'),
    list('findings, open', '/api/findings?status=open&limit=2'),
    list('findings, high', '/api/findings?severity=high&limit=2'),
    { name: 'findings summary', path: '/api/findings/summary' },
    { name: 'ask: top users this week', path: '/api/ask', body: { question: 'top 10 most active users this week' } },
    { name: 'ask: prompts per app last month', path: '/api/ask', body: { question: 'prompts per app last month' } },
    { name: 'ask: new users this month', path: '/api/ask', body: { question: 'new users this month' } },
    {
      name: 'ask: prompts per day, 30 days',
      path: '/api/ask',
      body: { question: 'prompts per day over the last 30 days' },
    },
    {
      name: 'ask: adoption in one department',
      path: '/api/ask',
      body: { question: `adoption in ${sample.department} last month` },
    },
    {
      name: 'ask: licensed users of one department without activity',
      path: '/api/ask',
      body: { question: `licensed users in ${sample.department} with no activity` },
    },
    {
      name: 'ask: prompts by department last month',
      path: '/api/ask',
      body: { question: 'prompts by department last month' },
    },
    {
      name: 'ask: two departments compared',
      path: '/api/ask',
      body: {
        question: `${sample.department} vs ${sample.department === 'Sales' ? 'Marketing' : 'Sales'} active users last month`,
      },
    },
    {
      name: 'ask: prompts in one department this week',
      path: '/api/ask',
      body: { question: `prompts in ${sample.department} this week` },
    },
  ];
}
