import type { Reading } from './compose';
import type { AskQuery, Measure } from './querySchema';

/** Questions offered when one was not understood, and in help: each one the engine answers. */
export const SUGGESTED_QUESTIONS = [
  'Top 10 users this week',
  'Active users per app in the last 30 days',
  'Prompts by department this month',
  'Which apps does Alex use?',
  'Licensed users who never used Copilot',
  'Most referenced files this month',
  'Busiest hours this month',
  'Word vs Excel prompts last week',
  'Weekly active users over the last 8 weeks',
  'When was the last sync?',
] as const;

const NOUNS: Record<Measure, string> = {
  active_users: 'active users',
  prompts: 'prompts',
  responses: 'responses',
  sessions: 'sessions',
  interactions: 'interactions',
  agents: 'agents',
  references: 'data source references',
  source_users: 'users reaching each data source',
  licensed_inactive: 'licensed users without activity',
  licensed_users: 'licensed users',
  new_users: 'new users',
  adoption: 'adoption rate',
};

/** The question for one measure with the rest of what was read (dimensions, apps, departments, period). */
export function askFor(m: Measure, r: Reading): string {
  const apps = r.words.filter((w) => w.app).map((w) => w.raw);
  const parts = [
    NOUNS[m],
    r.dims.length ? `by ${r.dims.join(' and ')}` : '',
    apps.length ? `in ${apps.join(' and ')}` : '',
    r.departments.length ? `in ${r.departments.join(' and ')}` : '',
    r.periods[0] && !r.periods[0].default ? r.periods[0].label : '',
  ];
  return parts.filter(Boolean).join(' ');
}

/** Two or three rephrasings close to what was understood, else the general suggestions. */
export function suggestionsFor(answer: AskQuery | null, r: Reading): string[] {
  const app = r.words.find((w) => w.app)?.raw;
  const dept = r.departments[0];
  const where = [app ? `in ${app}` : '', dept ? `in ${dept}` : ''].filter(Boolean).join(' ');
  if (answer?.type === 'measure' || app || dept) {
    const m = answer?.type === 'measure' ? answer.measure : 'prompts';
    const noun = { active_users: 'active users', prompts: 'prompts', responses: 'responses', sessions: 'sessions', interactions: 'usage', agents: 'agents', references: 'most referenced files', source_users: 'files reached by the most users', licensed_inactive: 'licensed users without activity', licensed_users: 'licensed users', new_users: 'new users', adoption: 'active users' }[m]; // prettier-ignore
    return [
      `${noun} ${where} by app this month`,
      `${noun} ${where} by department last 30 days`,
      `top users ${where} this week`,
    ].map((s) => s.replace(/\s+/g, ' ').trim());
  }
  return [...SUGGESTED_QUESTIONS].slice(0, 6);
}
