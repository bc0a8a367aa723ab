import { listAgents } from '../../server/core/insights/agents';
import { appCounts } from '../../server/core/insights/appCounts';
import { busiestHours, dailyActivity } from '../../server/core/insights/dailyActivity';
import { listDataSources } from '../../server/core/insights/dataSources';
import { overview } from '../../server/core/insights/overview';
import { appName } from '../questions/lexicon';
import type { QueryOf } from '../questions/querySchema';
import { displayOf, plural, rangeFilter, rangeParams, userColumn, type FormAnswer } from './executed';

const appFilter = (appKey?: string) => (appKey ? [{ label: 'App', value: appName(appKey) }] : []);

export const answerAppUsage: FormAnswer<QueryOf<'app_usage'>> = async (deps, q) => {
  const all = await appCounts(deps.store, deps.tenantId, q.range);
  const rows = q.appKey ? all.filter((a) => a.appKey === q.appKey) : all;
  const metric = q.metric === 'all' ? 'interactions' : q.metric;
  const sorted = [...rows].sort((a, b) => b[metric] - a[metric] || a.appName.localeCompare(b.appName));
  const lead = sorted[0];
  const noun = { users: 'user', sessions: 'session', prompts: 'prompt', interactions: 'interaction' }[metric];
  let summary: string;
  if (q.appKey) {
    const a = lead ?? { users: 0, sessions: 0, prompts: 0 };
    summary = `${appName(q.appKey)} ${q.range.label}: ${plural(a.users, 'user')}, ${plural(a.sessions, 'session')}, ${plural(a.prompts, 'prompt')}.`;
  } else {
    summary = lead
      ? `${lead.appName} leads ${q.range.label} with ${plural(lead[metric], noun)}; ${plural(sorted.length, 'app')} in use.`
      : `No Copilot activity ${q.range.label}.`;
  }
  return {
    summary,
    columns: [
      { key: 'app', title: 'App', kind: 'text' },
      { key: 'users', title: 'Users', kind: 'number' },
      { key: 'sessions', title: 'Sessions', kind: 'number' },
      { key: 'prompts', title: 'Prompts', kind: 'number' },
      { key: 'responses', title: 'Responses', kind: 'number' },
    ],
    rows: sorted.map((a) => ({
      app: a.appName,
      users: a.users,
      sessions: a.sessions,
      prompts: a.prompts,
      responses: a.responses,
    })),
    filters: [rangeFilter(q.range), ...appFilter(q.appKey), { label: 'Sorted by', value: metric }],
    view: { path: 'overview', params: { ...rangeParams(q.range), appKey: q.appKey } },
  };
};

export const answerAppTrend: FormAnswer<QueryOf<'app_trend'>> = async (deps, q) => {
  const daily = await dailyActivity(deps.store, deps.tenantId, {
    range: q.range,
    ...(q.appKey ? { appKey: q.appKey } : {}),
  });
  const byDay = new Map<string, { prompts: number; interactions: number }>();
  for (const d of daily) {
    const row = byDay.get(d.day) ?? { prompts: 0, interactions: 0 };
    row.prompts += d.prompts;
    row.interactions += d.interactions;
    byDay.set(d.day, row);
  }
  const days = [...byDay.entries()].sort((a, b) => b[0].localeCompare(a[0]));
  const half = (first: boolean) => {
    const mid = q.range.from.getTime() + (q.range.to.getTime() - q.range.from.getTime()) / 2;
    return days.filter(([d]) => Date.parse(`${d}T00:00:00Z`) < mid === first).reduce((s, [, v]) => s + v.prompts, 0);
  };
  const [early, late] = [half(true), half(false)];
  const change = early > 0 ? Math.round(((late - early) / early) * 100) : null;
  const what = q.appKey ? appName(q.appKey) : 'Copilot';
  const total = days.reduce((s, [, v]) => s + v.prompts, 0);
  return {
    summary:
      days.length === 0
        ? `No ${what} activity ${q.range.label}.`
        : `${what} had ${plural(total, 'prompt')} ${q.range.label}` +
          (change === null
            ? '.'
            : `; the second half of the period is ${change >= 0 ? 'up' : 'down'} ${Math.abs(change)}% on the first.`),
    columns: [
      { key: 'day', title: 'Day', kind: 'date' },
      { key: 'prompts', title: 'Prompts', kind: 'number' },
      { key: 'interactions', title: 'Interactions', kind: 'number' },
    ],
    rows: days.map(([d, v]) => ({ day: d, prompts: v.prompts, interactions: v.interactions })),
    filters: [rangeFilter(q.range), ...appFilter(q.appKey)],
    view: { path: 'overview', params: { ...rangeParams(q.range), appKey: q.appKey } },
  };
};

export const answerBusiestHours: FormAnswer<QueryOf<'busiest_hours'>> = async (deps, q) => {
  const hours = await busiestHours(deps.store, deps.tenantId, {
    range: q.range,
    ...(q.appKey ? { appKey: q.appKey } : {}),
  });
  const sorted = [...hours].sort((a, b) => b.interactions - a.interactions || a.hour - b.hour);
  const total = hours.reduce((s, h) => s + h.interactions, 0);
  const label = (h: number) => `${String(h).padStart(2, '0')}:00–${String(h).padStart(2, '0')}:59 UTC`;
  const top = sorted[0];
  return {
    summary:
      top && top.interactions > 0
        ? `The busiest hour ${q.range.label}${q.appKey ? ` in ${appName(q.appKey)}` : ''} was ${label(top.hour)} with ${plural(top.interactions, 'interaction')} (${Math.round((top.interactions / total) * 100)}% of all interactions in the period).`
        : `No Copilot activity ${q.range.label}.`,
    columns: [
      { key: 'hour', title: 'Hour (UTC)', kind: 'text' },
      { key: 'interactions', title: 'Interactions', kind: 'number' },
      { key: 'share', title: 'Share', kind: 'text' },
    ],
    rows: sorted
      .filter((h) => h.interactions > 0)
      .map((h) => ({
        hour: label(h.hour),
        interactions: h.interactions,
        share: `${((h.interactions / total) * 100).toFixed(1)}%`,
      })),
    filters: [rangeFilter(q.range), ...appFilter(q.appKey)],
    view: { path: 'overview', params: { ...rangeParams(q.range), appKey: q.appKey } },
  };
};

export const answerOverview: FormAnswer<QueryOf<'overview'>> = async (deps, q) => {
  const o = await overview(deps.store, deps.tenantId, q.range);
  return {
    summary: `${plural(o.activeUsers, 'person', 'people')} used Copilot ${q.range.label}, out of ${plural(o.licensedUsers, 'licensed user')}; ${plural(o.prompts, 'prompt')} in ${plural(o.sessions, 'session')}.`,
    columns: [
      { key: 'measure', title: 'Measure', kind: 'text' },
      { key: 'value', title: 'Value', kind: 'number' },
    ],
    rows: [
      { measure: 'Active users', value: o.activeUsers },
      { measure: 'Licensed users', value: o.licensedUsers },
      { measure: 'Licensed, never active', value: o.licensedWithoutActivity },
      { measure: 'Agents (user × app)', value: o.agents },
      { measure: 'Sessions', value: o.sessions },
      { measure: 'Prompts', value: o.prompts },
      { measure: 'Responses', value: o.responses },
      { measure: 'Data sources', value: o.dataSources },
    ],
    filters: [rangeFilter(q.range)],
    view: { path: 'overview', params: rangeParams(q.range) },
  };
};

export const answerAgents: FormAnswer<QueryOf<'agents'>> = async (deps, q, paging) => {
  const page = await listAgents(deps.store, deps.tenantId, {
    ...(q.appKey ? { appKey: q.appKey } : {}),
    ...(q.department ? { department: q.department } : {}),
    ...(q.range ? { range: q.range } : {}),
    sort: 'interactionCount',
    direction: 'desc',
    limit: paging.limit,
    ...(paging.cursor ? { cursor: paging.cursor } : {}),
  });
  const where = [
    q.appKey ? `in ${appName(q.appKey)}` : '',
    q.department ? `in ${q.department}` : '',
    q.range?.label ?? '',
  ]
    .filter(Boolean)
    .join(' ');
  return {
    summary: `${plural(page.total, 'agent')} (a person using a Copilot app)${where ? ` ${where}` : ''}, busiest first.`,
    columns: [
      userColumn,
      { key: 'app', title: 'App', kind: 'text' },
      { key: 'prompts', title: 'Prompts', kind: 'number' },
      { key: 'sessions', title: 'Sessions', kind: 'number' },
      { key: 'lastAt', title: 'Last used', kind: 'datetime' },
    ],
    rows: page.items.map((a) => ({
      user: displayOf(a),
      app: a.appName,
      prompts: a.promptCount,
      sessions: a.conversationCount,
      lastAt: a.lastAt.toISOString(),
    })),
    cursorPage: { nextCursor: page.nextCursor, total: page.total },
    filters: [
      ...(q.range ? [rangeFilter(q.range)] : []),
      ...appFilter(q.appKey),
      ...(q.department ? [{ label: 'Department', value: q.department }] : []),
    ],
    view: {
      path: 'inventory/agents',
      params: { appKey: q.appKey, department: q.department, sort: 'interactionCount', dir: 'desc' },
    },
  };
};

const KIND_LABEL: Record<string, string> = {
  any: 'data sources',
  file: 'files',
  site: 'sites',
  meeting: 'meetings',
  email: 'emails',
  web: 'web pages',
};

export const answerDataSources: FormAnswer<QueryOf<'top_data_sources'>> = async (deps, q) => {
  const page = await listDataSources(deps.store, deps.tenantId, {
    ...(q.sourceKind !== 'any' ? { kind: q.sourceKind } : {}),
    ...(q.appKey ? { appKey: q.appKey } : {}),
    sort: q.by === 'users' ? 'userCount' : 'referenceCount',
    direction: 'desc',
    limit: q.limit,
  });
  const lead = page.items[0];
  const what = KIND_LABEL[q.sourceKind]!;
  return {
    summary: lead
      ? `The most ${q.by === 'users' ? 'widely reached' : 'referenced'} of ${plural(page.total, what.replace(/s$/, ''), what)} is "${lead.name ?? lead.url ?? lead.key}" (${plural(lead.referenceCount, 'reference')}, ${plural(lead.userCount, 'user')}).`
      : `Copilot has not referenced any ${what} yet.`,
    columns: [
      { key: 'name', title: 'Name', kind: 'text' },
      { key: 'kind', title: 'Kind', kind: 'text' },
      { key: 'references', title: 'References', kind: 'number' },
      { key: 'users', title: 'Users', kind: 'number' },
      { key: 'url', title: 'Address', kind: 'text' },
    ],
    rows: page.items.map((s) => ({
      name: s.name ?? s.key,
      kind: s.kind,
      references: s.referenceCount,
      users: s.userCount,
      url: s.url,
    })),
    filters: [
      { label: 'Kind', value: what },
      { label: 'Ranked by', value: q.by === 'users' ? 'distinct users' : 'references' },
      { label: 'Period', value: 'all time' },
      ...appFilter(q.appKey),
    ],
    view: {
      path: 'data-sources',
      params: {
        kind: q.sourceKind === 'any' ? undefined : q.sourceKind,
        appKey: q.appKey,
        sort: q.by === 'users' ? 'userCount' : 'referenceCount',
        dir: 'desc',
      },
    },
  };
};
