/** Questions offered when one was not understood, and in help (each is a form the parser knows). */
export const SUGGESTED_QUESTIONS = [
  'Top 10 users this week',
  'How many users per app in the last 30 days?',
  'Which apps does Alex use?',
  'Licensed users who never used Copilot',
  'Most referenced files',
  'Busiest hours this month',
  'Word trend over the last 30 days',
  'New Copilot users since 2026-11-01',
  'When was the last sync?',
] as const;
