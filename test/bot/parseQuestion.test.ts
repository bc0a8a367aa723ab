import { parseQuestion } from '../../bot/questions/parseQuestion';
import type { BotQuery } from '../../bot/questions/querySchema';

const now = new Date('2026-11-20T12:00:00.000Z');
const vocabulary = {
  departments: ['Sales', 'Marketing', 'Engineering', 'Finance', 'HR', 'Legal', 'IT', 'Customer Success'],
};
const parse = (q: string) => parseQuestion(q, { now, vocabulary });
const query = (q: string): BotQuery => {
  const r = parse(q);
  if (r.type !== 'query') throw new Error(`"${q}" parsed as ${JSON.stringify(r)}`);
  return r.query;
};

describe('the question parser', () => {
  // [question, expected form, expected fields]
  const forms: Array<[string, BotQuery['kind'], Record<string, unknown>]> = [
    ['Show me the top 10 most active Copilot users this week', 'top_users', { limit: 10 }],
    ['top 5 users today', 'top_users', { limit: 5 }],
    ['who are the five heaviest users in the last 30 days', 'top_users', { limit: 5 }],
    ['top users between 2026-11-01 and 2026-11-07', 'top_users', {}],
    ['leaderboard for Word this month', 'top_users', { appKey: 'word' }],
    ['top 3 users in Sales department', 'top_users', { department: 'Sales', limit: 3 }],
    ['who uses excel the most in the IT department last month', 'top_users', { appKey: 'excel', department: 'IT' }],
    ['most active people in customer success', 'top_users', { department: 'Customer Success' }],
    ['how many users per app', 'app_usage', { metric: 'users' }],
    ['how many sessions per app this week', 'app_usage', { metric: 'sessions' }],
    ['number of prompts by app', 'app_usage', { metric: 'prompts' }],
    ['how many users use Word?', 'app_usage', { appKey: 'word', metric: 'users' }],
    ['how many prompts in Teams this week', 'app_usage', { appKey: 'teams', metric: 'prompts' }],
    ['most popular apps', 'app_usage', {}],
    ['which apps does alex use', 'user_apps', { person: { text: 'alex' } }],
    ['what apps is Alex Wilber using', 'user_apps', { person: { text: 'alex wilber' } }],
    ["alex's apps", 'user_apps', { person: { text: 'alex' } }],
    ['what did alex ask copilot', 'user_prompts', { person: { text: 'alex' } }],
    ['show me what Megan asked last week', 'user_prompts', { person: { text: 'megan' } }],
    ['prompts by diego siciliani', 'user_prompts', { person: { text: 'diego siciliani' } }],
    ['how active is alex', 'user_summary', { person: { text: 'alex' } }],
    ['most referenced files', 'top_data_sources', { sourceKind: 'file', by: 'references' }],
    ['top sharepoint sites', 'top_data_sources', { sourceKind: 'site' }],
    ['which documents are reached by the most users', 'top_data_sources', { sourceKind: 'file', by: 'users' }],
    ['top data sources in word', 'top_data_sources', { sourceKind: 'any', appKey: 'word' }],
    ['licensed users who never used copilot', 'licensed_inactive', {}],
    ['who has a license but has not used copilot', 'licensed_inactive', {}],
    ['unused licenses in Finance', 'licensed_inactive', { department: 'Finance' }],
    ['new copilot users since 2026-11-01', 'new_users', {}],
    ['who started using copilot this month', 'new_users', {}],
    ['activity trend for word', 'app_trend', { appKey: 'word' }],
    ['excel trend last 14 days', 'app_trend', { appKey: 'excel' }],
    ['daily prompts over time', 'app_trend', {}],
    ['busiest hours', 'busiest_hours', {}],
    ['what time of day is copilot busiest in teams', 'busiest_hours', { appKey: 'teams' }],
    ['sync status', 'sync_status', {}],
    ['when was the last sync', 'sync_status', {}],
    ['how fresh is the data', 'sync_status', {}],
    ['risk findings', 'risk_findings', {}],
    ['any oversharing alerts?', 'risk_findings', {}],
    ['how many active users this month', 'overview', {}],
    ['give me an overview', 'overview', {}],
    ['list agents in outlook', 'agents', { appKey: 'outlook' }],
    ['show sessions today', 'sessions', {}],
    ['sessions by alex yesterday', 'sessions', { person: { text: 'alex' } }],
    ['usage by department', 'departments', {}],
  ];
  it.each(forms)('reads %j as %s', (question, kind, fields) => {
    expect(query(question)).toMatchObject({ kind, ...fields });
  });

  it('knows at least 30 distinct question forms', () => {
    expect(forms.length).toBeGreaterThanOrEqual(30);
    expect(new Set(forms.map(([, kind]) => kind)).size).toBeGreaterThanOrEqual(16);
  });

  it.each([
    ['top usres in exel this weeek', { kind: 'top_users', appKey: 'excel' }],
    ['whcih apps does alex use', { kind: 'user_apps' }],
    ['lisenced users who never used copilot', { kind: 'licensed_inactive' }],
    ['busiest hurs in powerpont', { kind: 'busiest_hours', appKey: 'powerpoint' }],
    ['top users in Engeneering', { kind: 'top_users', department: 'Engineering' }],
  ])('tolerates misspellings: %j', (question, expected) => {
    expect(query(question)).toMatchObject(expected);
  });

  it('reports a department the tenant does not have instead of dropping it', () => {
    expect(query('top users in Narnia department')).toEqual({
      kind: 'unknown_department',
      department: 'Narnia',
      question: 'top users in {department} department',
    });
    expect(query('licensed users who never used copilot in the Middle Earth dept')).toMatchObject({
      kind: 'unknown_department',
      department: 'Middle Earth',
    });
    // Known departments, "the department" and "by department" are not unknown departments.
    expect(query('top users in the Sales department')).toMatchObject({ kind: 'top_users', department: 'Sales' });
    expect(query('top users in the department')).toMatchObject({ kind: 'top_users' });
    expect(query('usage by department')).toMatchObject({ kind: 'departments' });
  });

  it('resolves periods to whole UTC days', () => {
    const range = (q: string) => (query(q) as { range: { from: Date; to: Date } }).range;
    const iso = (q: string) => [range(q).from.toISOString().slice(0, 10), range(q).to.toISOString().slice(0, 10)];
    expect(iso('top users today')).toEqual(['2026-11-20', '2026-11-21']);
    expect(iso('top users yesterday')).toEqual(['2026-11-19', '2026-11-20']);
    expect(iso('top users this week')).toEqual(['2026-11-16', '2026-11-21']);
    expect(iso('top users last week')).toEqual(['2026-11-09', '2026-11-16']);
    expect(iso('top users last month')).toEqual(['2026-10-01', '2026-11-01']);
    expect(iso('top users in the last 7 days')).toEqual(['2026-11-14', '2026-11-21']);
    expect(iso('top users since 1 november')).toEqual(['2026-11-01', '2026-11-21']);
    expect(iso('top users from 2026-11-07 to 2026-11-01')).toEqual(['2026-11-01', '2026-11-08']);
    expect(iso('top users in october')).toEqual(['2026-10-01', '2026-11-01']);
    expect(iso('top users on Nov 3')).toEqual(['2026-11-03', '2026-11-04']);
  });

  it('reads commands', () => {
    expect(parse('help')).toEqual({ type: 'command', command: { command: 'help' } });
    expect(parse('hlep')).toEqual({ type: 'command', command: { command: 'help' } });
    expect(parse('sync now')).toEqual({ type: 'command', command: { command: 'sync_now' } });
    expect(parse('<at>Copilot Observatory</at> subscribe')).toEqual({
      type: 'command',
      command: { command: 'subscribe' },
    });
    expect(parse('unsubscribe')).toEqual({ type: 'command', command: { command: 'unsubscribe' } });
    expect(parse('save weekly: top 10 users this week')).toEqual({
      type: 'command',
      command: { command: 'save_question', name: 'weekly', question: 'top 10 users this week' },
    });
  });

  it.each(['', '   ', '🔥🚀', 'what is it', '{"$gt":""}', 'x'.repeat(10_000), '\u0000\u0007'])(
    'answers unknown for %j without throwing',
    (question) => {
      expect(parse(question).type).toBe('unknown');
    },
  );

  it('never puts operators or markup into the query', () => {
    for (const q of [
      'top users in {"$ne":1}',
      "which apps does '; drop table users; -- use",
      'what did <b>alex</b> ask',
    ]) {
      const json = JSON.stringify(parse(q));
      expect(json).not.toMatch(/\$ne|<b>|;/);
    }
  });
});
